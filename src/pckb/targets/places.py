"""The communes a target may name: those of its province, current or (for an old record) retired."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from pckb.geo.choices import AdminLevel
from pckb.geo.models import AdminUnit

__all__ = ["PROVINCE_COMMUNES_LIMIT", "communes_of", "read_date", "read_id"]

# A province has at most a few hundred communes: once it is chosen they are listed whole.
PROVINCE_COMMUNES_LIMIT = 400


def read_id(value: Any) -> int | None:
    """A record id from a form or query string ("12"), or None for anything else (text, huge numbers)."""
    value = getattr(value, "pk", value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value < 2**63 else None
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def read_date(text: Any) -> datetime.date | None:
    """A date as the date boxes write it (dd/mm/yyyy, or ISO), else None."""
    try:
        return forms.DateField(required=False).clean(text)
    except ValidationError:
        return None


def communes_of(province_id: int, listed_on: datetime.date | None = None) -> QuerySet:
    """The communes of a province a target may name: the current ones, and the retired ones that still
    existed on the listing date (an old record). KeyTarget.clean() applies the same rule."""
    today = timezone.localdate()
    return (
        AdminUnit.objects.filter(level=AdminLevel.COMMUNE)
        .filter(Q(parent_id=province_id) | Q(parent__parent_id=province_id))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=min(listed_on or today, today)))
        .select_related("parent")
        .order_by(F("valid_to").asc(nulls_first=True), "search_name")
    )
