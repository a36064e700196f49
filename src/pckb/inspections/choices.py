"""Choices of checklists, inspections, assessments and findings, with the badge colour of each state."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "ChecklistStatus",
    "UnitKind",
    "InspectionStatus",
    "Answer",
    "Severity",
    "FindingState",
    "ANSWER_POINTS",
    "RELEASED_STATES",
    "CHECKLIST_STATUS_BADGES",
    "INSPECTION_STATUS_BADGES",
    "ANSWER_BADGES",
    "SEVERITY_BADGES",
    "FINDING_STATE_BADGES",
]


class ChecklistStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("checklist", "Draft")
    PUBLISHED = "published", pgettext_lazy("checklist", "Published")


class UnitKind(models.TextChoices):
    """The kinds of inspected unit a criterion may be limited to (different questions for each)."""

    COMMITTEE = "committee", _("Steering committee")
    AGENCY = "agency", _("Member agency")
    COMMUNE = "commune", _("Commune-level committee")
    BANK = "bank", _("Bank or credit institution")
    TELECOM = "telecom", _("Telecom or press body")
    HISTORIC_SITE = "historic_site", _("Historic or cultural site")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspection", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("inspection", "In progress")
    CONCLUDED = "concluded", pgettext_lazy("inspection", "Concluded")
    FOLLOW_UP = "follow_up", pgettext_lazy("inspection", "Follow-up")
    CLOSED = "closed", pgettext_lazy("inspection", "Closed")


class Answer(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "na", _("Not applicable")


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")


class FindingState(models.TextChoices):
    """Where a finding stands, derived from its corrective task (never stored)."""

    RECORDED = "recorded", _("Recorded")
    OPEN = "open", _("Being corrected")
    REPORTED = "reported", _("Reported corrected")
    VERIFIED = "verified", _("Verified")
    CANCELLED = "cancelled", pgettext_lazy("finding", "Cancelled")


# The share of a criterion's weight each answer earns; "not applicable" leaves the criterion out.
ANSWER_POINTS = {"met": 1.0, "partly": 0.5, "not_met": 0.0}
# Once concluded, the inspected units may read their assessments and findings.
RELEASED_STATES = ("concluded", "follow_up", "closed")

CHECKLIST_STATUS_BADGES = {"draft": "secondary", "published": "success"}
INSPECTION_STATUS_BADGES = {
    "planned": "secondary",
    "in_progress": "primary",
    "concluded": "info",
    "follow_up": "warning",
    "closed": "success",
}
ANSWER_BADGES = {"met": "success", "partly": "warning", "not_met": "danger", "na": "secondary"}
SEVERITY_BADGES = {"low": "secondary", "medium": "warning", "high": "danger"}
FINDING_STATE_BADGES = {
    "recorded": "secondary",
    "open": "warning",
    "reported": "info",
    "verified": "success",
    "cancelled": "dark",
}
