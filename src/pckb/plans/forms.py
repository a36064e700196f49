"""Forms of the plans pages. Choice fields offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import (
    ScopedForm,
    ScopedModelChoiceField,
    ScopedModelForm,
    ScopedModelMultipleChoiceField,
    classification_choices,
)
from pckb.core.scoping import default_organization
from pckb.core.uploads import AttachmentsField
from pckb.core.widgets import DateInput, organization_checkboxes
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
]

def _committees(qs: Any) -> Any:
    return qs.filter(kind=OrganizationKind.COMMITTEE).order_by("path")


def _by_path(qs: Any) -> Any:
    return qs.order_by("path")


def _open_plans(qs: Any) -> Any:
    return qs.exclude(status=PlanStatus.CLOSED).order_by("-period_from", "title")


class ProgramForm(ScopedModelForm):
    class Meta:
        model = Program
        fields = ["organization", *PROGRAM_FIELDS]
        labels = {"organization": _("Issuing committee")}
        field_classes = {"organization": partial(ScopedModelChoiceField, limit=_committees)}


class PlanForm(ScopedModelForm):
    class Meta:
        model = Plan
        fields = ["organization", *PLAN_FIELDS]
        labels = {"organization": _("Issuing committee")}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_committees),
            "program": partial(ScopedModelChoiceField, limit=lambda qs: qs.order_by("-period_from")),
        }


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
        widgets = {"supporters": organization_checkboxes(_("Search the supporting organizations"))}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "assignee": partial(ScopedModelChoiceField, limit=_by_path),
            "supporters": partial(ScopedModelMultipleChoiceField, limit=_by_path),
            "plan": partial(ScopedModelChoiceField, limit=_open_plans),
        }

    # Assign within the organisations where the user may add; the service checks the issuer's tree.
    related_actions = {"organization": "add", "assignee": "add", "supporters": "add"}


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


class AssignManyForm(ScopedForm):
    """The same task for many organisations at once (e.g. every member agency of the committee)."""

    organization = ScopedModelChoiceField(
        Organization, action="add", limit=_by_path, label=_("Issuing organization")
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    assigned_on = forms.DateField(label=_("Assigned on"), widget=DateInput, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)
    priority = forms.ChoiceField(label=_("Priority"), choices=TaskPriority.choices, initial=TaskPriority.NORMAL)
    plan = ScopedModelChoiceField(Plan, limit=_open_plans, label=_("Plan"), required=False)
    classification = forms.TypedChoiceField(label=_("Classification"), coerce=int, initial=0)
    all_members = forms.BooleanField(
        label=_("All member agencies of the issuing committee"),
        required=False,
        help_text=_("Every active member agency directly under the issuing organization; not the commune committees."),
    )
    all_committees = forms.BooleanField(
        label=_("All commune committees under the issuing committee"),
        required=False,
        help_text=_(
            "Every active steering committee directly under the issuing organization (communes, wards, special zones)."
        ),
    )
    assignees = ScopedModelMultipleChoiceField(
        Organization,
        action="add",
        limit=_by_path,
        label=_("Other assignees"),
        required=False,
        widget=organization_checkboxes(_("Search the assignees")),
        help_text=_("Tick each organization that receives the task; type part of a name to narrow the list."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.initial.setdefault("organization", default_organization(user, "add"))
        self.fields["classification"].choices = classification_choices(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issuer = data.get("organization")
        chosen = list(data.get("assignees") or [])
        if issuer is not None:
            # Member agencies and the committees below (communes) are separate choices: a province's
            # agencies are not its commune committees.
            kinds = [OrganizationKind.AGENCY] * bool(data.get("all_members"))
            kinds += [OrganizationKind.COMMITTEE] * bool(data.get("all_committees"))
            if kinds:
                below = Organization.objects.filter(parent=issuer, is_active=True, kind__in=kinds).order_by("name")
                chosen = list({org.pk: org for org in [*chosen, *below]}.values())
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
    attachments = AttachmentsField(label=_("Attachments"), required=False)
