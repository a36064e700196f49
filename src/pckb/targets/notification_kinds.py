"""The notifications the key targets app sends (registered at start-up by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from pckb.notifications.kinds import register_kind

register_kind(
    "responseplan.review",
    _("Plan due for review"),
    icon="bi-calendar-event",
    recipients=_("Editors, managers and administrators of the target's owner organisation"),
)
