"""Counts periodic reports fill their indicators from (core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pckb.core.indicators import CountScope, register_count

from .models import Alert, Incident

__all__ = ["incidents_real", "incidents_exercise", "alerts_sent"]


def incidents_real(scope: CountScope) -> int:
    return Incident.objects.filter(scope.org_q(), is_exercise=False, reported_at__date__range=scope.dates).count()


def incidents_exercise(scope: CountScope) -> int:
    return Incident.objects.filter(scope.org_q(), is_exercise=True, reported_at__date__range=scope.dates).count()


def alerts_sent(scope: CountScope) -> int:
    return Alert.objects.filter(scope.org_q("incident__organization"), sent_at__date__range=scope.dates).count()


register_count(
    "incidents.incidents_real",
    _("Incidents reported"),
    incidents_real,
    unit=_("incidents"),
    help=_("Incidents (not exercises) reported by the unit and its subtree within the period."),
)
register_count(
    "incidents.incidents_exercise",
    _("Exercise incidents"),
    incidents_exercise,
    unit=_("incidents"),
    help=_("Exercise incidents (drills) reported by the unit and its subtree within the period."),
)
register_count(
    "incidents.alerts_sent",
    _("Incident alerts sent"),
    alerts_sent,
    unit=_("alerts"),
    help=_("Alerts sent within the period for incidents of the unit and its subtree."),
)
