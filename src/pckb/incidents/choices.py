"""Choices of incidents, their checklist steps, timeline entries and alerts, with badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "IncidentStatus",
    "Severity",
    "StepState",
    "EntryKind",
    "AlertReason",
    "AlertState",
    "INCIDENT_STATUS_BADGES",
    "SEVERITY_BADGES",
    "ALERT_STATE_BADGES",
    "OPEN_STATES",
]


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("incident", "Reported")
    RESPONDING = "responding", _("Responding")
    CONTAINED = "contained", _("Contained")
    CLOSED = "closed", pgettext_lazy("incident", "Closed")


class Severity(models.IntegerChoices):
    LOW = 1, _("1 – Low")
    MEDIUM = 2, _("2 – Medium")
    HIGH = 3, _("3 – High")
    CRITICAL = 4, _("4 – Critical")


class StepState(models.TextChoices):
    PENDING = "pending", _("To do")
    DONE = "done", pgettext_lazy("checklist step", "Done")
    NOT_APPLICABLE = "na", _("Not applicable")


class EntryKind(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("timeline", "Report")
    STATUS = "status", _("Status change")
    STEP = "step", _("Checklist step")
    ALERT = "alert", _("Alert")
    ACK = "ack", _("Acknowledgement")
    ESCALATION = "escalation", _("Escalation")
    NOTE = "note", pgettext_lazy("timeline", "Note")
    ATTACHMENT = "attachment", _("Attachment")
    TASK = "task", _("Follow-up task")


class AlertReason(models.TextChoices):
    STANDING = "standing", _("Standing office of the committee")
    HIGHER = "higher", _("Standing office of a higher committee")
    CHOSEN = "chosen", _("Chosen by the reporter")


class AlertState(models.TextChoices):
    """Derived from an alert's stamps (Alert.state): what the alerts board shows."""

    SENT = "sent", pgettext_lazy("alert", "Sent")
    DELIVERED = "delivered", _("Delivered")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ESCALATED = "escalated", _("Escalated")


OPEN_STATES = (IncidentStatus.REPORTED, IncidentStatus.RESPONDING, IncidentStatus.CONTAINED)
INCIDENT_STATUS_BADGES = {"reported": "danger", "responding": "warning", "contained": "info", "closed": "secondary"}
SEVERITY_BADGES = {1: "secondary", 2: "info", 3: "warning", 4: "danger"}
ALERT_STATE_BADGES = {"sent": "secondary", "delivered": "info", "acknowledged": "success", "escalated": "danger"}
