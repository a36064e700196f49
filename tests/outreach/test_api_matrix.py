"""The API's permission matrix: training events, legal documents (and their import), disseminations."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pckb.core.testing import ScopedAPIActionMatrix, ScopedAPIMatrix, ScopedAPIReadMatrix, _api_client
from pckb.organizations.models import Organization
from pckb.outreach import services
from pckb.outreach.models import Dissemination, LegalDocument, TrainingEvent
from pckb.plans.models import Task

from .factories import make_dissemination, make_document, make_event, topic
from .test_permission_matrix import IMPORT_ROW, workbook


class TestTrainingEventAPI(ScopedAPIMatrix):
    model = TrainingEvent
    endpoint = "/api/v1/training-events/"

    def make_object(self, world: Any, org: Organization) -> TrainingEvent:
        return make_event(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "kind": "interim_review",
            "title": "Hội nghị sơ kết 6 tháng",
            "start_date": "2026-07-08",
            "topics": [topic("review").pk],
            "participants": [{"organization": org.pk, "headcount": 60}],
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"place": "Hội trường tầng 3", "participants": [{"organization": org.pk, "headcount": 75}]}


class SharedDownTheTreeAPI:
    """A library's documents are read below their owner (see test_permission_matrix.SharedDownTheTree)."""

    def test_it_fetches_the_object_for_its_organization_and_404_for_outsiders(self, world: Any) -> None:
        obj = self.obj(world)
        for user in [world.org_a_viewer, world.org_a_child_viewer]:
            assert _api_client(user).get(self.item(obj)).status_code == 200, user.username
        for user in self.outsiders(world):
            assert _api_client(user).get(self.item(obj)).status_code == 404, user.username


class TestLegalDocumentAPI(SharedDownTheTreeAPI, ScopedAPIMatrix):
    model = LegalDocument
    endpoint = "/api/v1/legal-documents/"

    def make_object(self, world: Any, org: Organization) -> LegalDocument:
        return make_document(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "doc_type": "coordination_regulation",
            "number": "01/QC-BCĐ",
            "issued_on": "2026-02-02",
            "issuer": "Ban Chỉ đạo tỉnh A",
            "subject": "Quy chế phối hợp giữa các thành viên Ban Chỉ đạo",
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"effective_date": "2026-02-15"}


class TestDisseminationAPI(ScopedAPIMatrix):
    model = Dissemination
    endpoint = "/api/v1/disseminations/"

    @pytest.fixture(autouse=True)
    def _library(self, world: Any) -> None:
        services.seed_public_core(world.root, actor=world.superuser)

    def make_object(self, world: Any, org: Organization) -> Dissemination:
        return make_dissemination(world, org, documents=[make_document(world, org, number="05/KH")])

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        law = LegalDocument.objects.get(number="28/2013/QH13")
        return {
            "organization": org.pk,
            "documents": [law.pk],
            "date": "2026-05-05",
            "form": "in_writing",
            "audience_count": 12,
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"audience_count": 15}


class TestLegalDocumentImportAPI(ScopedAPIActionMatrix):
    """`POST /legal-documents/import?organization=<id>`: editors of the organisation whose library it is."""

    model = Organization
    endpoint = "/api/v1/legal-documents/"
    api_action = "import"
    body_format = "multipart"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    @classmethod
    def covered_routes(cls) -> set[str]:
        return {"legaldocument-import-documents"}

    def item(self, obj: Any) -> str:
        return f"/api/v1/organizations/{obj.pk}/"

    def listed_ids(self, user: Any) -> set[int]:
        response = _api_client(user).get("/api/v1/organizations/", {"page_size": 500})
        return {row["id"] for row in response.json()["results"]}

    def action_item(self, obj: Organization) -> str:
        return f"{self.endpoint}import?organization={obj.pk}"

    def action_body(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"file": SimpleUploadedFile("van-ban.xlsx", workbook(["header"], IMPORT_ROW))}

    def state(self, obj: Organization) -> Any:
        return LegalDocument.objects.count()

    def audit_count(self, obj: Organization) -> int:
        from pckb.core.models import AuditEntry

        return AuditEntry.objects.filter(object_type="outreach.legaldocument").count()


class TestLegalDocumentGapsAPI(SharedDownTheTreeAPI, ScopedAPIReadMatrix):
    """`GET {id}/gaps`: read like the document itself."""

    model = LegalDocument
    endpoint = "/api/v1/legal-documents/"
    covers = ("legaldocument-gaps",)

    def make_object(self, world: Any, org: Organization) -> LegalDocument:
        return make_document(world, org)

    def test_it_lists_the_gap_to_those_who_read_the_document_and_404_to_outsiders(self, world: Any) -> None:
        doc = self.obj(world)
        url = f"{self.endpoint}{doc.pk}/gaps"
        body = _api_client(world.org_a_viewer).get(url).json()
        assert body["organization"] == world.a.pk and [row["code"] for row in body["results"]] == ["a1"]
        for user in self.outsiders(world):
            assert _api_client(user).get(url).status_code == 404, user.username
        assert _api_client(world.org_a_viewer).get(url, {"organization": world.b.pk}).status_code == 404


class TestLegalDocumentGapTasksAPI(SharedDownTheTreeAPI, ScopedAPIActionMatrix):
    model = LegalDocument
    endpoint = "/api/v1/legal-documents/"
    api_action = "gap-tasks"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> LegalDocument:
        return make_document(world, org)

    def action_body(self, world: Any, obj: LegalDocument) -> dict[str, Any]:
        deadline = timezone.localdate() + datetime.timedelta(days=30)
        return {"assignees": [world.a1.pk], "title": "Quán triệt kế hoạch", "deadline": deadline.isoformat()}

    def state(self, obj: LegalDocument) -> Any:
        return Task.objects.count()

    def audit_count(self, obj: LegalDocument) -> int:
        from pckb.core.models import AuditEntry

        return AuditEntry.objects.filter(object_type="plans.task").count()

    def test_it_refuses_an_organisation_outside_the_issuer_or_already_done(self, world: Any) -> None:
        doc = self.obj(world)
        client = _api_client(world.org_a_editor)
        url = self.action_item(doc)
        outside = {**self.action_body(world, doc), "assignees": [world.a.pk]}
        response = client.post(url, outside, format="json")
        assert response.status_code == 400 and "assignees" in response.json()
        make_dissemination(world, world.a1, documents=[doc], actor=world.org_a1_editor)
        response = client.post(url, self.action_body(world, doc), format="json")
        assert response.status_code == 400 and "assignees" in response.json()
        assert not Task.objects.exists()
