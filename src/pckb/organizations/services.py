"""Changes to the organisation tree and to committee rosters: the only place where they happen.

Pages, the API, commands (demo, init) and tests call these functions. Each one checks the actor's
rights itself (404 for what the actor may not see, 403 for what they may see but not manage), validates
with the model's rules, writes in one transaction and leaves an audit entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy

from pckb.core import audit
from pckb.core.choices import ActiveState
from pckb.core.models import AuditAction
from pckb.core.scoping import NOT_FOUND_MESSAGE, can
from pckb.core.services import check_fields, create_scoped, locked, update_scoped
from pckb.core.workflow import Step, Transition, Workflow, do_transition, register

from .lifetime import record_former_parent
from .models import COMMITTEE_MEMBER_FIELDS, ORGANIZATION_FIELDS, CommitteeMember, Membership, Organization

__all__ = [
    "ORGANIZATION_FIELDS",
    "COMMITTEE_MEMBER_FIELDS",
    "MOVED_EVENT",
    "ORGANIZATION_WORKFLOW",
    "do_create_organization",
    "do_update_organization",
    "do_move_organization",
    "do_delete_organization",
    "do_deactivate_organization",
    "do_reactivate_organization",
    "do_add_committee_member",
    "do_update_committee_member",
    "do_remove_committee_member",
    "organization_delete_blockers",
    "require_organization_right",
    "can_restructure",
    "require_structure_right",
    "require_not_historical",
    "HISTORICAL_READ_ONLY",
]

MOVED_EVENT = "organizations.organization.moved"

MANAGER_NEEDED = _("You need the manager role on this organization to do this.")
PARENT_NOT_MANAGED = _("Choose a parent organization that you manage.")
PARENT_MANAGER_NEEDED = _(
    "Only the managers of the organization above it can move, deactivate or delete this organization."
)
TOP_LEVEL_ONLY_SUPERUSER = _("Only a system administrator can create or move an organization at the top level.")
HISTORICAL_READ_ONLY = _(
    "This organization has been merged or dissolved: it is kept for the record and cannot be changed."
)


def require_not_historical(org: Organization, field: str | None = None) -> None:
    """Refuse a change of a merged or dissolved organisation: only the lifecycle services write it."""
    if org.valid_to is not None:
        raise ValidationError({field: [HISTORICAL_READ_ONLY]} if field else HISTORICAL_READ_ONLY)


def require_organization_right(actor: Any, organization: Organization | None, action: str = "manage") -> None:
    """404 when the actor may not see the organisation, 403 when they see it but lack `action` on it."""
    if organization is None:
        if not can(actor, action, None):
            raise PermissionDenied(MANAGER_NEEDED)
        return
    if not can(actor, "view", organization):
        raise Http404(NOT_FOUND_MESSAGE)
    if not can(actor, action, organization):
        raise PermissionDenied(MANAGER_NEEDED)


def _locked_for_manager(org: Organization, actor: Any) -> Organization:
    """The organisation's row, locked for the transaction: 404 unseen, 403 when the actor does not manage it."""
    org = locked(Organization, org, actor, "view")
    require_organization_right(actor, org, "manage")
    return org


def can_restructure(actor: Any, org: Organization) -> bool:
    """May the actor move, deactivate, reactivate or delete `org`? Its place in the tree is its parent's.

    The top of a manager's own scope (a provincial manager's own committee) is therefore not theirs
    to move or retire: they could only lock themselves out.
    """
    parent = org.parent if org.parent_id else None
    return can(actor, "manage", org) and can(actor, "manage", parent)


def require_structure_right(actor: Any, org: Organization) -> None:
    """404 when the actor may not see `org`, 403 when they may not restructure it (see can_restructure)."""
    require_organization_right(actor, org, "manage")
    if not can_restructure(actor, org):
        raise PermissionDenied(PARENT_MANAGER_NEEDED)


def _check_parent(actor: Any, parent: Organization | None) -> None:
    """A new place in the tree must be one the actor manages: same answer whether unseen or unmanaged."""
    if parent is None:
        if not can(actor, "manage", None):
            raise ValidationError({"parent": [TOP_LEVEL_ONLY_SUPERUSER]})
    elif not can(actor, "manage", parent):
        raise ValidationError({"parent": [PARENT_NOT_MANAGED]})
    elif not parent.is_active:
        raise ValidationError({"parent": [_("This organization is inactive: nothing can be added under it.")]})
    elif Organization.objects.filter(pk=parent.pk, valid_to__isnull=False).exists():  # a stale copy may not know
        raise ValidationError(
            {"parent": [_("This organization has been merged or dissolved: nothing can be added under it.")]}
        )


def _normalise_code(org: Organization) -> None:
    # Codes are identifiers typed by people: "BCD-Quang-Ninh " and "bcd-quang-ninh" are the same code.
    org.code = (org.code or "").strip().lower()


