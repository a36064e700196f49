"""Writing and verifying the hash-chained audit trail. Services and generic views call `record`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from . import audit_keys
from .models import AuditAction, AuditEntry

__all__ = [
    "snapshot",
    "record",
    "record_many",
    "entry_hash",
    "verify_chain",
    "current_request_id",
    "object_type_of",
    "do_rotate_audit_key",
    "read_checkpoint",
    "write_checkpoint",
]

current_request_id: ContextVar[str] = ContextVar("pckb_request_id", default="")

# Columns whose content must not be copied into the trail.
SECRET_FIELDS = {"password"}
_LOCK_KEY = 0x50434B42  # "PCKB": one advisory lock serialises chain appends across app servers.


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> bool:
    """Whether `value` is made only of exact JSON types, so the JSON round trip would return it unchanged."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    return False


def _jsonable(value: Any) -> Any:
    # A snapshot is plain already: skipping its second round trip saves a dump and a load per entry (#10).
    if _plain(value):
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete fields (FKs as ids, M2M as sorted id lists) as JSON-safe values."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.name] = value
    if obj.pk:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(o.pk for o in getattr(obj, field.name).all())
    return _jsonable(data)


def object_type_of(obj_or_model: Any) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def _payload(entry: AuditEntry) -> str:
    return json.dumps(
        {
            "prev": entry.prev_hash,
            "time": entry.time.isoformat(),
            "actor": entry.actor_id,
            "actor_name": entry.actor_name,
            "organization": entry.organization_id,
            "request_id": entry.request_id,
            "action": entry.action,
            "event_type": entry.event_type,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object_repr": entry.object_repr,
            "before": entry.before,
            "after": entry.after,
            "message": entry.message,
            "classification": entry.classification,
            # Only keyed entries carry the key id, so that entries from before keys existed still verify.
            **({"key_id": entry.key_id} if entry.key_id else {}),
        },
        sort_keys=True,
        ensure_ascii=False,
        cls=DjangoJSONEncoder,
    )


def entry_hash(entry: AuditEntry) -> str:
    """HMAC-SHA256 under the entry's key; plain SHA-256 for entries written before keys existed."""
    payload = _payload(entry).encode()
    if entry.key_id:
        return audit_keys.sign(entry.key_id, payload) or ""
    return hashlib.sha256(payload).hexdigest()


def _organization_of(obj: models.Model | None) -> Any:
    if obj is None:
        return None
    if obj._meta.label == "organizations.Organization":
        return obj
    return getattr(obj, "organization", None)


