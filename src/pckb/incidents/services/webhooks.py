"""Alert webhooks: an organisation's gateway URL and signing secret, and the signed JSON body."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, require

from ..models import Alert, AlertWebhook

__all__ = ["do_set_alert_webhook", "do_remove_alert_webhook", "alert_payload", "sign", "SIGNATURE_HEADER"]

SIGNATURE_HEADER = "X-PCKB-Signature"
WEBHOOK_FIELDS = ("url", "is_active", "new_secret")
MANAGERS_ONLY = _("Only the organization's managers can set its alert webhook.")


def sign(secret: str, body: bytes) -> str:
    """The header value: "sha256=" and the hex HMAC-SHA256 of the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@transaction.atomic
def do_set_alert_webhook(organization: Any, *, actor: Any, **fields: Any) -> tuple[AlertWebhook, str]:
    """Set the URL (managers of the organisation); a new webhook, or `new_secret=True`, gets a new
    secret, returned once (the page shows it once; only its use to sign is stored)."""
    check_fields(fields, WEBHOOK_FIELDS)
    require(actor, "manage", organization, MANAGERS_ONLY)
    new_secret = bool(fields.pop("new_secret", False))
    hook = AlertWebhook.objects.select_for_update().filter(organization=organization).first()
    shown = ""
    if hook is None:
        hook = AlertWebhook(organization=organization, created_by=actor, secret=secrets.token_urlsafe(32))
        shown, before = hook.secret, None
    else:
        before = audit.snapshot(hook)
        if new_secret:
            hook.secret = shown = secrets.token_urlsafe(32)
    for key, value in fields.items():
        setattr(hook, key, value)
    hook.updated_by = actor
    hook.full_clean()
    hook.save()
    if before is None:
        audit.record_create(hook, actor=actor)
    else:
        audit.record_update(hook, before, actor=actor)
    return hook, shown


@transaction.atomic
def do_remove_alert_webhook(organization: Any, *, actor: Any) -> None:
    require(actor, "manage", organization, MANAGERS_ONLY)
    hook = AlertWebhook.objects.select_for_update().filter(organization=organization).first()
    if hook is not None:
        audit.record_delete(hook, audit.snapshot(hook), actor=actor)
        hook.delete()


def alert_payload(alert: Alert) -> bytes:
    """What the gateway relays: the incident's type, place, severity, exercise flag and the link.

    Classified incidents say only that there is an alert to read in PCKB.
    """
    from pckb.notifications.emails import absolute_url

    incident = alert.incident
    data: dict[str, Any] = {
        "event": "incident.alert",
        "alert": alert.pk,
        "incident": incident.pk,
        "organization": alert.organization_id,
        "exercise": incident.is_exercise,
        "severity": incident.severity,
        "url": absolute_url(incident.get_absolute_url()),
        "sent_at": alert.sent_at.isoformat(),
    }
    if incident.classification == 0:
        prefix = "[DIỄN TẬP] " if incident.is_exercise else ""
        data.update(
            title=prefix + incident.title,
            type=incident.scenario.name,
            place=", ".join(p for p in (incident.address, incident.admin_unit.name) if p),
            reported_by=incident.organization.name,
        )
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
