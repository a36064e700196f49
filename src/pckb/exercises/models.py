"""An exercise (drill) led by an organisation, its participants with force counts and its objectives."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.models import OrgScopedModel

from .choices import ExerciseKind, ExerciseStatus, Rating

__all__ = ["Exercise", "ExerciseParticipant", "ExerciseObjective", "MAX_FORCE"]

# More than a whole province's forces in one drill is a typing error, not a drill.
MAX_FORCE = 20_000


class Exercise(OrgScopedModel):
    """A drill ("diễn tập") led by `organization`; participants may read it (shared scope).

    Planned → conducted (on or after its date) → evaluated (every objective rated on the scale);
    the improvement items are plans tasks whose source is the exercise.
    """

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        pgettext_lazy("exercise", "type"), max_length=20, choices=ExerciseKind.choices, default=ExerciseKind.TABLETOP
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ExerciseStatus.choices, default=ExerciseStatus.PLANNED, editable=False
    )
    date = models.DateField(_("date"))
    end_date = models.DateField(_("last day"), null=True, blank=True, help_text=_("For an exercise over several days."))
    place = models.CharField(_("place"), max_length=300, blank=True)
    target = models.ForeignKey(
        "targets.KeyTarget",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("key target"),
    )
    scenario = models.ForeignKey(
        "targets.Scenario",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scenario"),
    )
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(
        "organizations.Organization",
        through="ExerciseParticipant",
        related_name="+",
        blank=True,
        verbose_name=_("participating organizations"),
    )
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    areas_for_improvement = models.TextField(_("areas for improvement"), blank=True)
    attachments = GenericRelation("core.Attachment", verbose_name=_("attachments"))

    shared_scope_fields = ("participants",)
    record_date_field = "date"

    class Meta:
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "date"], name="exercise_org_status_date"),
            models.Index(fields=["target", "status", "date"], name="exercise_target_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("date")),
                name="exercise_end_after_start",
                violation_error_message=_("The last day cannot be before the first."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exercises:exercise_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.end_date and self.date and self.end_date < self.date:
            errors.setdefault("end_date", []).append(_("The last day cannot be before the first."))
        if self.evaluated_on and self.date and self.evaluated_on < self.date:
            errors.setdefault("evaluated_on", []).append(
                _("An exercise cannot be evaluated before it takes place ({date}).").format(
                    date=self.date.strftime("%d/%m/%Y")
                )
            )
        if errors:
            raise ValidationError(errors)

    @property
    def last_day(self):  # noqa: ANN201 - a date
        return self.end_date or self.date


class ExerciseParticipant(models.Model):
    """An organisation taking part, with the number of its people engaged (a count, no names)."""

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="participations", verbose_name=_("exercise")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="exercise_participations",
        verbose_name=_("organization"),
    )
    force_count = models.PositiveIntegerField(
        _("force count"),
        default=0,
        validators=[MaxValueValidator(MAX_FORCE)],
        help_text=_("People and crews engaged, counted; no names."),
    )

    class Meta:
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "organization"],
                name="exerciseparticipant_unique",
                violation_error_message=_("This organization already takes part."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.force_count})"


class ExerciseObjective(models.Model):
    """One objective of the exercise and, once conducted, its rating on the scale and what was seen."""

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("exercise")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("objective"), max_length=500)
    rating = models.CharField(_("rating"), max_length=1, choices=Rating.choices, blank=True)
    observation = models.TextField(_("observations"), blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description
