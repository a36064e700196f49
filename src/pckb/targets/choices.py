"""Choices of key targets and response plans, with the badge colour of each state."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "Importance",
    "TargetStatus",
    "ResponsePlanKind",
    "ResponsePlanStatus",
    "Readiness",
    "CheckState",
    "TARGET_STATUS_BADGES",
    "RESPONSE_PLAN_STATUS_BADGES",
    "READINESS_BADGES",
]


class Importance(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("importance", "National")
    PROVINCIAL = "provincial", _("Provincial")
    LOCAL = "local", _("Local")


class TargetStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("key target", "On the list")
    REMOVED = "removed", _("Removed from the list")


class ResponsePlanKind(models.TextChoices):
    PROTECTION = "protection", _("Protection plan")
    RESPONSE = "response", _("Response plan")


class ResponsePlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class Readiness(models.TextChoices):
    """A target's overall readiness, derived from its checks (targets.readiness)."""

    READY = "ready", _("Ready")
    DUE_SOON = "due_soon", _("Review due soon")
    ATTENTION = "attention", _("Needs attention")


class CheckState(models.TextChoices):
    """One readiness check: passed, failed, or not known yet (no module records it)."""

    OK = "ok", _("Yes")
    FAILED = "failed", _("No")
    UNKNOWN = "unknown", pgettext_lazy("readiness check", "Unknown")


TARGET_STATUS_BADGES = {"active": "success", "removed": "secondary"}
RESPONSE_PLAN_STATUS_BADGES = {"draft": "secondary", "approved": "success", "superseded": "dark"}
READINESS_BADGES = {"ready": "success", "due_soon": "warning", "attention": "danger"}
