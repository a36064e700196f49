"""The report as a "Báo cáo": the pure context, and a draft issued through the register with its number."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document

from pckb.core.documents import Header
from pckb.core.register.services import (
    do_draft_document,
    do_issue_document,
    do_save_header_settings,
    do_update_document,
)
from pckb.core.workflow import do_transition
from pckb.reports import services
from pckb.reports.exports import AnnexRow, IndicatorRow, format_figure, report_context

from .factories import make_round, make_template

HEADER = Header(body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ", body_symbol="BCĐ", place="Quảng Ninh")


def test_the_pure_context_numbers_sections_and_splits_the_annex_five_indicators_a_table():
    figures = tuple((f"Chỉ tiêu {n}", Decimal(n)) for n in range(7))
    context = report_context(
        header=HEADER,
        subject="Kết quả công tác phòng, chống khủng bố 6 tháng đầu năm 2026",
        sections=[("Công tác lãnh đạo", "Dòng một\n\nDòng hai"), ("Đề xuất", "")],
        indicators=[IndicatorRow("Số lớp tập huấn", "lớp", Decimal("1234.5"), "Tổng hợp")],
        annex=[AnnexRow("Sở Y tế", figures), AnnexRow("Công an tỉnh", figures)],
        annex_caption="Phụ lục",
    )
    assert [s.heading for s in context.sections] == ["Kết quả thực hiện các chỉ tiêu", "Công tác lãnh đạo", "Đề xuất"]
    assert context.sections[0].table.rows[0] == ("1", "Số lớp tập huấn", "lớp", "1.234,5", "Tổng hợp")
    assert context.sections[1].paragraphs == ("Dòng một", "Dòng hai")
    assert context.sections[2].paragraphs == ("Không có nội dung báo cáo.",)
    assert [len(t.headings) for t in context.tables] == [7, 4]  # TT, Đơn vị + 5, then + 2
    assert context.tables[1].rows[1] == ("2", "Công an tỉnh", "5", "6")
    assert format_figure(None) == "–" and format_figure(Decimal(12000)) == "12.000"


@pytest.mark.django_db
def test_a_committees_report_issues_with_its_number_and_the_annex_of_its_units(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    template = make_template(world)
    national = make_round(world, world.root, recipients=[world.a, world.b], template=template)
    own = make_round(world, world.a, recipients=[world.a1], template=template).submissions.get()
    services.do_update_submission(own, actor=world.org_a1_editor, values={"trainings": "7"})
    do_transition(own, "submitted", actor=world.org_a1_editor)
    do_transition(own, "accepted", actor=world.org_a_manager)
    report = national.submissions.get(organization=world.a)
    services.do_apply_rollup(report, actor=world.org_a_editor)
    do_save_header_settings(
        world.a, actor=world.superuser, parent_line="UBND TỈNH A", body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ",
        symbol="BCĐ", place_name="Quảng Ninh",
    )
    draft = do_draft_document(report, actor=world.org_a_manager)
    assert draft.subject == "Kết quả công tác phòng, chống khủng bố 6 tháng đầu năm 2026"
    draft = do_update_document(
        draft, actor=world.org_a_manager, signer_name="Nguyễn Văn An", signer_position="Trưởng ban"
    )
    doc = do_issue_document(draft, actor=world.org_a_manager)
    assert doc.symbol == "01/BC-BCĐ"
    word = Document(io.BytesIO(doc.file.read()))
    cells = [c.text.strip() for t in word.tables for row in t.rows for c in row.cells]
    assert "Lớp tập huấn" in cells and "7" in cells and "Sở Y tế tỉnh A" in cells
    from pckb.reports.exports import submission_docx

    assert submission_docx(report)[:2] == b"PK"  # now the issued file
