"""Cross-cutting choices: classification levels and membership roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Classification", "Role", "ROLE_FOR_ACTION", "ActiveState"]


class Classification(models.IntegerChoices):
    """State-secret level of a record; a user's clearance uses the same scale."""

    UNCLASSIFIED = 0, _("Unclassified")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Secret")


class Role(models.IntegerChoices):
    """Membership roles, ordered: each includes the rights of the ones below it."""

    VIEWER = 10, _("Viewer")
    EDITOR = 20, _("Editor")
    MANAGER = 30, _("Manager")
    ADMIN = 40, _("Administrator")


class ActiveState(models.TextChoices):
    """The two states of a record kept on an `is_active` flag (organisations, users) in core.workflow."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


# The least role needed for each action; "manage" covers issuing, verifying and roster changes.
ROLE_FOR_ACTION = {
    "view": Role.VIEWER,
    "add": Role.EDITOR,
    "change": Role.EDITOR,
    "delete": Role.EDITOR,
    "manage": Role.MANAGER,
    "admin": Role.ADMIN,
}

CLASSIFICATION_BADGES = {0: "secondary", 1: "warning", 2: "danger"}