def _validate_organization(org: Organization) -> None:
    _normalise_code(org)
    errors: dict[str, list] = {}
    try:
        org.full_clean()
    except ValidationError as err:
        errors = dict(err.message_dict)
    standing = org.standing_org
    if standing is not None and "standing_org" not in errors:
        inside = org.pk is not None and standing.pk != org.pk and standing.path.startswith(org.path)
        if not inside:
            errors["standing_org"] = [
                _("The standing agency must be one of this committee's member agencies or units.")
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_create_organization(parent: Organization | None, *, actor: Any, **fields: Any) -> Organization:
    """Create an organisation under `parent`; the actor must manage the parent."""
    check_fields(fields, ORGANIZATION_FIELDS)
    _check_parent(actor, parent)
    org = Organization(parent=parent, **fields)
    _validate_organization(org)
    org.save()
    audit.record_create(org, actor=actor)
    return org


@transaction.atomic
def do_update_organization(org: Organization, *, actor: Any, **changes: Any) -> Organization:
    """Change an organisation's fields; a new `parent` is a move (see do_move_organization)."""
    check_fields(changes, (*ORGANIZATION_FIELDS, "parent"))
    org = _locked_for_manager(org, actor)
    require_not_historical(org)
    parent_given = "parent" in changes
    new_parent = changes.pop("parent", None)
    if parent_given and new_parent != org.parent:
        org = do_move_organization(org, new_parent, actor=actor)
    before = audit.snapshot(org)
    for name, value in changes.items():
        setattr(org, name, value)
    _validate_organization(org)
    org.save()
    audit.record_update(org, before, actor=actor)
    return org


@transaction.atomic
def do_move_organization(
    org: Organization, new_parent: Organization | None, *, actor: Any, effective_date: datetime.date | None = None
) -> Organization:
    """Put an organisation (with its subtree) under another parent the actor also manages.

    With `effective_date` (a merger's), the old parent is kept for the days before it (parent_on).
    """
    org = _locked_for_manager(org, actor)
    require_structure_right(actor, org)
    require_not_historical(org)
    _check_parent(actor, new_parent)
    if new_parent == org.parent:
        raise ValidationError({"parent": [_("The organization is already directly under this parent.")]})
    old_parent = org.parent
    before = audit.snapshot(org)
    org.parent = new_parent
    try:
        org.clean()  # the cycle rules; the other fields are not changed by a move
    except ValidationError:
        org.parent = old_parent
        raise
    if effective_date is not None:
        record_former_parent(org, old_parent.pk if old_parent else None, effective_date)
    org.save()
    audit.record(
        AuditAction.UPDATE,
        org,
        actor=actor,
        before=before,
        after=audit.snapshot(org),
        event_type=MOVED_EVENT,
        message="{} → {}".format(old_parent or "—", new_parent or "—"),
    )
    return org


# What keeps an organisation from being deleted: (how many, message). Other apps' references surface
# as ProtectedError on delete.
DELETE_BLOCKERS: tuple[tuple[Callable[[Organization], int], Any], ...] = (
    (
        lambda org: org.children.count(),
        ngettext_lazy(
            "It has %(n)d sub-organization: move or delete it first.",
            "It has %(n)d sub-organizations: move or delete them first.",
            "n",
        ),
    ),
    (
        lambda org: Membership.objects.filter(organization=org).count(),
        ngettext_lazy("%(n)d user holds a role in it.", "%(n)d users hold a role in it.", "n"),
    ),
    (
        lambda org: CommitteeMember.objects.filter(organization=org).count(),
        ngettext_lazy("Its roster has %(n)d entry.", "Its roster has %(n)d entries.", "n"),
    ),
    (
        lambda org: CommitteeMember.objects.filter(representing=org).count(),
        ngettext_lazy(
            "It is named as the represented agency in %(n)d roster entry.",
            "It is named as the represented agency in %(n)d roster entries.",
            "n",
        ),
    ),
    (
        lambda org: org.predecessors.count(),
        ngettext_lazy(
            "It is the successor of %(n)d merged organization.",
            "It is the successor of %(n)d merged organizations.",
            "n",
        ),
    ),
    (
        lambda org: Organization.objects.filter(standing_org=org).count(),
        ngettext_lazy(
            "It is the standing agency of %(n)d committee.", "It is the standing agency of %(n)d committees.", "n"
        ),
    ),
)


def organization_delete_blockers(org: Organization) -> list[str]:
    """Why the organisation cannot be deleted; empty when it can."""
    reasons = [message % {"n": n} for count, message in DELETE_BLOCKERS if (n := count(org))]
    return reasons + _references_from_other_apps(org)


def _references_from_other_apps(org: Organization) -> list[str]:
    # Records of other modules (tasks, plans, ...) that would block the delete or lose their link.
    counts: dict[Any, int] = {}
    # include_hidden: OrgScopedModel's owner link has no reverse name (related_name="+").
    relations = [f for f in org._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]
    for relation in relations:
        model = relation.related_model
        if model._meta.app_label == Organization._meta.app_label:
            continue
        blocks = relation.many_to_many or relation.on_delete in (models.PROTECT, models.RESTRICT)
        if not blocks:
            continue
        n = model._base_manager.filter(**{relation.field.name: org}).count()
        if n:
            counts[model._meta.verbose_name_plural] = counts.get(model._meta.verbose_name_plural, 0) + n
    return [
        ngettext(
            "%(n)d record of “%(kind)s” refers to it.", "%(n)d records of “%(kind)s” refer to it.", n
        ) % {"n": n, "kind": kind}
        for kind, n in counts.items()
    ]


@transaction.atomic
def do_delete_organization(org: Organization, *, actor: Any) -> None:
    """Delete an organisation that nothing refers to; otherwise a ValidationError says why."""
    org = _locked_for_manager(org, actor)
    require_structure_right(actor, org)
    reasons = organization_delete_blockers(org)
    if reasons:
        raise ValidationError(reasons)
    before = audit.snapshot(org)
    audit.record_delete(org, before, actor=actor)
    try:
        with transaction.atomic():
            org.delete()
    except ProtectedError:
        raise ValidationError(
            _("Records of other modules still refer to this organization: deactivate it instead.")
        ) from None


def _no_active_children(step: Step) -> None:
    if step.obj.children.filter(is_active=True).exists():
        raise ValidationError(_("Deactivate or move its active sub-organizations first."))


def _parent_active(step: Step) -> None:
    org = step.obj
    if org.parent_id and not org.parent.is_active:
        raise ValidationError(_("Reactivate its parent organization first."))


# active ⇄ inactive on `is_active`, by a manager of the organisation (or above it).
ORGANIZATION_WORKFLOW = register(
    Workflow(
        Organization,
        field="is_active",
        states=ActiveState,
        values={ActiveState.ACTIVE: True, ActiveState.INACTIVE: False},
        transitions=[
            Transition(
                ActiveState.ACTIVE,
                ActiveState.INACTIVE,
                # Its place in the tree is its parent's: a manager cannot retire the top of their own scope.
                side="parent",
                action="manage",
                label=pgettext_lazy("organization", "Deactivate"),
                title=_("Deactivate the organization?"),
                message=_(
                    "It stays in the tree and in the history, but nothing new can be added under it and the roles "
                    "held in it stop giving access. You can reactivate it later."
                ),
                destructive=True,
                denied=PARENT_MANAGER_NEEDED,
                event="deactivated",
                icon="bi-pause-circle",
                style="outline-secondary",
                guards=(_no_active_children,),
            ),
            Transition(
                ActiveState.INACTIVE,
                ActiveState.ACTIVE,
                side="parent",
                action="manage",
                label=pgettext_lazy("organization", "Reactivate"),
                title=_("Reactivate the organization?"),
                message=_("Users will again be able to add records and sub-organizations under it."),
                denied=PARENT_MANAGER_NEEDED,
                event="reactivated",
                icon="bi-play-circle",
                style="outline-success",
                guards=(_parent_active,),
            ),
        ],
    )
)


def do_deactivate_organization(org: Organization, *, actor: Any, comment: str = "") -> Organization:
    """Retire an organisation that records still refer to: it stays readable, nobody can add under it."""
    return do_transition(org, ActiveState.INACTIVE, actor=actor, comment=comment)


def do_reactivate_organization(org: Organization, *, actor: Any, comment: str = "") -> Organization:
    return do_transition(org, ActiveState.ACTIVE, actor=actor, comment=comment)


def _validate_member(member: CommitteeMember) -> None:
    errors: dict[str, list] = {}
    try:
        member.full_clean()
    except ValidationError as err:
        errors = dict(err.message_dict)
    representing, committee = member.representing, member.organization
    if representing is not None and not representing.path.startswith(committee.path):
        errors.setdefault("representing", []).append(
            _("Choose one of this committee's member agencies or units.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_add_committee_member(committee: Organization, *, actor: Any, **fields: Any) -> CommitteeMember:
    """Add a person to a committee's roster; the actor must manage the committee."""
    check_fields(fields, COMMITTEE_MEMBER_FIELDS)
    require_organization_right(actor, committee, "manage")
    return create_scoped(CommitteeMember, committee, fields, actor=actor, action="manage", validate=_validate_member)


@transaction.atomic
def do_update_committee_member(member: CommitteeMember, *, actor: Any, **changes: Any) -> CommitteeMember:
    """Change a roster entry; an entry stays on its committee (end it and add a new one instead)."""
    organization = changes.pop("organization", member.organization)
    if organization != member.organization:
        raise ValidationError({"organization": [_("A roster entry cannot be moved to another committee.")]})
    check_fields(changes, COMMITTEE_MEMBER_FIELDS)
    require_organization_right(actor, member.organization, "manage")
    return update_scoped(member, changes, actor=actor, action="manage", validate=_validate_member)


@transaction.atomic
def do_remove_committee_member(member: CommitteeMember, *, actor: Any) -> None:
    """Delete a roster entry entered by mistake (a member who leaves gets an end date instead)."""
    require_organization_right(actor, member.organization, "manage")
    member = locked(CommitteeMember, member, actor, "manage")
    audit.record_delete(member, audit.snapshot(member), actor=actor)
    member.delete()

