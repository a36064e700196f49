"""Attachments of any record: content checking, rights (outsider 404, viewer 403, editor allowed),
audit, and the headers of a download. A plan of committee A is the owner."""

from __future__ import annotations

import datetime
import hashlib
import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from pckb.core.attachments import do_add_attachment, do_add_attachments, do_delete_attachment
from pckb.core.choices import Classification
from pckb.core.models import Attachment, AuditEntry
from pckb.core.testing import ScopedDeleteMatrix, ScopedDetailMatrix
from pckb.core.testing_files import (
    doc_bytes,
    docx_bytes,
    exe_bytes,
    html_bytes,
    jpg_bytes,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
)
from pckb.core.validators import validate_document_file
from pckb.plans import services

pytestmark = pytest.mark.django_db

VIETNAMESE_NAME = "Kế hoạch số 12 đã ký.pdf"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


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
    return do_add_attachment(plan, upload(VIETNAMESE_NAME, pdf_bytes()), actor=world.org_a_editor, purpose="signed")


# --- content -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "mime"),
    [
        ("ke-hoach.pdf", pdf_bytes, "application/pdf"),
        ("anh.png", png_bytes, "image/png"),
        ("anh.jpg", jpg_bytes, "image/jpeg"),
        ("van-ban.docx", docx_bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("bang.xlsx", xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("van-ban.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
        ("cu.doc", doc_bytes, "application/msword"),
        ("cu.xls", lambda: doc_bytes("Workbook"), "application/vnd.ms-excel"),
    ],
)
def test_it_accepts_documents_whose_bytes_match_their_extension(world, plan, name, make, mime):
    data = make()
    attachment = do_add_attachment(plan, upload(name, data), actor=world.org_a_editor)
    assert attachment.mime_type == mime
    assert attachment.size == len(data)
    assert attachment.file.read() == data


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bao-cao.pdf", exe_bytes, "“bao-cao.pdf” là một chương trình, không phải văn bản"),
        ("bao-cao.pdf", html_bytes, "“bao-cao.pdf” là một trang web, không phải văn bản"),
        ("anh.png", pdf_bytes, "Nội dung của “anh.png” không phải là tệp PNG"),
        ("bang.xlsx", docx_bytes, "Nội dung của “bang.xlsx” không phải là tệp XLSX"),
        ("van-ban.docx", xlsx_bytes, "Nội dung của “van-ban.docx” không phải là tệp DOCX"),
        (
            "macro.docx",
            lambda: docx_bytes("application/vnd.ms-word.document.macroEnabled.main+xml"),
            "Nội dung của “macro.docx” không phải là tệp DOCX",
        ),
        ("cu.doc", lambda: doc_bytes("Workbook"), "Nội dung của “cu.doc” không phải là tệp DOC"),
        ("hong.docx", lambda: b"PK\x03\x04broken", "Nội dung của “hong.docx” không phải là tệp DOCX"),
    ],
)
def test_it_refuses_a_file_whose_content_does_not_match_and_stores_nothing(world, plan, media, name, make, message):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        do_add_attachment(plan, upload(name, make()), actor=world.org_a_editor)
    assert list(caught.value.message_dict) == ["file"]
    assert caught.value.message_dict["file"][0].startswith(message)
    assert Attachment.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    assert stored_files(media) == []


def test_it_refuses_the_whole_batch_when_one_file_is_bad(world, plan, media):
    files = [upload("a.pdf", pdf_bytes()), upload("b.pdf", exe_bytes())]
    with pytest.raises(ValidationError):
        do_add_attachments(plan, files, actor=world.org_a_editor)
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_it_still_refuses_other_types_and_empty_files():
    with pytest.raises(ValidationError) as caught:
        validate_document_file(upload("setup.exe", exe_bytes()))
    assert caught.value.code == "file_type"
    with pytest.raises(ValidationError) as caught:
        validate_document_file(upload("rong.pdf", b""))
    assert caught.value.code == "file_empty"


