"""Choices of periodic reports, with the badge colour of each state."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "TemplateKind",
    "PeriodType",
    "Aggregation",
    "TemplateStatus",
    "RoundStatus",
    "SubmissionStatus",
    "Compliance",
    "TEMPLATE_STATUS_BADGES",
    "ROUND_STATUS_BADGES",
    "SUBMISSION_STATUS_BADGES",
    "COMPLIANCE_BADGES",
    "RECEIVED_STATUSES",
    "EDITABLE_STATUSES",
]


class TemplateKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    THEMATIC = "thematic", _("Thematic")
    AD_HOC = "ad_hoc", pgettext_lazy("report kind", "Ad hoc")


class PeriodType(models.TextChoices):
    SIX_MONTH = "six_month", _("6 months")
    ANNUAL = "annual", _("Annual")
    QUARTERLY = "quarterly", _("Quarterly")
    AD_HOC = "ad_hoc", pgettext_lazy("report period", "Ad hoc")


class Aggregation(models.TextChoices):
    """How the figures of several units make one: added, the largest, or the most recent."""

    SUM = "sum", _("Sum")
    MAX = "max", _("Maximum")
    LATEST = "latest", _("Latest")


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("template", "Published")
    SUPERSEDED = "superseded", _("Superseded")


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("round", "Open")
    CLOSED = "closed", pgettext_lazy("round", "Closed")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")
    RETURNED = "returned", pgettext_lazy("report", "Returned")
    RESUBMITTED = "resubmitted", pgettext_lazy("report", "Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")


class Compliance(models.TextChoices):
    """Where one recipient stands in a round (derived, never stored)."""

    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    RETURNED = "returned", _("Returned for correction")
    PENDING = "pending", _("Not yet due")
    MISSING = "missing", _("Missing")


RECEIVED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED, SubmissionStatus.ACCEPTED)
EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)

TEMPLATE_STATUS_BADGES = {"draft": "secondary", "published": "success", "superseded": "dark"}
ROUND_STATUS_BADGES = {"open": "primary", "closed": "secondary"}
SUBMISSION_STATUS_BADGES = {
    "draft": "secondary",
    "submitted": "info",
    "returned": "warning",
    "resubmitted": "info",
    "accepted": "success",
}
COMPLIANCE_BADGES = {
    "on_time": "success",
    "late": "warning",
    "returned": "warning",
    "pending": "secondary",
    "missing": "danger",
}
