"""Two-step sign-in (TOTP with recovery codes) on django-otp: the rules, as services.

- A user turns it on from their profile: scan the QR code, confirm with a code, keep the recovery codes.
- With `PCKB_MFA_REQUIRED` (on in the documented production set-up), superusers and anyone holding an
  administrator or manager role must have it; they are sent to the set-up page until they do.
- Wrong codes are throttled by django-otp (each failure doubles the wait: 1, 2, 4... seconds), on top
  of the password lockout of django-axes.
- An administrator who manages the whole account can reset it (a lost phone); the user sets it up again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pckb.core import audit
from pckb.core.choices import Role
from pckb.core.models import AuditAction

__all__ = [
    "RECOVERY_CODES",
    "has_mfa",
    "mfa_required_for",
    "pending_device",
    "do_start_totp",
    "do_confirm_totp",
    "do_regenerate_recovery_codes",
    "do_disable_mfa",
    "do_reset_mfa",
    "verify_code",
]

RECOVERY_CODES = 10
WRONG_CODE = _("This code is not valid. Check the time on your phone and type the 6 digits again.")


def has_mfa(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_required_for(user: Any) -> bool:
    if not getattr(settings, "PCKB_MFA_REQUIRED", False):
        return False
    return user.is_superuser or user.memberships.filter(role__gte=Role.MANAGER).exists()


def pending_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def _record(user: Any, actor: Any, event: str) -> None:
    from .tokens import _organization_of

    audit.record(AuditAction.OTHER, user, actor=actor, event_type=f"accounts.user.{event}",
                 organization=_organization_of(user))  # fmt: skip


@transaction.atomic
def do_start_totp(user: Any, *, actor: Any) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user (replacing an unfinished one)."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the user can set up their own two-step sign-in."))
    if has_mfa(user):
        raise ValidationError(_("Two-step sign-in is already on."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="PCKB", confirmed=False)


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def do_confirm_totp(user: Any, code: str, *, actor: Any) -> list[str]:
    """Confirm the pending authenticator with a code from it; returns the recovery codes (show them once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
    if actor.pk != user.pk or device is None:
        raise ValidationError({"code": [_("Start the set-up again: no authenticator is waiting for a code.")]})
    if not device.verify_token((code or "").strip()):
        raise ValidationError({"code": [WRONG_CODE]})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _record(user, actor, "mfa_enabled")
    return codes


@transaction.atomic
def do_regenerate_recovery_codes(user: Any, *, actor: Any) -> list[str]:
    if actor.pk != user.pk or not has_mfa(user):
        raise ValidationError(_("Two-step sign-in is off: there are no recovery codes to renew."))
    codes = _new_recovery_codes(user)
    _record(user, actor, "mfa_recovery_codes_renewed")
    return codes


@transaction.atomic
def do_disable_mfa(user: Any, *, actor: Any) -> None:
    if actor.pk != user.pk:
        raise PermissionDenied(_("Only the user can turn off their own two-step sign-in."))
    if mfa_required_for(user):
        raise ValidationError(_("Your roles require two-step sign-in: it cannot be turned off."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _record(user, actor, "mfa_disabled")


@transaction.atomic
def do_reset_mfa(user: Any, *, actor: Any) -> None:
    """An administrator of the whole account removes a lost authenticator; the user sets it up again."""
    from .access import get_user_for_admin

    user = get_user_for_admin(actor, user.pk, account=True)
    if not has_mfa(user):
        raise ValidationError(_("This user has no two-step sign-in to reset."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _record(user, actor, "mfa_reset")


def verify_code(user: Any, code: str) -> Any:
    """The device that accepts `code` (an authenticator code or a one-time recovery code), or None."""
    code = "".join((code or "").split())
    if not code:
        return None
    return match_token(user, code)
