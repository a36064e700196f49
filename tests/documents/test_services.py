"""The register's services: drafts, issue (number, file, hash), the refusals, corrections, headers, templates."""

import datetime
import hashlib
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from pckb.core.documents import default_template
from pckb.core.models import AuditEntry, DocumentTemplate, OutgoingDocument
from pckb.core.register.choices import DocumentStatus
from pckb.core.register.services import (
    ISSUED_IS_FINAL,
    do_correct_document,
    do_issue_document,
    do_save_header_settings,
    do_update_document,
    do_upload_document_template,
)
from pckb.core.testing_files import pdf_bytes

from .conftest import make_draft, set_header


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _audits(doc):
    return AuditEntry.objects.filter(object_type="core.outgoingdocument", object_id=str(doc.pk))


def test_it_numbers_from_01_per_body_and_year_and_stores_the_file_with_its_hash(world):
    set_header(world)
    set_header(world, world.b, symbol="BCĐPCKB")
    first = do_issue_document(make_draft(world), actor=world.org_a_manager)
    second = do_issue_document(make_draft(world, doc_type="KH"), actor=world.org_a_manager)
    other = do_issue_document(make_draft(world, world.b), actor=world.org_b_manager)
    year = timezone.localdate().year
    assert (first.number, first.year, first.symbol) == (1, year, "01/BC-BCĐ")
    assert (second.number, second.symbol) == (2, "02/KH-BCĐ")
    assert (other.number, other.symbol) == (1, "01/BC-BCĐPCKB")
    data = first.file.read()
    assert hashlib.sha256(data).hexdigest() == first.sha256
    text = _text(data)
    assert "Số: 01/BC-BCĐ" in text and "Nguyễn Văn An" in text and "Đoạn thứ hai." in text
    assert first.status == DocumentStatus.ISSUED and first.date == timezone.localdate()
    assert first.context["subject"] == "Sơ kết công tác phòng, chống khủng bố"
    assert _audits(first).filter(event_type="core.outgoingdocument.issued").count() == 1


def test_an_official_letter_names_its_drafting_unit_in_its_symbol(world):
    set_header(world)
    letter = do_issue_document(
        make_draft(world, doc_type="CV", drafting_unit="VPTT"), actor=world.org_a_manager
    )
    assert letter.symbol == "01/BCĐ-VPTT"
    assert "Số: 01/BCĐ-VPTT" in _text(letter.file.read())


def test_it_prints_the_secrecy_mark_of_a_confidential_document(world):
    set_header(world)
    doc = do_issue_document(make_draft(world, classification=1), actor=world.org_a_manager)
    assert "MẬT" in _text(doc.file.read())
    assert doc.context["secrecy"] == "MẬT"


@pytest.mark.parametrize(
    ("missing", "field"),
    [("signer_name", "signer_name"), ("signer_position", "signer_position"), ("subject", "subject")],
)
def test_it_refuses_to_issue_without_signer_or_subject_and_nothing_changes(world, missing, field):
    set_header(world)
    doc = make_draft(world, **{missing: ""})
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        do_issue_document(doc, actor=world.org_a_manager)
    assert field in err.value.message_dict
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT and doc.number is None and not doc.file
    assert AuditEntry.objects.count() == audits
    # The number was not used up: the next issue is still 01.
    assert do_issue_document(make_draft(world), actor=world.org_a_manager).number == 1


def test_it_refuses_to_issue_without_a_header(world):
    doc = make_draft(world)
    with pytest.raises(ValidationError) as err:
        do_issue_document(doc, actor=world.org_a_manager)
    assert "organization" in err.value.message_dict
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT


def test_an_editor_may_draft_but_not_issue_and_an_outsider_sees_nothing(world):
    set_header(world)
    doc = make_draft(world)
    with pytest.raises(PermissionDenied):
        do_issue_document(doc, actor=world.org_a_editor)
    with pytest.raises(Http404):
        do_issue_document(doc, actor=world.org_b_manager)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT


def test_an_issued_document_never_changes(world):
    set_header(world)
    doc = do_issue_document(make_draft(world), actor=world.org_a_manager)
    before = (doc.subject, doc.sha256, doc.updated_at)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        do_update_document(doc, actor=world.org_a_manager, subject="Khác")
    assert err.value.messages == [str(ISSUED_IS_FINAL)]
    doc.refresh_from_db()
    assert (doc.subject, doc.sha256, doc.updated_at) == before
    assert AuditEntry.objects.count() == audits
    with pytest.raises(ValidationError):
        do_issue_document(doc, actor=world.org_a_manager)