def test_it_refuses_files_over_the_size_limit(settings):
    settings.PCKB_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as caught:
        validate_document_file(upload("lon.pdf", pdf_bytes() + b"0" * (1024 * 1024)))
    assert caught.value.code == "file_size"


# --- services and scope --------------------------------------------------------------------------------


def test_it_records_what_was_uploaded_and_audits_it_in_the_owners_scope(world, plan, attachment):
    assert attachment.original_name == VIETNAMESE_NAME
    assert attachment.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert attachment.size == len(pdf_bytes())
    assert attachment.uploaded_by == world.org_a_editor
    assert attachment.purpose == "signed"
    assert attachment.owner == plan
    entry = AuditEntry.objects.get(object_type="core.attachment", object_id=str(attachment.pk))
    assert entry.action == "create"
    assert entry.organization_id == world.a.pk
    assert entry.after["sha256"] == attachment.sha256
    assert entry.after["owner"] == f"plans.plan:{plan.pk}"


def test_it_hides_attachments_from_outsiders_and_shows_them_to_the_owners_readers(world, attachment):
    assert list(Attachment.objects.visible_to(world.org_b_editor)) == []
    assert list(Attachment.objects.visible_to(world.org_a_viewer)) == [attachment]
    assert list(Attachment.objects.visible_to(world.superuser)) == [attachment]


def test_it_follows_the_owners_classification(world, plan, attachment):
    services.do_update_plan(plan, actor=world.org_a_manager, classification=Classification.SECRET)
    assert list(Attachment.objects.visible_to(world.org_a_viewer)) == []
    assert list(Attachment.objects.visible_to(world.org_a_manager)) == [attachment]


def test_it_refuses_uploads_to_outsiders_with_404_and_to_viewers_with_403(world, plan, media):
    with pytest.raises(Http404):
        do_add_attachment(plan, upload("a.pdf", pdf_bytes()), actor=world.org_b_editor)
    with pytest.raises(PermissionDenied):
        do_add_attachment(plan, upload("a.pdf", pdf_bytes()), actor=world.org_a_viewer)
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_it_deletes_with_the_same_rights_and_audits_it(world, attachment, media):
    with pytest.raises(Http404):
        do_delete_attachment(attachment, actor=world.org_b_editor)
    with pytest.raises(PermissionDenied):
        do_delete_attachment(attachment, actor=world.org_a_viewer)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    do_delete_attachment(attachment, actor=world.org_a_editor)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert AuditEntry.objects.filter(object_type="core.attachment", action="delete").count() == 1


# --- pages ---------------------------------------------------------------------------------------------


def _client(client, user):
    client.force_login(user)
    return client


def test_a_download_is_served_with_its_detected_type_as_a_named_attachment(client, world, attachment):
    response = _client(client, world.org_a_viewer).get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(VIETNAMESE_NAME)}"
    assert b"".join(response.streaming_content) == pdf_bytes()


def _page(response, url: str) -> str:
    """The page without what differs between two requests anyway (its URL, the masked CSRF token)."""
    page = response.content.decode().replace(url, "")
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_download_is_404_for_outsiders_as_for_a_missing_file(client, world, attachment):
    c = _client(client, world.org_b_editor)
    hidden_url = reverse("attachments:download", args=[attachment.pk])
    missing_url = reverse("attachments:download", args=[attachment.pk + 1000])
    hidden, missing = c.get(hidden_url), c.get(missing_url)
    assert hidden.status_code == missing.status_code == 404
    assert _page(hidden, hidden_url) == _page(missing, missing_url)


def test_a_download_sends_anonymous_users_to_sign_in(client, attachment):
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def _upload_url(plan):
    return reverse("attachments:add", args=["plans.plan", plan.pk])


