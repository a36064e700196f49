"""The agenda of deadlines: one month at a time, day by day, overdue tasks marked."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from itertools import groupby
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from ..models import Task

__all__ = ["CalendarView", "month_from"]

# A month of a whole national tree can hold tens of thousands of deadlines; the agenda shows the
# first ones and points to the filtered list for the rest.
AGENDA_LIMIT = 1000


def month_from(value: str, today: datetime.date) -> datetime.date:
    """The first day of the month named "YYYY-MM"; the current month for anything else."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


class CalendarView(LoginRequiredMixin, View):
    template_name = "plans/calendar.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        first = month_from(request.GET.get("month", ""), today)
        last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
        side = request.GET.get("side", "")
        if side == "assigned":
            tasks = Task.objects.assigned_to_scope_of(request.user)
        elif side == "issued":
            tasks = Task.objects.issued_by_scope_of(request.user)
        else:
            tasks = Task.objects.visible_to(request.user)
        tasks = (
            tasks.filter(deadline__range=(first, last))
            .with_overdue(today)
            .select_related("assignee", "organization")
            .order_by("deadline", "pk")
        )
        rows = list(tasks[: AGENDA_LIMIT + 1])
        truncated = len(rows) > AGENDA_LIMIT
        days = [(day, list(items)) for day, items in groupby(rows[:AGENDA_LIMIT], key=lambda t: t.deadline)]
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
        context: dict[str, Any] = {
            "month": first,
            "last": last,
            "days": days,
            "today": today,
            "side": side,
            "truncated": truncated,
            "limit": AGENDA_LIMIT,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "current": today.strftime("%Y-%m"),
        }
        return render(request, self.template_name, context)
