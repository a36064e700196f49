"""Trainings and conferences on the activities calendar (pckb.core.calendar)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from pckb.core.calendar import CalendarEntry

from .models import TrainingEvent

__all__ = ["training_entries"]

ICONS = {"training": "bi-mortarboard", "outreach_campaign": "bi-megaphone"}


def training_entries(user: Any, start: datetime.date, end: datetime.date) -> Iterator[CalendarEntry]:
    """Events the user may see that overlap [start, end] (a two-day conference on either side too)."""
    overlapping = Q(start_date__lte=end) & (Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start))
    events = (
        TrainingEvent.objects.visible_to(user)
        .filter(overlapping)
        .select_related("organization")
        .order_by("start_date", "pk")[:1000]
    )
    for event in events:
        yield CalendarEntry(
            event.start_date,
            event.title,
            event.get_absolute_url(),
            kind=event.get_kind_display(),
            icon=ICONS.get(event.kind, "bi-people"),
            organization=str(event.organization),
            end=event.end_date,
        )
