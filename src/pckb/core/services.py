"""The building blocks of every app's services: field lists, rights, clearance, row locks, create/update.

A service (`do_<verb>_<noun>(..., *, actor)`, docs/conventions.md) is one transaction that checks the
actor's right inside it, validates, writes and audits. These helpers are the one implementation of
the parts every service repeats; apps never copy them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from . import audit
from .scoping import NOT_FOUND_MESSAGE, can, check_write_scope, clearance_of, get_object_for_user

__all__ = [
    "FIELD_NOT_ALLOWED",
    "check_fields",
    "require",
    "lock",
    "locked",
    "check_clearance",
    "check_classification",
    "create_scoped",
    "update_scoped",
    "user_or_none",
]

FIELD_NOT_ALLOWED = _("This field cannot be set here.")
ABOVE_OWN_CLEARANCE = _("You cannot file a record above your own clearance.")


def check_fields(fields: Mapping[str, Any], allowed: Iterable[str], message: Any = FIELD_NOT_ALLOWED) -> None:
    """A field the caller may not set is a ValidationError naming it (an API 400), never dropped silently."""
    refused = sorted(set(fields) - set(allowed))
    if refused:
        raise ValidationError({name: [message] for name in refused})


def require(actor: Any, action: str, organization: Any, message: Any) -> None:
    """PermissionDenied (403) with `message` unless the actor may do `action` in `organization`."""
    if not can(actor, action, organization):
        raise PermissionDenied(message)


def lock(queryset: models.QuerySet, pk: Any) -> Any:
    """Row `pk` of `queryset`, locked (SELECT … FOR UPDATE) until the transaction ends; 404 when absent.

    For records whose access rule is not `visible_to` (user accounts): check the access first.
    """
    try:
        return queryset.select_for_update(of=("self",)).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE)


def locked(model: type[models.Model], obj: models.Model, actor: Any, action: str = "view") -> Any:
    """The row reloaded and locked for the rest of the transaction, as the actor may reach it.

    404 when the actor may not see it, 403 when they may see it but not do `action`. Services work on
    this fresh copy: a form may already have changed the caller's instance in memory, and two users
    acting at once must not overwrite each other.
    """
    qs = model._default_manager.select_for_update(of=("self",))
    return get_object_for_user(actor, qs, obj.pk, action)


def check_clearance(actor: Any, level: Any, field: str = "classification", message: Any = ABOVE_OWN_CLEARANCE) -> None:
    """Nobody files a record, or grants a clearance, above their own clearance."""
    if int(level or 0) > clearance_of(actor):
        raise ValidationError({field: [message]})


def check_classification(obj: Any, actor: Any) -> None:
    """Nobody may file a record above their own clearance (they could not read it back)."""
    check_clearance(actor, getattr(obj, "classification", 0))


def user_or_none(actor: Any) -> Any:
    """The actor as a `created_by`/`updated_by` value (commands may act without a signed-in user)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _full_clean(obj: models.Model) -> None:
    obj.full_clean()


def create_scoped(
    model: type[models.Model],
    organization: Any,
    fields: Mapping[str, Any],
    *,
    actor: Any,
    action: str = "add",
    validate: Callable[[Any], None] = _full_clean,
) -> Any:
    """Create a record owned by `organization` after checking the actor may do `action` there (404
    otherwise); clearance-checked, validated (`validate`, default `full_clean()`), saved and audited."""
    if organization is None:
        raise ValidationError({"organization": [_("Choose the organization.")]})
    check_write_scope(actor, organization, action)
    user = user_or_none(actor)
    obj = model(organization=organization, created_by=user, updated_by=user, **fields)
    check_classification(obj, actor)
    validate(obj)
    obj.save()
    audit.record_create(obj, actor=actor)
    return obj


def update_scoped(
    obj: Any,
    fields: Mapping[str, Any],
    *,
    actor: Any,
    action: str = "change",
    validate: Callable[[Any], None] = _full_clean,
) -> Any:
    """Apply `fields` to a locked copy of `obj` the actor may do `action` on; validated, audited.

    A new owner (`organization` among the fields) must be one where the actor may add.
    """
    obj = locked(type(obj), obj, actor, action)
    before = audit.snapshot(obj)
    new_org = fields.get("organization")
    if new_org is not None and new_org.pk != obj.organization_id:
        check_write_scope(actor, new_org, "add")
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.updated_by = user_or_none(actor)
    check_classification(obj, actor)
    validate(obj)
    obj.save()
    audit.record_update(obj, before, actor=actor)
    return obj
