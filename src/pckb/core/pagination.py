"""Paging of lists that can hold a million rows: the count stops at a cap instead of scanning them all."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

__all__ = ["COUNT_CAP", "AtLeast", "capped_count", "CappedPage", "CappedPaginator", "CappedAPIPagination"]

# 1,000: a bounded count costs at most ~1,000 index entries or rows; lists past 20 pages of 50 are
# for filters, not paging. Pages beyond the cap still work (next links, API clients syncing).
COUNT_CAP = 1_000


class AtLeast(int):
    """A count known only to exceed the cap; it reads "1000+"."""

    def __str__(self) -> str:
        return f"{int(self) - 1}+"


def capped_count(queryset: Any) -> int:
    """Count at most COUNT_CAP + 1 rows; above the cap the result is an AtLeast ("1000+")."""
    # Without ordering and annotations the bounded count is an index-only scan.
    counted = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    return AtLeast(counted) if counted > COUNT_CAP else counted


class CappedPage(Page):
    """A page that knows whether another follows without knowing the total."""

    def __init__(self, object_list: Any, number: int, paginator: Paginator, has_more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self) -> bool:
        return self._has_more

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows (COUNT over a LIMIT subquery): an index-friendly bound.

    Above the cap the total is unknown (`is_capped`), so pages are fetched one row long to learn
    whether another page follows, and any page number is accepted until a page comes back empty.
    """

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return capped_count(self.object_list)

    @property
    def is_capped(self) -> bool:
        return isinstance(self.count, AtLeast)

    def validate_number(self, number: Any) -> int:
        if not self.is_capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"])
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        if not self.is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


class CappedAPIPagination(PageNumberPagination):
    """The one paging of every API list (REST_FRAMEWORK's default): the pages' bound, in JSON.

    `{"count", "count_is_lower_bound", "next", "previous", "results"}` with `?page=` and
    `?page_size=` (at most 500); `count_is_lower_bound` says when the count stopped at the cap.
    """

    django_paginator_class = CappedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Any) -> int:
        # `?page_size=abc` or `-1` is bad input: a 400 naming the parameter, not a silently different page.
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or not raw.strip("0"):
            message = _("Enter a whole number from 1 to {maximum}.").format(maximum=self.max_page_size)
            raise ValidationError({self.page_size_query_param: [message]})
        # Compare the length first: int() of thousands of digits is refused by Python itself.
        return self.max_page_size if len(raw) > 6 else min(int(raw), self.max_page_size)

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        # `?page=abc` is bad input (400 on the field), not a missing page (404 stays for pages past the end).
        page_number = super().get_page_number(request, paginator)
        if page_number in self.last_page_strings or (str(page_number).isdigit() and int(page_number) > 0):
            return page_number
        raise ValidationError({self.page_query_param: [self.invalid_page_message.format(page_number=page_number)]})

    def get_paginated_response(self, data: list) -> object:
        response = PageNumberPagination.get_paginated_response(self, data)
        response.data["count"] = int(self.page.paginator.count)
        response.data["count_is_lower_bound"] = isinstance(self.page.paginator.count, AtLeast)
        return response
