"""The one way a document prints an organisation's name: the name it had on the document's date."""

from __future__ import annotations

import datetime
from typing import Any

__all__ = ["organization_name"]


def organization_name(organization: Any, on_date: datetime.date | None = None) -> str:
    """The name `organization` had on `on_date` (former names of a renamed body are kept with their
    dates, organizations.Organization.name_on); today's name when no date is given."""
    if organization is None:
        return ""
    return organization.name_on(on_date)
