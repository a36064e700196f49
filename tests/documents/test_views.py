"""The register's pages: bad input on the forms, the final confirmation, the Excel register, the buttons."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from pckb.core.models import AuditEntry, DocumentHeaderSettings, DocumentTemplate, OutgoingDocument
from pckb.core.register.choices import DocumentStatus
from pckb.core.register.services import do_issue_document
from pckb.core.testing_files import exe_bytes

from .conftest import make_draft, set_header


def _login(client, user):
    client.force_login(user)
    return client


def test_the_issue_page_says_issuing_is_final_and_a_missing_signer_comes_back_on_the_page(client, world):
    set_header(world)
    doc = make_draft(world, signer_name="")
    _login(client, world.org_a_manager)
    url = reverse("documents:document_issue", args=[doc.pk])
    page = client.get(url).content.decode()
    assert "không thể sửa văn bản nữa" in page
    audits = AuditEntry.objects.count()
    response = client.post(url)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].non_field_errors())
    assert str(_("Enter the signer's full name before issuing.")) in errors
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT and AuditEntry.objects.count() == audits


def test_an_issued_document_has_no_edit_form(client, world):
    set_header(world)
    doc = do_issue_document(make_draft(world), actor=world.org_a_manager)
    _login(client, world.org_a_manager)
    response = client.get(reverse("documents:document_edit", args=[doc.pk]))
    assert response.status_code == 403
    response = client.post(reverse("documents:document_edit", args=[doc.pk]), {"subject": "Khác"})
    assert response.status_code == 403
    doc.refresh_from_db()
    assert doc.subject == "Sơ kết công tác phòng, chống khủng bố"
    detail = client.get(doc.get_absolute_url()).content.decode()
    assert reverse("documents:document_file", args=[doc.pk]) in detail
    assert reverse("documents:document_edit", args=[doc.pk]) not in detail


def test_the_draft_form_refuses_an_unknown_type_with_a_message(client, world):
    _login(client, world.org_a_editor)
    response = client.post(reverse("documents:document_add"), {"organization": world.a.pk, "doc_type": "XX"})
    assert response.status_code == 400
    assert response.context["form"].errors["doc_type"]
    assert not OutgoingDocument.objects.exists()


def test_the_header_form_needs_the_body_name_symbol_and_place(client, world):
    _login(client, world.org_a_manager)
    response = client.post(reverse("documents:header_edit", args=[world.a.pk]), {"body_name": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"body_name", "symbol", "place_name"}
    assert not DocumentHeaderSettings.objects.exists()


def test_a_program_renamed_docx_is_refused_on_the_template_page(client, world, tmp_path, settings):
    _login(client, world.org_a_manager)
    upload = SimpleUploadedFile("mau.docx", exe_bytes())
    response = client.post(reverse("documents:template_upload", args=[world.a.pk]), {"doc_type": "BC", "file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not DocumentTemplate.objects.exists()


def test_the_register_exports_the_decree_30_metadata_columns(client, world):
    set_header(world)
    doc = do_issue_document(make_draft(world, classification=1, urgency="khan"), actor=world.org_a_manager)
    make_draft(world, world.b)
    _login(client, world.org_a_manager)
    response = client.get(reverse("documents:document_list"), {"export": "xlsx", "year": doc.year})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "CodeNumber" in rows[0][0] and "CodeNotation" in rows[0][1] and "SignerInfo.FullName" in rows[0][7]
    assert len(rows) == 2  # only the issued document of A in that year; B's draft is not A's to see
    assert rows[1][0] == 1 and rows[1][1] == "01/BC-BCĐ" and rows[1][7] == "Nguyễn Văn An"


def test_the_register_filters_by_type_status_and_source(client, world):
    set_header(world)
    issued = do_issue_document(make_draft(world), actor=world.org_a_manager)
    draft = make_draft(world, doc_type="KH", subject="Kế hoạch riêng")
    _login(client, world.org_a_viewer)
    page = client.get(reverse("documents:document_list"), {"status": "issued"}).content.decode()
    assert issued.get_absolute_url() in page and draft.get_absolute_url() not in page
    page = client.get(reverse("documents:document_list"), {"type": "KH"}).content.decode()
    assert draft.get_absolute_url() in page and issued.get_absolute_url() not in page
    page = client.get(reverse("documents:document_list"), {"source_type": "plans.plan"}).content.decode()
    assert draft.get_absolute_url() not in page


def test_the_api_refuses_to_change_an_issued_document_with_a_400(world):
    from rest_framework.test import APIClient

    set_header(world)
    doc = do_issue_document(make_draft(world), actor=world.org_a_manager)
    api = APIClient()
    api.force_authenticate(world.org_a_manager)
    response = api.patch(f"/api/v1/documents/{doc.pk}/", {"subject": "Khác"}, format="json")
    assert response.status_code == 400 and response.json()["non_field_errors"]
    for body in ({"status": "draft"}, {"number": 5}, {"doc_type": "ZZ"}):
        draft = make_draft(world)
        response = api.patch(f"/api/v1/documents/{draft.pk}/", body, format="json")
        assert response.status_code == 400 and set(body) <= set(response.json()), response.content
    response = api.post(f"/api/v1/documents/{doc.pk}/issue", format="json")
    assert response.status_code == 400
    doc.refresh_from_db()
    assert doc.subject == "Sơ kết công tác phòng, chống khủng bố" and doc.number == 1


def test_the_api_filters_the_register(world):
    from rest_framework.test import APIClient

    set_header(world)
    doc = do_issue_document(make_draft(world), actor=world.org_a_manager)
    make_draft(world)
    api = APIClient()
    api.force_authenticate(world.org_a_viewer)
    ids = [row["id"] for row in api.get("/api/v1/documents/", {"status": "issued", "year": doc.year}).json()["results"]]
    assert ids == [doc.pk]
    for bad in ({"year": "abc"}, {"type": "ZZ"}, {"organization": "1e400"}, {"source_id": "-x"}):
        assert api.get("/api/v1/documents/", bad).status_code == 400, bad
