"""The registry of notification kinds: each app declares the kinds it sends, the notifications app none.

An app lists its kinds in its own `notification_kinds.py` (found at start-up, like `admin.py`):

    # pckb/inspections/notification_kinds.py
    from django.utils.translation import gettext_lazy as _
    from pckb.notifications.kinds import register_kind

    register_kind(
        "inspection.scheduled", _("Inspection scheduled"), icon="bi-clipboard-check",
        recipients=_("Editors and managers of each inspected organisation"),
    )

A kind is a plain string in the database (no choices, so a new kind needs no migration); `notify`
refuses a kind nobody registered. docs/notifications.md lists every kind and its recipients, and a
test keeps that table in step with this registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Kind", "register_kind", "get_kind", "all_kinds", "kind_choices", "kind_label", "kind_icon"]

DEFAULT_ICON = "bi-bell"
MAX_LENGTH = 32  # Notification.kind


@dataclass(frozen=True)
class Kind:
    """One kind of notification: its value, translated label, inbox icon and who receives it."""

    value: str
    label: Any
    icon: str = DEFAULT_ICON
    recipients: Any = ""


_KINDS: dict[str, Kind] = {}


def register_kind(value: str, label: Any, *, icon: str = DEFAULT_ICON, recipients: Any = "") -> Kind:
    """Declare a kind (idempotent for the same declaration; a different one under a taken value is an error)."""
    if not value or len(value) > MAX_LENGTH:
        raise ValueError(f"A notification kind is 1 to {MAX_LENGTH} characters: {value!r}.")
    kind = Kind(value, label, icon, recipients)
    existing = _KINDS.get(value)
    if existing is not None and existing != kind:
        raise ValueError(f"The notification kind {value!r} is already registered differently.")
    _KINDS[value] = kind
    return kind


def get_kind(value: str) -> Kind | None:
    return _KINDS.get(value)


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order of registration."""
    return list(_KINDS.values())


def kind_choices() -> list[tuple[str, Any]]:
    """(value, label) pairs for filters and forms; a callable, so kinds registered later are included."""
    return [(kind.value, kind.label) for kind in _KINDS.values()]


def kind_label(value: str) -> Any:
    kind = _KINDS.get(value)
    return kind.label if kind is not None else value


def kind_icon(value: str) -> str:
    kind = _KINDS.get(value)
    return kind.icon if kind is not None else DEFAULT_ICON
