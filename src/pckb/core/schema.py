"""OpenAPI pieces drf-spectacular cannot infer: how PCKB's Bearer tokens authenticate, and the
`Idempotency-Key` header of the writes (settings: DEFAULT_SCHEMA_CLASS is this module's AutoSchema)."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

__all__ = ["BearerTokenScheme", "AutoSchema"]

IDEMPOTENCY_DESCRIPTION = (
    "Optional, 1 to 255 printable ASCII characters, chosen by the client (a UUID). The same key with the same request "
    "within 24 hours returns the first answer again (header `Idempotent-Replayed: true`) instead of "
    "writing twice; the same key with another path or body is a 422; while the first request is still "
    "running, 409. Keys are per user."
)
IDEMPOTENCY_ERRORS = {
    "409": "A request with the same Idempotency-Key is still being processed.",
    "422": "The Idempotency-Key was already used for another path or body.",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "pckb.core.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `POST /api/v1/auth/token`: `Authorization: Bearer <token>`.",
        }


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus on every write that honours it the optional `Idempotency-Key` header
    and its two answers (409 still running, 422 key reused for another request)."""

    def _idempotent_write(self) -> bool:
        # Imported here: this module is loaded with the extensions, before the models are ready.
        from .api_idempotency import WRITE_METHODS, IdempotentAPIMixin

        return self.method in WRITE_METHODS and isinstance(self.view, IdempotentAPIMixin)

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction == "response" and self._idempotent_write():
            detail = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
            for code, text in IDEMPOTENCY_ERRORS.items():
                responses.setdefault(code, {"content": {"application/json": {"schema": detail}}, "description": text})
        return responses

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        from .api_idempotency import IDEMPOTENCY_HEADER
        from .idempotency import KEY_PATTERN

        if self._idempotent_write():
            parameters.append(
                OpenApiParameter(
                    IDEMPOTENCY_HEADER,
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=False,
                    description=IDEMPOTENCY_DESCRIPTION,
                    pattern=KEY_PATTERN,
                )
            )
        return parameters
