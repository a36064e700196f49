"""The records a task (or any follow-up) may name as its source: an explicit allow-list, read through scoping.

A module registers its records in its AppConfig.ready():

    from pckb.core.sources import register_source_type
    register_source_type(Finding)          # "inspections.finding"

Anything not registered (user accounts, permissions, sign-in records, ...) is refused exactly like a
record that does not exist, and a registered record is found only through `visible_to`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "SOURCE_NOT_FOUND",
    "register_source_type",
    "source_types",
    "source_model",
    "resolve_source",
    "check_source",
    "visible_source",
]

SOURCE_NOT_FOUND = _("The source record was not found.")

_REGISTRY: dict[str, type[models.Model]] = {}


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register_source_type(model: type[models.Model]) -> None:
    """Allow `model`'s records as sources; it must be scoped (have `visible_to`)."""
    if not hasattr(model._default_manager.all(), "visible_to"):
        raise ImproperlyConfigured(f"{_label(model)} is not scoped: it cannot be a source")
    _REGISTRY[_label(model)] = model


def source_types() -> list[str]:
    """The registered "app.model" labels, sorted."""
    return sorted(_REGISTRY)


def source_model(label: str) -> type[models.Model] | None:
    """The registered model of an "app.model" label (any case), or None."""
    return _REGISTRY.get((label or "").lower())


def resolve_source(source_type: Any, source_id: Any, user: Any, field: str = "source_type") -> Any:
    """The record named by "app.model" and id if it is of a registered type and the user may see it.

    Everything else (unknown or unregistered type, missing or hidden record, bad id) is one and the same
    field error, so the answer tells nothing about what exists.
    """
    if not source_type and source_id in (None, ""):
        return None
    error = ValidationError({field: [SOURCE_NOT_FOUND]})
    model = source_model(source_type) if isinstance(source_type, str) else None
    whole = isinstance(source_id, int) and not isinstance(source_id, bool)
    if model is None or not (whole or (isinstance(source_id, str) and source_id.isascii() and source_id.isdigit())):
        raise error
    try:
        return model._default_manager.visible_to(user, "view").get(pk=int(source_id))
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise error


def check_source(obj: Any, user: Any, field: str = "source_type") -> None:
    """Services re-check a source object they are handed: registered type, visible to `user`."""
    if obj is None:
        return
    model = source_model(_label(type(obj)))
    if model is None or not model._default_manager.visible_to(user, "view").filter(pk=obj.pk).exists():
        raise ValidationError({field: [SOURCE_NOT_FOUND]})


def visible_source(content_type: Any, source_id: Any, user: Any) -> Any:
    """A stored source (content type and id) for display: None unless registered and visible to `user`."""
    if content_type is None or source_id is None:
        return None
    model = source_model(f"{content_type.app_label}.{content_type.model}")
    if model is None:
        return None
    return model._default_manager.visible_to(user, "view").filter(pk=source_id).first()
