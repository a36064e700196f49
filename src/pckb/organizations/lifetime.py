"""An organisation's lifetime: its queryset filters, the methods that read dates (docs/architecture.md,
"The tree through time") and the row a dated move leaves. The services that change a lifetime are in
organizations.lifecycle."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pckb.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from .models import OrganizationName

__all__ = ["OrganizationQuerySet", "LifetimeMixin", "record_former_parent"]


class OrganizationQuerySet(ScopedQuerySet):
    """Organisations with their lifetime: alive on a date, current (not ended before today), historical."""

    def alive_on(self, on: datetime.date) -> OrganizationQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def current(self) -> OrganizationQuerySet:
        """Not ended before today (an organisation whose end lies ahead is still current)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))

    def historical(self) -> OrganizationQuerySet:
        return self.filter(valid_to__lt=timezone.localdate())

    def without_historical(self) -> OrganizationQuerySet:
        # The hook core.related uses to leave merged and dissolved organisations out of new records' choices.
        return self.current()


class LifetimeMixin:
    """Reads of Organization's `valid_from`, `valid_to`, `successor` and `former_names`."""

    valid_from: Any
    valid_to: Any
    successor: Any
    successor_id: Any
    former_names: Any
    former_parents: Any
    parent_id: Any
    admin_unit: Any
    name: str
    short_name: str

    @property
    def is_historical(self) -> bool:
        """Merged or dissolved before today: read-only, not offered for new records."""
        return self.valid_to is not None and self.valid_to < timezone.localdate()

    @property
    def ended_on(self) -> datetime.date | None:
        """The first day it no longer existed (the merger's or dissolution's effective date)."""
        return self.valid_to + datetime.timedelta(days=1) if self.valid_to else None

    def is_alive_on(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)

    def _name_row(self, on: datetime.date) -> OrganizationName | None:
        # Former names are few (a handful per organisation): read them once, prefetched or not.
        for row in self.former_names.all():
            if (row.valid_from is None or row.valid_from <= on) and on <= row.valid_to:
                return row
        return None

    def name_on(self, on: datetime.date | None) -> str:
        """The name it had on `on` (a document's date); its present name when it had no other then."""
        row = self._name_row(on) if on else None
        return row.name if row else self.name

    def parent_id_on(self, on: datetime.date | None) -> int | None:
        """The id of the parent it had on `on` (None: a root then); its present parent when it had no
        other then. Read from `former_parents`, prefetched or not, like the names."""
        if on:
            for row in self.former_parents.all():
                if (row.valid_from is None or row.valid_from <= on) and on <= row.valid_to:
                    return row.parent_id
        return self.parent_id

    def parent_on(self, on: datetime.date | None) -> Any:
        """The parent organisation it had on `on` (see parent_id_on)."""
        parent_id = self.parent_id_on(on)
        if parent_id is None:
            return None
        if parent_id == self.parent_id:
            return self.parent
        return type(self)._default_manager.get(pk=parent_id)

    def short_name_on(self, on: datetime.date | None) -> str:
        row = self._name_row(on) if on else None
        return (row.short_name or row.name) if row else (self.short_name or self.name)

    def admin_unit_fits(self) -> bool:
        """Was its administrative unit valid on some day of its lifetime (up to today while it exists)?

        A pre-2025 district fits a body dissolved on 1 July 2025, or one founded before then; a unit
        abolished before the body was founded, or created after it ended, does not.
        """
        unit = self.admin_unit
        last = min(self.valid_to, timezone.localdate()) if self.valid_to else timezone.localdate()
        starts_in_time = unit.valid_from is None or unit.valid_from <= last
        ends_in_time = unit.valid_to is None or self.valid_from is None or unit.valid_to >= self.valid_from
        return starts_in_time and ends_in_time

    def lifetime_error(self, on: datetime.date) -> str | None:
        """Why a record dated `on` cannot belong to this organisation (None when it can).

        Called by core for every scoped record (OrgScopedModel.full_clean): a merged or dissolved
        organisation takes records dated within its lifetime only (an inspection held in 2024).
        """
        if self.valid_from and on < self.valid_from:
            return _("{organization} only exists from {date}: choose a date on or after it.").format(
                organization=self.name, date=date_format(self.valid_from, "d/m/Y")
            )
        if self.valid_to is None or on <= self.valid_to:
            return None
        ended = date_format(self.ended_on, "d/m/Y")
        if self.successor_id:
            return _(
                "{organization} was merged into {successor} on {date}: later records belong to {successor}."
            ).format(organization=self.name, successor=self.successor.name, date=ended)
        return _("{organization} was dissolved on {date}: it takes no records dated from then on.").format(
            organization=self.name, date=ended
        )


def record_former_parent(org: Any, old_parent_id: int | None, effective_date: datetime.date) -> None:
    """Keep the parent `org` had until the day before `effective_date` (a dated move, e.g. a merger).

    The period starts the day after the previous one (or when the organisation was founded), as for
    former names; a date on or before that start would leave an empty period and is refused.
    """
    previous = org.former_parents.order_by("-valid_to").first()
    since = previous.valid_to + datetime.timedelta(days=1) if previous else org.valid_from
    if since and effective_date <= since:
        raise ValidationError(
            {
                "effective_date": [
                    _("The date must be after its last change of place in the tree ({date}).").format(
                        date=date_format(since, "d/m/Y")
                    )
                ]
            }
        )
    org.former_parents.create(
        parent_id=old_parent_id, valid_from=since, valid_to=effective_date - datetime.timedelta(days=1)
    )
