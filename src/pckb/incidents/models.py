"""Incidents ("sự việc"), their response checklist, append-only timeline, alerts and alert webhooks."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.models import OrgScopedModel
from pckb.geo.choices import AdminLevel
from pckb.targets.codes import LAT_RANGE, LON_RANGE
from pckb.targets.models import OUTSIDE_VIETNAM

from .choices import AlertReason, AlertState, EntryKind, IncidentStatus, Severity, StepState

__all__ = ["Incident", "ChecklistStep", "TimelineEntry", "Alert", "AlertWebhook", "ENTRY_IMMUTABLE"]

ENTRY_IMMUTABLE = _("Timeline entries cannot be changed or deleted: add a note instead.")
# A report dated a little ahead of the server's clock (a phone's clock) is accepted, not more.
CLOCK_SLACK = datetime.timedelta(minutes=5)


class Incident(OrgScopedModel):
    """A situation reported by a unit (owner): where, when, how severe, and what is being done.

    Events and places only: nothing about suspects or other private persons (scope boundary).
    `participants` are the organisations alerted: they read the incident and add notes.
    """

    scenario = models.ForeignKey(
        "targets.Scenario", on_delete=models.PROTECT, related_name="+", verbose_name=_("type of incident")
    )
    title = models.CharField(_("title"), max_length=300)
    occurred_at = models.DateTimeField(_("time of occurrence"))
    reported_at = models.DateTimeField(_("time of report"), default=timezone.now)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("place", "Commune")
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    target = models.ForeignKey(
        "targets.KeyTarget",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("key target"),
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        choices=Severity.choices,
        default=Severity.MEDIUM,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED, editable=False
    )
    is_exercise = models.BooleanField(
        _("exercise"), default=False, help_text=_("A drill: every page, alert and document says “DIỄN TẬP”.")
    )
    description = models.TextField(
        _("description"),
        help_text=_("What happened and where. No names or details of suspects or other private persons."),
    )
    summary = models.TextField(_("summary"), blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    participants = models.ManyToManyField(
        "organizations.Organization", blank=True, related_name="+", verbose_name=_("alerted organizations")
    )
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    shared_scope_fields = ("participants",)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "reported_at"], name="incident_org_status_idx"),
            models.Index(fields=["reported_at"], name="incident_reported_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (DIỄN TẬP)" if self.is_exercise else self.title

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", args=[self.pk])

    def record_date(self) -> datetime.date:
        return timezone.localdate(self.reported_at) if self.reported_at else timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, list] = {}
        for name, bounds in (("latitude", LAT_RANGE), ("longitude", LON_RANGE)):
            value = getattr(self, name)
            if value is not None and not bounds[0] <= value <= bounds[1]:
                errors.setdefault(name, []).append(OUTSIDE_VIETNAM)
        if (self.latitude is None) != (self.longitude is None):
            errors.setdefault("longitude", []).append(_("Give both the latitude and the longitude, or neither."))
        if self.occurred_at and self.reported_at and self.reported_at < self.occurred_at:
            errors.setdefault("reported_at", []).append(_("The report cannot come before the occurrence."))
        if self.occurred_at and self.occurred_at > timezone.now() + CLOCK_SLACK:
            errors.setdefault("occurred_at", []).append(_("The time of occurrence cannot be in the future."))
        if self.admin_unit_id:
            unit = self.admin_unit
            if unit.level != AdminLevel.COMMUNE or not unit.is_current:
                errors.setdefault("admin_unit", []).append(_("Choose a current commune, ward or special zone."))
        if self.target_id and self.admin_unit_id and self.target.admin_unit_id != self.admin_unit_id:
            errors.setdefault("admin_unit", []).append(
                _("The key target is in {unit}: choose that commune.").format(unit=self.target.admin_unit.name)
            )
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self) -> str:
        """The title as lists print it, an exercise marked."""
        return str(self)

    @property
    def is_open(self) -> bool:
        return self.status != IncidentStatus.CLOSED

    def may_attach(self, user: Any) -> bool:
        """Every organisation taking part adds files (photos, minutes) while the incident is open."""
        from .services import may_take_part

        return self.is_open and may_take_part(self, user)


class ChecklistStep(models.Model):
    """One initial-response step of an incident, copied from the scenario when it was reported."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps", verbose_name=_("incident"))
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("step"), max_length=500)
    state = models.CharField(_("state"), max_length=8, choices=StepState.choices, default=StepState.PENDING)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    done_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["incident", "position"]
        constraints = [models.UniqueConstraint(fields=["incident", "position"], name="checkliststep_unique_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class TimelineEntry(models.Model):
    """One line of an incident's timeline: written once, never changed or deleted."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="timeline", verbose_name=_("incident")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: the timeline is the record of what was known when; a correction is a new note.
        if self.pk is not None:
            raise ValidationError(ENTRY_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(ENTRY_IMMUTABLE)


class Alert(OrgScopedModel):
    """An incident's alert to one organisation (`organization`, the addressed one), which acknowledges it.

    The reporting organisation (`sender`) reads it too. Its state on the alerts board is derived from
    the stamps: escalated, acknowledged, delivered (an on-duty user or the webhook received it) or sent.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("incident"))
    sender = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporting organization"),
    )
    reason = models.CharField(_("why alerted"), max_length=12, choices=AlertReason.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    escalate_at = models.DateTimeField(_("escalates at"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    webhook_status = models.CharField(_("webhook"), max_length=200, blank=True)
    webhook_delivered_at = models.DateTimeField(_("webhook delivered at"), null=True, blank=True)

    shared_scope_fields = ("sender",)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "organization"],
                name="alert_one_per_organization",
                violation_error_message=_("This organization was already alerted."),
            )
        ]
        indexes = [models.Index(fields=["acknowledged_at", "escalated_at", "escalate_at"], name="alert_escalation_idx")]

    def __str__(self) -> str:
        return f"{self.incident} → {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", args=[self.incident_id]) + f"#alert-{self.pk}"

    @property
    def state(self) -> str:
        if self.acknowledged_at:
            return AlertState.ACKNOWLEDGED
        if self.escalated_at:
            return AlertState.ESCALATED
        if self.delivered_at or self.webhook_delivered_at:
            return AlertState.DELIVERED
        return AlertState.SENT

    @property
    def state_label(self) -> str:
        return str(AlertState(self.state).label)


class AlertWebhook(OrgScopedModel):
    """Where an organisation's gateway (SMS, messaging) receives its alerts: a URL and a signing secret.

    The secret signs each JSON body (HMAC-SHA256); it is shown once when set and never again.
    """

    url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(max_length=128, editable=False)
    is_active = models.BooleanField(pgettext_lazy("webhook", "active"), default=True)

    class Meta:
        verbose_name = _("alert webhook")
        verbose_name_plural = _("alert webhooks")
        constraints = [models.UniqueConstraint(fields=["organization"], name="alertwebhook_one_per_organization")]

    def __str__(self) -> str:
        return self.url
