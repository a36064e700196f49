"""User and membership administration: every change of an account goes through these functions.

Pages, the API and commands call them; each one checks the actor's rights (see accounts.access),
validates with `full_clean()` and Django's password validators, and writes an audit entry whose
organisation is the membership's (or, for an account change, the user's first organisation in the
actor's scope) so that the administrators of that organisation see it in their audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.choices import ActiveState, Classification, Role
from pckb.core.models import AuditAction
from pckb.core.scoping import NOT_FOUND_MESSAGE, check_write_scope, scope_paths
from pckb.core.services import check_clearance, check_fields, lock, locked
from pckb.core.text import nfc
from pckb.core.workflow import Transition, Workflow, do_transition, register

from .access import get_user_for_admin, role_in, users_visible_to


def axes_reset(**kwargs: Any) -> None:
    """Forget the failed sign-ins counted by django-axes (imported late: axes needs the app registry)."""
    from axes.utils import reset

    reset(**kwargs)

__all__ = [
    "ACCOUNT_FIELDS",
    "PROFILE_FIELDS",
    "do_create_user",
    "do_update_user",
    "do_update_profile",
    "do_set_password",
    "USER_WORKFLOW",
    "do_set_user_active",
    "check_not_self",
    "do_add_membership",
    "do_change_membership",
    "do_remove_membership",
    "record_sign_in",
]

# What an administrator may change on an account, and what users may change on their own.
ACCOUNT_FIELDS = ("username", "full_name", "title", "email", "phone", "clearance")
PROFILE_FIELDS = ("full_name", "title", "email", "phone", "email_notifications")
_TEXT_FIELDS = {"username", "full_name", "title", "email", "phone"}

CLEARANCE_TOO_HIGH = _("You cannot grant a clearance higher than your own.")
ROLE_TOO_HIGH = _("You cannot grant a role higher than your own in this organization.")
NOT_YOURSELF = _("You cannot change your own account here; ask another administrator.")


def _membership_model() -> Any:
    from pckb.organizations.models import Membership

    return Membership


def _audit_organization(user: Any, actor: Any) -> Any:
    """The organisation an account-level entry is filed under: the user's first one in the actor's scope."""
    memberships = user.memberships.select_related("organization").order_by("organization__path")
    paths = scope_paths(actor, "admin")
    for membership in memberships:
        if paths is None or any(membership.organization.path.startswith(p) for p in paths):
            return membership.organization
    first = memberships.first()
    return first.organization if first else None


def _check_clearance(actor: Any, clearance: int) -> None:
    check_clearance(actor, clearance, field="clearance", message=CLEARANCE_TOO_HIGH)


def _lock_user(user: Any) -> Any:
    """The account's row, locked for the transaction (the caller has checked the access first)."""
    return lock(get_user_model().objects.all(), user.pk)


def _check_role(actor: Any, organization: Any, role: int) -> None:
    if int(role) not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if int(role) > (role_in(actor, organization) or 0):
        raise ValidationError({"role": ROLE_TOO_HIGH})


def check_not_self(actor: Any, user: Any) -> None:
    """403: administrators change their own account and roles only through another administrator."""
    if actor.pk == user.pk:
        raise PermissionDenied(NOT_YOURSELF)


def _clean_values(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: nfc(v) if k in _TEXT_FIELDS and isinstance(v, str) else v for k, v in fields.items()}


def _validate_password(password: str, user: Any) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as err:
        raise ValidationError({"password": err.messages})


@transaction.atomic
def do_create_user(
    username: str,
    password: str,
    *,
    actor: Any,
    organization: Any = None,
    role: int | None = None,
    **fields: Any,
) -> Any:
    """Create an account, with its first membership (required unless the actor is a superuser)."""
    check_fields(fields, ACCOUNT_FIELDS)
    if organization is None and not actor.is_superuser:
        raise ValidationError({"organization": _("Choose the organization the new user works in.")})
    if organization is not None:
        check_write_scope(actor, organization, "admin")
        if role is None:
            raise ValidationError({"role": _("Choose the role of the new user in this organization.")})
        _check_role(actor, organization, role)
    _check_clearance(actor, fields.get("clearance", Classification.UNCLASSIFIED))
    user = get_user_model()(username=username, **_clean_values(fields))
    user.username = nfc(username)
    _validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record_create(user, actor=actor, organization=organization)
    if organization is not None:
        membership = _membership_model()(user=user, organization=organization, role=role)
        membership.full_clean()
        membership.save()
        audit.record_create(membership, actor=actor)
    return user


@transaction.atomic
def do_update_user(user: Any, *, actor: Any, **changes: Any) -> Any:
    """Change an account's details (administrators; the clearance never above the actor's own)."""
    check_fields(changes, ACCOUNT_FIELDS)
    user = _lock_user(get_user_for_admin(actor, user.pk))
    before = audit.snapshot(user)
    changes = _clean_values(changes)
    if "clearance" in changes and int(changes["clearance"]) != user.clearance:
        _check_clearance(actor, changes["clearance"])
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changes) or None)
    audit.record_update(user, before, actor=actor, organization=_audit_organization(user, actor))
    return user


