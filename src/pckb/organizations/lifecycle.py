"""The tree through time: rename, merge and dissolve an organisation (audited services).

An organisation's lifetime is `valid_from`..`valid_to`, both days included (like geo.AdminUnit); an
effective date D (the day of the merger, the new name, the dissolution) ends the old state on D − 1.
A merged or dissolved organisation is *historical* once its last day has passed: it keeps its records
and its place in the tree, it is read-only, and it takes only records dated within its lifetime
(OrgScopedModel.full_clean). A merged one moves under its successor (the move logic rewrites the paths
of its subtree), so the successor's users read its records through the ordinary path scoping.

`is_active` is untouched: it stays the administrators' switch (deactivating cuts the roles held in it).
The users' roles in a merged or dissolved organisation stay: they keep reading its records and may
still file records dated within its lifetime (a late report of 2024); nothing else can be written there.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.scoping import can
from pckb.core.services import locked
from pckb.core.text import clean_text

from .models import Organization, OrganizationName
from .services import (
    PARENT_MANAGER_NEEDED,
    do_move_organization,
    require_not_historical,
    require_organization_right,
)

__all__ = [
    "RENAMED_EVENT",
    "MERGED_EVENT",
    "DISSOLVED_EVENT",
    "do_rename_organization",
    "do_merge_organization",
    "do_dissolve_organization",
    "can_change_lifetime",
]

RENAMED_EVENT = "organizations.organization.renamed"
MERGED_EVENT = "organizations.organization.merged"
DISSOLVED_EVENT = "organizations.organization.dissolved"

ONE_DAY = datetime.timedelta(days=1)


def can_change_lifetime(actor: Any, org: Organization) -> bool:
    """Rename, merge, dissolve: the organisation's managers who also manage its parent (as for a move)."""
    parent = org.parent if org.parent_id else None
    return org.valid_to is None and can(actor, "manage", org) and can(actor, "manage", parent)


def _locked_for_lifecycle(org: Organization, actor: Any) -> Organization:
    """The row locked; 404 unseen, 403 unless the actor manages it and its parent; refused if it has ended."""
    org = locked(Organization, org, actor, "view")
    require_organization_right(actor, org, "manage")
    parent = org.parent if org.parent_id else None
    if not can(actor, "manage", parent):
        raise PermissionDenied(PARENT_MANAGER_NEEDED)
    require_not_historical(org)
    return org


def _check_date(org: Organization, effective_date: Any) -> datetime.date:
    if not isinstance(effective_date, datetime.date):
        raise ValidationError({"effective_date": [_("Enter a valid date.")]})
    # The day before the effective date is the old state's last day: it must not precede its start.
    if org.valid_from and effective_date <= org.valid_from:
        raise ValidationError(
            {
                "effective_date": [
                    _("The date must be after the day the organization was founded ({date}).").format(
                        date=date_format(org.valid_from, "d/m/Y")
                    )
                ]
            }
        )
    last_name = org.former_names.order_by("-valid_to").first()
    if last_name and effective_date <= last_name.valid_to + ONE_DAY:
        raise ValidationError(
            {
                "effective_date": [
                    _("The date must be after its last change of name ({date}).").format(
                        date=date_format(last_name.valid_to + ONE_DAY, "d/m/Y")
                    )
                ]
            }
        )
    return effective_date


def _no_current_children(org: Organization) -> None:
    if org.children.current().exists():
        raise ValidationError(_("Move, merge or dissolve its current sub-organizations first."))


def _end(org: Organization, effective_date: datetime.date, successor: Organization | None) -> None:
    org.valid_to = effective_date - ONE_DAY
    org.successor = successor
    errors: dict[str, list] = {}
    try:
        org.clean()
    except ValidationError as err:
        errors = dict(err.message_dict)
    if errors:
        raise ValidationError(errors)
    org.save()


