"""Trainings and conferences: create, change, delete, and the headcount of each participating organisation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, update_scoped

from ..models import HEADCOUNT_RANGE, TrainingEvent, TrainingParticipation

__all__ = [
    "EVENT_FIELDS",
    "do_create_training_event",
    "do_update_training_event",
    "do_delete_training_event",
    "do_set_participation",
    "do_remove_participation",
    "clean_headcount",
]

EVENT_FIELDS = (
    "kind",
    "title",
    "start_date",
    "end_date",
    "place",
    "topics",
    "conclusions",
    "notes",
    "classification",
)


def clean_headcount(value: Any, field: str = "headcount") -> int:
    """A whole number within 1..MAX_HEADCOUNT, else a field error (a negative or absurd count)."""
    from ..choices import MAX_HEADCOUNT

    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_HEADCOUNT:
        raise ValidationError({field: [HEADCOUNT_RANGE]})
    return value


def _headcounts(event: TrainingEvent) -> dict[str, int]:
    return {str(p.organization_id): p.headcount for p in event.participants.all()}


def _clean_participants(participants: Iterable[Any]) -> list[tuple[Any, int]]:
    """[{"organization": org, "headcount": n}, ...] checked: no organisation twice, counts in range."""
    rows: list[tuple[Any, int]] = []
    seen: set[int] = set()
    for row in participants:
        org, count = row.get("organization"), row.get("headcount")
        if org is None:
            raise ValidationError({"participants": [_("Choose the participating organization.")]})
        if org.pk in seen:
            raise ValidationError({"participants": [_("{organization} is listed twice.").format(organization=org)]})
        seen.add(org.pk)
        try:
            rows.append((org, clean_headcount(count)))
        except ValidationError:
            raise ValidationError({"participants": [HEADCOUNT_RANGE]})
    return rows


def _replace_participants(event: TrainingEvent, rows: list[tuple[Any, int]]) -> None:
    event.participants.all().delete()
    TrainingParticipation.objects.bulk_create(
        TrainingParticipation(event=event, organization=org, headcount=count) for org, count in rows
    )


@transaction.atomic
def do_create_training_event(
    organization: Any, *, actor: Any, participants: Iterable[Any] | None = None, **fields: Any
) -> TrainingEvent:
    """A new event organised by `organization`; `participants` optionally lists the headcounts."""
    check_fields(fields, EVENT_FIELDS)
    topics = fields.pop("topics", None) or []
    rows = _clean_participants(participants or [])
    event = create_scoped(TrainingEvent, organization, fields, actor=actor)
    if topics:
        event.topics.set(topics)
    if rows:
        _replace_participants(event, rows)
    return event


@transaction.atomic
def do_update_training_event(
    event: TrainingEvent, *, actor: Any, participants: Iterable[Any] | None = None, **fields: Any
) -> TrainingEvent:
    check_fields(fields, EVENT_FIELDS)
    topics = fields.pop("topics", None)
    current = locked(TrainingEvent, event, actor, "change")
    rows = _clean_participants(participants) if participants is not None else None
    if topics is not None or rows is not None:
        before = {**audit.snapshot(current), "participants": _headcounts(current)}
        if topics is not None:
            current.topics.set(topics)
        if rows is not None:
            _replace_participants(current, rows)
        if not fields:
            after = {**audit.snapshot(current), "participants": _headcounts(current)}
            audit.record("update", current, actor=actor, before=before, after=after)
            return current
    return update_scoped(current, fields, actor=actor)


@transaction.atomic
def do_delete_training_event(event: TrainingEvent, *, actor: Any) -> None:
    current = locked(TrainingEvent, event, actor, "delete")
    audit.record_delete(current, {**audit.snapshot(current), "participants": _headcounts(current)}, actor=actor)
    current.delete()


@transaction.atomic
def do_set_participation(
    event: TrainingEvent, organization: Any, headcount: Any, *, actor: Any
) -> TrainingParticipation:
    """Add a participating organisation, or change its headcount; audited on the event."""
    current = locked(TrainingEvent, event, actor, "change")
    count = clean_headcount(headcount)
    if organization is None:
        raise ValidationError({"organization": [_("Choose the participating organization.")]})
    before = _headcounts(current)
    row, _created = TrainingParticipation.objects.update_or_create(
        event=current, organization=organization, defaults={"headcount": count}
    )
    audit.record(
        "update",
        current,
        actor=actor,
        before={"participants": before},
        after={"participants": _headcounts(current)},
        event_type="outreach.trainingevent.participants",
    )
    return row


@transaction.atomic
def do_remove_participation(event: TrainingEvent, organization: Any, *, actor: Any) -> None:
    current = locked(TrainingEvent, event, actor, "change")
    before = _headcounts(current)
    deleted, _rows = TrainingParticipation.objects.filter(event=current, organization=organization).delete()
    if not deleted:
        raise ValidationError(_("This organization is not listed."))
    audit.record(
        "update",
        current,
        actor=actor,
        before={"participants": before},
        after={"participants": _headcounts(current)},
        event_type="outreach.trainingevent.participants",
    )
