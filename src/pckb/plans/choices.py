"""Choices of programs, plans and tasks, with the badge colour of each status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "PlanKind",
    "PlanStatus",
    "TaskPriority",
    "TaskStatus",
    "TaskUpdateKind",
    "Recurrence",
    "OPEN_STATUSES",
    "COMPLETED_STATUSES",
    "PLAN_STATUS_BADGES",
    "TASK_STATUS_BADGES",
    "PRIORITY_BADGES",
    "UPDATE_KIND_ICONS",
]


class PlanKind(models.TextChoices):
    ANNUAL = "annual", _("Annual plan")
    SIX_MONTH = "six_month", _("Six-month plan")
    THEMATIC = "thematic", _("Thematic plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


class TaskPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    VERIFIED = "verified", _("Verified")
    CANCELLED = "cancelled", _("Cancelled")


class TaskUpdateKind(models.TextChoices):
    """What one entry of a task's timeline records."""

    PROGRESS = "progress", _("Progress report")
    STARTED = "started", _("Work started")
    DONE = "done", _("Reported done")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Sent back")
    CANCELLED = "cancelled", _("Cancelled")


class Recurrence(models.TextChoices):
    NONE = "none", _("Does not repeat")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


# A task is "open" while the assignee still owes work: only open tasks can be overdue or reminded.
OPEN_STATUSES = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)
# What counts as completed in the completion-per-agency summaries.
COMPLETED_STATUSES = (TaskStatus.DONE, TaskStatus.VERIFIED)

PLAN_STATUS_BADGES = {"draft": "secondary", "issued": "primary", "closed": "dark"}
TASK_STATUS_BADGES = {
    "assigned": "info",
    "in_progress": "primary",
    "done": "success",
    "verified": "success",
    "cancelled": "secondary",
}
PRIORITY_BADGES = {"low": "light", "normal": "secondary", "high": "warning", "urgent": "danger"}
UPDATE_KIND_ICONS = {
    "progress": "bi-graph-up-arrow",
    "started": "bi-play-circle",
    "done": "bi-check2-square",
    "verified": "bi-patch-check",
    "returned": "bi-arrow-return-left",
    "cancelled": "bi-x-circle",
}
