"""Test helper: the shipped administrative units, loaded once for a whole test module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .choices import AdminLevel
from .models import AdminUnit
from .services import load_admin_units

__all__ = ["admin_units_loaded"]


@contextmanager
def admin_units_loaded(*, current_only: bool = False) -> Iterator[None]:
    """Load the units outside the tests' transactions and remove them afterwards.

    Use it in a module-scoped fixture under `django_db_blocker.unblock()`; the tests of the module must
    not change the units (their own changes are rolled back as usual).
    """
    load_admin_units(current_only=current_only)
    try:
        yield
    finally:
        # Children before parents: the parent link is PROTECT.
        for level in (AdminLevel.COMMUNE, AdminLevel.DISTRICT, AdminLevel.PROVINCE):
            AdminUnit.objects.filter(level=level).delete()
