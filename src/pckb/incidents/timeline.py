"""The timeline as read: the append-only entries and the files attached, newest first, in one list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .choices import EntryKind
from .models import Incident

__all__ = ["TimelineItem", "timeline_of"]


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    kind_label: str
    text: str
    at: Any
    actor: str
    organization: str
    url: str = ""


def timeline_of(incident: Incident, limit: int = 500) -> list[TimelineItem]:
    """Entries and attachments merged by time, newest first (at most `limit`)."""
    labels = dict(EntryKind.choices)
    items = [
        TimelineItem(
            e.kind,
            str(labels.get(e.kind, e.kind)),
            e.text,
            e.created_at,
            str(e.actor) if e.actor else "",
            e.organization.name if e.organization else "",
        )
        for e in incident.timeline.select_related("actor", "organization").order_by("-created_at", "-pk")[:limit]
    ]
    items += [
        TimelineItem(
            EntryKind.ATTACHMENT,
            str(labels[EntryKind.ATTACHMENT]),
            _("File attached: {name}").format(name=a.original_name),
            a.uploaded_at,
            str(a.uploaded_by) if a.uploaded_by else "",
            "",
            a.get_absolute_url(),
        )
        for a in incident.attachments.select_related("uploaded_by").order_by("-uploaded_at")[:limit]
    ]
    items.sort(key=lambda i: i.at, reverse=True)
    return items[:limit]
