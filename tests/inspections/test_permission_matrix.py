"""The generic permission matrix (pckb.core.testing) applied to every page of inspections."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pckb.core.attachments import do_add_attachment
from pckb.core.choices import Role
from pckb.core.models import Attachment
from pckb.core.register.models import OutgoingDocument
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedChildFormMatrix,
    ScopedDeleteMatrix,
    ScopedDetailMatrix,
    ScopedDownloadMatrix,
    ScopedEditMatrix,
    ScopedViewMatrix,
    _audit_count,
    _client,
)
from pckb.inspections import services
from pckb.inspections.models import Assessment, AssessmentAnswer, Checklist, Criterion, Finding, Inspection
from pckb.organizations.models import Organization

from .factories import default_checklist, mission, unit_below


def inspection_form(world: Any, org: Organization) -> dict[str, Any]:
    return {
        "organization": org.pk,
        "title": "Kiểm tra công tác PCKB quý II",
        "team_head": "Lê Minh Tuấn",
        "team_head_title": "Phó Trưởng ban",
        "visit_from": "12/05/2026",
        "visit_to": "13/05/2026",
        "checklist": default_checklist().pk,
        "inspected": [unit_below(world, org).pk],
        "classification": 0,
    }


def draft_checklist(world: Any, org: Organization) -> Checklist:
    checklist = services.do_create_checklist(org, actor=world.superuser, title="Bộ tiêu chí riêng")
    services.do_add_criterion(checklist, actor=world.superuser, group="I", text="Có kế hoạch năm", weight=2)
    return checklist


def documents_of(obj: Any) -> int:
    return OutgoingDocument.objects.filter(source_id=obj.pk, source_type__model="inspection").count()


class TestInspectionPages(ScopedViewMatrix):
    model = Inspection
    url_prefix = "inspections:inspection"
    below_add_status = 403  # no committee to choose for a viewer: no dead-end form

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return inspection_form(world, org)


class TestInspectionTransition(ScopedActionMatrix):
    model = Inspection
    action_route = "inspections:inspection_transition"

    def action_url(self, obj: Inspection) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=in_progress"

    def action_data(self, world: Any, obj: Inspection) -> dict[str, Any]:
        return {"to": "in_progress"}

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org)


class TestInspectionConclude(TestInspectionTransition):
    least_role = Role.MANAGER

    def action_url(self, obj: Inspection) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=concluded"

    def action_data(self, world: Any, obj: Inspection) -> dict[str, Any]:
        return {"to": "concluded"}

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org, status="in_progress", findings=1)


class TestInspectionDecisionDocument(ScopedActionMatrix):
    model = Inspection
    action_route = "inspections:inspection_decision_document"

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org)

    def state(self, obj: Inspection) -> Any:
        return documents_of(obj)

    def audit_count(self, obj: Inspection) -> int:
        return documents_of(obj)


class TestInspectionConclusionDocument(TestInspectionDecisionDocument):
    action_route = "inspections:inspection_conclusion_document"

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org, status="concluded", findings=1)


class TestAssessmentTable(ScopedDownloadMatrix):
    model = Inspection
    download_route = "inspections:inspection_assessments_xlsx"

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org, status="in_progress")

    def check_content(self, obj: Inspection, content: bytes) -> None:
        assert content[:2] == b"PK"


class TestFindingAdd(ScopedChildFormMatrix):
    model = Inspection
    child_model = Finding
    form_route = "inspections:finding_add"

    def make_object(self, world: Any, org: Organization) -> Inspection:
        return mission(world, org, status="in_progress")

    def child_data(self, world: Any, parent: Inspection) -> dict[str, Any]:
        return {
            "inspected": parent.assessments.get().inspected_id,
            "severity": "high",
            "description": "Chưa tổ chức diễn tập trong năm.",
            "recommendation": "Tổ chức diễn tập xử lý tình huống.",
            "classification": 0,
        }


def _assessment(world: Any, org: Organization) -> Assessment:
    return mission(world, org, status="in_progress").assessments.get()


class TestAssessmentPages(ScopedDetailMatrix, ScopedEditMatrix):
    model = Assessment
    url_prefix = "inspections:assessment"
    list_url = None

    def make_object(self, world: Any, org: Organization) -> Assessment:
        return _assessment(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"unit_kind": "agency", "received_by": "Phạm Thu Hà, Phó Giám đốc", "summary": "Thực hiện tốt."}


class TestAssessmentAnswers(ScopedActionMatrix):
    model = Assessment
    action_route = "inspections:assessment_answers"
    success_status = 302

    def make_object(self, world: Any, org: Organization) -> Assessment:
        return _assessment(world, org)

    def action_data(self, world: Any, obj: Assessment) -> dict[str, Any]:
        return {f"a{a.criterion_id}": "partly" for a in obj.answers.all()}

    def state(self, obj: Assessment) -> Any:
        return sorted(obj.answers.values_list("answer", flat=True))


class TestAnswerEvidencePage(ScopedDetailMatrix):
    """One answer's evidence files: as readable as its assessment."""

    model = AssessmentAnswer
    url_prefix = "inspections:answer"
    list_url = None

    def make_object(self, world: Any, org: Organization) -> AssessmentAnswer:
        return _assessment(world, org).answers.first()


