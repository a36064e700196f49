"""Background work of the notifications app (Huey): e-mailing notifications, with retries."""

from __future__ import annotations

from django.utils import timezone
from huey.contrib.djhuey import db_task

from .emails import build_email
from .models import Notification

__all__ = ["send_notification_email"]

# An unreachable or refusing SMTP server raises; Huey then retries with growing delays
# (2, 4, 8, 16, 32 minutes) before giving up.
EMAIL_RETRIES = 5
EMAIL_RETRY_DELAY = 120


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY, retry_backoff=2)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification unless already sent or the recipient has turned e-mails off."""
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
