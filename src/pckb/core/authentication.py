"""API authentication kept in its own module: DRF imports it while loading its own views."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission

__all__ = ["BearerTokenAuthentication", "TokenScopePermission", "StandardPagination"]


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <key>` with a named, expiring, revocable token (pckb.accounts.tokens)."""

    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header. No credentials provided."))
        from pckb.accounts.tokens import find_active_token

        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = find_active_token(key)
        if token is None:
            # Expired, revoked, unknown and a locked account look the same to the caller.
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class TokenScopePermission(BasePermission):
    """A read-only token may read, never write."""

    message = _("This API token is read-only.")

    def has_permission(self, request: Any, view: Any) -> bool:
        token = getattr(request, "auth", None)
        return request.method in SAFE_METHODS or not getattr(token, "read_only", False)


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
