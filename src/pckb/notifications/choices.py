"""Kinds of notification, with translated labels and the icon shown beside each in the inbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["NotificationKind", "KIND_ICONS"]


class NotificationKind(models.TextChoices):
    """What a notification is about; other apps pass one of these values to `notify`."""

    TASK_ASSIGNED = "task.assigned", _("New task assigned")
    TASK_RETURNED = "task.returned", _("Task sent back")
    TASK_REMINDER = "task.reminder", _("Deadline reminder")
    TASK_OVERDUE = "task.overdue", _("Task overdue")
    TASK_DONE = "task.done", _("Task reported done")
    TASK_VERIFIED = "task.verified", _("Task verified")
    TASK_CANCELLED = "task.cancelled", _("Task cancelled")
    TASK_PROGRESS = "task.progress", _("Progress reported")
    PLAN_ISSUED = "plan.issued", _("Plan issued")
    GENERAL = "general", _("General")


KIND_ICONS = {
    NotificationKind.TASK_ASSIGNED: "bi-clipboard-plus",
    NotificationKind.TASK_RETURNED: "bi-arrow-return-left",
    NotificationKind.TASK_REMINDER: "bi-alarm",
    NotificationKind.TASK_OVERDUE: "bi-exclamation-triangle",
    NotificationKind.TASK_DONE: "bi-check2-square",
    NotificationKind.TASK_VERIFIED: "bi-patch-check",
    NotificationKind.TASK_CANCELLED: "bi-x-circle",
    NotificationKind.TASK_PROGRESS: "bi-graph-up-arrow",
    NotificationKind.PLAN_ISSUED: "bi-journal-check",
    NotificationKind.GENERAL: "bi-bell",
}
