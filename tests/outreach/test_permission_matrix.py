"""The generic permission matrix (pckb.core.testing) applied to every page of the outreach module."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from pckb.core.choices import Role
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedChildFormMatrix,
    ScopedDetailMatrix,
    ScopedDownloadMatrix,
    ScopedViewMatrix,
    _client,
)
from pckb.organizations.models import Organization
from pckb.outreach import services
from pckb.outreach.models import Dissemination, LegalDocument, TrainingEvent, TrainingParticipation
from pckb.plans.models import Task

from .factories import make_dissemination, make_document, make_event, topic


class SharedDownTheTree:
    """A library's documents are read by the organisations below its owner (they disseminate them):
    the sub-organisation's viewer sees them; outsiders still get 404."""

    def test_it_hides_the_object_from_outsiders(self, world: Any) -> None:
        obj = self.obj(world)
        for user in self.outsiders(world):
            assert _client(user).get(self.detail_url(obj)).status_code == 404, user.username
        assert _client(world.org_a_child_viewer).get(self.detail_url(obj)).status_code == 200


class TestTrainingEventPages(ScopedViewMatrix):
    model = TrainingEvent
    url_prefix = "outreach:trainingevent"
    below_add_status = 403  # the organiser list is empty for a viewer: no dead-end form

    def make_object(self, world: Any, org: Organization) -> TrainingEvent:
        return make_event(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "kind": "annual_review",
            "title": "Hội nghị tổng kết công tác phòng, chống khủng bố",
            "start_date": "15/12/2026",
            "place": "Hội trường Ủy ban nhân dân tỉnh",
            "topics": [topic("review").pk],
            "conclusions": "Kiện toàn Ban Chỉ đạo cấp xã",
            "classification": 0,
        }


class TestParticipationEdit(ScopedChildFormMatrix):
    model = TrainingEvent
    form_route = "outreach:participation_edit"
    child_model = TrainingParticipation

    def make_object(self, world: Any, org: Organization) -> TrainingEvent:
        return make_event(world, org)

    def child_data(self, world: Any, parent: TrainingEvent) -> dict[str, Any]:
        return {"organization": world.a1.pk, "headcount": 35}


class TestParticipationRemove(ScopedActionMatrix):
    model = TrainingEvent
    action_route = "outreach:participation_remove"

    def action_url(self, obj: TrainingEvent) -> str:
        return reverse(self.action_route, args=[obj.pk, obj.participants.get().organization_id])

    def make_object(self, world: Any, org: Organization) -> TrainingEvent:
        event = make_event(world, org)
        services.do_set_participation(event, org, 20, actor=world.superuser)
        return event

    def state(self, obj: TrainingEvent) -> Any:
        return list(obj.participants.values_list("organization_id", "headcount"))


def document_form(world: Any, org: Organization, **fields: Any) -> dict[str, Any]:
    return {
        "organization": org.pk,
        "doc_type": "directive",
        "number": "03/CT-UBND",
        "issued_on": "05/03/2026",
        "issuer": "Ủy ban nhân dân tỉnh A",
        "subject": "Tăng cường công tác phòng, chống khủng bố trên địa bàn tỉnh",
        "status": "in_force",
        "classification": 0,
        **fields,
    }


class TestLegalDocumentPages(SharedDownTheTree, ScopedViewMatrix):
    model = LegalDocument
    url_prefix = "outreach:legaldocument"
    below_add_status = 403

    def make_object(self, world: Any, org: Organization) -> LegalDocument:
        return make_document(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return document_form(world, org)


class TestLegalDocumentGaps(SharedDownTheTree, ScopedDetailMatrix):
    model = LegalDocument
    list_url = None
    covers = ("outreach:legaldocument_gaps",)

    def detail_url(self, obj: LegalDocument) -> str:
        return reverse("outreach:legaldocument_gaps", args=[obj.pk])

    def make_object(self, world: Any, org: Organization) -> LegalDocument:
        return make_document(world, org)


class TestGapTasks(ScopedChildFormMatrix):
    """Editors of the organisation whose gap list it is give the tasks (plans' assign-to-many)."""

    model = LegalDocument
    form_route = "outreach:legaldocument_gap_tasks"
    child_model = Task

    def make_object(self, world: Any, org: Organization) -> LegalDocument:
        return make_document(world, org)

    def child_data(self, world: Any, parent: LegalDocument) -> dict[str, Any]:
        deadline = timezone.localdate() + datetime.timedelta(days=20)
        return {"assignees": [world.a1.pk], "title": "Quán triệt kế hoạch", "deadline": deadline.strftime("%d/%m/%Y")}


class TestDisseminationPages(ScopedViewMatrix):
    model = Dissemination
    url_prefix = "outreach:dissemination"
    below_add_status = 403

    @pytest.fixture(autouse=True)
    def _libraries(self, world: Any) -> None:
        # Everyone has documents to choose (the public core); province A also has its own plan.
        services.seed_public_core(world.root, actor=world.superuser)
        make_document(world, world.a, number="02/KH")

    def make_object(self, world: Any, org: Organization) -> Dissemination:
        return make_dissemination(world, org, documents=[make_document(world, org, number="01/KH")])

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        doc = LegalDocument.objects.get(organization=org, number="02/KH")
        return {
            "organization": org.pk,
            "documents": [doc.pk],
            "date": "20/04/2026",
            "form": "online",
            "audience_count": 64,
            "audience": "Cán bộ, công chức",
            "classification": 0,
        }


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


IMPORT_ROW = ["directive", "05/CT-UBND", "12/05/2026", "Ủy ban nhân dân tỉnh A", "Phòng, chống khủng bố dịp lễ"]


class TestLegalDocumentImport(ScopedChildFormMatrix):
    """Upload, preview, confirm: into the library of an organisation, for those who may add there."""

    model = Organization
    form_route = "outreach:legaldocument_import"
    child_model = LegalDocument

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    def child_data(self, world: Any, parent: Organization) -> dict[str, Any]:
        return {"file": SimpleUploadedFile("van-ban.xlsx", workbook(["header"], IMPORT_ROW))}

    def submit(self, client: Any, url: str, data: dict[str, Any]) -> Any:
        preview = client.post(url, data)
        if preview.status_code != 200:
            return preview
        return client.post(url, {"confirm": preview.context["job"].pk})


class TestLegalDocumentImportTemplate(ScopedDownloadMatrix):
    model = Organization
    download_route = "outreach:legaldocument_import"
    read_role = Role.EDITOR  # the template is for those who may import

    def download_url(self, obj: Organization) -> str:
        return f"{reverse(self.download_route, args=[obj.pk])}?template=xlsx"

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    def check_content(self, obj: Organization, content: bytes) -> None:
        assert content.startswith(b"PK")
