"""Counts periodic reports can fill their indicators from (core.indicators): the unit's subtree, the period."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.indicators import CountScope, register_count

from .models import Assessment, Finding, Inspection

__all__ = ["inspections_held", "units_inspected", "findings_recorded", "findings_closed"]


def _missions(scope: CountScope) -> QuerySet:
    """Missions led by the unit or below it whose visit started within the period (planned ones too:
    a visit dated in the period is one the committee held or holds)."""
    return Inspection.objects.filter(scope.org_q(), visit_from__range=scope.dates)


def inspections_held(scope: CountScope) -> int:
    return _missions(scope).count()


def units_inspected(scope: CountScope) -> int:
    return Assessment.objects.filter(inspection__in=_missions(scope)).count()


def findings_recorded(scope: CountScope) -> int:
    return Finding.objects.filter(assessment__inspection__in=_missions(scope)).count()


def findings_closed(scope: CountScope) -> int:
    return Finding.objects.filter(
        scope.org_q("assessment__inspection__organization"),
        task__status="verified",
        task__verified_at__date__range=scope.dates,
    ).count()


register_count(
    "inspections.inspections_held",
    _("Inspections held"),
    inspections_held,
    unit=_("inspections"),
    help=_("Missions led by the unit or its subtree with a visit starting within the period."),
)
register_count(
    "inspections.units_inspected",
    _("Units inspected"),
    units_inspected,
    unit=_("units"),
    help=_("Inspected units of those missions (a unit inspected twice counts twice)."),
)
register_count(
    "inspections.findings_recorded",
    _("Findings recorded"),
    findings_recorded,
    unit=_("findings"),
    help=_("Findings recorded by those missions."),
)
register_count(
    "inspections.findings_closed",
    _("Findings closed"),
    findings_closed,
    unit=_("findings"),
    help=_("Findings of the subtree's missions whose corrective task was verified within the period."),
)
