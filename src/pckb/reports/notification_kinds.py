"""The notifications periodic reports send (registered at start-up by the notifications app)."""

from django.utils.translation import gettext_lazy as _

from pckb.notifications.kinds import register_kind

UNIT_STAFF = _("Editors, managers and administrators of the reporting unit (its nearest ancestor with such staff)")
ISSUER_MANAGERS = _("Managers and administrators of the committee that opened the round")

register_kind("report.requested", _("Report requested"), icon="bi-journal-plus", recipients=UNIT_STAFF)
register_kind("report.reminder", _("Report due soon"), icon="bi-alarm", recipients=UNIT_STAFF)
register_kind("report.late", _("Report overdue"), icon="bi-exclamation-triangle", recipients=UNIT_STAFF)
register_kind("report.submitted", _("Report submitted"), icon="bi-inbox", recipients=ISSUER_MANAGERS)
register_kind("report.accepted", _("Report accepted"), icon="bi-check2-circle", recipients=UNIT_STAFF)
register_kind("report.returned", _("Report returned"), icon="bi-arrow-return-left", recipients=UNIT_STAFF)
