"""The incident report (Báo cáo) drafted through the document register, the timeline as its annex.

`incident_sections` is pure (plain values in, sections out); `build_incident_sections` reads the
incident. Printed text is Vietnamese by law, whatever the interface language: plain strings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from pckb.core.documents import DocumentType, Section, Table
from pckb.core.register.names import organization_name
from pckb.core.register.sources import register_document_source

from .choices import StepState
from .models import Incident

__all__ = ["IncidentFacts", "incident_sections", "build_incident_sections", "incident_subject", "EXERCISE_MARK"]

EXERCISE_MARK = "DIỄN TẬP"
STATUS_WORDS = {
    "reported": "Mới báo cáo",
    "responding": "Đang xử lý",
    "contained": "Đã kiểm soát",
    "closed": "Đã kết thúc",
}
STEP_WORDS = {
    StepState.PENDING: "Chưa thực hiện",
    StepState.DONE: "Đã thực hiện",
    StepState.NOT_APPLICABLE: "Không áp dụng",
}
EXERCISE_NOTE = f"{EXERCISE_MARK}: đây là báo cáo một tình huống diễn tập, không phải sự việc thực tế."


@dataclass(frozen=True)
class IncidentFacts:
    """What the report prints, as plain values."""

    exercise: bool
    type_name: str
    occurred: datetime.datetime
    reported: datetime.datetime
    place: str
    target: str
    severity: int
    status: str
    reporter: str
    description: str
    summary: str
    steps: tuple[tuple[str, str, str], ...]  # (step, outcome, who and when)
    alerts: tuple[tuple[str, str, str], ...]  # (organisation, sent, acknowledged)
    timeline: tuple[tuple[str, str, str], ...]  # (time, who, what), oldest first


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def incident_sections(facts: IncidentFacts) -> tuple[Section, ...]:
    """I. the situation, II. the initial response and alerts, III. the outcome; annex: the timeline."""
    mark = (EXERCISE_NOTE,) if facts.exercise else ()
    situation = (
        *mark,
        f"Loại tình huống: {facts.type_name}. Mức độ: {facts.severity}/4.",
        f"Thời gian xảy ra: {_when(facts.occurred)}; thời gian báo cáo: {_when(facts.reported)}.",
        f"Địa điểm: {facts.place}." + (f" Mục tiêu trọng điểm: {facts.target}." if facts.target else ""),
        f"Đơn vị báo cáo: {facts.reporter}.",
        *[line for line in facts.description.splitlines() if line.strip()],
    )
    steps = Table(
        headings=("TT", "Nội dung xử lý ban đầu", "Kết quả", "Người thực hiện, thời gian"),
        rows=tuple((str(n), *row) for n, row in enumerate(facts.steps, 1)),
        widths=(1, 8, 3, 5),
    )
    alerts = Table(
        headings=("TT", "Cơ quan, đơn vị được thông báo", "Thời gian gửi", "Xác nhận"),
        rows=tuple((str(n), *row) for n, row in enumerate(facts.alerts, 1)),
        widths=(1, 8, 4, 4),
    )
    outcome = (f"Tình trạng: {facts.status}.", *[line for line in facts.summary.splitlines() if line.strip()])
    annex = Table(
        headings=("TT", "Thời gian", "Người, đơn vị", "Diễn biến"),
        rows=tuple((str(n), *row) for n, row in enumerate(facts.timeline, 1)),
        widths=(1, 3.5, 4.5, 8),
    )
    return (
        Section(heading="Tình hình sự việc", paragraphs=situation),
        Section(heading="Công tác xử lý ban đầu", table=steps),
        Section(heading="Thông báo, xác nhận", table=alerts),
        Section(heading="Kết quả xử lý", paragraphs=outcome),
        Section(heading="Phụ lục: Diễn biến sự việc", table=annex),
    )


def _facts(incident: Incident, on_date: datetime.date | None) -> IncidentFacts:
    from .timeline import timeline_of

    steps = tuple(
        (
            s.text,
            STEP_WORDS.get(s.state, s.state) + (f" ({s.reason})" if s.reason else ""),
            f"{s.done_by or ''} {_when(s.done_at)}".strip(),
        )
        for s in incident.steps.select_related("done_by")
    )
    alerts = tuple(
        (organization_name(a.organization, on_date), _when(a.sent_at), _when(a.acknowledged_at) or "Chưa xác nhận")
        for a in incident.alerts.select_related("organization").order_by("sent_at", "pk")
    )
    timeline = tuple(
        (_when(item.at), ", ".join(p for p in (item.actor, item.organization) if p), item.text)
        for item in reversed(timeline_of(incident))
    )
    place = ", ".join(p for p in (incident.address, incident.admin_unit.name) if p)
    return IncidentFacts(
        exercise=incident.is_exercise,
        type_name=incident.scenario.name,
        occurred=incident.occurred_at,
        reported=incident.reported_at,
        place=place,
        target=incident.target.name if incident.target_id else "",
        severity=incident.severity,
        status=STATUS_WORDS.get(incident.status, incident.status),
        reporter=organization_name(incident.organization, on_date),
        description=incident.description,
        summary=incident.summary,
        steps=steps,
        alerts=alerts,
        timeline=timeline,
    )


def build_incident_sections(incident: Incident, document: Any = None) -> tuple[Section, ...]:
    on_date = getattr(document, "date", None) or timezone.localdate()
    return incident_sections(_facts(incident, on_date))


def incident_subject(incident: Incident, on_date: Any = None) -> str:
    prefix = f"[{EXERCISE_MARK}] " if incident.is_exercise else ""
    return f"{prefix}Kết quả xử lý sự việc: {incident.title}"[:500]


register_document_source(
    Incident,
    doc_type=DocumentType.REPORT,
    build=build_incident_sections,
    subject=incident_subject,
)
