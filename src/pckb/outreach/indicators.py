"""The counts periodic reports fill their indicators from (pckb.core.indicators); the codes are stable."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.indicators import CountScope, register_count

from .choices import CONFERENCE_KINDS, TRAINING_KINDS
from .models import Dissemination, TrainingEvent, TrainingParticipation

__all__ = [
    "trainings_held",
    "training_attendance",
    "conferences_held",
    "conference_attendance",
    "disseminations",
    "dissemination_audience",
]


def _events(scope: CountScope, kinds: tuple[str, ...]) -> QuerySet:
    return TrainingEvent.objects.filter(scope.org_q(), kind__in=kinds, start_date__range=scope.dates)


def _attendance(scope: CountScope, kinds: tuple[str, ...]) -> int:
    rows = TrainingParticipation.objects.filter(event__in=_events(scope, kinds).values("pk"))
    return rows.aggregate(total=Sum("headcount"))["total"] or 0


def trainings_held(scope: CountScope) -> int:
    return _events(scope, TRAINING_KINDS).count()


def training_attendance(scope: CountScope) -> int:
    return _attendance(scope, TRAINING_KINDS)


def conferences_held(scope: CountScope) -> int:
    return _events(scope, CONFERENCE_KINDS).count()


def conference_attendance(scope: CountScope) -> int:
    return _attendance(scope, CONFERENCE_KINDS)


def _disseminations(scope: CountScope) -> QuerySet:
    return Dissemination.objects.filter(scope.org_q(), date__range=scope.dates)


def disseminations(scope: CountScope) -> int:
    return _disseminations(scope).count()


def dissemination_audience(scope: CountScope) -> int:
    return _disseminations(scope).aggregate(total=Sum("audience_count"))["total"] or 0


register_count(
    "outreach.trainings_held",
    _("Trainings and outreach campaigns held"),
    trainings_held,
    unit=_("events"),
    help=_("Trainings and outreach campaigns organised by the unit and its subtree, starting within the period."),
)
register_count(
    "outreach.training_attendance",
    _("Training attendance"),
    training_attendance,
    unit=_("people"),
    help=_("The total headcount of those trainings and outreach campaigns."),
)
register_count(
    "outreach.conferences_held",
    _("Review conferences held"),
    conferences_held,
    unit=_("conferences"),
    help=_("Interim and annual review conferences organised by the unit and its subtree, starting within the period."),
)
register_count(
    "outreach.conference_attendance",
    _("Review conference attendance"),
    conference_attendance,
    unit=_("people"),
    help=_("The total headcount of those conferences."),
)
register_count(
    "outreach.disseminations",
    _("Disseminations of legal documents"),
    disseminations,
    unit=pgettext_lazy("count unit", "sessions"),
    help=_("Dissemination records of the unit and its subtree dated within the period."),
)
register_count(
    "outreach.dissemination_audience",
    _("Dissemination audience"),
    dissemination_audience,
    unit=_("people"),
    help=_("The total audience of those disseminations."),
)
