"""What periodic reports can count from plans and tasks (core.indicators; codes are stable).

Every count covers the reporting organisation's subtree: a plan by who issued it, a task by whom it
was assigned to (what the unit had to do, whoever gave it).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pckb.core.indicators import CountScope, register_count

from .choices import PlanStatus, TaskStatus
from .models import Plan, Task

__all__ = ["plans_issued", "tasks_received", "tasks_done", "tasks_overdue"]


def plans_issued(scope: CountScope) -> int:
    """Plans issued by the subtree within the period (closed ones were issued too)."""
    return Plan.objects.filter(
        scope.org_q(), status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED], issued_at__date__range=scope.dates
    ).count()


def tasks_received(scope: CountScope) -> int:
    """Tasks assigned to the subtree and given within the period."""
    return Task.objects.filter(scope.org_q("assignee"), assigned_on__range=scope.dates).count()


def tasks_done(scope: CountScope) -> int:
    """Tasks assigned to the subtree and completed within the period (verified ones included)."""
    return Task.objects.filter(
        scope.org_q("assignee"),
        status__in=[TaskStatus.DONE, TaskStatus.VERIFIED],
        completed_at__date__range=scope.dates,
    ).count()


def tasks_overdue(scope: CountScope) -> int:
    """Tasks assigned to the subtree that were overdue on the period's last day.

    Given by then, deadline passed, and not completed by then: a task completed after the period still
    counts, because on that day it was late. Cancelled tasks are left out (no task to do any more).
    """
    return (
        Task.objects.filter(scope.org_q("assignee"), assigned_on__lte=scope.end, deadline__lt=scope.end)
        .exclude(status=TaskStatus.CANCELLED)
        .filter(Q(completed_at__isnull=True) | Q(completed_at__date__gt=scope.end))
        .count()
    )


register_count(
    "plans.plans_issued",
    _("Plans issued"),
    plans_issued,
    unit=_("plans"),
    help=_("Plans issued by the unit and the committees below it within the period."),
)
register_count(
    "plans.tasks_received",
    _("Tasks received"),
    tasks_received,
    unit=_("tasks"),
    help=_("Tasks assigned to the unit and the organisations below it, given within the period."),
)
register_count(
    "plans.tasks_done",
    _("Tasks completed"),
    tasks_done,
    unit=_("tasks"),
    help=_("Tasks assigned to the unit and the organisations below it, completed within the period."),
)
register_count(
    "plans.tasks_overdue",
    _("Tasks overdue"),
    tasks_overdue,
    unit=_("tasks"),
    help=_("Tasks assigned to the unit and the organisations below it that were overdue on the period's last day."),
)
