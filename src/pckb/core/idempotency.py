"""Idempotent writes: a retried or double-submitted write runs once and gets the first answer again.

One store (`IdempotencyRecord`, unique per user and key) serves both ways in:

- the API's `Idempotency-Key` header (`core.api_idempotency.IdempotentAPIMixin`, on every core viewset);
- the page forms' one-time token (`{% form_token %}` in the form, `FormTokenMixin` on the view).

A key is reserved in its own short transaction before the write runs (the unique constraint makes a
concurrent duplicate fail at once), and completed inside the write's transaction, so that a worker
killed half-way leaves either the write and its answer, or neither (then the key may be taken again).
Records are kept `RETENTION` and purged daily (core.tasks).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
import re
import secrets
from typing import Any

from django.contrib import messages
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import IdempotencyRecord

__all__ = [
    "RETENTION",
    "FORM_TOKEN_FIELD",
    "Reservation",
    "valid_key",
    "reserve",
    "complete",
    "release",
    "fingerprint",
    "purge_idempotency_records",
    "new_form_token",
    "mark_failed",
    "FormTokenMixin",
]

RETENTION = datetime.timedelta(hours=24)
# A reservation not completed is taken over by a retry only when no transaction holds it any more
# (the first attempt died and rolled back) and it is older than this: the short gap between the
# reservation's commit and the write's transaction locking it must not let a duplicate in.
TAKEOVER_AFTER = datetime.timedelta(seconds=30)

KEY_PATTERN = r"^[\x20-\x7e]{1,255}$"  # printable ASCII: what every client can send in a header
_KEY_RE = re.compile(KEY_PATTERN)

FORM_TOKEN_FIELD = "_form_token"  # noqa: S105  (a field name, not a secret)
FORM_KEY_PREFIX = "form:"

BUSY_MESSAGE = _("A request with this idempotency key is still being processed; retry later.")
MISMATCH_MESSAGE = _("This idempotency key was already used for another request (another path or body); use a new key.")
ALREADY_SAVED_MESSAGE = _("This form had already been sent; here is what it saved.")
FORM_BUSY_MESSAGE = _("This form is still being saved. Open the page again in a moment to see the result.")


class Reservation(enum.Enum):
    NEW = "new"  # the caller runs the write, then complete() or release()
    REPLAY = "replay"  # done before: answer with the record
    BUSY = "busy"  # the first attempt is still running
    MISMATCH = "mismatch"  # same key, another request


def valid_key(key: str) -> bool:
    return bool(_KEY_RE.match(key))


def _canonical(value: Any) -> Any:
    """A JSON-able form of a parsed body: uploaded files by the hash of their bytes."""
    if hasattr(value, "chunks") and hasattr(value, "name"):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    if hasattr(value, "getlist") and hasattr(value, "keys"):  # QueryDict / MultiValueDict (form, multipart)
        return {key: [_canonical(v) for v in value.getlist(key)] for key in value.keys()}
    if isinstance(value, dict):
        return {str(key): _canonical(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def fingerprint(method: str, path: str, body: Any) -> str:
    """SHA-256 of the method, path and parsed body: the same request again, however it was encoded
    (key order in JSON, a new multipart boundary), has the same fingerprint."""
    text = json.dumps([method, path, _canonical(body)], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _matches(record: IdempotencyRecord, method: str, path: str, digest: str) -> bool:
    return (record.method, record.path, record.fingerprint) == (method, path, digest)


def _take_over(record: IdempotencyRecord) -> bool:
    """Claim a reservation whose first attempt died (its transaction rolled back, nothing saved)."""
    if record.created_at > timezone.now() - TAKEOVER_AFTER:
        return False
    try:
        with transaction.atomic():
            locked = (
                IdempotencyRecord.objects.select_for_update(nowait=True)
                .filter(pk=record.pk, status_code__isnull=True)
                .first()
            )
            if locked is None:
                return False
            locked.created_at = timezone.now()
            locked.save(update_fields=["created_at"])
    except DatabaseError:  # PostgreSQL: the first attempt's transaction still holds the row
        return False
    record.created_at = locked.created_at
    return True


def reserve(user: Any, key: str, method: str, path: str, digest: str) -> tuple[Reservation, IdempotencyRecord]:
    """Reserve `key` for this request, or say why not (see Reservation)."""
    for _attempt in range(3):
        try:
            with transaction.atomic():  # its own transaction: committed before the write starts
                record = IdempotencyRecord.objects.create(
                    user=user, key=key, method=method, path=path[:2000], fingerprint=digest
                )
            return Reservation.NEW, record
        except IntegrityError:
            record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is None:  # released meanwhile: try again
            continue
        if record.created_at < timezone.now() - RETENTION:  # expired but not purged yet
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            continue
        if not _matches(record, method, path[:2000], digest):
            return Reservation.MISMATCH, record
        if record.status_code is not None:
            return Reservation.REPLAY, record
        if _take_over(record):
            return Reservation.NEW, record
        return Reservation.BUSY, record
    return Reservation.BUSY, record  # type: ignore[possibly-undefined]


def lock(record: IdempotencyRecord) -> None:
    """Inside the write's transaction: hold the reservation so that no retry takes it over meanwhile."""
    IdempotencyRecord.objects.select_for_update().filter(pk=record.pk).first()


def complete(record: IdempotencyRecord, status_code: int, body: str) -> None:
    """Store the answer (in the write's transaction when there is one)."""
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        status_code=status_code, response_body=body, completed_at=timezone.now()
    )


def release(record: IdempotencyRecord) -> None:
    """Forget a reservation whose write failed: a retry runs it again."""
    IdempotencyRecord.objects.filter(pk=record.pk, status_code__isnull=True).delete()


def purge_idempotency_records(now: datetime.datetime | None = None) -> int:
    """Delete the records older than RETENTION; returns how many."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# Page forms ------------------------------------------------------------------------------------------


def new_form_token() -> str:
    """A random one-time token for one rendering of a form (`{% form_token %}`)."""
    return secrets.token_urlsafe(24)


def mark_failed(request: HttpRequest) -> None:
    """A view that answers a refused POST with a redirect (errors flashed) says so: not "saved"."""
    request.form_token_failed = True  # type: ignore[attr-defined]


class FormTokenMixin:
    """A POST carrying `{% form_token %}` runs once: a second POST with the same token (a double click,
    a reload, the back button) redirects to the first one's result with an info message.

    A success is a redirect (post/redirect/get); a page re-rendered with errors, or a redirect after
    `mark_failed(request)`, frees the token for a corrected submit.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(FORM_TOKEN_FIELD, "") if request.method == "POST" else ""
        key = FORM_KEY_PREFIX + token
        if not token or not valid_key(key) or not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        path = request.path
        state, record = reserve(request.user, key, "POST", path, fingerprint("POST", path, None))
        if state is Reservation.REPLAY or state is Reservation.MISMATCH:
            # MISMATCH: the token came back on another page's form; its first result is still the answer.
            location = json.loads(record.response_body).get("location") if record.response_body else None
            if location:
                messages.info(request, ALREADY_SAVED_MESSAGE)
                return HttpResponseRedirect(location)
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        if state is Reservation.BUSY:
            return render(request, "core/form_busy.html", {"message": FORM_BUSY_MESSAGE}, status=409)
        try:
            with transaction.atomic():
                lock(record)
                response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
                saved = response.status_code in (301, 302, 303) and not getattr(request, "form_token_failed", False)
                if saved:
                    complete(record, response.status_code, json.dumps({"location": response["Location"]}))
        except BaseException:
            release(record)
            raise
        if not saved:
            release(record)
        return response
