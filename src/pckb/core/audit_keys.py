"""The keys of the audit chain: HMAC-SHA256 keys kept outside the database, rotatable.

A plain SHA-256 chain can be rebuilt by anyone who can write to the database; a keyed one cannot
without the key. Keys live in the environment (`PCKB_AUDIT_KEYS="k1:<hex>,k2:<hex>"`) or in a file
(`PCKB_AUDIT_KEY_FILE`, default `<data dir>/audit_keys`, one `id:hex` per line, generated on first
use with mode 0600). The last key is the current one; older ones stay to verify older entries.
Each entry stores the id of the key that signed it (empty for entries written before keys existed).
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings

__all__ = ["AuditKeyError", "keys", "current_key_id", "key_for", "add_key", "sign", "key_file", "clear_cache"]

_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class AuditKeyError(Exception):
    """The audit keys are missing or malformed: the trail cannot be written or verified."""


def key_file() -> Path:
    return Path(os.environ.get("PCKB_AUDIT_KEY_FILE") or settings.PCKB_AUDIT_KEY_FILE).resolve()


def _parse(text: str, source: str) -> dict[str, bytes]:
    parsed: dict[str, bytes] = {}
    for raw in re.split(r"[,\n]", text):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key_id, _, value = line.partition(":")
        try:
            secret = bytes.fromhex(value.strip())
        except ValueError:
            secret = b""
        if not _ID.match(key_id) or len(secret) < 32:
            raise AuditKeyError(f"malformed audit key {key_id!r} in {source} (expected id:64+ hex digits)")
        parsed[key_id] = secret
    return parsed


def _generate_file(path: Path) -> None:
    """Write the first key; linked into place whole so that a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"k1:{secrets.token_hex(32)}\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        draft.unlink()


@lru_cache(maxsize=1)
def keys() -> dict[str, bytes]:
    """All keys, oldest first (insertion order); the last is current."""
    env = os.environ.get("PCKB_AUDIT_KEYS", "")
    if env:
        found = _parse(env, "PCKB_AUDIT_KEYS")
    else:
        path = key_file()
        if not path.exists():
            _generate_file(path)
        found = _parse(path.read_text(), str(path))
    if not found:
        raise AuditKeyError("no audit key configured")
    return found


def clear_cache() -> None:
    keys.cache_clear()


def current_key_id() -> str:
    return next(reversed(keys()))


def key_for(key_id: str) -> bytes | None:
    return keys().get(key_id)


def add_key() -> str:
    """Append a new current key to the key file and return its id (environment keys are rotated by hand)."""
    if os.environ.get("PCKB_AUDIT_KEYS"):
        raise AuditKeyError("keys come from PCKB_AUDIT_KEYS: add the new key there and restart")
    existing = keys()
    number = 1 + max((int(k[1:]) for k in existing if re.fullmatch(r"k\d+", k)), default=0)
    key_id = f"k{number}"
    with key_file().open("a") as handle:
        handle.write(f"{key_id}:{secrets.token_hex(32)}\n")
    clear_cache()
    return key_id


def sign(key_id: str, payload: bytes) -> str | None:
    secret = key_for(key_id)
    return hmac.new(secret, payload, "sha256").hexdigest() if secret is not None else None
