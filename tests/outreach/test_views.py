"""What a user sees and does on the pages and through the API; bad input gets a clear error, nothing changes."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pckb.core.testing import _api_client, _client
from pckb.outreach import services
from pckb.outreach.models import Dissemination, LegalDocument, TrainingEvent, TrainingParticipation

from .factories import make_dissemination, make_document, make_event

pytestmark = pytest.mark.django_db


def test_a_negative_headcount_on_the_page_is_a_translated_error_and_nothing_changes(world):
    event = make_event(world)
    url = reverse("outreach:participation_edit", args=[event.pk])
    response = _client(world.org_a_editor).post(url, {"organization": world.a1.pk, "headcount": -4})
    assert response.status_code == 400
    assert "Số người tham dự là số nguyên từ 1 đến 10.000." in response.content.decode()
    assert not TrainingParticipation.objects.exists()


def test_the_event_page_totals_the_headcounts_and_offers_each_conclusion_as_a_task(world):
    event = make_event(world, participants=[{"organization": world.a, "headcount": 12}])
    services.do_set_participation(event, world.a1, 30, actor=world.org_a_editor)
    page = _client(world.org_a_editor).get(event.get_absolute_url()).content.decode()
    assert '<span id="total-headcount">42</span>' in page
    assert "source_type=outreach.trainingevent" in page and "R%C3%A0+so%C3%A1t" in page
    viewer_page = _client(world.org_a_viewer).get(event.get_absolute_url()).content.decode()
    assert "source_type=outreach.trainingevent" not in viewer_page  # a viewer gives no task
    task_form = _client(world.org_a_editor).get(
        f"{reverse('plans:task_add')}?source_type=outreach.trainingevent&source_id={event.pk}&title=Ra+soat"
    )
    assert task_form.status_code == 200 and 'value="Ra soat"' in task_form.content.decode()


def test_an_api_headcount_out_of_range_is_a_400_naming_the_field(world):
    response = _api_client(world.org_a_editor).post(
        "/api/v1/training-events/",
        {
            "organization": world.a.pk,
            "kind": "training",
            "title": "Tập huấn",
            "start_date": "2026-03-01",
            "participants": [{"organization": world.a1.pk, "headcount": 100_000_000}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "participants" in response.json()
    assert not TrainingEvent.objects.exists()


def test_a_repealed_document_without_replacement_is_refused_on_the_form_and_the_api(world):
    doc = make_document(world)
    url = reverse("outreach:legaldocument_edit", args=[doc.pk])
    data = {
        "doc_type": "plan",
        "number": doc.number,
        "issued_on": "15/01/2026",
        "issuer": doc.issuer,
        "subject": doc.subject,
        "status": "repealed",
        "classification": 0,
    }
    response = _client(world.org_a_editor).post(url, data)
    assert response.status_code == 400
    assert "Văn bản hết hiệu lực phải có văn bản thay thế." in response.content.decode()
    api = _api_client(world.org_a_editor).patch(
        f"/api/v1/legal-documents/{doc.pk}/", {"status": "repealed"}, format="json"
    )
    assert api.status_code == 400 and "replaced_by" in api.json()
    doc.refresh_from_db()
    assert doc.status == "in_force"


def test_the_library_search_folds_diacritics_and_shows_the_public_core_to_everyone(world):
    services.seed_public_core(world.root, actor=world.superuser)
    url = reverse("outreach:legaldocument_list")
    page = _client(world.org_b_editor).get(url, {"q": "chong khung bo"}).content.decode()
    assert "28/2013/QH13" in page and "81/2019" not in page
    api = _api_client(world.org_a1_editor).get("/api/v1/legal-documents/", {"q": "vu khi huy diet"}).json()
    assert [row["number"] for row in api["results"]] == ["81/2019/NĐ-CP"]


def test_the_dissemination_list_filters_by_period_and_exports_the_documents(world):
    doc = make_document(world)
    make_dissemination(world, documents=[doc], date=datetime.date(2026, 2, 1), audience_count=77)
    make_dissemination(world, documents=[doc], date=datetime.date(2025, 2, 1), audience_count=55)
    client = _client(world.org_a_viewer)
    url = reverse("outreach:dissemination_list")
    page = client.get(url, {"date_from": "01/01/2026"}).content.decode()
    assert ">77<" in page and ">55<" not in page
    export = client.get(url, {"export": "xlsx", "date_from": "01/01/2026"})
    rows = list(load_workbook(BytesIO(export.content)).active.values)
    assert len(rows) == 2 and doc.number in rows[1] and 77 in rows[1]


def test_the_gap_list_shows_who_has_not_disseminated_and_the_viewer_cannot_assign(world):
    doc = make_document(world)
    url = reverse("outreach:legaldocument_gaps", args=[doc.pk])
    page = _client(world.org_a_editor).get(url).content.decode()
    assert world.a1.name in page and reverse("outreach:legaldocument_gap_tasks", args=[doc.pk]) in page
    viewer = _client(world.org_a_viewer).get(url).content.decode()
    assert world.a1.name in viewer and reverse("outreach:legaldocument_gap_tasks", args=[doc.pk]) not in viewer
    tasks_url = reverse("outreach:legaldocument_gap_tasks", args=[doc.pk])
    deadline = (timezone.localdate() + datetime.timedelta(days=40)).strftime("%d/%m/%Y")
    response = _client(world.org_a_editor).post(
        tasks_url, {"assignees": [world.a1.pk], "title": "Quán triệt kế hoạch", "deadline": deadline}
    )
    assert response.status_code == 302
    detail = _client(world.org_a_viewer).get(doc.get_absolute_url()).content.decode()
    assert "Quán triệt kế hoạch" in detail  # the document's Tasks tab
    make_dissemination(world, world.a1, documents=[doc], actor=world.org_a1_editor)
    assert world.a1.name not in _client(world.org_a_editor).get(url).content.decode()


def test_a_dissemination_without_documents_or_with_a_bad_audience_is_refused(world):
    doc = make_document(world)
    url = reverse("outreach:dissemination_add")
    base = {"organization": world.a.pk, "date": "01/03/2026", "form": "online", "classification": 0}
    cases = (
        ({**base, "audience_count": 10}, "documents"),
        ({**base, "documents": [doc.pk], "audience_count": -2}, "audience_count"),
    )
    for data, field in cases:
        response = _client(world.org_a_editor).post(url, data)
        assert response.status_code == 400 and field in response.context["form"].errors
    assert not Dissemination.objects.exists()
    assert LegalDocument.objects.count() == 1


def test_an_import_row_repealed_without_its_replacement_is_reported_and_nothing_is_created(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_permission_matrix import IMPORT_ROW, workbook

    good = IMPORT_ROW
    bad = ["decree", "09/2026/NĐ-CP", "01/02/2026", "Chính phủ", "Nghị định bị bãi bỏ", "", "repealed"]
    data = workbook(["header"], good, bad)
    response = _api_client(world.org_a_editor).post(
        f"/api/v1/legal-documents/import?organization={world.a.pk}",
        {"file": SimpleUploadedFile("van-ban.xlsx", data)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "Văn bản hết hiệu lực phải có văn bản thay thế." in response.content.decode()
    assert not LegalDocument.objects.exists()
