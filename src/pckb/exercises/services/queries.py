"""What other modules read of exercises: the readiness check of key targets and the calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from pckb.core.calendar import CalendarEntry

from ..choices import ExerciseStatus
from ..models import Exercise

__all__ = ["DONE", "last_drill_dates", "calendar_entries"]

DONE = (ExerciseStatus.CONDUCTED, ExerciseStatus.EVALUATED)


def last_drill_dates(target_ids: list[int]) -> dict[int, datetime.date | None]:
    """{target id: date of its last conducted exercise} (targets.readiness "drill" check)."""
    rows = (
        Exercise.objects.filter(target_id__in=target_ids, status__in=DONE)
        .values("target_id")
        .annotate(last=Max("date"))
    )
    return {row["target_id"]: row["last"] for row in rows}


def drilled_target_ids(since: datetime.date) -> Any:
    """The ids of the targets with an exercise conducted on or after `since` (readiness list filters)."""
    return Exercise.objects.filter(status__in=DONE, date__gte=since, target__isnull=False).values("target_id")


def calendar_entries(user: Any, start: datetime.date, end: datetime.date) -> Iterator[CalendarEntry]:
    """The exercises `user` may see that overlap [start, end] (core.calendar)."""
    overlap = Q(date__lte=end) & (Q(end_date__gte=start) | Q(end_date__isnull=True, date__gte=start))
    qs = Exercise.objects.visible_to(user).filter(overlap).select_related("organization").order_by("date", "pk")
    for exercise in qs[:500]:
        yield CalendarEntry(
            exercise.date,
            exercise.title,
            exercise.get_absolute_url(),
            kind=_("Exercise"),
            icon="bi-shield-check",
            organization=str(exercise.organization),
            end=exercise.end_date,
            exercise=True,
        )
