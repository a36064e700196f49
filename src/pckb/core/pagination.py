"""Paging of lists that can hold a million rows: the count stops at a cap instead of scanning them all."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

from pckb.core.authentication import StandardPagination

__all__ = ["COUNT_CAP", "AtLeast", "capped_count", "CappedPaginator", "CappedAPIPagination"]

COUNT_CAP = 10_000


class AtLeast(int):
    """A count known only to exceed the cap; it reads "10000+"."""

    def __str__(self) -> str:
        return f"{int(self) - 1}+"


def capped_count(queryset: Any) -> int:
    """Count at most COUNT_CAP + 1 rows; above the cap the result is an AtLeast ("10000+")."""
    # Without ordering and annotations the bounded count is an index-only scan.
    counted = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    return AtLeast(counted) if counted > COUNT_CAP else counted


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows (COUNT over a LIMIT subquery): an index-friendly bound."""

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return capped_count(self.object_list)


class CappedAPIPagination(StandardPagination):
    """The API's paging with the same bound; `count_is_lower_bound` says when the count was capped."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data: list) -> object:
        response = PageNumberPagination.get_paginated_response(self, data)
        response.data["count"] = int(self.page.paginator.count)
        response.data["count_is_lower_bound"] = isinstance(self.page.paginator.count, AtLeast)
        return response
