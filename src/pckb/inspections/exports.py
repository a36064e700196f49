"""An inspection's documents: the decision setting up the team (QĐ) and the conclusion notice (TB),
and its assessment table as Excel.

The pure functions (`decision_context`, `conclusion_sections`) take plain values; the builders read
the mission and call them. The register numbers, renders and stores the documents (core.register).
Printed text is Vietnamese by law: plain strings, not gettext.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from pckb.core.documents import DocumentContext, DocumentType, Section, Signer, Table
from pckb.core.exports import xlsx_response
from pckb.core.register.compose import organization_header
from pckb.core.register.names import organization_name
from pckb.core.register.sources import register_document_source

from .models import Assessment, AssessmentAnswer, Finding, Inspection

__all__ = [
    "UnitResult",
    "FindingRow",
    "decision_context",
    "conclusion_sections",
    "build_decision",
    "build_conclusion",
    "assessment_workbook_response",
]

SEVERITY = {"high": "Cao", "medium": "Trung bình", "low": "Thấp"}
ANSWER = {"met": "Đạt", "partly": "Đạt một phần", "not_met": "Không đạt", "na": "Không áp dụng", "": ""}


@dataclass(frozen=True)
class UnitResult:
    """One inspected unit's line of the conclusion."""

    name: str
    score: str
    summary: str


@dataclass(frozen=True)
class FindingRow:
    unit: str
    severity: str
    description: str
    recommendation: str
    deadline: datetime.date | None


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"từ ngày {_date(start)} đến ngày {_date(end)}"
    return _date(start or end)


def decision_context(
    *,
    header: Any,
    body_name: str,
    subject: str,
    team: Sequence[str],
    units: Sequence[str],
    period: str,
    visit: str,
    date: datetime.date | None = None,
) -> DocumentContext:
    """ "Quyết định thành lập Đoàn kiểm tra": Điều 1 the team, Điều 2 its task, Điều 3 enforcement."""
    unit_list = ", ".join(units)
    return DocumentContext(
        doc_type=DocumentType.DECISION,
        header=header,
        subject=subject,
        signer=Signer(full_name="", position=""),
        date=date,
        authority_heading=f"Trưởng {body_name}",
        preamble=(
            "Căn cứ Luật Phòng, chống khủng bố ngày 12 tháng 6 năm 2013;",
            f"Căn cứ Quy chế hoạt động của {body_name};",
            "Theo đề nghị của Cơ quan Thường trực Ban Chỉ đạo.",
        ),
        enacting_words="QUYẾT ĐỊNH:",
        sections=(
            Section(heading="Thành lập Đoàn kiểm tra công tác phòng, chống khủng bố, gồm các ông (bà) có tên sau:",
                    paragraphs=tuple(f"{n}. {line}" for n, line in enumerate(team, start=1))),
            Section(
                heading=(
                    f"Đoàn kiểm tra có nhiệm vụ kiểm tra việc thực hiện công tác phòng, chống khủng bố tại: "
                    f"{unit_list}; thời kỳ kiểm tra {period}; thời gian kiểm tra {visit}. Đoàn kiểm tra "
                    "tự giải thể sau khi hoàn thành nhiệm vụ."
                )
            ),
            Section(
                heading=(
                    "Quyết định này có hiệu lực kể từ ngày ký. Các ông (bà) có tên tại Điều 1 và các đơn vị "
                    "được kiểm tra chịu trách nhiệm thi hành Quyết định này."
                )
            ),
        ),
    )


def conclusion_sections(
    *,
    intro: str,
    results: Iterable[UnitResult],
    strengths: Iterable[str],
    findings: Iterable[FindingRow],
    requirements: Iterable[str],
) -> tuple[Section, ...]:
    """ "Thông báo kết luận kiểm tra": I. results per unit, II. strengths, III. findings, IV. requirements."""
    results = list(results)
    score_table = Table(
        headings=("TT", "Đơn vị được kiểm tra", "Điểm (0–100)", "Nhận xét chung"),
        rows=tuple((str(n), r.name, r.score, r.summary) for n, r in enumerate(results, start=1)),
        widths=(1, 6, 2.5, 7),
    )
    finding_rows = tuple(
        (str(n), f.unit, f.severity, f.description, f.recommendation, _date(f.deadline))
        for n, f in enumerate(findings, start=1)
    )
    strengths = tuple(s.strip() for s in strengths if s.strip()) or (
        "Các đơn vị được kiểm tra đã quan tâm triển khai công tác phòng, chống khủng bố theo chỉ đạo của cấp trên.",
    )
    requirements = tuple(r.strip() for r in requirements if r.strip())
    closing = (
        "Các đơn vị được kiểm tra khắc phục các tồn tại, hạn chế nêu trên đúng thời hạn và báo cáo kết quả "
        "về Cơ quan Thường trực Ban Chỉ đạo.",
    )
    return (
        Section(heading="Kết quả kiểm tra", paragraphs=(intro,), table=score_table),
        Section(heading="Ưu điểm", paragraphs=strengths),
        Section(
            heading="Tồn tại, hạn chế và kiến nghị khắc phục",
            paragraphs=() if finding_rows else ("Đoàn kiểm tra không phát hiện tồn tại, hạn chế cần khắc phục.",),
            table=Table(
                headings=("TT", "Đơn vị", "Mức độ", "Tồn tại, hạn chế", "Yêu cầu khắc phục", "Thời hạn"),
                rows=finding_rows,
                widths=(1, 3, 2, 4.5, 4.5, 2),
            )
            if finding_rows
            else None,
        ),
        Section(heading="Yêu cầu", paragraphs=requirements + closing),
    )


def inspection_subject(inspection: Inspection, on_date: Any = None) -> str:
    return f"Kết luận kiểm tra công tác phòng, chống khủng bố: {inspection.title}"


