"""API tokens: create (the key is shown once), authenticate, revoke; audited like every write."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction

from .models import ApiToken

__all__ = [
    "KEY_PREFIX",
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "digest",
    "do_create_token",
    "do_revoke_token",
    "revoke_all_tokens",
    "find_active_token",
    "can_manage_tokens_of",
]

KEY_PREFIX = "pckb_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
# Writing last_used_at on every request would turn every API read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def can_manage_tokens_of(actor: Any, user: Any) -> bool:
    """The owner, or an administrator who may manage the user's account."""
    if actor.pk == user.pk:
        return True
    from .access import manages_whole_account, users_visible_to

    return users_visible_to(actor, "admin").filter(pk=user.pk).exists() and manages_whole_account(actor, user)


@transaction.atomic
def do_create_token(
    user: Any, *, actor: Any, name: str, days: int = DEFAULT_DAYS, read_only: bool = False
) -> tuple[ApiToken, str]:
    """A new token for `user` (only the user creates their own); returns (token, key): show the key once."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the user can create their own API token."))
    name = (name or "").strip()
    errors: dict[str, list[Any]] = {}
    if not name:
        errors["name"] = [_("Name the token after where it will be used, e.g. “reporting script”.")]
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [_("A token is valid for 1 to {max} days.").format(max=MAX_DAYS)]
    if errors:
        raise ValidationError(errors)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[: len(KEY_PREFIX) + 4],
        key_hash=digest(key),
        read_only=bool(read_only),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    token.full_clean(exclude=["key_hash", "prefix"])
    token.save()
    audit.record(
        AuditAction.CREATE,
        token,
        actor=actor,
        after={"name": token.name, "read_only": token.read_only, "expires_at": token.expires_at},
        event_type="accounts.apitoken.create",
        organization=_organization_of(user),
    )
    return token, key


def _organization_of(user: Any) -> Any:
    membership = user.memberships.select_related("organization").order_by("organization__path").first()
    return membership.organization if membership else None


@transaction.atomic
def do_revoke_token(token: ApiToken, *, actor: Any, reason: str = "") -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not can_manage_tokens_of(actor, token.user):
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = (reason or str(_("Revoked by its owner or an administrator.")))[:200]
        token.save(update_fields=["revoked_at", "revoked_reason"])
        audit.record(
            AuditAction.OTHER,
            token,
            actor=actor,
            after={"revoked_reason": token.revoked_reason},
            event_type="accounts.apitoken.revoked",
            organization=_organization_of(token.user),
        )
    return token


def revoke_all_tokens(user: Any, *, actor: Any, reason: str) -> int:
    """Revoke every live token of a user (password changed, account locked); part of the caller's transaction."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:200]
    )
    if count:
        audit.record(
            AuditAction.OTHER,
            user,
            actor=actor,
            after={"revoked_tokens": count, "reason": reason},
            event_type="accounts.user.tokens_revoked",
            organization=_organization_of(user),
        )
    return count


def find_active_token(key: str) -> ApiToken | None:
    """The live token with this key (its user active), touching `last_used_at` now and then."""
    token = ApiToken.objects.select_related("user").filter(key_hash=digest(key)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
