"""API authentication kept in its own module: DRF imports it while loading its own views."""

from rest_framework.authentication import TokenAuthentication

__all__ = ["BearerTokenAuthentication"]


class BearerTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer <token>` with DRF's token table."""

    keyword = "Bearer"

