"""The pure Decree 30/2020 formatting rules of pckb.core.documents (no database)."""

import datetime

import pytest

from pckb.core.choices import Classification
from pckb.core.documents import (
    Authority,
    DocumentType,
    Signer,
    Table,
    Urgency,
    default_recipients,
    format_date_line,
    format_symbol,
    recipient_lines,
    sample_context,
    secrecy_mark,
)
from pckb.core.documents.render import template_data


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2026, 2, 5), "Bắc Ninh, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 6, 7), "Bắc Ninh, ngày 07 tháng 6 năm 2026"),
        (datetime.date(2026, 1, 1), "Bắc Ninh, ngày 01 tháng 01 năm 2026"),
        (datetime.date(2026, 1, 31), "Bắc Ninh, ngày 31 tháng 01 năm 2026"),
        (datetime.date(2028, 2, 29), "Bắc Ninh, ngày 29 tháng 02 năm 2028"),
        (datetime.date(2026, 3, 9), "Bắc Ninh, ngày 09 tháng 3 năm 2026"),
        (datetime.date(2026, 3, 10), "Bắc Ninh, ngày 10 tháng 3 năm 2026"),
        (datetime.date(2026, 9, 30), "Bắc Ninh, ngày 30 tháng 9 năm 2026"),
        (datetime.date(2026, 10, 1), "Bắc Ninh, ngày 01 tháng 10 năm 2026"),
        (datetime.date(2026, 12, 31), "Bắc Ninh, ngày 31 tháng 12 năm 2026"),
        (datetime.date(2025, 11, 20), "Bắc Ninh, ngày 20 tháng 11 năm 2025"),
    ],
)
def test_it_writes_the_date_line_with_the_leading_zero_rules(date, expected):
    assert format_date_line("Bắc Ninh", date) == expected


def test_it_leaves_blanks_in_the_date_line_of_an_undated_draft():
    line = format_date_line("Hà Nội", None)
    assert line.startswith("Hà Nội, ngày")
    assert "tháng" in line and "năm" in line
    assert not any(ch.isdigit() for ch in line)


@pytest.mark.parametrize(
    ("number", "doc_type", "body", "unit", "expected"),
    [
        (7, DocumentType.REPORT, "BCĐ", "", "07/BC-BCĐ"),
        (1, DocumentType.PLAN, "BCĐ", "", "01/KH-BCĐ"),
        (9, DocumentType.DECISION, "BCĐPCKB", "", "09/QĐ-BCĐPCKB"),
        (10, DocumentType.NOTICE, "BCĐ", "", "10/TB-BCĐ"),
        (123, DocumentType.SUBMISSION, "BCĐ", "", "123/TTr-BCĐ"),
        (5, DocumentType.PROGRAMME, "BCĐ", "", "05/CTr-BCĐ"),
        (2, DocumentType.DISPATCH, "BCĐ", "", "02/CĐ-BCĐ"),
        (123, DocumentType.OFFICIAL_LETTER, "BCĐ", "VPTT", "123/BCĐ-VPTT"),
        (4, DocumentType.OFFICIAL_LETTER, "BCĐ", "", "04/BCĐ"),
        (4, "GM", "BCĐ", "", "04/GM-BCĐ"),
    ],
)
def test_it_formats_the_number_and_symbol(number, doc_type, body, unit, expected):
    assert format_symbol(number, doc_type, body, unit) == expected


def test_a_draft_symbol_keeps_a_blank_for_the_number():
    symbol = format_symbol(None, DocumentType.PLAN, "BCĐ")
    assert symbol.endswith("/KH-BCĐ")
    assert not any(ch.isdigit() for ch in symbol)


def test_it_refuses_a_number_below_one():
    with pytest.raises(ValueError):
        format_symbol(0, DocumentType.PLAN, "BCĐ")


def test_the_secrecy_mark_follows_the_classification():
    assert secrecy_mark(Classification.UNCLASSIFIED) == ""
    assert secrecy_mark(Classification.CONFIDENTIAL) == "MẬT"
    assert secrecy_mark(Classification.SECRET) == "TỐI MẬT"
    assert secrecy_mark(2) == "TỐI MẬT"
    assert secrecy_mark(None) == ""


def test_every_type_has_a_printed_name_except_the_official_letter():
    for doc_type in DocumentType:
        assert doc_type.has_title == (doc_type != DocumentType.OFFICIAL_LETTER)
        assert doc_type.printed_name == doc_type.printed_name.upper()
    assert DocumentType.PLAN.printed_name == "KẾ HOẠCH"
    assert DocumentType.DECISION.abbreviation == "QĐ"


def test_recipient_lines_end_with_the_archive_line():
    lines = recipient_lines(["Thành viên Ban Chỉ đạo", "Công an tỉnh;", " "], "VT, VPTT")
    assert lines == ["- Thành viên Ban Chỉ đạo;", "- Công an tỉnh;", "- Lưu: VT, VPTT."]
    for doc_type in DocumentType:
        assert default_recipients(doc_type)


def test_the_authority_line_joins_the_authority_words_and_the_body():
    assert Signer("A", "Trưởng ban", Authority.ON_BEHALF, "Ban Chỉ đạo").authority_line == "TM. BAN CHỈ ĐẠO"
    assert Signer("A", "Phó Trưởng ban", "KT.", "Trưởng ban").authority_line == "KT. TRƯỞNG BAN"
    assert Signer("A", "Trưởng ban").authority_line == ""


def test_urgency_marks_are_printed_in_capitals():
    assert Urgency.NORMAL.mark == ""
    assert Urgency.VERY_URGENT.mark == "THƯỢNG KHẨN"


def test_a_table_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(ValueError):
        Table(headings=("A", "B"), rows=(("1",),))
    with pytest.raises(ValueError):
        Table(headings=("A", "B"), rows=(), widths=(1,))


def test_sections_are_numbered_the_vietnamese_way():
    labels = [(b["kind"], b["label"]) for b in template_data(sample_context(DocumentType.PLAN))["blocks"] if b["label"]]
    assert labels == [
        ("heading", "I."),
        ("heading", "1."),
        ("heading", "2."),
        ("item", "a)"),
        ("item", "b)"),
        ("heading", "II."),
        ("heading", "III."),
    ]
    articles = [b["label"] for b in template_data(sample_context(DocumentType.DECISION))["blocks"] if b["label"]]
    assert articles == ["Điều 1.", "Điều 2.", "Điều 3."]


def test_an_official_letter_subject_starts_with_vv_once():
    data = template_data(sample_context(DocumentType.OFFICIAL_LETTER))
    assert data["letter_subject"].startswith("V/v Báo cáo")
    assert not data["letter_subject"].startswith("V/v V/v")
