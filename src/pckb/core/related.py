"""What a related-object field (API or form) may offer: `visible_to(user, action)`, and one refusal.

The API's `core.api.ScopedRelatedField` and the forms' `core.forms.ScopedModelChoiceField` take their
choices from `related_choices`. An id outside them, whether it is hidden from the user or does not
exist at all, gets the same message: the answer must not tell which records exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["RELATED_NOT_FOUND", "RELATED_BAD_ID", "related_choices", "takes_dated_records"]

RELATED_NOT_FOUND = _("Not found, or you may not use it here.")
RELATED_BAD_ID = _("Give the id (a whole number) of a record.")

Limit = Callable[[models.QuerySet], models.QuerySet]


def related_choices(
    user: Any,
    model: type[models.Model],
    action: str = "view",
    limit: Limit | None = None,
    *,
    historical: bool = False,
) -> Any:
    """The rows of `model` that `user` may pick for `action`; inactive rows are never offered, nor
    historical ones (merged or dissolved organisations: `without_historical()`) unless `historical`.

    `limit` narrows the result further (e.g. committees only); it can never widen it.
    """
    qs = model._default_manager.all()
    if not hasattr(qs, "visible_to"):
        raise ImproperlyConfigured(
            f"{model._meta.label} has no visible_to(): give it a ScopedQuerySet before offering it in a field"
        )
    if any(f.name == "is_active" for f in model._meta.fields):
        qs = qs.filter(is_active=True)
    if not historical and hasattr(qs, "without_historical"):
        qs = qs.without_historical()
    qs = qs.visible_to(user, action)
    return limit(qs) if limit is not None else qs


def takes_dated_records(model: type[models.Model] | None) -> bool:
    """Does `model` place its records in time (`record_date_field`)? Its organisation fields then accept
    historical organisations too: the record's date decides, in the service, with a dated message."""
    return bool(getattr(model, "record_date_field", None))
