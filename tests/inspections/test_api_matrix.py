"""The permission matrix of the inspection API, and its answers to bad input."""

from __future__ import annotations

from typing import Any

import pytest

from pckb.core.choices import Role
from pckb.core.testing import (
    ScopedAPIActionMatrix,
    ScopedAPIChildMatrix,
    ScopedAPIMatrix,
    ScopedAPIReadMatrix,
    _api_client,
)
from pckb.inspections.models import Assessment, Checklist, Finding, Inspection
from pckb.organizations.models import Organization

from .factories import default_checklist, issued_conclusion, mission, unit_below
from .test_permission_matrix import documents_of, draft_checklist


class TestChecklistAPI(ScopedAPIMatrix):
    model = Checklist
    endpoint = "/api/v1/checklists/"

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"organization": org.pk, "title": "Bộ tiêu chí kiểm tra ngân hàng"}

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Bộ tiêu chí kiểm tra ngân hàng (sửa)"}


class TestChecklistPublishAPI(ScopedAPIActionMatrix):
    model = Checklist
    endpoint = "/api/v1/checklists/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def action_body(self, world: Any, obj: Checklist) -> dict[str, Any]:
        return {"to": "published"}


class TestChecklistNewVersionAPI(ScopedAPIReadMatrix):
    """Any committee copies a published checklist into its own (see the page's matrix)."""

    model = Checklist
    endpoint = "/api/v1/checklists/"
    covers = ("checklist-new-version",)

    def make_object(self, world: Any, org: Organization) -> Checklist:
        from pckb.inspections import services

        return services.do_publish_checklist(draft_checklist(world, org), actor=world.superuser)

    def test_it_lists_the_object_for_its_organization_only(self, world: Any) -> None:
        obj = self.obj(world)  # published: every committee reads it
        assert obj.pk in self.listed_ids(world.org_b_editor)

    def test_it_fetches_the_object_for_its_organization_and_404_for_outsiders(self, world: Any) -> None:
        obj = self.obj(world)
        assert _api_client(world.org_b_editor).get(self.item(obj)).status_code == 200

    def test_it_copies_into_the_callers_committee_and_refuses_viewers(self, world: Any) -> None:
        obj = self.obj(world)
        url = f"{self.endpoint}{obj.pk}/new-version"
        assert _api_client(world.org_a_viewer).post(url).status_code == 403
        response = _api_client(world.org_b_editor).post(url)
        assert response.status_code == 201
        assert response.json()["organization"] == world.b.pk and response.json()["version"] == 2


class TestInspectionAPI(ScopedAPIMatrix):
    model = Inspection
    endpoint = "/api/v1/inspections/"

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "title": "Kiểm tra đột xuất",
            "team_head": "Đỗ Quang Vinh",
            "visit_from": "2026-06-01",
            "visit_to": "2026-06-02",
            "checklist": default_checklist().pk,
            "inspected": [unit_below(world, org).pk],
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"team_members": "Nguyễn Thị Lan, chuyên viên"}


class TestInspectionTransitionAPI(ScopedAPIActionMatrix):
    model = Inspection
    endpoint = "/api/v1/inspections/"
    api_action = "transition"

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org)

    def action_body(self, world: Any, obj: Inspection) -> dict[str, Any]:
        return {"to": "in_progress"}


class TestInspectionDocumentAPI(ScopedAPIActionMatrix):
    model = Inspection
    endpoint = "/api/v1/inspections/"
    api_action = "document"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org)

    def state(self, obj: Inspection) -> Any:
        return documents_of(obj)

    def audit_count(self, obj: Inspection) -> int:
        return documents_of(obj)


class TestInspectionFilesAPI(ScopedAPIReadMatrix):
    """The issued conclusion (.docx) and the assessment table (.xlsx): readers 200, outsiders 404."""

    model = Inspection
    endpoint = "/api/v1/inspections/"
    covers = ("inspection-conclusion-docx", "inspection-assessments-xlsx")

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org, status="concluded", findings=1)

    @pytest.fixture(autouse=True)
    def _media(self, settings: Any, tmp_path: Any) -> None:
        settings.MEDIA_ROOT = tmp_path

    def test_the_conclusion_is_404_until_issued_then_served(self, world: Any) -> None:
        obj = self.obj(world)
        url = f"{self.endpoint}{obj.pk}/conclusion.docx"
        assert _api_client().get(url).status_code == 401
        assert _api_client(world.org_a_viewer).get(url).status_code == 404
        issued_conclusion(world, obj)
        response = _api_client(world.org_a_viewer).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"PK"
        for user in (world.org_b_editor, world.org_b_manager, world.org_a_child_viewer):
            assert _api_client(user).get(url).status_code == 404

    def test_the_assessment_table_is_served_to_readers_only(self, world: Any) -> None:
        obj = self.obj(world)
        url = f"{self.endpoint}{obj.pk}/assessments.xlsx"
        assert _api_client().get(url).status_code == 401
        response = _api_client(world.org_a_viewer).get(url)
        assert response.status_code == 200 and response.content[:2] == b"PK"
        assert _api_client(world.org_b_editor).get(url).status_code == 404


class TestAssessmentAPI(ScopedAPIReadMatrix):
    model = Assessment
    endpoint = "/api/v1/assessments/"

    def make_object(self, world: Any, org: Organization) -> Assessment:
        return mission(world, org, status="in_progress").assessments.get()


