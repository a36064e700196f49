"""Register numbers: from 01 per issuing body per calendar year, given at issue, never reused.

One counter row per (body, year), locked with SELECT … FOR UPDATE inside the issuing transaction: two
application servers issuing at the same moment queue on that row, so each gets the next number, and a
transaction that rolls back gives its number back with it (nothing was issued under it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import DocumentCounter

__all__ = ["next_number"]


def next_number(organization: Any, year: int) -> int:
    """The next number of `organization` in `year`; call it inside the issuing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the issuing transaction")
    # INSERT … ON CONFLICT DO NOTHING: the first issue of a year creates the row without a race.
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(organization_id=organization.pk, year=year, last_number=0)], ignore_conflicts=True
    )
    counter = DocumentCounter.objects.select_for_update().get(organization_id=organization.pk, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number
