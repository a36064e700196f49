"""The inbox, opening a notification, marking all read, the e-mail preference and the header badge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pckb.core.scoping import get_object_for_user
from pckb.core.views import Column, ScopedListView, ServiceFormView

from .context_processors import unread_count
from .filters import NotificationFilterSet
from .forms import EmailPreferenceForm, NotificationSettingsForm
from .models import Notification
from .services import (
    delivery_preferences,
    do_mark_all_notifications_read,
    do_mark_notification_read,
    do_set_email_notifications,
    do_set_notification_preferences,
    is_local_url,
)

__all__ = ["InboxView", "open_notification", "mark_all_read", "preferences", "NotificationSettingsView", "badge"]


def _safe_target(request: HttpRequest, url: str) -> str:
    """`url` when it is a path on this site, else the inbox (never an open redirect)."""
    if url and is_local_url(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("notifications:inbox")


def _forget_unread_count(request: HttpRequest) -> None:
    request.__dict__.pop("_pckb_unread_notifications", None)


class InboxView(ScopedListView):
    """The signed-in user's notifications, newest first, with filters, paging and Excel export."""

    model = Notification
    filterset_class = NotificationFilterSet
    template_name = "notifications/inbox.html"
    title = gettext_lazy("Notifications")
    export_name = "thong-bao"
    paginate_by = 25
    default_sort = "-created_at"
    select_related = ("organization",)
    columns = [
        Column("created_at", gettext_lazy("Time"), sort="created_at"),
        Column("kind_label", gettext_lazy("Kind"), sort="kind"),
        Column("title", gettext_lazy("Title"), link=True),
        Column("body", gettext_lazy("Content")),
        Column("organization", gettext_lazy("Organization")),
        Column("read_at", gettext_lazy("Read at"), sort="read_at"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["unread_count"] = unread_count(self.request)
        ctx["preference_form"] = EmailPreferenceForm(
            initial={"email_notifications": self.request.user.email_notifications}
        )
        return ctx


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read, then go to the page it is about. Only its recipient gets here."""
    notification = get_object_for_user(request.user, Notification, pk, "change")
    do_mark_notification_read(notification, actor=request.user)
    return HttpResponseRedirect(_safe_target(request, notification.url))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = do_mark_all_notifications_read(actor=request.user)
    _forget_unread_count(request)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    else:
        messages.info(request, _("You have no unread notifications."))
    return HttpResponseRedirect(_safe_target(request, request.POST.get("next", "")))


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """Turn one's own e-mail notifications on or off (audited by the service)."""
    form = EmailPreferenceForm(request.POST)
    form.is_valid()  # a lone optional checkbox cannot be invalid: unchecked means off
    enabled = bool(form.cleaned_data.get("email_notifications"))
    do_set_email_notifications(request.user, enabled, actor=request.user)
    if enabled:
        messages.success(request, _("E-mail notifications are on."))
    else:
        messages.success(request, _("E-mail notifications are off. You will still see notifications here."))
    return HttpResponseRedirect(_safe_target(request, request.POST.get("next", "")))


class NotificationSettingsView(ServiceFormView):
    """Each user chooses, per kind, how notifications reach them (linked from the profile and the inbox)."""

    title = gettext_lazy("Notification settings")
    success_message = gettext_lazy("Your notification settings have been saved.")
    parent_title = gettext_lazy("Notifications")
    parent_url_name = "notifications:inbox"

    def get_form(self, obj: Any) -> NotificationSettingsForm:
        data = self.request.POST if self.request.method == "POST" else None
        return NotificationSettingsForm(data, preferences=delivery_preferences(self.request.user))

    def perform(self, form: NotificationSettingsForm, obj: Any) -> Any:
        return do_set_notification_preferences(self.request.user, form.cleaned_data, actor=self.request.user)

    def success_url(self, result: Any) -> str:
        return reverse("notifications:settings")

    def render_form(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        user = self.request.user
        if not user.email:
            intro = _("Your account has no e-mail address: notifications appear only in the application.")
        elif not user.email_notifications:
            intro = _(
                "E-mail notifications are off for your account: everything appears only in the application "
                "until you turn them on in your profile."
            )
        else:
            intro = _("Notifications always appear in the application; choose which ones also reach {email}.").format(
                email=user.email
            )
        context = {
            "form": form,
            "object": None,
            "title": self.title,
            "intro": intro,
            "cancel_url": reverse("notifications:inbox"),
            "parent_title": self.parent_title,
            "parent_url": reverse(self.parent_url_name),
        }
        return render(self.request, self.template_name, context, status=status)


@login_required
@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The header's unread badge alone, for htmx to refresh it now and then."""
    return render(request, "notifications/_badge.html")
