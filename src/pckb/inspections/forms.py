"""Forms of the inspection pages. Choices offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm, ScopedModelMultipleChoiceField
from pckb.core.widgets import CheckboxList, organization_checkboxes
from pckb.organizations.models import Organization
from pckb.targets.models import KeyTarget

from .choices import Answer, ChecklistStatus, UnitKind
from .models import Assessment, Campaign, Checklist, Criterion, Finding, Inspection
from .services import ASSESSMENT_FIELDS, CHECKLIST_FIELDS, CRITERION_FIELDS, FINDING_FIELDS, INSPECTION_FIELDS

__all__ = [
    "ChecklistForm",
    "CriterionForm",
    "InspectionForm",
    "AssessmentForm",
    "FindingForm",
    "CampaignForm",
    "answer_fields",
]


def _committees(qs: Any) -> Any:
    return qs.filter(is_active=True, kind="committee").order_by("path")


def _published(qs: Any) -> Any:
    return qs.filter(status=ChecklistStatus.PUBLISHED).order_by("title", "-version")


def _active_targets(qs: Any) -> Any:
    return qs.filter(status="active").order_by("name")


class ChecklistForm(ScopedModelForm):
    class Meta:
        model = Checklist
        fields = ["organization", *CHECKLIST_FIELDS]
        labels = {"organization": _("Committee")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"organization": partial(ScopedModelChoiceField, limit=_committees)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "organization" in self.fields:
            self.fields["organization"].required = True


class CriterionForm(ScopedModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("Kinds of unit"),
        choices=UnitKind.choices,
        required=False,
        widget=CheckboxList(),
        help_text=_("Leave all unticked to ask it of every kind of unit."),
    )

    class Meta:
        model = Criterion
        fields = list(CRITERION_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        if self.instance.pk:
            self.initial["unit_kinds"] = list(self.instance.unit_kinds or [])


class InspectionForm(ScopedModelForm):
    inspected = ScopedModelMultipleChoiceField(
        Organization,
        limit=lambda qs: qs.order_by("path"),
        label=_("Inspected units"),
        widget=organization_checkboxes(),
        help_text=_("Units under the inspecting committee; each gets its own assessment."),
    )
    key_targets = ScopedModelMultipleChoiceField(
        KeyTarget,
        limit=_active_targets,
        label=_("Key targets visited"),
        required=False,
        widget=CheckboxList(search_label=_("Search key targets")),
    )

    class Meta:
        model = Inspection
        fields = ["organization", *INSPECTION_FIELDS]
        labels = {"organization": _("Inspecting committee")}
        widgets = {
            "team_members": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_committees),
            "checklist": partial(ScopedModelChoiceField, limit=_published),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["inspected"] = list(self.instance.inspected.values_list("pk", flat=True))
            self.initial["key_targets"] = list(self.instance.key_targets.values_list("pk", flat=True))
        elif not self.initial.get("checklist"):
            first = self.fields["checklist"].queryset.first()
            self.initial["checklist"] = first.pk if first else None


class AssessmentForm(ScopedModelForm):
    class Meta:
        model = Assessment
        fields = list(ASSESSMENT_FIELDS)
        widgets = {"received_by": forms.Textarea(attrs={"rows": 3}), "summary": forms.Textarea(attrs={"rows": 3})}


class FindingForm(ScopedModelForm):
    inspected = forms.TypedChoiceField(label=_("Inspected unit"), coerce=int, choices=())

    class Meta:
        model = Finding
        fields = [*FINDING_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "recommendation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        units = [(a.inspected_id, str(a.inspected)) for a in inspection.assessments.select_related("inspected")]
        self.fields["inspected"].choices = units
        self.fields["criterion"].queryset = Criterion.objects.filter(checklist=inspection.checklist_id)
        if self.instance.pk:
            del self.fields["inspected"]

    def clean_inspected(self) -> Organization:
        return Organization.objects.get(pk=self.cleaned_data["inspected"])


ANSWER_CHOICES = [("", "—"), *Answer.choices]


def answer_fields(assessment: Assessment, data: Any = None) -> list[dict[str, Any]]:
    """The rows of the assessment form: one per criterion, its answer and note (names a<id>, n<id>)."""
    rows = []
    for answer in assessment.answers.select_related("criterion").order_by("criterion__number"):
        key = answer.criterion_id
        rows.append(
            {
                "criterion": answer.criterion,
                "answer_name": f"a{key}",
                "note_name": f"n{key}",
                "answer": (data.get(f"a{key}", answer.answer) if data is not None else answer.answer),
                "note": (data.get(f"n{key}", answer.note) if data is not None else answer.note),
            }
        )
    return rows


class AnswersForm(ScopedForm):
    """The answers of an assessment posted as a<criterion id> / n<criterion id>; the service checks them."""

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment

    def answers(self) -> dict[int, dict[str, str]]:
        out: dict[int, dict[str, str]] = {}
        for row in self.assessment.answers.all():
            key = row.criterion_id
            if f"a{key}" in self.data or f"n{key}" in self.data:
                out[key] = {"answer": self.data.get(f"a{key}", ""), "note": self.data.get(f"n{key}", "")}
        return out


class CampaignForm(ScopedModelForm):
    recipients = ScopedModelMultipleChoiceField(
        Organization,
        limit=lambda qs: qs.filter(is_active=True).order_by("path"),
        label=_("Units asked"),
        widget=organization_checkboxes(),
        help_text=_("Units under the committee; each answers its own self-assessment."),
    )

    class Meta:
        model = Campaign
        fields = ["organization", "title", "checklist", "deadline", "classification"]
        labels = {"organization": _("Committee")}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_committees),
            "checklist": partial(ScopedModelChoiceField, limit=_published),
        }
