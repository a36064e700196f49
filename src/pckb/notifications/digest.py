"""The daily digest: one e-mail per user listing the notifications of the kinds they chose to get that way."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import Delivery
from .emails import absolute_url, preferences_url
from .models import Notification

__all__ = ["DIGEST_WINDOW", "build_digest", "send_digests"]

# What a digest may still carry: older notifications the job could not send (no address, e-mails
# off, the worker stopped) stay in the inbox only, and the query stays bounded.
DIGEST_WINDOW = datetime.timedelta(days=7)


def build_digest(user: Any, notifications: list[Notification]) -> EmailMessage:
    """One plain-text message; classified notifications are named only as such, never their title."""
    with translation.override(settings.LANGUAGE_CODE):
        count = len(notifications)
        subject = "[PCKB] " + ngettext(
            "{count} new notification today", "{count} new notifications today", count
        ).format(count=count)
        items = [
            {
                "title": _("A notification about a classified record") if n.classification > 0 else n.title,
                "body": "" if n.classification > 0 else n.body,
                "link": absolute_url(n.url or n.get_absolute_url()),
            }
            for n in notifications
        ]
        body = render_to_string(
            "notifications/digest.txt",
            {
                "recipient": user,
                "items": items,
                "preferences_url": preferences_url(),
                "inbox_url": absolute_url(reverse("notifications:inbox")),
            },
        )
    return EmailMessage(subject=subject, body=body, to=[user.email])


def send_digests(now: datetime.datetime | None = None) -> int:
    """Send every digest owed now; returns the number of e-mails sent. Each user's notifications are
    marked e-mailed right after their message goes, so a retry after an SMTP failure sends no copy."""
    now = now or timezone.now()
    due = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST, emailed_at__isnull=True, created_at__gte=now - DIGEST_WINDOW
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    sent = 0
    for _recipient, rows in groupby(due.iterator(chunk_size=2000), key=lambda n: n.recipient_id):
        notifications = list(rows)
        user = notifications[0].recipient
        if not (user.is_active and user.email and user.email_notifications):
            continue
        build_digest(user, notifications).send(fail_silently=False)
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=timezone.now())
        sent += 1
    return sent
