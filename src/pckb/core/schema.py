"""OpenAPI pieces drf-spectacular cannot infer: how PCKB's Bearer tokens authenticate."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

__all__ = ["BearerTokenScheme"]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "pckb.core.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `POST /api/v1/auth/token`: `Authorization: Bearer <token>`.",
        }
