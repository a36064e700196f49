"""A plan as its "Kế hoạch" (Decree 30/2020): purpose and requirements, the tasks as the body table.

`plan_context` is pure (plain values in, a DocumentContext out); `build_plan_context` reads a plan
and its tasks and calls it. The register drafts and issues the document (core.register).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from pckb.core.documents import DocumentContext, DocumentType, Header, Section, Signer, Table
from pckb.core.register.compose import organization_header
from pckb.core.register.names import organization_name
from pckb.core.register.sources import register_document_source

from . import services
from .choices import PlanStatus, TaskStatus
from .models import Plan

__all__ = ["TaskRow", "plan_context", "build_plan_context", "plan_subject"]

TASK_HEADINGS = ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn")
DEFAULT_PURPOSE = (
    "Triển khai thực hiện đồng bộ, hiệu quả công tác phòng, chống khủng bố; xác định rõ nội dung, "
    "đơn vị chủ trì, đơn vị phối hợp và thời hạn hoàn thành của từng nhiệm vụ.",
)
FOLLOW_UP = (
    "Các cơ quan, đơn vị được giao nhiệm vụ chủ động triển khai thực hiện, báo cáo kết quả về "
    "Văn phòng thường trực Ban Chỉ đạo đúng thời hạn.",
    "Văn phòng thường trực theo dõi, đôn đốc, tổng hợp kết quả, báo cáo Trưởng Ban Chỉ đạo theo quy định.",
)


@dataclass(frozen=True)
class TaskRow:
    """One row of the plan's table, as printed."""

    content: str
    lead: str
    supporters: tuple[str, ...]
    deadline: datetime.date | None


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def plan_context(
    *,
    header: Header,
    subject: str,
    purpose: Iterable[str],
    tasks: Iterable[TaskRow],
    date: datetime.date | None = None,
) -> DocumentContext:
    """The "Kế hoạch": I. purpose and requirements, II. the tasks (table), III. organisation."""
    rows = tuple(
        (str(n), task.content, task.lead, ", ".join(task.supporters), _date(task.deadline))
        for n, task in enumerate(tasks, start=1)
    )
    table = Table(headings=TASK_HEADINGS, rows=rows, widths=(1, 7, 4, 4, 2.5))
    purpose = tuple(p.strip() for p in purpose if p.strip()) or DEFAULT_PURPOSE
    sections = (
        Section(heading="Mục đích, yêu cầu", paragraphs=purpose),
        Section(
            heading="Nội dung, nhiệm vụ",
            paragraphs=("Các nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp và thời hạn hoàn thành như sau:",),
            table=table,
        ),
        Section(heading="Tổ chức thực hiện", paragraphs=FOLLOW_UP),
    )
    return DocumentContext(
        doc_type=DocumentType.PLAN,
        header=header,
        subject=subject,
        signer=Signer(full_name="", position=""),
        date=date,
        sections=sections,
    )


def plan_subject(plan: Plan, on_date: Any = None) -> str:
    """The subject line: the plan's title without a leading "Kế hoạch" (the type prints it)."""
    title = plan.title.strip()
    if title.lower().startswith("kế hoạch"):
        title = title[len("Kế hoạch") :].strip(" :-")
    return title[:1].upper() + title[1:]


def build_plan_context(plan: Plan, on_date: datetime.date | None = None) -> DocumentContext:
    """The plan's "Kế hoạch" with its tasks (not the cancelled ones), names as on `on_date`."""
    on_date = on_date or plan.document_date or timezone.localdate()
    tasks = (
        plan.tasks.exclude(status=TaskStatus.CANCELLED)
        .select_related("assignee")
        .prefetch_related("supporters")
        .order_by("deadline", "pk")
    )
    rows = [
        TaskRow(
            content=task.title,
            lead=organization_name(task.assignee, on_date),
            supporters=tuple(organization_name(org, on_date) for org in task.supporters.all()),
            deadline=task.deadline,
        )
        for task in tasks
    ]
    return plan_context(
        header=organization_header(plan.organization),
        subject=plan_subject(plan),
        purpose=plan.description.splitlines(),
        tasks=rows,
        date=on_date,
    )


def take_document_number(plan: Plan, document: Any, actor: Any) -> None:
    """An issued Kế hoạch gives the plan its register number (a closed plan keeps the one it had)."""
    if plan.status != PlanStatus.CLOSED and plan.document_number != document.symbol:
        services.do_update_plan(plan, actor=actor, document_number=document.symbol)


register_document_source(
    Plan,
    doc_type=DocumentType.PLAN,
    build=lambda plan, document: build_plan_context(plan, document.date),
    subject=plan_subject,
    on_issue=take_document_number,
)
