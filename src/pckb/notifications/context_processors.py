"""`unread_notifications` for the header's bell: one indexed COUNT per page, 0 for visitors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Notification

__all__ = ["unread", "unread_count"]


def unread_count(request: HttpRequest) -> int:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    # Several renders in one request (a page and its partials) share one query.
    cached = getattr(request, "_pckb_unread_notifications", None)
    if cached is None:
        cached = Notification.objects.for_user(user).unread().count()
        request._pckb_unread_notifications = cached
    return cached


def unread(request: HttpRequest) -> dict[str, Any]:
    return {"unread_notifications": unread_count(request)}
