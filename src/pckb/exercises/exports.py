"""An exercise's two documents: the after-action report (Báo cáo) and the improvement plan (Kế hoạch).

The pure functions take plain values and return the body's sections; the builders read an exercise.
The register drafts, numbers and renders (core.register); the printed text is Vietnamese by law.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from pckb.core.documents import DocumentType, Section, Table
from pckb.core.register.names import organization_name
from pckb.core.register.sources import register_document_source

from .models import Exercise
from .services import improvement_items

__all__ = [
    "ObjectiveRow",
    "ItemRow",
    "after_action_sections",
    "improvement_plan_sections",
    "build_after_action_report",
    "build_improvement_plan",
]

# The printed scale (Vietnamese on paper whatever the interface language).
RATING_TEXT = {
    "P": "Thực hiện tốt, không có khó khăn",
    "S": "Thực hiện được, còn một số khó khăn",
    "M": "Thực hiện được, còn nhiều khó khăn",
    "U": "Không thực hiện được",
}
KIND_TEXT = {
    "tabletop": "Diễn tập phần cơ chế",
    "functional": "Diễn tập chức năng",
    "full_scale": "Diễn tập thực binh",
    "initial_response": "Diễn tập xử lý ban đầu",
}


@dataclass(frozen=True)
class ObjectiveRow:
    description: str
    rating: str
    observation: str = ""


@dataclass(frozen=True)
class ItemRow:
    content: str
    owner: str
    deadline: datetime.date | None
    status: str = ""


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def after_action_sections(
    *,
    title: str,
    kind: str,
    date: datetime.date,
    place: str,
    lead: str,
    target: str,
    scenario: str,
    participants: Iterable[tuple[str, int]],
    objectives: Iterable[ObjectiveRow],
    strengths: str,
    areas: str,
) -> tuple[Section, ...]:
    """I. overview, II. participants, III. results per objective, IV. strengths, V. areas for improvement."""
    participants = list(participants)
    overview = [
        f"Tên cuộc diễn tập: {title}.",
        f"Hình thức: {KIND_TEXT.get(kind, kind)}.",
        f"Thời gian: {_date(date)}; địa điểm: {place or 'theo kế hoạch'}.",
        f"Đơn vị chủ trì: {lead}.",
    ]
    if target:
        overview.append(f"Mục tiêu trọng điểm: {target}.")
    if scenario:
        overview.append(f"Tình huống giả định: {scenario}.")
    people = sum(count for _name, count in participants)
    forces = Table(
        headings=("TT", "Cơ quan, đơn vị tham gia", "Lực lượng (người)"),
        rows=tuple((str(n), name, str(count)) for n, (name, count) in enumerate(participants, start=1)),
        widths=(1, 8, 3),
    )
    results = Table(
        headings=("TT", "Mục tiêu diễn tập", "Kết quả đánh giá", "Nhận xét"),
        rows=tuple(
            (str(n), o.description, RATING_TEXT.get(o.rating, "Chưa đánh giá"), o.observation)
            for n, o in enumerate(objectives, start=1)
        ),
        widths=(1, 6, 4, 5),
    )
    return (
        Section(heading="Khái quát cuộc diễn tập", paragraphs=tuple(overview)),
        Section(
            heading="Lực lượng tham gia",
            paragraphs=(f"Tổng số {len(participants)} cơ quan, đơn vị với {people} người tham gia.",),
            table=forces if participants else None,
        ),
        Section(heading="Kết quả thực hiện các mục tiêu", table=results),
        Section(heading="Ưu điểm", paragraphs=_lines(strengths) or ("Chưa ghi nhận.",)),
        Section(heading="Tồn tại, hạn chế cần khắc phục", paragraphs=_lines(areas) or ("Chưa ghi nhận.",)),
    )


def improvement_plan_sections(*, title: str, items: Iterable[ItemRow]) -> tuple[Section, ...]:
    """I. purpose, II. the improvement items (table), III. organisation of the follow-up."""
    table = Table(
        headings=("TT", "Nội dung khắc phục", "Đơn vị chủ trì", "Thời hạn"),
        rows=tuple((str(n), i.content, i.owner, _date(i.deadline)) for n, i in enumerate(items, start=1)),
        widths=(1, 8, 4, 2.5),
    )
    return (
        Section(
            heading="Mục đích, yêu cầu",
            paragraphs=(
                f"Khắc phục những tồn tại, hạn chế được chỉ ra qua {title}; nâng cao khả năng sẵn sàng "
                "xử lý tình huống khủng bố của các lực lượng.",
            ),
        ),
        Section(heading="Nội dung khắc phục", table=table),
        Section(
            heading="Tổ chức thực hiện",
            paragraphs=(
                "Các cơ quan, đơn vị được giao chủ động thực hiện, báo cáo kết quả về Văn phòng thường trực "
                "đúng thời hạn; kết quả khắc phục được kiểm tra lại trong lần diễn tập tiếp theo.",
            ),
        ),
    )


def build_after_action_report(exercise: Exercise, document: Any = None) -> tuple[Section, ...]:
    on_date = getattr(document, "date", None) or exercise.evaluated_on or timezone.localdate()
    return after_action_sections(
        title=exercise.title,
        kind=exercise.kind,
        date=exercise.date,
        place=exercise.place,
        lead=organization_name(exercise.organization, on_date),
        target=exercise.target.name if exercise.target_id else "",
        scenario=exercise.scenario.name if exercise.scenario_id else "",
        participants=[
            (organization_name(p.organization, on_date), p.force_count)
            for p in exercise.participations.select_related("organization").order_by("pk")
        ],
        objectives=[ObjectiveRow(o.description, o.rating, o.observation) for o in exercise.objectives.all()],
        strengths=exercise.strengths,
        areas=exercise.areas_for_improvement,
    )


def build_improvement_plan(exercise: Exercise, document: Any = None) -> tuple[Section, ...]:
    on_date = getattr(document, "date", None) or timezone.localdate()
    rows = [
        ItemRow(task.title, organization_name(task.assignee, on_date), task.deadline)
        for task in improvement_items(exercise).exclude(status="cancelled")
    ]
    return improvement_plan_sections(title=exercise.title, items=rows)


def report_subject(exercise: Exercise, on_date: Any = None) -> str:
    return f"Kết quả {exercise.title[:1].lower()}{exercise.title[1:]}"


def plan_subject(exercise: Exercise, on_date: Any = None) -> str:
    return f"Khắc phục tồn tại, hạn chế qua {exercise.title[:1].lower()}{exercise.title[1:]}"


register_document_source(
    Exercise, doc_type=DocumentType.REPORT, build=build_after_action_report, subject=report_subject
)
register_document_source(Exercise, doc_type=DocumentType.PLAN, build=build_improvement_plan, subject=plan_subject)
