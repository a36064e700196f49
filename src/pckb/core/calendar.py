"""The activities calendar: dated events of several modules (exercises, trainings, ...) on one agenda.

A module registers where its events come from, in its AppConfig.ready():

    from pckb.core.calendar import CalendarEntry, register_calendar_source

    def exercise_entries(user, start, end):
        for exercise in Exercise.objects.visible_to(user).filter(date__range=(start, end)):
            yield CalendarEntry(exercise.date, exercise.title, exercise.get_absolute_url(),
                                kind=_("Exercise"), icon="bi-shield-check", organization=str(exercise.organization))

    register_calendar_source("exercises", _("Exercises"), exercise_entries)

`fn(user, start, end)` yields the entries of events the user may see that fall within [start, end]
(an event over several days: any overlap), each read through `visible_to`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["CalendarEntry", "CalendarSource", "register_calendar_source", "calendar_sources", "calendar_entries"]


@dataclass(frozen=True)
class CalendarEntry:
    date: datetime.date
    title: str
    url: str
    kind: Any = ""  # what the event is ("Diễn tập", "Tập huấn"), shown as a badge
    icon: str = "bi-calendar-event"
    organization: str = ""
    end: datetime.date | None = None  # the last day of an event over several days
    exercise: bool = False  # marked "DIỄN TẬP" where drills and real events mix


EntriesFn = Callable[[Any, datetime.date, datetime.date], Iterable[CalendarEntry]]


@dataclass(frozen=True)
class CalendarSource:
    name: str
    label: Any
    fn: EntriesFn


_SOURCES: dict[str, CalendarSource] = {}


def register_calendar_source(name: str, label: Any, fn: EntriesFn) -> None:
    """Add (or replace) a module's events on the activities calendar."""
    _SOURCES[name] = CalendarSource(name, label, fn)


def calendar_sources() -> list[CalendarSource]:
    return list(_SOURCES.values())


def calendar_entries(
    user: Any, start: datetime.date, end: datetime.date, sources: Iterable[str] | None = None
) -> list[CalendarEntry]:
    """Every registered source's entries within [start, end] that `user` may see, by date then title."""
    wanted = set(sources) if sources is not None else None
    entries = [
        entry
        for source in _SOURCES.values()
        if wanted is None or source.name in wanted
        for entry in source.fn(user, start, end)
    ]
    return sorted(entries, key=lambda entry: (entry.date, str(entry.title)))
