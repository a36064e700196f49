"""The self-assessment API: campaigns (list, create, read) and each unit's answers (read, PATCH, submit)."""

from __future__ import annotations

from typing import Any

from pckb.core.testing import ScopedAPIReadMatrix
from pckb.core.testing_actions import ScopedAPIActionMatrix
from pckb.core.testing_world import _api_client
from pckb.inspections import services
from pckb.inspections.models import Campaign, SelfAssessment
from pckb.organizations.models import Organization

from .factories import default_checklist, unit_below
from .test_campaigns import _self_assessment, all_answers, campaign


class TestCampaignAPI(ScopedAPIReadMatrix):
    model = Campaign
    endpoint = "/api/v1/self-assessment-campaigns/"

    def make_object(self, world: Any, org: Organization) -> Campaign:
        return campaign(world, org)

    def test_it_creates_for_editors_of_the_committee_only(self, world: Any) -> None:
        def body(org: Organization) -> dict[str, Any]:
            return {"organization": org.pk, "title": "Tự kiểm tra năm 2026", "checklist": default_checklist().pk,
                    "deadline": "2026-12-20", "recipients": [unit_below(world, org).pk]}

        before = Campaign.objects.count()
        assert _api_client(world.org_b_editor).post(self.endpoint, body(world.a), format="json").status_code == 400
        assert _api_client(world.org_a_viewer).post(self.endpoint, body(world.a), format="json").status_code == 400
        outside = {**body(world.a), "recipients": [world.b1.pk]}
        assert _api_client(world.superuser).post(self.endpoint, outside, format="json").status_code == 400
        assert Campaign.objects.count() == before
        response = _api_client(world.org_a_editor).post(self.endpoint, body(world.a), format="json")
        assert response.status_code == 201, response.json()
        made = Campaign.objects.get(pk=response.json()["id"])
        assert made.self_assessments.count() == 1

    def test_it_filters_by_committee_and_year(self, world: Any) -> None:
        obj = self.obj(world)
        client = _api_client(world.org_a_viewer)
        ids = {r["id"] for r in client.get(self.endpoint, {"year": 2026}).json()["results"]}
        assert obj.pk in ids
        assert not client.get(self.endpoint, {"year": 2020}).json()["results"]
        assert not client.get(self.endpoint, {"organization": world.b.pk}).json()["results"]


class TestSelfAssessmentAPI(ScopedAPIReadMatrix):
    model = SelfAssessment
    endpoint = "/api/v1/self-assessments/"

    def make_object(self, world: Any, org: Organization) -> SelfAssessment:
        return _self_assessment(world, org)

    def test_it_records_answers_for_the_units_editors_only(self, world: Any) -> None:
        obj = self.obj(world)
        url = self.item(obj)
        body = {"answers": {str(k): v for k, v in all_answers(obj, "partly").items()}}
        for user in (world.org_b_editor, world.org_a_child_viewer):
            assert _api_client(user).patch(url, body, format="json").status_code == 404
        assert _api_client(world.org_a_viewer).patch(url, body, format="json").status_code == 403
        bad = {"answers": {"999999": {"answer": "met"}}}
        response = _api_client(world.org_a_editor).patch(url, bad, format="json")
        assert response.status_code == 400 and "answers" in response.json()
        assert SelfAssessment.objects.get(pk=obj.pk).answers == {}
        response = _api_client(world.org_a_editor).patch(url, body, format="json")
        assert response.status_code == 200 and response.json()["score"] == "50.0"
        assert _api_client(world.org_a_editor).delete(url).status_code == 405


class TestSelfAssessmentSubmitAPI(ScopedAPIActionMatrix):
    model = SelfAssessment
    endpoint = "/api/v1/self-assessments/"
    api_action = "transition"

    def make_object(self, world: Any, org: Organization) -> SelfAssessment:
        sa = _self_assessment(world, org)
        return services.do_answer_self_assessment(sa, all_answers(sa), actor=world.superuser)

    def action_body(self, world: Any, obj: SelfAssessment) -> dict[str, Any]:
        return {"to": "submitted"}

    def state(self, obj: SelfAssessment) -> Any:
        return SelfAssessment.objects.get(pk=obj.pk).submitted
