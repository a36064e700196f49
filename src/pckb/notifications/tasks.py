"""Background work of the notifications app (Huey): e-mailing notifications at least once, the sweep that
re-queues what a dead worker left unsent, and the daily digest at 17:00 Vietnam time.

Delivery is at-least-once with idempotent sending: a worker first *claims* a notification (one
conditional UPDATE, so two workers never send it at the same time), sends it with a Message-ID that
is the notification's own, then records the send. A worker killed after taking the job loses it from
the queue: the sweep finds notifications still unsent after `PCKB_EMAIL_SWEEP_AFTER` seconds (and
claims older than that, a killed worker's) and queues them again. A kill between the SMTP server's
"accepted" and the record is the one window where a message goes out twice, with the same Message-ID.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pckb.core.scheduling import local_crontab

from .choices import Delivery
from .digest import send_digests
from .emails import build_email
from .models import Notification

__all__ = ["send_notification_email", "sweep_unsent_emails", "requeue_unsent_emails", "daily_digest"]

# An unreachable or refusing SMTP server raises; Huey then retries with growing delays
# (2, 4, 8, 16, 32 minutes) before giving up; the sweep takes over after that.
EMAIL_RETRIES = 5
EMAIL_RETRY_DELAY = 120
SWEEP_BATCH = 500


def _sweep_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(getattr(settings, "PCKB_EMAIL_SWEEP_AFTER", 300)))


def _claim(notification_id: int) -> bool:
    """Take the send for this worker; False when it was sent, or another live worker is sending it."""
    now = timezone.now()
    free = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - _sweep_after())
    return bool(
        Notification.objects.filter(Q(pk=notification_id, emailed_at__isnull=True) & free).update(
            email_claimed_at=now
        )
    )


@db_task(retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY, retry_backoff=2)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification unless already sent, being sent, or the recipient has turned e-mails off."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.recipient
    if not (user.is_active and user.email and user.email_notifications):
        return False
    if not _claim(notification_id):
        return False
    try:
        build_email(notification).send(fail_silently=False)
    except Exception:
        # Free the claim at once: Huey's retry (or the sweep) must not wait for it to go stale.
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(email_claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def requeue_unsent_emails(now: datetime.datetime | None = None) -> int:
    """Queue again the e-mails still unsent after the sweep delay (never claimed, or claimed by a dead worker)."""
    now = now or timezone.now()
    cutoff = now - _sweep_after()
    pending = (
        Notification.objects.filter(
            delivery=Delivery.EMAIL,
            emailed_at__isnull=True,
            created_at__lt=cutoff,
            recipient__is_active=True,
            recipient__email_notifications=True,
        )
        .exclude(recipient__email="")
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=cutoff))
        .order_by("id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    ids = list(pending)
    for pk in ids:
        send_notification_email(pk)
    return len(ids)


@db_periodic_task(crontab(minute="*/5"))
def sweep_unsent_emails() -> int:
    return requeue_unsent_emails()


@db_periodic_task(local_crontab(hour=17, minute=0), retries=EMAIL_RETRIES, retry_delay=EMAIL_RETRY_DELAY)
def daily_digest() -> int:
    return send_digests()
