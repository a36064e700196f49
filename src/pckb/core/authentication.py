"""API authentication kept in its own module: DRF imports it while loading its own views."""

from rest_framework.authentication import TokenAuthentication
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
