"""Choices of exercises: kinds, states and the evaluation scale, with badge colours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["ExerciseKind", "ExerciseStatus", "Rating", "EXERCISE_STATUS_BADGES", "RATING_BADGES"]


class ExerciseKind(models.TextChoices):
    TABLETOP = "tabletop", _("Table-top exercise")
    FUNCTIONAL = "functional", _("Functional exercise")
    FULL_SCALE = "full_scale", _("Full-scale exercise")
    INITIAL_RESPONSE = "initial_response", _("Initial-response drill")


class ExerciseStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("exercise", "Planned")
    CONDUCTED = "conducted", pgettext_lazy("exercise", "Conducted")
    EVALUATED = "evaluated", pgettext_lazy("exercise", "Evaluated")


class Rating(models.TextChoices):
    """The HSEEP-like scale of an objective's performance (shared/reference/anchors.md §3)."""

    P = "P", _("Performed without challenges")
    S = "S", _("Performed with some challenges")
    M = "M", _("Performed with major challenges")
    U = "U", _("Unable to be performed")


EXERCISE_STATUS_BADGES = {"planned": "secondary", "conducted": "info", "evaluated": "success"}
RATING_BADGES = {"P": "success", "S": "info", "M": "warning", "U": "danger"}
