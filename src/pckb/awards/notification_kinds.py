"""The notifications the commendations app sends (registered at start-up by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from pckb.notifications.kinds import register_kind

register_kind(
    "commendation.decided",
    _("Commendation decided"),
    icon="bi-award",
    recipients=_("The user who proposed the commendation"),
)
