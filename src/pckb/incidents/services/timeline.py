"""The incident's timeline: one append-only entry per event, and the change stamp the live pages poll."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from pckb.core.services import user_or_none

from ..models import Incident, TimelineEntry

__all__ = ["add_entry", "touch"]


def touch(incident: Incident) -> None:
    """Move the incident's change stamp: the live board and page see something new at their next poll."""
    Incident.objects.filter(pk=incident.pk).update(updated_at=timezone.now())


def add_entry(
    incident: Incident, kind: str, text: str, *, actor: Any = None, organization: Any = None
) -> TimelineEntry:
    """Append one entry (who, which organisation, when) and move the change stamp."""
    entry = TimelineEntry.objects.create(
        incident=incident, kind=kind, text=str(text), actor=user_or_none(actor), organization=organization
    )
    touch(incident)
    return entry
