"""Open each generated .docx with python-docx and check the Decree 30/2020 layout (no database)."""

import dataclasses
import io
import re

import pytest
from docx import Document
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from pckb.core.documents import (
    DocumentType,
    Section,
    Table,
    render_document,
    sample_context,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def render(doc_type=DocumentType.PLAN, **changes):
    context = sample_context(doc_type, number=changes.pop("number", 1), secrecy=changes.pop("secrecy", "MẬT"))
    return open_docx(render_document(dataclasses.replace(context, **changes)))


def all_paragraphs(doc):
    """Body paragraphs and the paragraphs of every table cell, in order."""
    for element in doc.element.body.iter(f"{W}p"):
        yield Paragraph(element, doc._body)


def texts(doc) -> list[str]:
    return [p.text.strip() for p in all_paragraphs(doc) if p.text.strip()]


def paragraph_with(doc, text: str):
    return next(p for p in all_paragraphs(doc) if text in p.text)


def visible_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def test_the_page_is_a4_with_decree_30_margins():
    section = render().sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) - Mm(0.1) <= section.top_margin <= Mm(25) + Mm(0.1)
    assert Mm(20) - Mm(0.1) <= section.bottom_margin <= Mm(25) + Mm(0.1)
    assert Mm(30) - Mm(0.1) <= section.left_margin <= Mm(35) + Mm(0.1)
    assert Mm(15) - Mm(0.1) <= section.right_margin <= Mm(20) + Mm(0.1)


def test_every_font_is_times_new_roman_and_the_body_is_13_to_14_pt():
    doc = render()
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)
    defaults = doc.styles.element.find(f"{W}docDefaults")
    header = doc.sections[0].header._element
    fonts = set()
    for part in (defaults, normal.element, doc.element.body, header):
        for element in part.iter(f"{W}rFonts"):
            assert not any("Theme" in key or "theme" in key for key in element.attrib)
            fonts.update(element.attrib.values())
    assert fonts == {"Times New Roman"}
    # No paragraph or run names another style that could bring its own font.
    for part in (doc.element.body, header):
        styles = {el.get(f"{W}val") for el in part.iter(f"{W}pStyle", f"{W}rStyle")}
        assert styles <= {"Normal", "Header"}


def test_the_header_table_names_the_body_and_the_national_motto():
    doc = render()
    left, right = (cell.text for cell in doc.tables[0].rows[0].cells)
    assert "UBND TỈNH BẮC NINH" in left
    assert "BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    body = paragraph_with(doc, "BAN CHỈ ĐẠO PHÒNG")
    assert all(r.bold for r in visible_runs(body))
    parent = paragraph_with(doc, "UBND TỈNH BẮC NINH")
    assert not any(r.bold for r in visible_runs(parent))
    # The rules under the body and the motto are drawn as borders, not underlined text.
    cell_xml = doc.tables[0].rows[0].cells[0]._tc.xml + doc.tables[0].rows[0].cells[1]._tc.xml
    assert cell_xml.count("<w:bottom ") == 2
    assert "<w:u " not in doc.element.xml


def test_a_lower_case_body_name_is_printed_in_capitals():
    context = sample_context(DocumentType.REPORT)
    header = dataclasses.replace(context.header, body_name="Ban Chỉ đạo phòng, chống khủng bố")
    doc = open_docx(render_document(dataclasses.replace(context, header=header)))
    assert "BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ" in doc.tables[0].rows[0].cells[0].text


def test_the_number_line_and_the_italic_date_line_sit_under_the_header():
    doc = render(DocumentType.PLAN, number=1)
    left, right = (cell.text for cell in doc.tables[0].rows[1].cells)
    assert "Số: 01/KH-BCĐ" in left
    assert "Bắc Ninh, ngày 05 tháng 02 năm 2026" in right
    date = paragraph_with(doc, "ngày 05 tháng 02")
    assert all(r.italic for r in visible_runs(date))


def test_a_draft_shows_blanks_for_its_number_and_date():
    doc = render(DocumentType.PLAN, number=None, date=None)
    left, right = (cell.text for cell in doc.tables[0].rows[1].cells)
    assert re.search(r"Số:\s+/KH-BCĐ", left)
    assert not re.search(r"\d", right)


def test_the_type_name_and_subject_are_bold_and_centred():
    doc = render(DocumentType.PLAN)
    name = paragraph_with(doc, "KẾ HOẠCH")
    subject = paragraph_with(doc, "Triển khai công tác phòng, chống khủng bố năm 2026")
    for paragraph in (name, subject):
        assert paragraph.alignment == 1  # centred
        assert all(r.bold for r in visible_runs(paragraph))


