"""The documented count functions that periodic reports fill their indicators from.

Each module declares what it can count in `<app>/indicators.py` (discovered at start-up):

    from pckb.core.indicators import register_count

    register_count(
        "plans.tasks_done", _("Tasks completed"), tasks_done,
        unit=_("tasks"), help=_("Tasks of the unit and its subtree marked done within the period."),
    )

    def tasks_done(scope: CountScope) -> int:
        return Task.objects.filter(scope.org_q(), completed_at__date__range=scope.dates).count()

A count reads the records owned by the reporting organisation and everything below it (its subtree
today), dated within the period (both ends included). It counts facts already recorded; it never
reads what a user may see, because a report speaks for the unit, and the report itself is scoped.
The code is stable: a published report template names it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

__all__ = ["CountScope", "CountSource", "register_count", "count_sources", "count_source", "compute"]


@dataclass(frozen=True)
class CountScope:
    """The unit (with its subtree) and the period a count is asked for."""

    organization: Any
    start: datetime.date
    end: datetime.date

    @property
    def dates(self) -> tuple[datetime.date, datetime.date]:
        """For `<date field>__range=scope.dates` (or `<datetime>__date__range`)."""
        return (self.start, self.end)

    def org_q(self, lookup: str = "organization") -> Q:
        """Records whose `lookup` organisation is the unit or below it."""
        return Q(**{f"{lookup}__path__startswith": self.organization.path})


CountFn = Callable[[CountScope], int]


@dataclass(frozen=True)
class CountSource:
    code: str
    label: Any
    fn: CountFn
    unit: Any = ""
    help: Any = ""


_REGISTRY: dict[str, CountSource] = {}


def register_count(code: str, label: Any, fn: CountFn, *, unit: Any = "", help: Any = "") -> None:
    """Declare a count under a stable code "<app>.<what>"; registering a code again replaces it."""
    _REGISTRY[code] = CountSource(code, label, fn, unit, help)


def count_sources() -> list[CountSource]:
    """Every registered count, by code."""
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def count_source(code: str) -> CountSource | None:
    return _REGISTRY.get(code)


def compute(code: str, organization: Any, start: datetime.date, end: datetime.date) -> int:
    """The value of one count for a unit and period; an unknown code is a KeyError."""
    return int(_REGISTRY[code].fn(CountScope(organization, start, end)))
