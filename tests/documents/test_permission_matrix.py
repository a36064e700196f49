"""Every page and endpoint of the document register in the permission matrix (pckb.core.testing).

Outsiders (province B) get 404 and change nothing: a document of another organisation and its file
alike. Drafting is an editor's; issuing, correcting, headers and templates are a manager's.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pckb.core.choices import Role
from pckb.core.documents import default_template
from pckb.core.models import AuditEntry, DocumentHeaderSettings, DocumentTemplate, OutgoingDocument
from pckb.core.register.services import do_issue_document, do_upload_document_template
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAPIActionMatrix,
    ScopedAPIMatrix,
    ScopedAPIReadMatrix,
    ScopedChildFormMatrix,
    ScopedDownloadMatrix,
    ScopedViewMatrix,
)
from pckb.core.testing_world import _api_client
from pckb.organizations.models import CommitteeMember, Organization
from pckb.plans import services as plan_services
from pckb.plans.models import Plan

from .conftest import make_draft, set_header


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def issued(world: Any, org: Organization) -> OutgoingDocument:
    set_header(world, org)
    return do_issue_document(make_draft(world, org), actor=world.superuser)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def form(world: Any, org: Organization) -> dict[str, Any]:
    return {
        "organization": org.pk,
        "doc_type": "TB",
        "subject": "Kết luận kiểm tra",
        "body": "Nội dung.",
        "signer_name": "Trần Văn Bình",
        "signer_position": "Phó Trưởng ban",
        "signer_authority": "KT.",
        "signer_body": "Trưởng ban",
        "recipients": "Thành viên Ban Chỉ đạo",
        "urgency": "",
        "classification": 0,
    }


class TestDocumentPages(ScopedViewMatrix):
    """List, detail, add, edit and delete of drafts."""

    model = OutgoingDocument
    url_prefix = "documents:document"
    below_add_status = 403  # a viewer is offered no issuing body: no dead-end form

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        return make_draft(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        data = form(world, org)
        del data["organization"]
        return data

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return form(world, org)


class TestDocumentIssue(ScopedActionMatrix):
    """Issuing (its own confirmation page, which says it is final): managers of the issuing body."""

    model = OutgoingDocument
    least_role = Role.MANAGER
    action_route = "documents:document_issue"
    covers = ("documents:document_transition",)

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        set_header(world, org)
        return make_draft(world, org)


class TestDocumentCorrect(ScopedActionMatrix):
    """Correcting drafts a replacement: managers; the issued document itself never changes."""

    model = OutgoingDocument
    least_role = Role.MANAGER
    action_route = "documents:document_correct"

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        return issued(world, org)

    def state(self, obj: OutgoingDocument) -> Any:
        return (obj.sha256, OutgoingDocument.objects.filter(replaces=obj).count())

    def audit_count(self, obj: OutgoingDocument) -> int:
        return AuditEntry.objects.filter(object_type="core.outgoingdocument").count()


class TestDocumentFile(ScopedDownloadMatrix):
    model = OutgoingDocument
    download_route = "documents:document_file"

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        return issued(world, org)

    def check_content(self, obj: OutgoingDocument, content: bytes) -> None:
        assert "Số: 01/BC-BCĐ" in docx_text(content)


class TestHeaderSettings(ScopedChildFormMatrix):
    model = Organization
    least_role = Role.MANAGER
    form_route = "documents:header_edit"
    child_model = DocumentHeaderSettings

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    def child_data(self, world: Any, parent: Organization) -> dict[str, Any]:
        return {"parent_line": "UBND TỈNH A", "body_name": "BAN CHỈ ĐẠO", "symbol": "BCĐ", "place_name": "A"}


class TestTemplateUpload(ScopedChildFormMatrix):
    model = Organization
    least_role = Role.MANAGER
    form_route = "documents:template_upload"
    child_model = DocumentTemplate

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    def child_data(self, world: Any, parent: Organization) -> dict[str, Any]:
        return {"doc_type": "KH", "file": SimpleUploadedFile("mau-ke-hoach.docx", default_template("KH"))}


class TestTemplateFile(ScopedDownloadMatrix):
    model = DocumentTemplate
    download_route = "documents:template_file"

    def make_object(self, world: Any, org: Organization) -> DocumentTemplate:
        upload = SimpleUploadedFile("mau.docx", default_template("BC"))
        return do_upload_document_template(org, actor=world.superuser, doc_type="BC", file=upload)

    def check_content(self, obj: DocumentTemplate, content: bytes) -> None:
        assert content == default_template("BC")


def make_plan(world: Any, org: Organization) -> Plan:
    today = timezone.localdate()
    plan = plan_services.do_create_plan(
        org,
        actor=world.superuser,
        title="Kế hoạch triển khai công tác phòng, chống khủng bố năm 2026",
        period_from=today,
        period_to=today + datetime.timedelta(days=200),
        description="Chủ động phòng ngừa.",
    )
    plan_services.do_create_task(
        org,
        actor=world.superuser,
        title="Rà soát mục tiêu trọng điểm",
        assignee=org,
        deadline=today + datetime.timedelta(days=30),
        plan=plan,
    )
    return plan


class TestPlanDocument(ScopedChildFormMatrix):
    """ "Soạn Kế hoạch (văn bản)" on the plan's page: its editors draft the document."""

    model = Plan
    form_route = "plans:plan_document"
    child_model = OutgoingDocument

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def child_data(self, world: Any, parent: Plan) -> dict[str, Any]:
        return {}


