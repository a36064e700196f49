"""Forms of the plans pages. Choice fields offer only what the user may use; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pckb.core.choices import Classification
from pckb.core.scoping import clearance_of, default_organization, writable_organizations
from pckb.core.validators import DocumentFileValidator
from pckb.organizations.choices import OrganizationKind
from pckb.organizations.models import Organization

from .choices import PlanStatus, TaskPriority, TaskStatus
from .models import Plan, Program, Task
from .services.plans import PLAN_FIELDS, PROGRAM_FIELDS

__all__ = [
    "ProgramForm",
    "PlanForm",
    "TaskForm",
    "TaskEditForm",
    "AssignManyForm",
    "ProgressForm",
    "TransitionForm",
]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _classification_choices(user: Any) -> list[tuple[int, Any]]:
    limit = clearance_of(user)
    return [(value, label) for value, label in Classification.choices if value <= limit]


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose `organization` and `classification` offer only what the user may use."""

    organization_action = "add"

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if "organization" in self.fields:
            self.fields["organization"].queryset = self.organization_queryset()
            if self.instance.pk is None and not self.initial.get("organization"):
                self.initial["organization"] = default_organization(user, self.organization_action)
        if "classification" in self.fields:
            self.fields["classification"].choices = _classification_choices(user)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE

    def organization_queryset(self) -> Any:
        return writable_organizations(self.user, self.organization_action)


class ProgramForm(ScopedModelForm):
    class Meta:
        model = Program
        fields = ["organization", *PROGRAM_FIELDS]
        labels = {"organization": _("Issuing committee")}

    def organization_queryset(self) -> Any:
        return super().organization_queryset().filter(kind=OrganizationKind.COMMITTEE)


class PlanForm(ScopedModelForm):
    class Meta:
        model = Plan
        fields = ["organization", *PLAN_FIELDS]
        labels = {"organization": _("Issuing committee")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.visible_to(self.user).order_by("-period_from")

    def organization_queryset(self) -> Any:
        return super().organization_queryset().filter(kind=OrganizationKind.COMMITTEE)


def _open_plans(user: Any) -> Any:
    return Plan.objects.visible_to(user).exclude(status=PlanStatus.CLOSED).order_by("-period_from", "title")


class TaskForm(ScopedModelForm):
    """A single task. The assignee and supporters are chosen among the organisations the user may assign in."""

    class Meta:
        model = Task
        fields = [
            "organization",
            "title",
            "description",
            "assignee",
            "supporters",
            "assigned_on",
            "deadline",
            "priority",
            "plan",
            "recurrence",
            "classification",
        ]
        labels = {"organization": _("Issuing organization")}
        widgets = {"supporters": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reachable = writable_organizations(self.user, "add").order_by("path")
        self.fields["assignee"].queryset = reachable
        self.fields["supporters"].queryset = reachable
        self.fields["plan"].queryset = _open_plans(self.user)

    def _post_clean(self) -> None:
        # The service validates the whole task (with the issuer's tree and the plan's status) on save.
        pass


class TaskEditForm(TaskForm):
    """What the issuer may change after the task is given."""

    class Meta(TaskForm.Meta):
        fields = [
            "title",
            "description",
            "assignee",
            "supporters",
            "deadline",
            "priority",
            "recurrence",
            "classification",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.status != TaskStatus.ASSIGNED:
            self.fields["assignee"].disabled = True
            self.fields["assignee"].help_text = _("The assignee can only be changed before work has started.")


class AssignManyForm(forms.Form):
    """The same task for many organisations at once (e.g. every member agency of the committee)."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Issuing organization"))
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    assigned_on = forms.DateField(label=_("Assigned on"), widget=DATE, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    priority = forms.ChoiceField(label=_("Priority"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL)
    plan = forms.ModelChoiceField(queryset=Plan.objects.none(), label=_("Plan"), required=False)
    classification = forms.TypedChoiceField(label=_("Classification"), coerce=int, initial=0)
    all_members = forms.BooleanField(
        label=_("All member agencies of the issuing committee"),
        required=False,
        help_text=_("Every active organization directly under the issuing organization."),
    )
    assignees = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        label=_("Assignees"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (or Cmd) to choose several organizations."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        reachable = writable_organizations(user, "add").order_by("path")
        self.fields["organization"].queryset = reachable
        self.initial.setdefault("organization", default_organization(user, "add"))
        self.fields["assignees"].queryset = reachable
        self.fields["plan"].queryset = _open_plans(user)
        self.fields["classification"].choices = _classification_choices(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issuer = data.get("organization")
        chosen = list(data.get("assignees") or [])
        if data.get("all_members") and issuer is not None:
            members = Organization.objects.filter(parent=issuer, is_active=True).order_by("name")
            chosen = list({org.pk: org for org in [*chosen, *members]}.values())
        if not chosen and issuer is not None:
            self.add_error("assignees", _("Choose at least one organization."))
        data["assignees"] = chosen
        return data


class ProgressForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Progress must be between 0 and 100."),
            "max_value": _("Progress must be between 0 and 100."),
        },
    )
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False, validators=[DocumentFileValidator()])


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=TaskStatus.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
