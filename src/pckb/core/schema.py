"""OpenAPI pieces drf-spectacular cannot infer: how PCKB's Bearer tokens authenticate, the error answers
every operation can give, and output fields that only some answers carry.

The fuzz gate (scripts/fuzz_api.py) checks every response against this schema: an answer the schema does
not describe fails the build, so what is documented here is what `core.api.exception_handler` and the
parsers really send.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

__all__ = ["AutoSchema", "BearerTokenScheme", "ERROR_RESPONSES", "optional_detail_fields"]


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


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with the error answers every operation can give (see ERROR_RESPONSES)."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        signed_in = bool(self.get_auth())
        has_body = self.method in ("POST", "PUT", "PATCH")
        for code, description, schema, applies in ERROR_RESPONSES:
            if code in responses or (applies == "auth" and not signed_in) or (applies == "body" and not has_body):
                continue
            responses[code] = _json(description, schema)
        return responses


def optional_detail_fields(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: fields only the detail answer carries are not `required` in the components."""
    for component in result.get("components", {}).get("schemas", {}).values():
        required = component.get("required")
        if required:
            component["required"] = [name for name in required if name not in _DETAIL_ONLY_FIELDS]
            if not component["required"]:
                del component["required"]
    return result
