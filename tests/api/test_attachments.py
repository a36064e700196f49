"""/api/v1/attachments/: listed by owner, uploaded, downloaded and deleted with the owner's rights."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest

from pckb.core.attachments import do_add_attachment
from pckb.core.models import Attachment, AuditEntry
from pckb.core.testing_files import docx_bytes, exe_bytes, html_bytes, pdf_bytes, upload
from pckb.plans import services

pytestmark = pytest.mark.django_db

URL = "/api/v1/attachments/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def plan(world):
    return services.do_create_plan(
        world.a,
        actor=world.org_a_manager,
        title="Kế hoạch PCKB năm 2026",
        kind="annual",
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def attachment(world, plan):
    return do_add_attachment(plan, upload("Quyết định số 5.pdf", pdf_bytes()), actor=world.org_a_editor)


def _upload(client, plan, name="Biên bản.docx", data=None):
    body = {"owner_type": "plans.plan", "owner_id": plan.pk, "file": upload(name, data or docx_bytes())}
    return client.post(URL, body, format="multipart", HTTP_ACCEPT_LANGUAGE="vi")


def test_it_lists_a_records_files_for_its_readers_only(api, world, plan, attachment):
    query = f"{URL}?owner_type=plans.plan&owner_id={plan.pk}"
    listed = api(world.org_a_viewer).get(query).json()
    assert [row["id"] for row in listed["results"]] == [attachment.pk]
    row = listed["results"][0]
    assert (row["owner_type"], row["owner_id"], row["name"], row["size"]) == (
        "plans.plan",
        plan.pk,
        "Quyết định số 5.pdf",
        len(pdf_bytes()),
    )
    assert api(world.org_b_editor).get(query).json()["count"] == 0
    assert api(world.org_b_editor).get(URL).json()["count"] == 0
    assert api(world.org_b_editor).get(f"{URL}{attachment.pk}/").status_code == 404


def test_it_answers_400_to_an_unknown_owner_type(api, world):
    response = api(world.org_a_viewer).get(f"{URL}?owner_type=accounts.user&owner_id=1", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.json() == {"owner_type": ["Không thể đính kèm tệp vào “accounts.user”."]}


def test_an_editor_uploads_and_the_upload_is_audited(api, world, plan):
    response = _upload(api(world.org_a_editor), plan)
    assert response.status_code == 201
    data = response.json()
    assert data["mime_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert data["uploaded_by"] == "org_a_editor"
    assert Attachment.objects.of(plan).count() == 1
    entry = AuditEntry.objects.get(object_type="core.attachment", object_id=str(data["id"]))
    assert (entry.action, entry.organization_id, entry.actor) == ("create", world.a.pk, world.org_a_editor)


def test_an_outsider_gets_404_for_a_hidden_owner_as_for_a_missing_one(api, world, plan, media):
    client = api(world.org_b_editor)
    hidden = _upload(client, plan)
    body = {"owner_type": "plans.plan", "owner_id": plan.pk + 1000, "file": upload("a.docx", docx_bytes())}
    missing = client.post(URL, body, format="multipart", HTTP_ACCEPT_LANGUAGE="vi")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert Attachment.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_viewer_gets_403_for_upload_and_delete(api, world, plan, attachment):
    client = api(world.org_a_viewer)
    assert _upload(client, plan).status_code == 403
    assert client.delete(f"{URL}{attachment.pk}/").status_code == 403
    assert list(Attachment.objects.of(plan)) == [attachment]


@pytest.mark.parametrize("data", [exe_bytes(), html_bytes()])
def test_it_refuses_content_that_does_not_match_the_extension(api, world, plan, media, data):
    response = _upload(api(world.org_a_editor), plan, name="to-trinh.pdf", data=data)
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert "to-trinh.pdf" in response.json()["file"][0]
    assert Attachment.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_the_download_has_the_detected_type_and_is_404_for_outsiders(api, world, attachment):
    url = f"{URL}{attachment.pk}/download"
    response = api(world.org_a_viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('Quyết định số 5.pdf')}"
    assert api(world.org_b_editor).get(url).status_code == 404
    assert api().get(url).status_code == 401


def test_an_editor_deletes_a_file_and_the_deletion_is_audited(api, world, attachment):
    assert api(world.org_b_editor).delete(f"{URL}{attachment.pk}/").status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert api(world.org_a_editor).delete(f"{URL}{attachment.pk}/").status_code == 204
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    entry = AuditEntry.objects.get(object_type="core.attachment", action="delete")
    assert entry.before["original_name"] == "Quyết định số 5.pdf"