def test_the_upload_page_answers_404_to_outsiders_and_403_to_viewers(client, world, plan, media):
    data = {"files": [upload("a.pdf", pdf_bytes())]}
    assert _client(client, world.org_b_editor).post(_upload_url(plan), data).status_code == 404
    data = {"files": [upload("a.pdf", pdf_bytes())]}
    assert _client(client, world.org_a_viewer).post(_upload_url(plan), data).status_code == 403
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_the_upload_page_answers_404_for_a_type_that_holds_no_files(client, world):
    url = reverse("attachments:add", args=["accounts.user", world.org_a_editor.pk])
    response = _client(client, world.superuser).post(url, {"files": [upload("a.pdf", pdf_bytes())]})
    assert response.status_code == 404


def test_an_editor_uploads_several_files_and_sees_them_on_the_plan(client, world, plan):
    c = _client(client, world.org_a_editor)
    files = [upload(VIETNAMESE_NAME, pdf_bytes()), upload("anh hiện trường.png", png_bytes())]
    response = c.post(_upload_url(plan), {"files": files, "purpose": "Bản ký"})
    assert response.status_code == 302
    assert response["Location"] == f"{plan.get_absolute_url()}#attachments"
    assert sorted(a.original_name for a in Attachment.objects.of(plan)) == sorted(
        [VIETNAMESE_NAME, "anh hiện trường.png"]
    )
    assert AuditEntry.objects.filter(object_type="core.attachment", action="create").count() == 2
    page = c.get(plan.get_absolute_url()).content.decode()
    assert VIETNAMESE_NAME in page
    assert "Đã đính kèm 2 tệp." in page


def test_a_refused_upload_tells_why_in_vietnamese_and_stores_nothing(client, world, plan, media):
    c = _client(client, world.org_a_editor)
    response = c.post(_upload_url(plan), {"files": [upload("bao-cao.pdf", exe_bytes())]}, follow=True)
    assert "“bao-cao.pdf” là một chương trình, không phải văn bản" in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_the_plan_page_offers_the_upload_form_to_editors_only(client, world, plan, attachment):
    editor_page = _client(client, world.org_a_editor).get(plan.get_absolute_url()).content.decode()
    assert _upload_url(plan) in editor_page
    assert "Chọn tệp…" in editor_page
    assert 'class="visually-hidden pckb-upload-input"' in editor_page
    assert reverse("attachments:delete", args=[attachment.pk]) in editor_page
    viewer_page = _client(client, world.org_a_viewer).get(plan.get_absolute_url()).content.decode()
    assert reverse("attachments:download", args=[attachment.pk]) in viewer_page
    assert _upload_url(plan) not in viewer_page
    assert reverse("attachments:delete", args=[attachment.pk]) not in viewer_page


def test_deleting_asks_first_then_removes_the_file(
    client, world, attachment, media, django_capture_on_commit_callbacks
):
    url = reverse("attachments:delete", args=[attachment.pk])
    assert _client(client, world.org_b_editor).post(url).status_code == 404
    assert _client(client, world.org_a_viewer).post(url).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    c = _client(client, world.org_a_editor)
    confirm = c.get(url)
    assert confirm.status_code == 200
    assert VIETNAMESE_NAME in confirm.content.decode()
    stored = media / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url)
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not stored.exists()


def test_deleting_the_owner_takes_its_files_along(world, plan, attachment, media, django_capture_on_commit_callbacks):
    stored = media / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.do_delete_plan(plan, actor=world.org_a_manager)
    assert not Attachment.objects.exists()
    assert not stored.exists()


class TestAttachmentPagesMatrix(ScopedDetailMatrix, ScopedDeleteMatrix):
    """The download (as the detail page) and the delete confirmation of a file of committee A's plan."""

    model = Attachment
    list_url = None

    def make_object(self, world, org):
        plan = services.do_create_plan(
            org,
            actor=world.superuser,
            title="Kế hoạch",
            period_from=datetime.date(2026, 1, 1),
            period_to=datetime.date(2026, 12, 31),
        )
        return do_add_attachment(plan, upload("Tờ trình.pdf", pdf_bytes()), actor=world.superuser)

    def detail_url(self, obj):
        return reverse("attachments:download", args=[obj.pk])

    def delete_url(self, obj):
        return reverse("attachments:delete", args=[obj.pk])