def _classification(obj: models.Model | None, *states: dict | None) -> int:
    """The highest classification of the record now and in the given snapshots.

    Declassifying a record must not publish its secret past: the `before` of that update is as
    secret as the record was, so the entry keeps the higher level.
    """
    levels = [int(getattr(obj, "classification", 0) or 0)]
    levels += [int(state.get("classification") or 0) for state in states if isinstance(state, dict)]
    return max(levels)


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    event_type: str = "",
    message: str = "",
    organization: Any = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction that made the change."""
    organization = organization if organization is not None else _organization_of(obj)
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            actor=actor_obj,
            actor_name=actor_obj.get_username() if actor_obj else "",
            organization=organization,
            organization_path=getattr(organization, "path", "") or "",
            request_id=current_request_id.get(),
            action=action,
            event_type=event_type or (f"{object_type_of(obj)}.{action}" if obj is not None else action),
            object_type=object_type_of(obj) if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:300] if obj is not None else "",
            before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None,
            message=message,
            classification=_classification(obj, before, after),
            prev_hash=last or "",
            key_id=audit_keys.current_key_id(),
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
    return entry


def record_many(
    action: str, changes: list[tuple[models.Model, dict | None]], *, actor: Any = None, event_type: str = ""
) -> list[AuditEntry]:
    """Append one entry per (object, after-snapshot), chained in one lock and one bulk insert.

    For bulk services (10,000 key targets from Excel): `record` costs a read and an insert per entry.
    The entries are the same as `record`'s, hashed in order, so `verify_chain` cannot tell them apart.
    """
    if not changes:
        return []
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    request_id, key_id = current_request_id.get(), audit_keys.current_key_id()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        entries = []
        for obj, after in changes:
            organization = _organization_of(obj)
            entry = AuditEntry(
                actor=actor_obj,
                actor_name=actor_obj.get_username() if actor_obj else "",
                organization=organization,
                organization_path=getattr(organization, "path", "") or "",
                request_id=request_id,
                action=action,
                event_type=event_type or f"{object_type_of(obj)}.{action}",
                object_type=object_type_of(obj),
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                after=_jsonable(after) if after is not None else None,
                classification=_classification(obj, after),
                prev_hash=last,
                key_id=key_id,
            )
            entry.hash = last = entry_hash(entry)
            entries.append(entry)
        return AuditEntry.objects.bulk_create(entries, batch_size=1000)


def record_create(obj: models.Model, *, actor: Any, **kwargs: Any) -> AuditEntry:
    return record(AuditAction.CREATE, obj, actor=actor, after=snapshot(obj), **kwargs)


def record_update(obj: models.Model, before: dict, *, actor: Any, **kwargs: Any) -> AuditEntry | None:
    after = snapshot(obj)
    changed = {k for k in set(before) | set(after) if k != "updated_at" and before.get(k) != after.get(k)}
    if not changed:
        return None
    return record(AuditAction.UPDATE, obj, actor=actor, before=before, after=after, **kwargs)


def record_delete(obj: models.Model, before: dict, *, actor: Any, **kwargs: Any) -> AuditEntry:
    return record(AuditAction.DELETE, obj, actor=actor, before=before, **kwargs)


def verify_chain(batch: int = 5000, *, after: tuple[int, str] | None = None) -> Iterator[tuple[AuditEntry, str]]:
    """Yield (entry, problem) for every entry whose hash, key or link to its predecessor is wrong.

    `after=(id, hash)` starts behind a checkpoint (an entry verified earlier) instead of the beginning.
    Problems: "hash" (content altered), "link" (predecessor removed or altered), "key" (signed by a key
    this server does not have), "unkeyed" (an unkeyed entry after keyed ones: a rebuilt chain).
    """
    prev_hash, last_id = ("", 0) if after is None else (after[1], after[0])
    keyed_seen = after is not None and bool(
        AuditEntry.objects.filter(pk=after[0]).exclude(key_id="").exists()
    )
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        for entry in rows:
            if entry.prev_hash != prev_hash:
                yield entry, "link"
            elif entry.key_id and audit_keys.key_for(entry.key_id) is None:
                yield entry, "key"
            elif not entry.key_id and keyed_seen:
                yield entry, "unkeyed"
            elif entry_hash(entry) != entry.hash:
                yield entry, "hash"
            keyed_seen = keyed_seen or bool(entry.key_id)
            prev_hash = entry.hash
            last_id = entry.id


def do_rotate_audit_key(*, actor: Any = None) -> AuditEntry:
    """Start signing with a new key; the rotation itself is the first entry signed with it."""
    previous = audit_keys.current_key_id()
    new = audit_keys.add_key()
    return record(
        AuditAction.OTHER,
        actor=actor,
        event_type="core.audit.key_rotated",
        after={"previous_key": previous, "key": new},
        message=f"Audit key rotated from {previous} to {new}.",
    )


def read_checkpoint(path: Path) -> tuple[int, str] | None:
    """The (id, hash) of the last verified entry, if the file exists and its seal is intact."""
    try:
        data = json.loads(path.read_text())
        entry_id, entry_hash_, key_id, seal = int(data["id"]), str(data["hash"]), str(data["key_id"]), data["seal"]
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise audit_keys.AuditKeyError(f"unreadable checkpoint {path}: {exc}")
    if audit_keys.sign(key_id, f"{entry_id}:{entry_hash_}".encode()) != seal:
        raise audit_keys.AuditKeyError(f"the checkpoint {path} was altered (its seal does not match)")
    return entry_id, entry_hash_


def write_checkpoint(path: Path, entry_id: int, hash_: str) -> None:
    """Seal (id, hash) with the current key so that moving the checkpoint past altered entries is detected."""
    key_id = audit_keys.current_key_id()
    seal = audit_keys.sign(key_id, f"{entry_id}:{hash_}".encode())
    draft = path.with_name(path.name + ".new")
    path.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text(json.dumps({"id": entry_id, "hash": hash_, "key_id": key_id, "seal": seal}))
    draft.replace(path)
