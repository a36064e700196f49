"""The e-mail sent for one notification: Vietnamese plain text with the full link and how to stop."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notification

__all__ = ["build_email", "message_id", "absolute_url", "preferences_url"]


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def preferences_url() -> str:
    """Where a user chooses, per kind, between the inbox only, e-mail at once and the daily digest."""
    return absolute_url(reverse("notifications:settings"))


def build_email(notification: Notification) -> EmailMessage:
    """One message to the recipient; classified content never leaves the system by e-mail."""
    with translation.override(settings.LANGUAGE_CODE):
        classified = notification.classification > 0
        title = _("You have a new notification") if classified else notification.title
        subject = "[PCKB] " + " ".join(title.split())
        link = absolute_url(notification.url) if notification.url else absolute_url(notification.get_absolute_url())
        body = render_to_string(
            "notifications/email.txt",
            {
                "notification": notification,
                "recipient": notification.recipient,
                "classified": classified,
                "link": link,
                "preferences_url": preferences_url(),
                "inbox_url": absolute_url(reverse("notifications:inbox")),
            },
        )
    # One Message-ID per notification: if a send is repeated (a worker killed after the SMTP server took the
    # message but before the send was recorded), mail clients and servers see the same message twice.
    headers = {"Message-ID": message_id(notification)}
    return EmailMessage(subject=subject, body=body, to=[notification.recipient.email], headers=headers)


def message_id(notification: Notification) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "pckb.local"
    return f"<pckb-notification-{notification.pk}.{notification.created_at:%Y%m%d%H%M%S}@{host}>"
