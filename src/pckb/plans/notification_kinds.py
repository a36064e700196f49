"""The notifications the plans app sends (registered at start-up by the notifications app).

Who receives each kind is said here and in docs/notifications.md; the actor of an action never
hears of it, and one action gives each recipient at most one notification.
"""

from django.utils.translation import gettext_lazy as _

from pckb.notifications.kinds import register_kind

ASSIGNEE_STAFF = _(
    "Editors, managers and administrators of the assignee (its nearest ancestor with such staff when it "
    "has none)"
)

register_kind("task.assigned", _("New task assigned"), icon="bi-clipboard-plus", recipients=ASSIGNEE_STAFF)
register_kind("task.returned", _("Task sent back"), icon="bi-arrow-return-left", recipients=ASSIGNEE_STAFF)
register_kind("task.reminder", _("Deadline reminder"), icon="bi-alarm", recipients=ASSIGNEE_STAFF)
register_kind("task.overdue", _("Task overdue"), icon="bi-exclamation-triangle", recipients=ASSIGNEE_STAFF)
register_kind(
    "task.done",
    _("Task reported done"),
    icon="bi-check2-square",
    recipients=_("Managers and administrators of the issuing organisation (to verify it)"),
)
register_kind("task.verified", _("Task verified"), icon="bi-patch-check", recipients=ASSIGNEE_STAFF)
register_kind("task.cancelled", _("Task cancelled"), icon="bi-x-circle", recipients=ASSIGNEE_STAFF)
register_kind(
    "plan.issued",
    _("Plan issued"),
    icon="bi-journal-check",
    recipients=_("Staff of every organisation given tasks in the plan, one notification each listing them"),
)
