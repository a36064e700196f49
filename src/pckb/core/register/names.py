"""The one way a document prints an organisation's name: the name it had on the document's date."""

from __future__ import annotations

import datetime
from typing import Any

__all__ = ["organization_name", "organization_names"]


def organization_name(organization: Any, on_date: datetime.date | None = None) -> str:
    """The name `organization` had on `on_date` (former names of a renamed body are kept with their
    dates, organizations.Organization.name_on); today's name when no date is given."""
    if organization is None:
        return ""
    return organization.name_on(on_date)


def organization_names(rows: Any, on_date: datetime.date) -> dict[int, str]:
    """`organization_name` for many at once (a roll-up of 5,000 units): {id: name on `on_date`}.

    `rows` are (id, present name) pairs; one query reads the former names in force that day, instead of
    one per organisation.
    """
    from django.db.models import Q

    from pckb.organizations.models import OrganizationName

    names = dict(rows)
    former = OrganizationName.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on_date), organization_id__in=list(names), valid_to__gte=on_date
    ).values_list("organization_id", "name")
    names.update(former)
    return names
