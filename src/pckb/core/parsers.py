"""The API's JSON parser, bounded: a body too large or nested too deep is a 400, never a 500."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

__all__ = ["BoundedJSONParser", "MAX_DEPTH", "json_depth"]

# No PCKB resource nests deeper than a few levels; 32 leaves room for any honest client.
MAX_DEPTH = 32


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value, iteratively (a recursive walk could itself overflow)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise ParseError(_("The request body is too large (more than {limit} bytes).").format(limit=limit))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding)) if raw else {}
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply."))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(_("The JSON body is malformed: {error}").format(error=exc))
        if json_depth(data) > MAX_DEPTH:
            raise ParseError(_("The JSON body is nested too deeply."))
        return data
