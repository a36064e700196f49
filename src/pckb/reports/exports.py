"""A submission as its "Báo cáo" (Decree 30/2020), its indicators as Excel, and the roll-up annex.

`report_context` is pure (plain values in, a DocumentContext out); `build_report_context` reads a
submission and calls it. The register drafts, numbers and issues the document (core.register);
`submission_docx` renders the current text unnumbered for a download before issuing. The text printed
is Vietnamese by law: plain strings here, not gettext.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone

from pckb.core.documents import DocumentContext, DocumentType, Header, Section, Signer, Table
from pckb.core.register.compose import organization_header, render
from pckb.core.register.names import organization_name
from pckb.core.register.sources import register_document_source

from .choices import SubmissionStatus, TemplateKind
from .models import ReportSubmission
from .rollup import Rollup, child_round_for, round_rollup

__all__ = [
    "IndicatorRow",
    "AnnexRow",
    "format_figure",
    "report_context",
    "build_report_context",
    "report_subject",
    "submission_docx",
    "submission_xlsx",
]

INDICATOR_HEADINGS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú")
ANNEX_COLUMNS = 5  # indicators per annex table: a landscape-free A4 page stays readable
STATUS_WORDS = {
    SubmissionStatus.DRAFT: "Chưa nộp",
    SubmissionStatus.SUBMITTED: "Đã nộp",
    SubmissionStatus.RETURNED: "Trả lại",
    SubmissionStatus.RESUBMITTED: "Nộp lại",
    SubmissionStatus.ACCEPTED: "Đã tiếp nhận",
}


@dataclass(frozen=True)
class IndicatorRow:
    label: str
    unit: str
    value: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class AnnexRow:
    unit_name: str
    figures: tuple[tuple[str, Decimal | None], ...]  # (indicator label, value)


def format_figure(value: Decimal | None) -> str:
    """As printed in Vietnamese: 1.234 and 12,5; a dash for a figure not given."""
    if value is None:
        return "–"
    whole = value == value.to_integral_value()
    text = f"{value:,.0f}" if whole else f"{value:,.2f}".rstrip("0")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def annex_tables(annex: list[AnnexRow], caption: str) -> tuple[Table, ...]:
    """Each unit's figures: one row per unit, the indicators ANNEX_COLUMNS at a time (one table each)."""
    if not annex:
        return ()
    labels = [label for label, _value in annex[0].figures]
    tables = []
    for first in range(0, len(labels), ANNEX_COLUMNS):
        group = labels[first : first + ANNEX_COLUMNS]
        rows = tuple(
            (str(n), unit.unit_name, *(format_figure(v) for _l, v in unit.figures[first : first + ANNEX_COLUMNS]))
            for n, unit in enumerate(annex, start=1)
        )
        title = caption if first == 0 else f"{caption} (tiếp theo)"
        tables.append(
            Table(headings=("TT", "Đơn vị", *group), rows=rows, widths=(1, 5, *[2.5] * len(group)), caption=title)
        )
    return tuple(tables)


def report_context(
    *,
    header: Header,
    subject: str,
    sections: Iterable[tuple[str, str]],
    indicators: Iterable[IndicatorRow],
    annex: Iterable[AnnexRow] = (),
    annex_caption: str = "",
    recipients: Sequence[str] = (),
    date: datetime.date | None = None,
) -> DocumentContext:
    """The "Báo cáo": the indicator table first, then the template's sections in order; the roll-up
    annex (each unit's figures) after the body."""
    table = Table(
        headings=INDICATOR_HEADINGS,
        rows=tuple(
            (str(n), row.label, row.unit, format_figure(row.value), row.note)
            for n, row in enumerate(indicators, start=1)
        ),
        widths=(1, 7, 2.5, 2.5, 4),
    )
    body = [Section(heading="Kết quả thực hiện các chỉ tiêu", table=table)] if table.rows else []
    for heading, text in sections:
        paragraphs = tuple(line.strip() for line in (text or "").splitlines() if line.strip())
        body.append(Section(heading=heading, paragraphs=paragraphs or ("Không có nội dung báo cáo.",)))
    tables = annex_tables(list(annex), annex_caption)
    return DocumentContext(
        doc_type=DocumentType.REPORT,
        header=header,
        subject=subject,
        signer=Signer(full_name="", position=""),
        date=date,
        sections=tuple(body),
        tables=tables,
        recipients=tuple(recipients),
    )


