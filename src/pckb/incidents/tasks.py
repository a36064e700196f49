"""Background jobs of incidents (Huey): escalation every minute, and the signed webhook POST with retries."""

from __future__ import annotations

import urllib.error
import urllib.request

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import Alert, AlertWebhook
from .services.alerts import escalate_due_alerts
from .services.webhooks import SIGNATURE_HEADER, alert_payload, sign

__all__ = ["escalate_alerts", "deliver_alert_webhook", "post_webhook", "WEBHOOK_RETRIES"]

# A gateway that is down is tried again after 10 s, 20 s, 40 s, 80 s and 160 s (about 5 minutes).
WEBHOOK_RETRIES = 5
WEBHOOK_RETRY_DELAY = 10
WEBHOOK_TIMEOUT = 10


class WebhookRefused(Exception):
    """The gateway answered other than 2xx: Huey retries."""


@db_periodic_task(crontab(minute="*"))
def escalate_alerts() -> int:
    return escalate_due_alerts()


def post_webhook(url: str, secret: str, body: bytes) -> int:
    """POST the JSON body signed with the secret; the HTTP status (raises on a network error)."""
    request = urllib.request.Request(  # noqa: S310 - a URLField: http or https only
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: sign(secret, body)},
    )
    try:
        # The URL is a URLField (http or https only), set by the organisation's managers.
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@db_task(retries=WEBHOOK_RETRIES, retry_delay=WEBHOOK_RETRY_DELAY, retry_backoff=2)
def deliver_alert_webhook(alert_id: int) -> bool:
    """Relay one alert to its organisation's gateway; a refusal or a network error is retried with backoff."""
    alert = Alert.objects.select_related("incident__scenario", "incident__admin_unit", "incident__organization").filter(
        pk=alert_id
    ).first()
    hook = AlertWebhook.objects.filter(organization_id=getattr(alert, "organization_id", None), is_active=True).first()
    if alert is None or hook is None or alert.webhook_delivered_at is not None:
        return False
    try:
        status = post_webhook(hook.url, hook.secret, alert_payload(alert))
    except (OSError, ValueError) as error:
        Alert.objects.filter(pk=alert_id).update(webhook_status=str(error)[:200])
        raise
    if not 200 <= status < 300:
        Alert.objects.filter(pk=alert_id).update(webhook_status=f"HTTP {status}")
        raise WebhookRefused(f"HTTP {status}")
    Alert.objects.filter(pk=alert_id).update(webhook_status=f"HTTP {status}", webhook_delivered_at=timezone.now())
    return True
