"""Template tags of the plans app: the task summary of the home page."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from pckb.core.pagination import capped_count

from ..models import Task

register = template.Library()


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