class TestAssessmentAnswersAPI(ScopedAPIActionMatrix):
    model = Assessment
    endpoint = "/api/v1/assessments/"
    api_action = "answers"

    def make_object(self, world: Any, org: Organization) -> Assessment:
        return mission(world, org, status="in_progress").assessments.get()

    def action_body(self, world: Any, obj: Assessment) -> dict[str, Any]:
        return {"answers": {str(a.criterion_id): {"answer": "met", "note": ""} for a in obj.answers.all()}}

    def state(self, obj: Assessment) -> Any:
        return sorted(obj.answers.values_list("answer", flat=True))


class TestAssessmentUpdateAPI(TestAssessmentAnswersAPI):
    """PATCH /assessments/{id}/ (the officials who received the team, the summary)."""

    covers = ("assessment-detail",)

    def test_it_lets_the_least_role_take_the_action_with_audit(self, world: Any) -> None:
        obj = self.obj(world)
        url = f"{self.endpoint}{obj.pk}/"
        for user in (world.org_b_editor, world.org_a_child_viewer):
            assert _api_client(user).patch(url, {"summary": "X"}, format="json").status_code == 404
        assert _api_client(world.org_a_viewer).patch(url, {"summary": "X"}, format="json").status_code == 403
        response = _api_client(world.org_a_editor).patch(url, {"summary": "Tốt", "score": 5}, format="json")
        assert response.status_code == 400 and "score" in response.json()
        response = _api_client(world.org_a_editor).patch(url, {"summary": "Tốt"}, format="json")
        assert response.status_code == 200 and response.json()["summary"] == "Tốt"


class TestFindingAPI(ScopedAPIChildMatrix):
    model = Inspection
    child_model = Finding
    endpoint = "/api/v1/findings/"
    parent_field = "inspection"

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org, status="in_progress")

    def child_body(self, world: Any, parent: Inspection) -> dict[str, Any]:
        return {
            "inspection": parent.pk,
            "inspected": parent.assessments.get().inspected_id,
            "severity": "high",
            "description": "Chưa có phương án cho tình huống bắt cóc con tin.",
            "recommendation": "Bổ sung phương án.",
        }


class TestFindingReadAPI(ScopedAPIMatrix):
    model = Finding
    endpoint = "/api/v1/findings/"
    below_create_status = 403  # a viewer sees the mission: the service refuses the write itself

    def make_object(self, world: Any, org: Organization) -> Finding:
        inspection = mission(world, org, status="in_progress", findings=1)
        return Finding.objects.get(assessment__inspection=inspection)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        inspection = Inspection.objects.filter(organization=org).first() or mission(world, org, status="in_progress")
        return {"inspection": inspection.pk, "inspected": inspection.assessments.first().inspected_id,
                "severity": "low", "description": "Sổ trực chưa ghi đủ.", "recommendation": "Ghi đủ sổ trực."}

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"severity": "medium"}


def test_a_finding_on_a_unit_not_inspected_is_a_400_naming_it(world):
    inspection = mission(world, world.a, status="in_progress")
    body = {"inspection": inspection.pk, "inspected": world.a1.pk, "severity": "low",
            "description": "X", "recommendation": "Y"}
    response = _api_client(world.org_a_editor).post("/api/v1/findings/", body, format="json")
    assert response.status_code == 400 and "inspected" in response.json()
    assert not Finding.objects.exists()


def test_a_draft_checklist_is_refused_for_a_mission(world):
    draft = draft_checklist(world, world.a)
    body = {**TestInspectionAPI().create_data(world, world.a), "checklist": draft.pk}
    response = _api_client(world.org_a_editor).post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 400 and "checklist" in response.json()
    assert not Inspection.objects.exists()


def test_concluding_with_unanswered_criteria_is_a_400(world):
    inspection = mission(world, world.a, status="in_progress")
    response = _api_client(world.org_a_manager).post(
        f"/api/v1/inspections/{inspection.pk}/transition", {"to": "concluded"}, format="json"
    )
    assert response.status_code == 400
    assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"


def test_an_unknown_answer_is_a_400(world):
    assessment = mission(world, world.a, status="in_progress").assessments.get()
    key = str(assessment.answers.first().criterion_id)
    response = _api_client(world.org_a_editor).post(
        f"/api/v1/assessments/{assessment.pk}/answers", {"answers": {key: {"answer": "perfect"}}}, format="json"
    )
    assert response.status_code == 400
    assert not assessment.answers.exclude(answer="").exists()


def test_the_filters_find_missions_by_unit_status_and_year(world):
    inspection = mission(world, world.a)
    client = _api_client(world.org_a_viewer)
    unit = inspection.inspected.get()
    ids = [r["id"] for r in client.get("/api/v1/inspections/", {"inspected": unit.pk, "year": 2026}).json()["results"]]
    assert ids == [inspection.pk]
    assert client.get("/api/v1/inspections/", {"status": "closed"}).json()["results"] == []
    assert client.get("/api/v1/findings/", {"open": "true"}).status_code == 200


def test_a_checklist_without_a_committee_is_a_400(world):
    response = _api_client(world.org_a_editor).post("/api/v1/checklists/", {"organization": None, "title": "X"},
                                                    format="json")
    assert response.status_code == 400 and "organization" in response.json()
    assert not Checklist.objects.filter(title="X").exists()
