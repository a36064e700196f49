"""What the commands that put reference data in the national committee's hands share: its owner and actor."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

__all__ = ["national_owner_and_actor"]


def national_owner_and_actor(code: str | None = None) -> tuple[Any, Any]:
    """The owning committee (by code, else the root of the tree) and the administrator the audit names."""
    from pckb.organizations.models import Organization

    roots = Organization.objects.filter(parent__isnull=True, is_active=True)
    owner = roots.filter(code=code).first() if code else roots.order_by("pk").first()
    if owner is None:
        raise CommandError("No national committee yet: create the organisation tree first.")
    # The audit trail names an administrator, as for every other write.
    actor = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if actor is None:
        raise CommandError("No administrator yet: run `pckb init` first.")
    return owner, actor