class TestRosterDocument(ScopedChildFormMatrix):
    """The roster's decision on a date: the managers who keep the committee's roster."""

    model = Organization
    least_role = Role.MANAGER
    form_route = "organizations:roster_document"
    child_model = OutgoingDocument

    def make_object(self, world: Any, org: Organization) -> Organization:
        CommitteeMember.objects.create(organization=org, full_name="Nguyễn Văn An", committee_role="chair")
        return org

    def child_data(self, world: Any, parent: Organization) -> dict[str, Any]:
        return {"on_date": timezone.localdate().strftime("%d/%m/%Y")}


# --- API ------------------------------------------------------------------------------------------


class TestDocumentAPI(ScopedAPIMatrix):
    model = OutgoingDocument
    endpoint = "/api/v1/documents/"

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        return make_draft(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return form(world, org)

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"subject": "Trích yếu mới"}


class TestDocumentIssueAPI(ScopedAPIActionMatrix):
    model = OutgoingDocument
    endpoint = "/api/v1/documents/"
    api_action = "issue"
    least_role = Role.MANAGER
    covers = ("document-transition",)

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        set_header(world, org)
        return make_draft(world, org)


class TestDocumentCorrectAPI(ScopedAPIActionMatrix):
    model = OutgoingDocument
    endpoint = "/api/v1/documents/"
    api_action = "correct"
    least_role = Role.MANAGER
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        return issued(world, org)

    def state(self, obj: OutgoingDocument) -> Any:
        return OutgoingDocument.objects.filter(replaces=obj).count()

    def audit_count(self, obj: OutgoingDocument) -> int:
        return AuditEntry.objects.filter(object_type="core.outgoingdocument").count()


class TestDocumentFileAPI(ScopedAPIReadMatrix):
    """`GET /documents/{id}/file`: as readable as the document; 404 for outsiders and for a draft."""

    model = OutgoingDocument
    endpoint = "/api/v1/documents/"
    covers = ("document-file",)

    def make_object(self, world: Any, org: Organization) -> OutgoingDocument:
        return issued(world, org)

    def test_it_downloads_the_issued_file_only_for_those_who_see_the_document(self, world: Any) -> None:
        obj = self.obj(world)
        url = f"{self.endpoint}{obj.pk}/file"
        response = _api_client(world.org_a_viewer).get(url)
        assert response.status_code == 200
        assert "Số: 01/BC-BCĐ" in docx_text(b"".join(response.streaming_content))
        for user in [*self.outsiders(world), world.org_a_child_viewer]:
            assert _api_client(user).get(url).status_code == 404, user.username
        draft = make_draft(world, world.a)
        assert _api_client(world.org_a_viewer).get(f"{self.endpoint}{draft.pk}/file").status_code == 404


class TestPlanDocumentAPI(ScopedAPIActionMatrix):
    model = Plan
    endpoint = "/api/v1/plans/"
    api_action = "document"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def state(self, obj: Plan) -> Any:
        return OutgoingDocument.objects.count()

    def audit_count(self, obj: Plan) -> int:
        return AuditEntry.objects.filter(object_type="core.outgoingdocument").count()


class TestRosterDocumentAPI(ScopedAPIActionMatrix):
    model = Organization
    endpoint = "/api/v1/organizations/"
    api_action = "roster-document"
    least_role = Role.MANAGER
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    def action_body(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"on_date": timezone.localdate().isoformat()}

    def state(self, obj: Organization) -> Any:
        return OutgoingDocument.objects.count()

    def audit_count(self, obj: Organization) -> int:
        return AuditEntry.objects.filter(object_type="core.outgoingdocument").count()

    def test_it_refuses_a_missing_or_bad_date_with_a_field_error(self, world: Any) -> None:
        client = _api_client(world.org_a_manager)
        for body in ({}, {"on_date": "31/02/2026"}, {"on_date": ["x"]}):
            response = client.post(f"{self.endpoint}{world.a.pk}/roster-document", body, format="json")
            assert response.status_code == 400 and "on_date" in response.json(), response.content
        assert not OutgoingDocument.objects.exists()


def test_the_default_template_is_unscoped_reference_data(client, world):
    client.force_login(world.org_b_editor)
    response = client.get(reverse("documents:default_template", args=["KH"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert client.get(reverse("documents:default_template", args=["XX"])).status_code == 404