class TestAnswerEvidenceFile(ScopedDownloadMatrix):
    """An answer's evidence file, through the one attachment download (core)."""

    model = Attachment
    download_route = "attachments:download"

    def make_object(self, world: Any, org: Organization) -> Attachment:
        upload = SimpleUploadedFile("bien-ban.pdf", self.file_content)
        return do_add_attachment(_assessment(world, org).answers.first(), upload, actor=world.superuser)


def _finding(world: Any, org: Organization) -> Finding:
    return Finding.objects.filter(assessment__inspection=mission(world, org, status="in_progress", findings=1)).get()


class TestFindingPages(ScopedDetailMatrix, ScopedEditMatrix, ScopedDeleteMatrix):
    model = Finding
    url_prefix = "inspections:finding"
    list_url = None

    def make_object(self, world: Any, org: Organization) -> Finding:
        return _finding(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"severity": "low", "description": "Sổ theo dõi chưa cập nhật.", "recommendation": "Cập nhật sổ.",
                "classification": 0}


class TestChecklistPages(ScopedViewMatrix):
    model = Checklist
    url_prefix = "inspections:checklist"
    below_add_status = 403

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"organization": org.pk, "title": "Bộ tiêu chí kiểm tra cấp xã", "description": "", "classification": 0}


class TestChecklistPublish(ScopedActionMatrix):
    model = Checklist
    least_role = Role.MANAGER
    action_route = "inspections:checklist_transition"

    def action_url(self, obj: Checklist) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=published"

    def action_data(self, world: Any, obj: Checklist) -> dict[str, Any]:
        return {"to": "published"}

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)


class TestChecklistNewVersion(ScopedActionMatrix):
    """A published checklist is read by every committee: anyone who may add somewhere copies it into
    their own committee (the original never changes); a viewer, who may add nowhere, gets 403."""

    model = Checklist
    action_route = "inspections:checklist_new_version"

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return services.do_publish_checklist(draft_checklist(world, org), actor=world.superuser)

    def state(self, obj: Checklist) -> Any:
        return Checklist.objects.filter(previous=obj).count()

    def audit_count(self, obj: Checklist) -> int:
        return Checklist.objects.filter(previous=obj).count()

    def test_it_answers_404_to_outsiders_taking_the_action_and_changes_nothing(self, world: Any) -> None:
        obj = self.obj(world)
        response = _client(world.org_b_editor).post(self.action_url(obj))
        assert response.status_code == 302
        copy = Checklist.objects.get(previous=obj)
        assert copy.organization == world.b and copy.status == "draft"
        assert Checklist.objects.get(pk=obj.pk).status == "published"

    def test_a_draft_is_not_copied(self, world: Any) -> None:
        draft = draft_checklist(world, world.a)
        response = _client(world.org_b_editor).post(self.action_url(draft))
        assert response.status_code == 404
        assert not Checklist.objects.filter(previous=draft).exists()


class TestCriterionAdd(ScopedChildFormMatrix):
    model = Checklist
    child_model = Criterion
    form_route = "inspections:criterion_add"

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def child_data(self, world: Any, parent: Checklist) -> dict[str, Any]:
        return {"group": "II", "text": "Có phân công thành viên", "weight": "1.5", "unit_kinds": ["committee"]}


class TestCriterionEdit(ScopedActionMatrix):
    model = Checklist
    action_route = "inspections:criterion_edit"

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def action_url(self, obj: Checklist) -> str:
        return reverse(self.action_route, args=[obj.pk, obj.criteria.get().pk])

    def action_data(self, world: Any, obj: Checklist) -> dict[str, Any]:
        return {"number": 1, "group": "I", "text": "Có kế hoạch năm được phê duyệt", "weight": "3"}

    def state(self, obj: Checklist) -> Any:
        return list(obj.criteria.values_list("text", "weight"))


class TestCriterionDelete(TestCriterionEdit):
    action_route = "inspections:criterion_delete"

    def action_data(self, world: Any, obj: Checklist) -> dict[str, Any]:
        return {}

    def state(self, obj: Checklist) -> Any:
        return Criterion.objects.filter(checklist=obj).count()

    def audit_count(self, obj: Checklist) -> int:
        return _audit_count(obj)
