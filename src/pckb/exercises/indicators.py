"""Counts of exercises for periodic reports (core.indicators)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from pckb.core.indicators import CountScope, register_count

from .models import Exercise, ExerciseParticipant
from .services.queries import DONE

__all__ = ["exercises_held", "exercise_forces"]


def _held(scope: CountScope):  # noqa: ANN202 - a queryset
    return Exercise.objects.filter(scope.org_q(), status__in=DONE, date__range=scope.dates)


def exercises_held(scope: CountScope) -> int:
    return _held(scope).count()


def exercise_forces(scope: CountScope) -> int:
    total = ExerciseParticipant.objects.filter(exercise__in=_held(scope)).aggregate(total=Sum("force_count"))
    return int(total["total"] or 0)


register_count(
    "exercises.exercises_held",
    _("Exercises held"),
    exercises_held,
    unit=_("exercises"),
    help=_("Exercises led by the unit or its subtree, conducted within the period."),
)
register_count(
    "exercises.exercise_forces",
    _("Forces engaged in exercises"),
    exercise_forces,
    unit=_("people"),
    help=_("Sum of the participating force counts of the exercises held within the period."),
)
