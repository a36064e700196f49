"""Daily deadline reminders: 7, 3 and 1 day(s) before the deadline, and once when a task falls overdue.

Each (task, threshold, deadline) is reminded once per recipient: the dedupe key carries all three,
so running the job twice, or on later days, sends nothing new; a changed deadline starts afresh.
Only a handful of deadline dates are queried, so the job stays cheap with a million tasks.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Task
from .notifying import vietnamese

__all__ = ["REMINDER_DAYS", "OVERDUE_CATCH_UP_DAYS", "send_task_reminders"]

REMINDER_DAYS = (7, 3, 1)
# A task that fell overdue while the worker was stopped is still announced within this many days.
OVERDUE_CATCH_UP_DAYS = 7
CHUNK = 2000


def _threshold(days_left: int) -> int:
    """The reminder a task due in `days_left` days is owed: the smallest threshold not below it."""
    return min(d for d in REMINDER_DAYS if d >= days_left)


def _tasks(deadlines: list[datetime.date]) -> Any:
    return (
        Task.objects.open()
        .filter(deadline__in=deadlines)
        .select_related("assignee", "organization")
        .order_by("deadline", "pk")
        .iterator(chunk_size=CHUNK)
    )


def send_task_reminders(today: datetime.date | None = None) -> int:
    """Send the reminders owed on `today` (local date); returns the number of notifications created.

    A task due in 2 days that was never reminded at 3 days (created late, or the worker was down)
    gets the 3-day reminder now; tasks due today count as the 1-day threshold.
    """
    from pckb.notifications.services import notify, recipients_in

    today = today or timezone.localdate()
    recipients_cache: dict[int, list[Any]] = {}

    def recipients(task: Task) -> list[Any]:
        if task.assignee_id not in recipients_cache:
            recipients_cache[task.assignee_id] = list(recipients_in(task.assignee))
        return recipients_cache[task.assignee_id]

    sent = 0
    upcoming = [today + datetime.timedelta(days=n) for n in range(0, max(REMINDER_DAYS) + 1)]
    for task in _tasks(upcoming):
        days_left = (task.deadline - today).days
        threshold = _threshold(days_left)
        with vietnamese():
            if days_left == 0:
                body = _("The deadline is today ({deadline}).")
            else:
                body = ngettext(
                    "The deadline is in {days} day ({deadline}).",
                    "The deadline is in {days} days ({deadline}).",
                    days_left,
                )
            body = body.format(days=days_left, deadline=task.deadline.strftime("%d/%m/%Y"))
            title = _("Deadline approaching: {title}").format(title=task.title)
        sent += len(
            notify(
                recipients(task),
                kind="task.reminder",
                title=title,
                body=body,
                url=task.get_absolute_url(),
                target=task,
                organization=task.assignee,
                dedupe_key=f"task:{task.pk}:due{threshold}:{task.deadline.isoformat()}",
            )
        )
    overdue = [today - datetime.timedelta(days=n) for n in range(1, OVERDUE_CATCH_UP_DAYS + 1)]
    for task in _tasks(overdue):
        with vietnamese():
            title = _("Task overdue: {title}").format(title=task.title)
            body = _("The deadline was {deadline}; the task is not done yet.").format(
                deadline=task.deadline.strftime("%d/%m/%Y")
            )
        sent += len(
            notify(
                recipients(task),
                kind="task.overdue",
                title=title,
                body=body,
                url=task.get_absolute_url(),
                target=task,
                organization=task.assignee,
                dedupe_key=f"task:{task.pk}:overdue:{task.deadline.isoformat()}",
            )
        )
    return sent
