"""The notifications the incidents app sends (registered at start-up by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from pckb.notifications.kinds import register_kind

register_kind(
    "incident.alert",
    _("Incident alert"),
    icon="bi-exclamation-octagon",
    recipients=_("Editors, managers and administrators of each alerted organization"),
)
register_kind(
    "incident.escalation",
    _("Alert not acknowledged"),
    icon="bi-alarm",
    recipients=_("Managers of the alerted organization and the standing office of its committee"),
)