@transaction.atomic
def do_update_profile(user: Any, *, actor: Any, **changes: Any) -> Any:
    """A user changes their own details and notification preference."""
    check_fields(changes, PROFILE_FIELDS)
    if actor.pk != user.pk:
        raise PermissionDenied(_("You can only change your own profile."))
    user = _lock_user(user)
    before = audit.snapshot(user)
    for name, value in _clean_values(changes).items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changes) or None)
    audit.record_update(user, before, actor=actor, organization=_audit_organization(user, actor))
    return user


@transaction.atomic
def do_set_password(user: Any, password: str, *, actor: Any) -> Any:
    """Set a new password (the user themselves, or an administrator of the whole account).

    An administrator's reset also lifts a sign-in lockout: the user was usually locked out for having
    forgotten the password they are now given.
    """
    by_admin = actor.pk != user.pk
    if by_admin:
        user = get_user_for_admin(actor, user.pk)
    user = _lock_user(user)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if by_admin:
        username = user.username
        transaction.on_commit(lambda: axes_reset(username=username))
    from .tokens import revoke_all_tokens

    revoke_all_tokens(user, actor=actor, reason="password changed")
    audit.record(
        AuditAction.UPDATE,
        user,
        actor=actor,
        event_type="accounts.user.password_changed",
        message=str(_("Password changed.")),
        organization=_audit_organization(user, actor),
    )
    return user


def _revoke_tokens(step: Any) -> None:
    """A locked account's API tokens stop working at once, and stay revoked if it is reactivated."""
    from .tokens import revoke_all_tokens

    revoke_all_tokens(step.obj, actor=step.actor, reason="account locked")


class UserWorkflow(Workflow):
    """Accounts are not organisation-scoped: who may see and administer one comes from accounts.access."""

    def fetch(self, actor: Any, pk: Any, *, lock: bool = False) -> Any:
        users = users_visible_to(actor, "view")
        if lock:
            users = users.select_for_update(of=("self",))
        try:
            return users.get(pk=pk)
        except (get_user_model().DoesNotExist, ValueError, TypeError):
            raise Http404(NOT_FOUND_MESSAGE) from None

    def check_actor(self, obj: Any, actor: Any, t: Transition) -> None:
        get_user_for_admin(actor, obj.pk)  # 403 unless the actor administers the whole account
        check_not_self(actor, obj)

    def audit_organization(self, obj: Any, actor: Any) -> Any:
        return _audit_organization(obj, actor)


# Accounts are never deleted (the audit trail names them): they are deactivated and reactivated.
USER_WORKFLOW = register(
    UserWorkflow(
        get_user_model(),
        field="is_active",
        states=ActiveState,
        values={ActiveState.ACTIVE: True, ActiveState.INACTIVE: False},
        transitions=[
            Transition(
                ActiveState.ACTIVE,
                ActiveState.INACTIVE,
                action="admin",
                label=_("Deactivate"),
                title=_("Deactivate user"),
                message=_(
                    "The user will no longer be able to sign in or use the API. The account and its history "
                    "are kept and can be reactivated later."
                ),
                destructive=True,
                event="deactivated",
                icon="bi-person-x",
                after=(_revoke_tokens,),
            ),
            Transition(
                ActiveState.INACTIVE,
                ActiveState.ACTIVE,
                action="admin",
                label=_("Reactivate"),
                title=_("Reactivate user"),
                message=_("The user will be able to sign in again with their existing password and roles."),
                event="reactivated",
                icon="bi-person-check",
                style="outline-success",
            ),
        ],
    )
)


def do_set_user_active(user: Any, active: bool, *, actor: Any, comment: str = "") -> Any:
    """Deactivate or reactivate an account through USER_WORKFLOW."""
    return do_transition(user, ActiveState.ACTIVE if active else ActiveState.INACTIVE, actor=actor, comment=comment)


@transaction.atomic
def do_add_membership(user: Any, organization: Any, role: int, *, actor: Any) -> Any:
    """Give a user a role in an organisation inside the actor's subtrees, not above the actor's own."""
    check_write_scope(actor, organization, "admin")
    if not actor.is_superuser:
        # The user must already be one of "ours", or this would be a way to adopt anyone's account.
        user = get_user_for_admin(actor, user.pk, account=False)
    check_not_self(actor, user)
    _check_role(actor, organization, role)
    membership = _membership_model()(user=user, organization=organization, role=int(role))
    membership.full_clean()
    membership.save()
    audit.record_create(membership, actor=actor)
    return membership


@transaction.atomic
def do_change_membership(membership: Any, role: int, *, actor: Any) -> Any:
    """Change the role of a membership inside the actor's subtrees."""
    membership = locked(_membership_model(), membership, actor, "admin")
    check_not_self(actor, membership.user)
    _check_role(actor, membership.organization, role)
    before = audit.snapshot(membership)
    membership.role = int(role)
    membership.full_clean()
    membership.save(update_fields=["role"])
    audit.record_update(membership, before, actor=actor)
    return membership


@transaction.atomic
def do_remove_membership(membership: Any, *, actor: Any) -> None:
    """Remove a membership inside the actor's subtrees (the account itself stays)."""
    membership = locked(_membership_model(), membership, actor, "admin")
    check_not_self(actor, membership.user)
    audit.record_delete(membership, audit.snapshot(membership), actor=actor)
    membership.delete()


def record_sign_in(user: Any) -> None:
    """A successful sign-in on the login page, filed under the user's first organisation."""
    audit.record(
        AuditAction.LOGIN,
        user,
        actor=user,
        event_type="accounts.user.signed_in",
        organization=_audit_organization(user, user),
    )