def decision_subject(inspection: Inspection, on_date: Any = None) -> str:
    return "Thành lập Đoàn kiểm tra công tác phòng, chống khủng bố"


def _units(inspection: Inspection, on_date: datetime.date) -> list[Any]:
    return list(inspection.inspected.order_by("path"))


def build_decision(inspection: Inspection, on_date: datetime.date | None = None) -> DocumentContext:
    on_date = on_date or inspection.decision_date or timezone.localdate()
    head = ", ".join(p for p in (inspection.team_head, inspection.team_head_title) if p) + " – Trưởng đoàn"
    team = [head, *(f"{line} – Thành viên" for line in inspection.team_member_lines())]
    return decision_context(
        header=organization_header(inspection.organization),
        body_name=organization_name(inspection.organization, on_date),
        subject=decision_subject(inspection),
        team=team,
        units=[organization_name(org, on_date) for org in _units(inspection, on_date)],
        period=_period(inspection.period_from, inspection.period_to) or "năm " + str(inspection.visit_from.year),
        visit=_period(inspection.visit_from, inspection.visit_to),
        date=on_date,
    )


def build_conclusion(inspection: Inspection, on_date: datetime.date | None = None) -> tuple[Section, ...]:
    """The conclusion's sections: every unit's score and summary, every finding, in unit order."""
    on_date = on_date or inspection.concluded_on or timezone.localdate()
    assessments = list(
        Assessment.objects.filter(inspection=inspection).select_related("inspected").order_by("inspected__path")
    )
    findings = (
        Finding.objects.filter(assessment__inspection=inspection)
        .select_related("assessment__inspected")
        .order_by("assessment__inspected__path", "id")
    )
    decision = (
        f"Quyết định số {inspection.decision_number} ngày {_date(inspection.decision_date)}"
        if inspection.decision_number
        else "Quyết định"
    )
    intro = (
        f"Thực hiện {decision} của {organization_name(inspection.organization, on_date)}, Đoàn kiểm tra đã "
        f"kiểm tra công tác phòng, chống khủng bố {_period(inspection.visit_from, inspection.visit_to)}. "
        "Kết quả chấm điểm theo bộ tiêu chí như sau:"
    )
    return conclusion_sections(
        intro=intro,
        results=[
            UnitResult(organization_name(a.inspected, on_date), "" if a.score is None else f"{a.score:.1f}",
                       a.summary)
            for a in assessments
        ],
        strengths=inspection.strengths.splitlines(),
        findings=[
            FindingRow(
                organization_name(f.assessment.inspected, on_date),
                SEVERITY.get(f.severity, f.severity),
                f.description,
                f.recommendation,
                f.task.deadline if f.task_id else f.deadline,
            )
            for f in findings.select_related("task")
        ],
        requirements=inspection.requirements.splitlines(),
    )


def conclusion_defaults(inspection: Inspection) -> dict[str, Any]:
    """Signed by the team head; sent to the inspected units and the committee above the inspecting one."""
    today = timezone.localdate()
    lines = [organization_name(org, today) for org in _units(inspection, today)]
    parent = inspection.organization.parent
    if parent is not None:
        lines.append(f"{organization_name(parent, today)} (để báo cáo)")
    lines.append("Thành viên Đoàn kiểm tra")
    return {
        "recipients": "\n".join(f"- {line};" for line in lines),
        "signer_name": inspection.team_head,
        "signer_position": inspection.team_head_title or "Trưởng đoàn kiểm tra",
    }


def decision_defaults(inspection: Inspection) -> dict[str, Any]:
    today = timezone.localdate()
    lines = ["Như Điều 3", *(organization_name(org, today) for org in _units(inspection, today))]
    return {"recipients": "\n".join(f"- {line};" for line in lines)}


register_document_source(
    Inspection,
    doc_type=DocumentType.DECISION,
    build=lambda inspection, document: build_decision(inspection, document.date),
    subject=decision_subject,
    defaults=decision_defaults,
)
register_document_source(
    Inspection,
    doc_type=DocumentType.NOTICE,
    build=lambda inspection, document: build_conclusion(inspection, document.date),
    subject=inspection_subject,
    defaults=conclusion_defaults,
)


def assessment_rows(inspection: Inspection, user: Any) -> tuple[list[str], list[list[Any]]]:
    """Criteria down, the units the user may read across (answer and note), the scores last."""
    assessments = list(
        Assessment.objects.visible_to(user).filter(inspection=inspection).select_related("inspected").order_by(
            "inspected__path")
    )
    answers = {
        (a.assessment_id, a.criterion_id): a
        for a in AssessmentAnswer.objects.filter(assessment__in=assessments)
    }
    headers = ["TT", "Nhóm", "Tiêu chí", "Trọng số"]
    for a in assessments:
        name = organization_name(a.inspected, inspection.visit_from)
        headers += [name, f"{name} – ghi chú"]
    rows: list[list[Any]] = []
    for c in inspection.checklist.criteria.all():
        row: list[Any] = [c.number, c.group, c.text, float(c.weight)]
        for a in assessments:
            answer = answers.get((a.pk, c.pk))
            row += [ANSWER.get(answer.answer, "") if answer else "—", answer.note if answer else ""]
        rows.append(row)
    rows.append(["", "", "Điểm (0–100)", ""] + sum(([float(a.score) if a.score is not None else "", ""]
                                                     for a in assessments), []))
    return headers, rows


def assessment_workbook_response(inspection: Inspection, user: Any) -> HttpResponse:
    headers, rows = assessment_rows(inspection, user)
    return xlsx_response(f"kiem-tra-{inspection.pk}-bang-cham-diem", headers, rows, title="Bảng chấm điểm")
