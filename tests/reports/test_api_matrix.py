"""The API's permission matrix: templates, rounds (with their roll-up), submissions and their downloads."""

from __future__ import annotations

from typing import Any

from pckb.core.choices import Role
from pckb.core.models import AuditEntry
from pckb.core.testing import ScopedAPIActionMatrix, ScopedAPIMatrix, ScopedAPIReadMatrix
from pckb.core.testing_world import OWNER_PERSONAS, _api_client, _state
from pckb.organizations.models import Organization
from pckb.reports.models import ReportingRound, ReportSubmission, ReportTemplate

from .factories import INDICATORS, SECTIONS, make_template
from .test_permission_matrix import own_submission, owned_round, received_submission


class TestReportTemplateAPI(ScopedAPIMatrix):
    model = ReportTemplate
    endpoint = "/api/v1/report-templates/"
    least_role = Role.MANAGER
    deletable = False  # a template is published or superseded, never deleted

    def make_object(self, world: Any, org: Organization) -> ReportTemplate:
        return make_template(world, org, publish=False)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"organization": org.pk, "title": "Báo cáo quý", "period_type": "quarterly", "sections": SECTIONS,
                "indicators": INDICATORS}

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Báo cáo quý (sửa)"}


class TestReportTemplatePublishAPI(ScopedAPIActionMatrix):
    model = ReportTemplate
    endpoint = "/api/v1/report-templates/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> ReportTemplate:
        return make_template(world, org, publish=False)

    def action_body(self, world: Any, obj: ReportTemplate) -> dict[str, Any]:
        return {"to": "published"}


class TestReportingRoundAPI(ScopedAPIMatrix):
    model = ReportingRound
    endpoint = "/api/v1/reporting-rounds/"
    least_role = Role.MANAGER
    deletable = False  # a round is closed, never deleted
    covers = ("reportinground-rollup",)

    def make_object(self, world: Any, org: Organization) -> ReportingRound:
        return owned_round(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "template": make_template(world).pk,
            "period_label": "Năm 2026",
            "period_start": "2025-12-15",
            "period_end": "2026-12-14",
            "due_date": "2026-12-18",
            "recipients": [world.a1.pk],
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"due_date": "2026-12-20"}

    def test_it_gives_the_rollup_to_the_issuers_roles_and_404_to_outsiders(self, world: Any) -> None:
        rnd = self.obj(world)
        for name in OWNER_PERSONAS:
            answer = _api_client(getattr(world, name)).get(f"{self.item(rnd)}rollup")
            assert answer.status_code == 200, name
            assert [i["code"] for i in answer.json()["indicators"]] == [i["code"] for i in INDICATORS]
        for user in [*self.outsiders(world), world.org_a_child_viewer]:
            assert _api_client(user).get(f"{self.item(rnd)}rollup").status_code == 404, user.username


class TestReportingRoundCloseAPI(ScopedAPIActionMatrix):
    model = ReportingRound
    endpoint = "/api/v1/reporting-rounds/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> ReportingRound:
        return owned_round(world, org)

    def action_body(self, world: Any, obj: ReportingRound) -> dict[str, Any]:
        return {"to": "closed"}


class TestReportSubmissionAPI(ScopedAPIReadMatrix):
    """Read the unit's reports; PATCH its texts and figures (editors); downloads to every reader."""

    model = ReportSubmission
    endpoint = "/api/v1/report-submissions/"
    covers = ("reportsubmission-export-docx", "reportsubmission-export-xlsx")

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return own_submission(world, org)

    def test_it_lets_editors_patch_and_refuses_others_changing_nothing(self, world: Any) -> None:
        sub = self.obj(world)
        body = {"texts": ["Đã tổ chức 2 hội nghị.", ""], "figures": {"trainings": "4"}}
        before = _state(sub)
        for user in [*self.outsiders(world), world.org_a_child_viewer]:
            assert _api_client(user).patch(self.item(sub), body, format="json").status_code == 404, user.username
        assert _api_client(world.org_a_viewer).patch(self.item(sub), body, format="json").status_code == 403
        assert _state(sub) == before
        entries = AuditEntry.objects.count()
        answer = _api_client(world.org_a_editor).patch(self.item(sub), body, format="json")
        assert answer.status_code == 200, answer.json()
        values = {v["code"]: v["value"] for v in answer.json()["values"]}
        assert values["trainings"] == "4.00" and answer.json()["texts"][0] == "Đã tổ chức 2 hội nghị."
        assert AuditEntry.objects.count() == entries + 1

    def test_it_serves_the_downloads_to_readers_and_404_to_outsiders(self, world: Any) -> None:
        sub = self.obj(world)
        for ext in ("docx", "xlsx"):
            url = f"{self.item(sub)}export.{ext}"
            answer = _api_client(world.org_a_viewer).get(url)
            assert answer.status_code == 200 and answer.content[:2] == b"PK", ext
            for user in [*self.outsiders(world), world.org_a_child_viewer]:
                assert _api_client(user).get(url).status_code == 404, (ext, user.username)


class TestReportSubmissionSubmitAPI(ScopedAPIActionMatrix):
    model = ReportSubmission
    endpoint = "/api/v1/report-submissions/"
    api_action = "transition"

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return own_submission(world, org)

    def action_body(self, world: Any, obj: ReportSubmission) -> dict[str, Any]:
        return {"to": "submitted"}


class TestReportSubmissionAcceptAPI(ScopedAPIActionMatrix):
    """The issuing committee's managers accept a report received from the unit below it."""

    model = ReportSubmission
    endpoint = "/api/v1/report-submissions/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> ReportSubmission:
        return received_submission(world, org)

    def action_body(self, world: Any, obj: ReportSubmission) -> dict[str, Any]:
        return {"to": "accepted"}

    def test_it_fetches_the_object_for_its_organization_and_404_for_outsiders(self, world: Any) -> None:
        # The report belongs to the unit below A (a1): a1's own viewer reads it, as it should.
        obj = self.obj(world)
        for name in OWNER_PERSONAS:
            assert _api_client(getattr(world, name)).get(self.item(obj)).status_code == 200, name
        assert _api_client(world.org_a_child_viewer).get(self.item(obj)).status_code == 200
        for user in self.outsiders(world):
            assert _api_client(user).get(self.item(obj)).status_code == 404, user.username
