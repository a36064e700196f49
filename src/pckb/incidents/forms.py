"""Forms of the incident pages. Choices offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm
from pckb.core.scoping import default_organization
from pckb.core.widgets import CheckboxList, DateInput
from pckb.geo.forms import AdminUnitChoiceField
from pckb.organizations.models import Organization

from .models import Incident
from .services import INCIDENT_FIELDS, alertable_organizations
from .services.alerts import alert_scope
from .services.incidents import EDIT_FIELDS

__all__ = ["IncidentForm", "StepForm", "NoteForm", "LessonTaskForm", "AlertWebhookForm"]


def _by_path(qs: Any) -> Any:
    return qs.filter(is_active=True).order_by("path")


def _active(qs: Any) -> Any:
    return qs.filter(is_active=True)


def _listed(qs: Any) -> Any:
    return qs.filter(status="active").order_by("code")


DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    """A "dd/mm/yyyy hh:mm" text box: the browser's own date-time control would speak its language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "inputmode": "numeric"})


class IncidentForm(ScopedModelForm):
    alert_organizations = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label=_("Also alert"),
        help_text=_("The standing offices are alerted anyway; add e.g. the military command or the border guard."),
        widget=CheckboxList(search_label=_("Search organizations")),
    )

    class Meta:
        model = Incident
        fields = ["organization", *INCIDENT_FIELDS]
        labels = {"organization": _("Reporting organization")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "occurred_at": DateTimeInput(),
            "reported_at": DateTimeInput(),
        }
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "scenario": partial(ScopedModelChoiceField, limit=_active),
            "target": partial(ScopedModelChoiceField, limit=_listed),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["admin_unit"] = AdminUnitChoiceField(
            required=True,
            label=pgettext_lazy("place", "Commune"),
            help_text=_("Type part of the commune's name, then choose."),
        )
        for name in ("occurred_at", "reported_at"):
            self.fields[name].input_formats = DATETIME_FORMATS
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update(inputmode="decimal", step="0.000001")
        if self.instance.pk:
            self.initial.setdefault("admin_unit", self.instance.admin_unit_id)
            for name in [n for n in list(self.fields) if n not in (*EDIT_FIELDS, "organization")]:
                del self.fields[name]
            return
        owner = default_organization(self.user, "add")
        # The province committee's members and those of the reporter's own committee: the forces one
        # calls (military command, border guard, police); the service accepts any of the province's tree.
        if owner is not None:
            committees = {alert_scope(owner).pk, getattr(owner.committee, "pk", None)}
            offered = alertable_organizations(owner).filter(parent_id__in=committees)
            self.fields["alert_organizations"].choices = [(o.pk, o.name) for o in offered[:300]]
        if not self.fields["alert_organizations"].choices:
            del self.fields["alert_organizations"]

    def clean_alert_organizations(self) -> list[Organization]:
        return list(Organization.objects.filter(pk__in=self.cleaned_data.get("alert_organizations") or []))


class StepForm(ScopedForm):
    done = forms.TypedChoiceField(
        label=_("Outcome"),
        coerce=lambda v: v == "1",
        choices=[("1", pgettext_lazy("checklist step", "Done")), ("0", _("Not applicable"))],
        initial="1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (when not applicable)"), max_length=500, required=False)


class NoteForm(ScopedForm):
    text = forms.CharField(
        label=pgettext_lazy("timeline", "Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LessonTaskForm(ScopedForm):
    title = forms.CharField(label=_("Lesson (task title)"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    assignee = ScopedModelChoiceField(Organization, limit=_by_path, label=_("Assignee"))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class AlertWebhookForm(forms.Form):
    url = forms.URLField(label=_("Webhook URL"), max_length=500, assume_scheme="https")
    is_active = forms.BooleanField(label=pgettext_lazy("webhook", "active"), required=False, initial=True)
    new_secret = forms.BooleanField(label=_("Make a new secret"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


