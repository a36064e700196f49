"""Template tags of the plans pages: status, priority and "overdue" badges; the home page's task summary."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pckb.core.pagination import capped_count
from pckb.core.templatetags.pckb_tags import badge, choice_badge

from ..choices import PLAN_STATUS_BADGES, PRIORITY_BADGES, TASK_STATUS_BADGES, UPDATE_KIND_ICONS
from ..filters import OPEN
from ..models import Task

__all__ = [
    "task_status_badge",
    "plan_status_badge",
    "priority_badge",
    "overdue_badge",
    "update_icon",
    "task_summary",
    "due_this_week_query",
]

register = template.Library()


@register.simple_tag
def task_status_badge(task: Any) -> str:
    return choice_badge(task, "status", TASK_STATUS_BADGES)


@register.simple_tag
def plan_status_badge(plan: Any) -> str:
    return choice_badge(plan, "status", PLAN_STATUS_BADGES)


@register.simple_tag
def priority_badge(task: Any) -> str:
    return choice_badge(task, "priority", PRIORITY_BADGES)


@register.simple_tag
def overdue_badge() -> str:
    return badge(_("Overdue"), "danger")


@register.simple_tag
def update_icon(entry: Any) -> str:
    return UPDATE_KIND_ICONS.get(entry.kind, "bi-dot")


@register.simple_tag
def task_summary(user: Any) -> dict[str, int]:
    """Counts for the home page: open, overdue and due-this-week tasks of my side, overdue ones I issued."""
    today = timezone.localdate()
    assigned = Task.objects.assigned_to_scope_of(user).open()
    return {
        "assigned_open": capped_count(assigned),
        "assigned_overdue": capped_count(assigned.filter(deadline__lt=today)),
        "due_this_week": capped_count(
            assigned.filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7))
        ),
        "issued_overdue": capped_count(Task.objects.issued_by_scope_of(user).overdue(today)),
    }


@register.simple_tag
def due_this_week_query() -> str:
    """The task list's filters for the home page's "due within 7 days" counter (same days, open only)."""
    today = timezone.localdate()
    week_end = today + datetime.timedelta(days=7)
    return "?" + urlencode(
        {"status": OPEN, "deadline_after": today.strftime("%d/%m/%Y"), "deadline_before": week_end.strftime("%d/%m/%Y")}
    )
