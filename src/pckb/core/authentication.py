"""API authentication kept in its own module: DRF imports it while loading its own views."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

__all__ = ["BearerTokenAuthentication", "StandardPagination"]


class BearerTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer <token>` with DRF's token table."""

    keyword = "Bearer"


class StandardPagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}` with `?page=` and `?page_size=` (at most 500)."""

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