def test_a_correction_replaces_the_issued_document_once_issued(world):
    set_header(world)
    old = do_issue_document(make_draft(world), actor=world.org_a_manager)
    new = do_correct_document(old, actor=world.org_a_manager)
    assert new.status == DocumentStatus.DRAFT and new.replaces_id == old.pk and new.subject == old.subject
    with pytest.raises(ValidationError):
        do_correct_document(old, actor=world.org_a_manager)  # one correction at a time
    new = do_update_document(new, actor=world.org_a_manager, subject="Sơ kết (thay thế)")
    new = do_issue_document(new, actor=world.org_a_manager)
    old.refresh_from_db()
    assert old.status == DocumentStatus.REPLACED and old.replaced_by == new
    assert new.number == 2
    assert _audits(old).filter(event_type="core.outgoingdocument.replaced").count() == 1
    with pytest.raises(ValidationError):
        do_correct_document(old, actor=world.org_a_manager)


def test_a_correction_needs_a_manager(world):
    set_header(world)
    old = do_issue_document(make_draft(world), actor=world.org_a_manager)
    with pytest.raises(PermissionDenied):
        do_correct_document(old, actor=world.org_a_editor)
    with pytest.raises(Http404):
        do_correct_document(old, actor=world.org_b_manager)
    assert OutgoingDocument.objects.count() == 1


def test_drafts_propose_the_recipients_of_their_type(world):
    doc = make_draft(world, doc_type="KH")
    assert "Thành viên Ban Chỉ đạo" in doc.recipient_lines


def _upload(data: bytes, name: str = "mau.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_an_uploaded_template_that_renders_is_used_for_the_next_issue(world):
    set_header(world)
    template = do_upload_document_template(
        world.a, actor=world.org_a_manager, doc_type="BC", file=_upload(default_template("BC"))
    )
    assert template.is_active and template.sha256
    doc = do_issue_document(make_draft(world), actor=world.org_a_manager)
    assert "Số: 01/BC-BCĐ" in _text(doc.file.read())


@pytest.mark.parametrize(
    "upload",
    [
        lambda: _upload(pdf_bytes(), "mau.pdf"),
        lambda: _upload(pdf_bytes(), "mau.docx"),
        lambda: _upload(b"", "mau.docx"),
    ],
)
def test_a_template_that_is_not_a_docx_is_refused(world, upload):
    with pytest.raises(ValidationError) as err:
        do_upload_document_template(world.a, actor=world.org_a_manager, doc_type="BC", file=upload())
    assert "file" in err.value.message_dict
    assert not DocumentTemplate.objects.exists()


def test_a_template_that_does_not_render_is_refused(world):
    broken = _docx_with_text("{{ khong_ton_tai.x.y }} {% if %}")
    with pytest.raises(ValidationError) as err:
        do_upload_document_template(world.a, actor=world.org_a_manager, doc_type="BC", file=_upload(broken))
    assert "file" in err.value.message_dict
    assert not DocumentTemplate.objects.exists()


def test_templates_and_headers_are_for_managers(world):
    with pytest.raises(PermissionDenied):
        do_upload_document_template(
            world.a, actor=world.org_a_editor, doc_type="BC", file=_upload(default_template("BC"))
        )
    with pytest.raises(Http404):
        do_upload_document_template(
            world.a, actor=world.org_b_manager, doc_type="BC", file=_upload(default_template("BC"))
        )
    with pytest.raises(PermissionDenied):
        do_save_header_settings(world.a, actor=world.org_a_editor, body_name="X", symbol="X", place_name="X")
    assert not DocumentTemplate.objects.exists()


def _docx_with_text(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_year_starts_again_from_01(world, monkeypatch):
    set_header(world)
    do_issue_document(make_draft(world), actor=world.org_a_manager)
    next_year = datetime.date(timezone.localdate().year + 1, 1, 2)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: next_year)
    doc = do_issue_document(make_draft(world), actor=world.org_a_manager)
    assert (doc.number, doc.year) == (1, next_year.year)
