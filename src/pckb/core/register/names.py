"""The one way a document prints an organisation's name (the lead connects it to the tree through time)."""

from __future__ import annotations

import datetime
from typing import Any

__all__ = ["organization_name"]


def organization_name(organization: Any, on_date: datetime.date | None = None) -> str:
    """The name `organization` had on `on_date` (its current name until the tree keeps former names)."""
    if organization is None:
        return ""
    return organization.name
