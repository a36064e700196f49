"""OpenAPI pieces drf-spectacular cannot infer: how PCKB's Bearer tokens authenticate, the error answers
every operation can give, the `Idempotency-Key` header of the writes, and output fields that only some
answers carry (settings: DEFAULT_SCHEMA_CLASS is this module's AutoSchema).

The fuzz gate (scripts/fuzz_api.py) checks every response against this schema: an answer the schema does
not describe fails the build, so what is documented here is what `core.api.exception_handler` and the
parsers really send.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

__all__ = ["AutoSchema", "BearerTokenScheme", "ERROR_RESPONSES", "optional_detail_fields"]

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


_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# DRF's validation answer: each field's name (or `non_field_errors`) with its messages, nested for nested
# bodies; a malformed or oversized body is `{"detail": ...}` (a ParseError).
_FIELD_ERRORS = {"type": "object", "additionalProperties": {}}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# (status, description, schema, which operations: "all", "auth" (signed-in), "body" (with a request body))
ERROR_RESPONSES: tuple[tuple[str, str, dict[str, Any], str], ...] = (
    ("400", "Bad parameters or body: each field's name with its messages, or `detail`.", _FIELD_ERRORS, "all"),
    ("401", "No token, or an invalid, expired or revoked one.", _DETAIL, "auth"),
    ("403", "Signed in, but not allowed to do this here (or a read-only token).", _DETAIL, "auth"),
    ("404", "Not found, or outside the caller's scope (the same answer).", _DETAIL, "auth"),
    ("415", "The body's content type is not JSON, form data or multipart.", _DETAIL, "body"),
)

# Output fields that a list leaves out (computed per record, so only the detail carries them).
_DETAIL_ONLY_FIELDS = ("allowed_transitions",)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema with the error answers every operation can give (see ERROR_RESPONSES) and,
    on every write that honours it, the optional `Idempotency-Key` header and its two answers (409 still
    running, 422 key reused for another request)."""

    def _idempotent_write(self) -> bool:
        # Imported here: this module is loaded with the extensions, before the models are ready.
        from .api_idempotency import WRITE_METHODS, IdempotentAPIMixin

        return self.method in WRITE_METHODS and isinstance(self.view, IdempotentAPIMixin)

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        signed_in = bool(self.get_auth())
        has_body = self.method in ("POST", "PUT", "PATCH")
        for code, description, schema, applies in ERROR_RESPONSES:
            if code in responses or (applies == "auth" and not signed_in) or (applies == "body" and not has_body):
                continue
            responses[code] = _json(description, schema)
        # The HTTP server (gunicorn) refuses a request line over 4 KB before Django sees it, in HTML.
        responses.setdefault(
            "414",
            {
                "description": "The request line is too long (too many or too long query parameters).",
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
        )
        if self._idempotent_write():
            for code, text in IDEMPOTENCY_ERRORS.items():
                responses.setdefault(code, _json(text, _DETAIL))
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


def optional_detail_fields(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: fields only the detail answer carries are not `required` in the components."""
    for component in result.get("components", {}).get("schemas", {}).values():
        required = component.get("required")
        if required:
            component["required"] = [name for name in required if name not in _DETAIL_ONLY_FIELDS]
            if not component["required"]:
                del component["required"]
    return result
