"""API authentication kept in its own module: DRF imports it while loading its own views."""

from typing import Any

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

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        # `?page=abc` is bad input (400 on the field), not a missing page (404 stays for pages past the end).
        page_number = super().get_page_number(request, paginator)
        if page_number in self.last_page_strings or (str(page_number).isdigit() and int(page_number) > 0):
            return page_number
        raise ValidationError({self.page_query_param: [self.invalid_page_message.format(page_number=page_number)]})
