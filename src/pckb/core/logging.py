"""Logging of refused requests: one INFO line each, without the traceback Django attaches.

Django logs every 4xx on `django.request` at WARNING, and a refusal raised as an exception
(PermissionDenied, Http404) with its full traceback: a busy site's log then fills with tracebacks of
requests that were answered exactly as intended. Server errors (5xx) keep their level and traceback.
"""

from __future__ import annotations

import logging

__all__ = ["RefusedRequestFilter"]


class RefusedRequestFilter(logging.Filter):
    """On `django.request`: a record about a 4xx answer becomes one INFO line; 5xx records pass untouched."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is None or status >= 500:
            return True
        record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        # The record was let through at WARNING; as INFO it is kept only where INFO is enabled.
        return logging.getLogger(record.name).isEnabledFor(logging.INFO)
