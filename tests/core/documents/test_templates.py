"""Replacement templates: accepted only when they are real .docx files that render the sample."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx import Document

from pckb.core.documents import DocumentType, default_template, render_document, sample_context, validate_template
from pckb.core.documents.build import build_template


def word_file(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def refusal(data: bytes, doc_type=DocumentType.REPORT) -> ValidationError:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        validate_template(data, doc_type)
    return caught.value


@pytest.mark.parametrize("doc_type", list(DocumentType))
def test_it_accepts_the_shipped_default_templates(doc_type):
    validate_template(default_template(doc_type), doc_type)


def test_it_accepts_a_word_file_edited_by_an_administrator():
    data = word_file("{{ body_name }}", "{{ symbol_line }} – {{ date_line }}", "{{ type_name }}: {{ subject }}")
    validate_template(data, DocumentType.NOTICE)
    rendered = Document(io.BytesIO(render_document(sample_context(DocumentType.NOTICE), data)))
    assert rendered.paragraphs[1].text == "Số: 07/TB-BCĐ – Bắc Ninh, ngày 05 tháng 02 năm 2026"


def test_it_refuses_a_renamed_file_that_is_not_a_docx():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    error = refusal(png)
    assert error.code == "not_docx"
    assert error.messages == ["Tệp không phải là văn bản Word (.docx)."]
    assert refusal(b"{{ subject }} plain text").code == "not_docx"


def test_it_refuses_a_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert refusal(out.getvalue()).code == "not_docx"


def test_it_refuses_a_macro_enabled_document_renamed_docx():
    source = zipfile.ZipFile(io.BytesIO(default_template(DocumentType.REPORT)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            archive.writestr(name, data)
        archive.writestr("word/vbaProject.bin", b"\x00" * 32)
    assert refusal(out.getvalue()).code == "not_docx"


def test_it_refuses_a_corrupt_docx():
    data = default_template(DocumentType.REPORT)
    assert refusal(data[: len(data) // 2]).code == "not_docx"
    # Same length, damaged compressed data in the middle: the CRC check catches it.
    damaged = bytearray(data)
    middle = len(damaged) // 2
    damaged[middle : middle + 16] = b"\xff" * 16
    assert refusal(bytes(damaged)).code == "not_docx"


def test_it_refuses_a_broken_placeholder_with_a_translated_message():
    error = refusal(word_file("{{ subject ", "{% if secrecy %}"))
    assert error.code == "syntax"
    assert error.messages[0].startswith("Một chỗ điền trong mẫu bị viết sai")


def test_it_refuses_a_placeholder_that_does_not_exist():
    error = refusal(word_file("{{ trich_yeu }}"))
    assert error.code == "undefined"
    assert "trich_yeu" in error.messages[0]
    assert error.messages[0].startswith("Mẫu dùng một chỗ điền không tồn tại")


def test_a_template_cannot_reach_python_internals():
    error = refusal(word_file("{{ subject.__class__.__mro__[1].__subclasses__() }}"))
    assert error.code in ("render", "undefined")


def test_the_default_templates_are_reproducible():
    assert build_template(letter=False) == default_template(DocumentType.REPORT)
    assert build_template(letter=True) == default_template(DocumentType.OFFICIAL_LETTER)
