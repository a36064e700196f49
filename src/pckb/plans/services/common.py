"""Helpers shared by the plans services: permission checks, row locking and generic create/update."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.scoping import NOT_FOUND_MESSAGE, can, check_write_scope, clearance_of, get_object_for_user

__all__ = [
    "require",
    "locked",
    "check_classification",
    "create_scoped",
    "update_scoped",
    "reject_unknown",
    "ensure_visible",
]


def require(actor: Any, action: str, organization: Any, message: Any) -> None:
    """PermissionDenied (403) with `message` unless the actor may do `action` in `organization`."""
    if not can(actor, action, organization):
        raise PermissionDenied(message)


def locked(model: type[models.Model], obj: models.Model, actor: Any, action: str = "view") -> Any:
    """The row reloaded and locked for the rest of the transaction, as the actor may reach it.

    Services work on this fresh copy: a form may already have changed the caller's instance in memory,
    and two users acting at once must not overwrite each other.
    """
    qs = model._default_manager.select_for_update(of=("self",))
    return get_object_for_user(actor, qs, obj.pk, action)


def check_classification(obj: Any, actor: Any) -> None:
    """Nobody may file a record above their own clearance (they could not read it back)."""
    if getattr(obj, "classification", 0) > clearance_of(actor):
        raise ValidationError({"classification": [_("You cannot file a record above your own clearance.")]})


def reject_unknown(fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def create_scoped(model: type[models.Model], organization: Any, fields: Mapping[str, Any], *, actor: Any) -> Any:
    """Create an owned record after checking the actor may add in `organization`; validated, audited."""
    if organization is None:
        raise ValidationError({"organization": [_("Choose the organization.")]})
    check_write_scope(actor, organization, "add")
    obj = model(organization=organization, created_by=actor, updated_by=actor, **fields)
    check_classification(obj, actor)
    obj.full_clean()
    obj.save()
    audit.record_create(obj, actor=actor)
    return obj


def update_scoped(obj: Any, fields: Mapping[str, Any], *, actor: Any) -> Any:
    """Apply `fields` to a locked copy of `obj` the actor may change; validated, audited."""
    obj = locked(type(obj), obj, actor, "change")
    before = audit.snapshot(obj)
    new_org = fields.get("organization")
    if new_org is not None and new_org.pk != obj.organization_id:
        check_write_scope(actor, new_org, "add")
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.updated_by = actor
    check_classification(obj, actor)
    obj.full_clean()
    obj.save()
    audit.record_update(obj, before, actor=actor)
    return obj


def ensure_visible(model: type[models.Model], obj: models.Model, actor: Any) -> None:
    if not model._default_manager.visible_to(actor, "view").filter(pk=obj.pk).exists():
        raise Http404(NOT_FOUND_MESSAGE)