def report_subject(sub: ReportSubmission, on_date: Any = None) -> str:
    """ "Kết quả công tác phòng, chống khủng bố 6 tháng đầu năm 2026" (the type prints "BÁO CÁO")."""
    rnd = sub.round
    period = rnd.period_label.strip()
    period = period[:1].lower() + period[1:]  # "Năm 2025" in a list, "… năm 2025" in a sentence
    if rnd.template.kind == TemplateKind.PERIODIC:
        return f"Kết quả công tác phòng, chống khủng bố {period}".strip()
    title = rnd.template.title.strip()
    if title.lower().startswith("báo cáo"):
        title = title[len("Báo cáo") :].strip(" :-")
    return f"{title[:1].upper()}{title[1:]} {period}".strip()


def _note(value: Any) -> str:
    if value.override_reason:
        return value.override_reason
    if value.computed is not None:
        return "Số liệu tổng hợp từ PCKB"
    return ""


def annex_rows(rollup: Rollup) -> list[AnnexRow]:
    """Each recipient's figures (the accepted reports; others are marked in the unit's name)."""
    labels = [(t.indicator.pk, t.indicator.label) for t in rollup.totals]
    result = []
    for row in rollup.rows:
        name = row.name if row.status == SubmissionStatus.ACCEPTED else f"{row.name} ({STATUS_WORDS[row.status]})"
        result.append(AnnexRow(name, tuple((label, row.values.get(pk)) for pk, label in labels)))
    return result


def build_report_context(sub: ReportSubmission, on_date: datetime.date | None = None) -> DocumentContext:
    """The submission's report: its figures and sections, names as at the period's end, and when the unit
    opened its own round for the period, the annex of its recipients' figures."""
    rnd = sub.round
    values = sub.values.select_related("indicator").order_by("indicator__position", "pk")
    child = child_round_for(sub)
    annex, caption = [], ""
    if child is not None:
        annex = annex_rows(round_rollup(child, with_values=True))
        caption = f"Phụ lục: Số liệu của các đơn vị ({child.period_label})"
    texts = list(sub.texts or [])
    sections = [(s["heading"], texts[i] if i < len(texts) else "") for i, s in enumerate(rnd.template.sections)]
    return report_context(
        header=organization_header(sub.organization),
        subject=report_subject(sub),
        sections=sections,
        indicators=[IndicatorRow(v.indicator.label, v.indicator.unit, v.value, _note(v)) for v in values],
        annex=annex,
        annex_caption=caption,
        recipients=(f"{organization_name(rnd.organization, rnd.period_end)} (để báo cáo);",),
        date=on_date,
    )


def submission_docx(sub: ReportSubmission) -> bytes:
    """The issued "Báo cáo" when the register holds one; otherwise the current text, unnumbered."""
    from pckb.core.register.models import OutgoingDocument

    issued = (
        OutgoingDocument.objects.filter(source_id=sub.pk, status="issued", doc_type=DocumentType.REPORT)
        .filter(source_type__app_label="reports", source_type__model="reportsubmission")
        .order_by("-pk")
        .first()
    )
    if issued is not None and issued.file:
        with issued.file.open("rb") as handle:
            return handle.read()
    return render(build_report_context(sub))


def submission_xlsx(sub: ReportSubmission) -> bytes:
    """Sheet "Chỉ tiêu": the figures with their computed values and reasons; sheet "Phụ lục": each
    recipient of the unit's own round for the period, one column per indicator."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws.append(["TT", "Mã", "Chỉ tiêu", "Đơn vị tính", "Giá trị tự động", "Giá trị báo cáo", "Lý do điều chỉnh"])
    values = sub.values.select_related("indicator").order_by("indicator__position", "pk")
    for n, v in enumerate(values, start=1):
        ws.append(
            [n, v.indicator.code, v.indicator.label, v.indicator.unit, _number(v.computed), _number(v.value),
             v.override_reason]
        )
    child = child_round_for(sub)
    if child is not None:
        rollup = round_rollup(child, with_values=True)
        annex = wb.create_sheet("Phụ lục")
        annex.append(["Đơn vị", "Tình trạng", *[t.indicator.label for t in rollup.totals]])
        for row in rollup.rows:
            annex.append(
                [row.name, STATUS_WORDS[row.status], *[_number(row.values.get(t.indicator.pk)) for t in rollup.totals]]
            )
        annex.append(["Tổng (báo cáo đã tiếp nhận)", "", *[_number(t.total) for t in rollup.totals]])
        for cell in annex[1]:
            cell.font = Font(bold=True)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _number(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def export_filename(sub: ReportSubmission, ext: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d")
    return f"bao-cao-{sub.round_id}-{sub.organization.code or sub.organization_id}-{stamp}.{ext}"


register_document_source(
    ReportSubmission,
    doc_type=DocumentType.REPORT,
    build=lambda sub, document: build_report_context(sub, document.date),
    subject=report_subject,
)
