"""The activities calendar: one month of the events every module registers (core.calendar)."""

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

from .calendar import calendar_entries, calendar_sources

__all__ = ["ActivityCalendarView", "month_from"]


def month_from(value: str, today: datetime.date) -> datetime.date:
    """The first day of the month named "YYYY-MM" (years 1945-2100); the current month otherwise."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        if not 1945 <= year <= 2100:
            raise ValueError(value)
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


class ActivityCalendarView(LoginRequiredMixin, View):
    """A month agenda of exercises, trainings, ...: each day with its events, previous/next month.

    An event over several days is listed on each of its days within the month. `?source=` keeps one
    module's events; every entry comes from its module through `visible_to`.
    """

    template_name = "core/calendar.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        first = month_from(request.GET.get("month", ""), today)
        last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
        sources = calendar_sources()
        names = {source.name for source in sources}
        chosen = request.GET.get("source", "")
        chosen = chosen if chosen in names else ""
        entries = calendar_entries(request.user, first, last, [chosen] if chosen else None)
        per_day: list[tuple[datetime.date, Any]] = []
        for entry in entries:
            day = max(entry.date, first)
            stop = min(entry.end or entry.date, last)
            while day <= stop:
                per_day.append((day, entry))
                day += datetime.timedelta(days=1)
        per_day.sort(key=lambda pair: (pair[0], str(pair[1].title)))
        days = [(day, [entry for _day, entry in items]) for day, items in groupby(per_day, key=lambda p: p[0])]
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = last + datetime.timedelta(days=1)
        context: dict[str, Any] = {
            "month": first,
            "days": days,
            "today": today,
            "sources": sources,
            "source": chosen,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "current": today.strftime("%Y-%m"),
        }
        return render(request, self.template_name, context)
