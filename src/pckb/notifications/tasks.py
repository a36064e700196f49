"""Background work of the notifications app (Huey): e-mailing notifications with retries, and the
daily digest at 17:00 Vietnam time for the kinds a user chose to receive that way."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task, db_task

from pckb.core.scheduling import local_crontab

from .digest import send_digests
from .emails import build_email
from .models import Notification

__all__ = ["send_notification_email", "daily_digest"]

# An unreachable or refusing SMTP server raises; Huey then retries with growing delays
# (2, 4, 8, 16, 32 minutes) before giving up.
EMAIL_RETRIES = 5
EMAIL_RETRY_DELAY = 120


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY, retry_backoff=2)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification unless already sent or the recipient has turned e-mails off."""
    from django.utils import timezone

    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id, emailed_at__isnull=True).first()
    )
    if notification is None:
        return False
    user = notification.recipient
    if not (user.is_active and user.email and user.email_notifications):
        return False
    build_email(notification).send(fail_silently=False)
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@db_periodic_task(local_crontab(hour=17, minute=0), retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def daily_digest() -> int:
    return send_digests()