def test_the_recipients_and_the_signature_share_the_last_table():
    doc = render(DocumentType.PLAN)
    recipients, signature = doc.tables[-1].rows[0].cells
    heading = recipients.paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert all(r.bold and r.italic and r.font.size == Pt(12) for r in visible_runs(heading))
    lines = [p.text for p in recipients.paragraphs[1:] if p.text.strip()]
    assert lines[0] == "- Thành viên Ban Chỉ đạo;"
    assert lines[-1] == "- Lưu: VT, VPTT."
    assert all(r.font.size == Pt(11) for p in recipients.paragraphs[1:] for r in visible_runs(p))
    signed = [p.text for p in signature.paragraphs if p.text.strip()]
    assert signed == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Văn An"]
    name = next(p for p in signature.paragraphs if p.text == "Nguyễn Văn An")
    assert all(r.bold for r in visible_runs(name))


def test_page_numbers_start_on_page_two():
    section = render().sections[0]
    assert section.different_first_page_header_footer
    assert re.search(r"<w:instrText[^>]*> ?PAGE ?</w:instrText>", section.header._element.xml)
    assert "PAGE" not in section.first_page_header._element.xml


def test_a_confidential_document_carries_its_secrecy_mark_and_an_unclassified_one_none():
    secret = texts(render(secrecy="TỐI MẬT"))
    assert "TỐI MẬT" in secret
    confidential = render(secrecy="MẬT")
    assert "MẬT" in texts(confidential)
    mark = paragraph_with(confidential, "MẬT")
    assert all(r.bold for r in visible_runs(mark))
    assert "<w:bdr " in mark._p.xml  # printed in a box
    unclassified = texts(render(secrecy=""))
    assert not [t for t in unclassified if "MẬT" in t]


def test_the_urgency_mark_is_printed_only_when_set():
    assert "KHẨN" in texts(render())
    assert "KHẨN" not in texts(render(urgency=""))


@pytest.mark.parametrize("doc_type", list(DocumentType))
def test_every_document_type_renders(doc_type):
    doc = open_docx(render_document(sample_context(doc_type)))
    lines = texts(doc)
    if doc_type.has_title:
        assert doc_type.printed_name in lines
    else:
        assert any(t.startswith("V/v ") for t in lines)
        assert "Kính gửi:" in lines
    assert any(t.startswith("Số: 07/") for t in lines)
    assert lines[-1] == sample_context(doc_type).signer.full_name


def test_a_decision_prints_its_legal_bases_and_articles():
    lines = texts(render(DocumentType.DECISION))
    assert "QUYẾT ĐỊNH:" in lines
    assert "Căn cứ Luật Phòng, chống khủng bố ngày 12 tháng 6 năm 2013;" in lines
    assert any(t.startswith("Điều 1. Kiện toàn") for t in lines)


def test_a_body_table_repeats_its_heading_row_on_every_page():
    doc = render(DocumentType.PLAN)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "TT")
    assert [c.text for c in table.rows[0].cells][1] == "Nội dung nhiệm vụ"
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert table.rows[1].cells[2].text == "Công an tỉnh"


def test_text_with_markup_characters_and_control_characters_is_printed_as_typed():
    subject = 'Kiểm tra "A & B" <khẩn>\x0b tại xã'
    table = Table(headings=("A", "B"), rows=(("x < y & z", "\x01ok"),))
    doc = render(subject=subject, sections=(Section(heading="Mục <một>", paragraphs=("a & b",), table=table),))
    lines = texts(doc)
    assert 'Kiểm tra "A & B" <khẩn> tại xã' in lines
    assert "I. MỤC <MỘT>" in lines
    assert "x < y & z" in lines and "ok" in lines


def test_a_500_row_table_keeps_every_row_and_one_repeated_heading_row():
    rows = tuple((str(n), f"Nhiệm vụ {n}", "Công an tỉnh") for n in range(1, 501))
    table = Table(headings=("TT", "Nội dung", "Đơn vị chủ trì"), rows=rows, widths=(1, 8, 4))
    doc = render(tables=(table,))
    rendered = next(t for t in doc.tables if t.rows[0].cells[1].text == "Nội dung")
    assert len(rendered.rows) == 501
    assert rendered.rows[500].cells[1].text == "Nhiệm vụ 500"
    assert sum(r._tr.find(f"{W}trPr/{W}tblHeader") is not None for r in rendered.rows) == 1
