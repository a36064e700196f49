"""The in-app inbox: one row per recipient and event, read by nobody but its recipient."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core.choices import Classification

from .choices import Delivery
from .kinds import kind_icon, kind_label

__all__ = ["Notification", "NotificationQuerySet", "NotificationPreference"]


class NotificationQuerySet(models.QuerySet):
    """Notifications are personal: whatever the action, a user reaches only their own."""

    def for_user(self, user: Any) -> NotificationQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient_id=user.pk)

    def visible_to(self, user: Any, action: str = "view") -> NotificationQuerySet:
        # Same name as ScopedQuerySet.visible_to so that core's get_object_for_user, list views and
        # API viewsets work unchanged; the organisation tree plays no part here.
        return self.for_user(user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user about an event (a task assigned, a deadline near...), with a link.

    The title and body are rendered once, in Vietnamese, when the event happens. `dedupe_key`
    lets a sender make sure a recipient never gets the same reminder twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # A registered kind (`kinds.register_kind`), declared by the app that sends it: no choices here,
    # so that a new module's kinds need no migration of this app.
    kind = models.CharField(_("kind"), max_length=32)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=Classification.UNCLASSIFIED
    )
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Set by the worker that is sending the e-mail now; a claim older than the sweep's timeout is a dead
    # worker's (killed between taking the job and recording the send), and the sweep sends again.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Decided when the notification is created, from the recipient's preference for its kind.
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.INBOX)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_unique_dedupe",
                violation_error_message=_("This user has already received this notification."),
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
            # The daily digest reads only what is still owed.
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(delivery="digest", emailed_at__isnull=True),
                name="notification_digest_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def icon(self) -> str:
        return kind_icon(self.kind)

    @property
    def kind_label(self) -> Any:
        return kind_label(self.kind)


class NotificationPreference(models.Model):
    """How one user wants one kind of notification delivered (no row: e-mail at once).

    The account's e-mail switch (`User.email_notifications`) stays the master: when it is off,
    nothing is e-mailed, whatever is chosen here.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32)
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.EMAIL)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="notification_preference_unique",
                violation_error_message=_("This kind of notification already has a preference."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.delivery}"
