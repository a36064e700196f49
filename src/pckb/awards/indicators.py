"""Counts of commendations for periodic reports (core.indicators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pckb.core.indicators import CountScope, register_count

from .choices import CommendationStatus, RecipientKind
from .models import Commendation

__all__ = ["commendations_collective", "commendations_individual"]


def _approved(scope: CountScope, kind: str) -> int:
    return Commendation.objects.filter(
        scope.org_q(), status=CommendationStatus.APPROVED, recipient_kind=kind, decided_on__range=scope.dates
    ).count()


def commendations_collective(scope: CountScope) -> int:
    return _approved(scope, RecipientKind.COLLECTIVE)


def commendations_individual(scope: CountScope) -> int:
    return _approved(scope, RecipientKind.INDIVIDUAL)


register_count(
    "awards.commendations_collective",
    _("Collectives commended"),
    commendations_collective,
    unit=_("collectives"),
    help=_("Commendations of organizations proposed by the unit or its subtree, approved within the period."),
)
register_count(
    "awards.commendations_individual",
    _("Individuals commended"),
    commendations_individual,
    unit=_("individuals"),
    help=_("Commendations of named officials proposed by the unit or its subtree, approved within the period."),
)
