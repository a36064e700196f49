"""The activities calendar page: one month of every module's events, scoped, with previous/next."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from pckb.core.calendar import CalendarEntry, register_calendar_source
from pckb.core.testing import _client
from pckb.core.views_calendar import month_from


def test_month_from_reads_year_and_month_and_falls_back_to_this_month() -> None:
    today = datetime.date(2026, 5, 17)
    assert month_from("2026-02", today) == datetime.date(2026, 2, 1)
    for bad in ("", "2026-13", "abc", "99999-01", "2026"):
        assert month_from(bad, today) == datetime.date(2026, 5, 1)


def test_the_page_lists_an_event_on_each_of_its_days_for_those_who_may_see_it(world: Any) -> None:
    first = timezone.localdate().replace(day=1)

    def entries(user: Any, start: datetime.date, end: datetime.date) -> list[CalendarEntry]:
        if user.username != "org_a_viewer":
            return []
        end = first + datetime.timedelta(days=1)
        return [CalendarEntry(first, "Hội nghị tập huấn nghiệp vụ", "/x/", kind="Tập huấn", end=end)]

    register_calendar_source("test-source", "Test", entries)
    try:
        url = reverse("activity_calendar")
        page = _client(world.org_a_viewer).get(url).content.decode()
        assert page.count("Hội nghị tập huấn nghiệp vụ") == 2
        assert "Hội nghị tập huấn nghiệp vụ" not in _client(world.org_b_editor).get(url).content.decode()
        following = (first + datetime.timedelta(days=40)).strftime("%Y-%m")
        later = _client(world.org_a_viewer).get(url, {"month": following}).content.decode()
        assert "Hội nghị tập huấn nghiệp vụ" not in later
        assert _client().get(url).status_code == 302
    finally:
        from pckb.core import calendar

        calendar._SOURCES.pop("test-source", None)
