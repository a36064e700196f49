"""Forms of the exercise pages. Choices offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm
from pckb.core.widgets import DateInput
from pckb.organizations.models import Organization
from pckb.plans.choices import TaskPriority

from .choices import Rating
from .models import MAX_FORCE, Exercise
from .services import EXERCISE_FIELDS

__all__ = ["ExerciseForm", "ParticipantForm", "EvaluationForm", "ImprovementItemForm"]


def _by_path(qs: Any) -> Any:
    return qs.filter(is_active=True).order_by("path")


def _active(qs: Any) -> Any:
    return qs.filter(is_active=True)


def _active_targets(qs: Any) -> Any:
    return qs.filter(status="active").order_by("name")


class ExerciseForm(ScopedModelForm):
    objectives = forms.CharField(
        label=_("Objectives"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One objective per line; each is rated when the exercise is evaluated."),
    )

    class Meta:
        model = Exercise
        fields = ["organization", *EXERCISE_FIELDS]
        labels = {"organization": _("Lead organization")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "target": partial(ScopedModelChoiceField, limit=_active_targets),
            "scenario": partial(ScopedModelChoiceField, limit=_active),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The objectives with what the exercise is about; the classification last, as on every form.
        self.order_fields([name for name in self.fields if name != "classification"] + ["classification"])
        if self.instance.pk:
            self.initial.setdefault("objectives", "\n".join(o.description for o in self.instance.objectives.all()))

    def clean_objectives(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("objectives", "").splitlines() if line.strip()]


class ParticipantForm(ScopedForm):
    organization = ScopedModelChoiceField(Organization, limit=_by_path, label=_("Organization"))
    force_count = forms.IntegerField(
        label=_("Force count"),
        min_value=0,
        max_value=MAX_FORCE,
        help_text=_("People and crews engaged, counted; no names."),
    )


class EvaluationForm(ScopedForm):
    """A rating and observations per objective, then the exercise's strengths and areas for improvement."""

    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DateInput, required=False)
    strengths = forms.CharField(label=_("Strengths"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    areas_for_improvement = forms.CharField(
        label=_("Areas for improvement"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, exercise: Exercise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objectives = list(exercise.objectives.all())
        fields = {}
        for objective in self.objectives:
            fields[f"rating_{objective.pk}"] = forms.ChoiceField(
                label=objective.description,
                choices=[("", "—"), *Rating.choices],
                required=False,
                initial=objective.rating,
            )
            fields[f"observation_{objective.pk}"] = forms.CharField(
                label=_("Observations"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=objective.observation,
            )
        # The objectives first, in their order, then the overall findings.
        self.fields = {**fields, **self.fields}
        self.initial.update(
            evaluated_on=exercise.evaluated_on,
            strengths=exercise.strengths,
            areas_for_improvement=exercise.areas_for_improvement,
        )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "objectives": [
                {
                    "description": o.description,
                    "rating": data.get(f"rating_{o.pk}", ""),
                    "observation": data.get(f"observation_{o.pk}", ""),
                }
                for o in self.objectives
            ],
            "evaluated_on": data.get("evaluated_on"),
            "strengths": data.get("strengths", ""),
            "areas_for_improvement": data.get("areas_for_improvement", ""),
        }


class ImprovementItemForm(ScopedForm):
    """One area for improvement as a task: what to do, the owner, the deadline."""

    title = forms.CharField(label=_("Improvement to make"), max_length=500)
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    assignee = ScopedModelChoiceField(
        Organization, action="add", limit=_by_path, label=_("Responsible organization"), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL)

    def __init__(self, *args: Any, exercise: Exercise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The owner is an organisation the exercise's lead may give tasks to: its own subtree.
        field = self.fields["assignee"]
        field.queryset = field.queryset.filter(path__startswith=exercise.organization.path)
