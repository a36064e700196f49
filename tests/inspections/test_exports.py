"""The inspection's documents: the pure conclusion sections, the builders, the proposed signer and
recipients, and an issued conclusion opened with python-docx."""

from __future__ import annotations

import datetime
from io import BytesIO

import docx
import pytest

from pckb.core.register.services import do_draft_document
from pckb.inspections.exports import FindingRow, UnitResult, build_conclusion, build_decision, conclusion_sections

from .factories import concluded, issued_conclusion, make_inspection, second_unit

pytestmark = pytest.mark.django_db


def test_the_conclusion_lists_results_strengths_findings_and_requirements():
    sections = conclusion_sections(
        intro="Mở đầu",
        results=[UnitResult("Sở Y tế", "80.0", "Khá")],
        strengths=["Quán triệt tốt", " "],
        findings=[FindingRow("Sở Y tế", "Cao", "Chưa diễn tập", "Tổ chức diễn tập", datetime.date(2026, 5, 1))],
        requirements=["Báo cáo kết quả"],
    )
    assert [s.heading for s in sections] == [
        "Kết quả kiểm tra", "Ưu điểm", "Tồn tại, hạn chế và kiến nghị khắc phục", "Yêu cầu"]
    assert sections[0].table.rows == (("1", "Sở Y tế", "80.0", "Khá"),)
    assert sections[1].paragraphs == ("Quán triệt tốt",)
    assert sections[2].table.rows[0][-1] == "01/05/2026"
    assert sections[3].paragraphs[0] == "Báo cáo kết quả"


def test_without_findings_the_conclusion_says_so():
    sections = conclusion_sections(intro="", results=[], strengths=[], findings=[], requirements=[])
    assert sections[2].table is None and "không phát hiện" in sections[2].paragraphs[0]


def test_the_builders_read_the_units_scores_and_team(world):
    inspection = concluded(world, findings=1)
    sections = build_conclusion(inspection)
    assert sections[0].table.rows[0][1:3] == ("Sở Y tế tỉnh A", "100.0")
    assert "chưa được rà soát" in sections[2].table.rows[0][3]
    decision = build_decision(make_inspection(world, units=[world.a1, second_unit(world)], team_members="Lê Văn C"))
    assert decision.enacting_words == "QUYẾT ĐỊNH:"
    assert decision.sections[0].paragraphs[1] == "2. Lê Văn C – Thành viên"


def test_the_conclusion_draft_proposes_the_team_head_and_the_recipients(world):
    inspection = concluded(world)
    draft = do_draft_document(inspection, actor=world.org_a_editor, doc_type="TB")
    assert draft.signer_name == "Nguyễn Văn Hùng"
    assert "Sở Y tế tỉnh A" in draft.recipients and "Ban Chỉ đạo PCKB Quốc gia (để báo cáo)" in draft.recipients


def test_an_issued_conclusion_opens_with_its_table(world):
    document = issued_conclusion(world, concluded(world))
    text = [cell.text for table in docx.Document(BytesIO(document.file.read())).tables for row in table.rows
            for cell in row.cells]
    assert "Sở Y tế tỉnh A" in text and any("Số: 01/TB-BCĐ" in t for t in text)
