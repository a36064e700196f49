"""API authentication kept in its own module: DRF imports it while loading its own views."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

__all__ = ["BearerTokenAuthentication", "TokenScopePermission"]


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

