"""Stable target codes (`QNI-0042`): numbers taken from a locked counter per province prefix."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from ..codes import format_code, province_abbreviation
from ..models import TargetCodeCounter

__all__ = ["CODE_PATTERN", "prefix_for", "take_numbers", "note_used"]

CODE_PATTERN = re.compile(r"^([A-Z][A-Z0-9]{1,5})-(\d{4,6})$")


def prefix_for(province: object) -> str:
    return province_abbreviation(getattr(province, "code", ""))


def _locked_counter(prefix: str) -> TargetCodeCounter:
    # The row may not exist yet: create it in a savepoint (a concurrent creator wins, we re-read),
    # then lock it; whoever holds the lock hands out the next numbers, so no two targets share one.
    if not TargetCodeCounter.objects.filter(prefix=prefix).exists():
        try:
            with transaction.atomic():
                TargetCodeCounter.objects.create(prefix=prefix, last=0)
        except IntegrityError:
            pass
    return TargetCodeCounter.objects.select_for_update().get(prefix=prefix)


def take_numbers(prefix: str, count: int = 1) -> list[str]:
    """`count` fresh codes for `prefix`, reserved until the caller's transaction ends."""
    counter = _locked_counter(prefix)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [format_code(prefix, n) for n in range(first, first + count)]


def note_used(codes: list[str]) -> None:
    """Move the counters past codes given explicitly (an import), so later numbers never collide."""
    highest: dict[str, int] = {}
    for code in codes:
        match = CODE_PATTERN.match(code)
        if match:
            prefix, number = match.group(1), int(match.group(2))
            highest[prefix] = max(highest.get(prefix, 0), number)
    for prefix, number in highest.items():
        counter = _locked_counter(prefix)
        if counter.last < number:
            counter.last = number
            counter.save(update_fields=["last"])