@transaction.atomic
def do_rename_organization(
    org: Organization, new_name: str, new_short_name: str, effective_date: datetime.date, *, actor: Any
) -> Organization:
    """Give the organisation a new name from `effective_date`; the old one is kept with its dates."""
    org = _locked_for_lifecycle(org, actor)
    effective_date = _check_date(org, effective_date)
    new_name, new_short_name = clean_text(new_name or ""), clean_text(new_short_name or "")
    if not new_name:
        raise ValidationError({"new_name": [_("Enter the new name.")]})
    if len(new_name) > 255 or len(new_short_name) > 100:
        raise ValidationError({"new_name": [_("The name is too long.")]})
    if (new_name, new_short_name) == (org.name, org.short_name):
        raise ValidationError({"new_name": [_("This is already its name.")]})
    previous = org.former_names.order_by("-valid_to").first()
    since = previous.valid_to + ONE_DAY if previous else org.valid_from
    before = audit.snapshot(org)
    OrganizationName.objects.create(
        organization=org,
        name=org.name,
        short_name=org.short_name,
        valid_from=since,
        valid_to=effective_date - ONE_DAY,
    )
    old_name = org.name
    org.name, org.short_name = new_name, new_short_name
    org.save()
    audit.record(
        AuditAction.UPDATE,
        org,
        actor=actor,
        before=before,
        after=audit.snapshot(org),
        event_type=RENAMED_EVENT,
        message=f"{old_name} → {new_name} ({date_format(effective_date, 'd/m/Y')})",
    )
    return org


@transaction.atomic
def do_merge_organization(
    org: Organization, into: Organization, effective_date: datetime.date, *, actor: Any
) -> Organization:
    """Merge `org` into `into` from `effective_date`: it ends the day before, `into` is its successor,
    and it moves (with its subtree) under `into`, whose users then read its records."""
    org = _locked_for_lifecycle(org, actor)
    effective_date = _check_date(org, effective_date)
    if into is None:
        raise ValidationError({"into": [_("Choose the organization it is merged into.")]})
    into = Organization.objects.filter(pk=into.pk).first()
    if into is None or not can(actor, "manage", into):
        raise ValidationError({"into": [_("Choose an organization that you manage.")]})
    if into.pk == org.pk:
        raise ValidationError({"into": [_("An organization cannot be merged into itself.")]})
    if into.path.startswith(org.path):
        raise ValidationError({"into": [_("An organization cannot be merged into one of its own sub-organizations.")]})
    if into.valid_to is not None or not into.is_active:
        raise ValidationError({"into": [_("Choose a current, active organization.")]})
    if not into.is_alive_on(effective_date):
        raise ValidationError({"into": [_("The chosen organization did not exist on the date of the merger.")]})
    _no_current_children(org)
    before = audit.snapshot(org)
    if org.parent_id != into.pk:
        # The move logic rewrites the paths of the whole subtree: one rule for every change of place.
        # The old parent is kept for the days before the merger (parent_on, the tree "as on date").
        org = do_move_organization(org, into, actor=actor, effective_date=effective_date)
    _end(org, effective_date, into)
    audit.record(
        AuditAction.UPDATE,
        org,
        actor=actor,
        before=before,
        after=audit.snapshot(org),
        event_type=MERGED_EVENT,
        message=f"→ {into.name} ({date_format(effective_date, 'd/m/Y')})",
    )
    return org


@transaction.atomic
def do_dissolve_organization(org: Organization, effective_date: datetime.date, *, actor: Any) -> Organization:
    """Dissolve `org` from `effective_date`, without a successor; its records stay where they are,
    readable by the users of the organisations above it."""
    org = _locked_for_lifecycle(org, actor)
    effective_date = _check_date(org, effective_date)
    _no_current_children(org)
    before = audit.snapshot(org)
    _end(org, effective_date, None)
    audit.record(
        AuditAction.UPDATE,
        org,
        actor=actor,
        before=before,
        after=audit.snapshot(org),
        event_type=DISSOLVED_EVENT,
        message=date_format(effective_date, "d/m/Y"),
    )
    return org
