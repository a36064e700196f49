"""The API's `Idempotency-Key` header: a retried write gets the first answer instead of running twice.

Every write (POST, PUT, PATCH, DELETE) of a view with `IdempotentAPIMixin` (all of core's viewsets, so
every resource and action built on them) accepts an optional `Idempotency-Key: <1 to 255 printable ASCII characters>`:

- first time: the write runs; a 2xx or 400 answer is kept 24 h with the key (scoped to the user);
- same key, same method, path and body: the kept answer again, with `Idempotent-Replayed: true`;
- same key, another path or body: 422, nothing runs;
- same key while the first is still running: 409, nothing runs;
- a 5xx (or 403, 404, 409...) keeps nothing: the key may be used again.

Token creation (`POST auth/token`) is not covered: it is anonymous and its answer holds the secret,
which must never be stored in clear.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from . import idempotency as idem
from .models import IdempotencyRecord

__all__ = ["IDEMPOTENCY_HEADER", "REPLAYED_HEADER", "WRITE_METHODS", "IdempotentAPIMixin"]

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BAD_KEY_MESSAGE = _("The Idempotency-Key header must have 1 to 255 printable ASCII characters, e.g. a UUID.")


class IdempotencyBusy(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = idem.BUSY_MESSAGE
    default_code = "idempotency_busy"


class IdempotencyMismatch(exceptions.APIException):
    status_code = 422
    default_detail = idem.MISMATCH_MESSAGE
    default_code = "idempotency_mismatch"


def _kept(status_code: int) -> bool:
    """What a retry must get again: a success, or the refusal of the body (it would be refused again)."""
    return 200 <= status_code < 300 or status_code == status.HTTP_400_BAD_REQUEST


def _body(response: Response) -> str:
    """The answer as JSON text, as sent (lazy strings, dates and decimals rendered); "" for no body."""
    return "" if response.data is None else JSONRenderer().render(response.data).decode()


class IdempotentAPIMixin:
    """Add to an APIView (core's base viewsets have it): writes honour the `Idempotency-Key` header."""

    _idempotency: IdempotencyRecord | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # authentication, rights, throttles
        self._idempotency = None
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is None or request.method not in WRITE_METHODS or not request.user.is_authenticated:
            return
        if not idem.valid_key(key):
            raise exceptions.ValidationError({IDEMPOTENCY_HEADER: [BAD_KEY_MESSAGE]})
        path = request.get_full_path()
        digest = idem.fingerprint(request.method, path, request.data)
        state, record = idem.reserve(request.user, key, request.method, path, digest)
        if state is idem.Reservation.MISMATCH:
            raise IdempotencyMismatch()
        if state is idem.Reservation.BUSY:
            raise IdempotencyBusy()
        method = request.method.lower()
        if state is idem.Reservation.REPLAY:
            data = json.loads(record.response_body) if record.response_body else None
            replay = Response(data, status=record.status_code, headers={REPLAYED_HEADER: "true"})
            setattr(self, method, lambda *a, **k: replay)
            return
        self._idempotency = record
        setattr(self, method, self._run_once(record, getattr(self, method)))

    def _run_once(self, record: IdempotencyRecord, handler: Callable[..., Response]) -> Callable[..., Response]:
        def run(request: Request, *args: Any, **kwargs: Any) -> Response:
            # The write and its kept answer commit together: a worker killed in between leaves neither.
            with transaction.atomic():
                idem.lock(record)
                response = handler(request, *args, **kwargs)
                if _kept(response.status_code):
                    idem.complete(record, response.status_code, _body(response))
                    self._idempotency = None
                elif response.status_code >= 500:
                    transaction.set_rollback(True)
            return response

        return run

    def handle_exception(self, exc: Exception) -> Response:
        try:
            return super().handle_exception(exc)  # type: ignore[misc]
        except BaseException:
            self._release()
            raise

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        record, self._idempotency = self._idempotency, None
        if record is not None:  # the write raised (its transaction rolled back) or was refused
            if _kept(response.status_code):
                idem.complete(record, response.status_code, _body(response))
            else:
                idem.release(record)
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]

    def _release(self) -> None:
        record, self._idempotency = self._idempotency, None
        if record is not None:
            idem.release(record)
