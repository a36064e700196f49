"""Forms of the outreach pages. Choices offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm, ScopedModelMultipleChoiceField
from pckb.core.widgets import CheckboxList, DateInput, organization_checkboxes, organization_search
from pckb.organizations.models import Organization

from .choices import MAX_HEADCOUNT
from .models import Dissemination, LegalDocument, TrainingEvent
from .services import DISSEMINATION_FIELDS, EVENT_FIELDS, LEGAL_FIELDS

__all__ = ["TrainingEventForm", "ParticipationForm", "LegalDocumentForm", "DisseminationForm", "GapTasksForm"]


def _by_path(qs: Any) -> Any:
    return qs.filter(is_active=True).order_by("path")


def _active(qs: Any) -> Any:
    return qs.filter(is_active=True)


def _documents(qs: Any) -> Any:
    return qs.order_by("-issued_on", "number")


class TrainingEventForm(ScopedModelForm):
    class Meta:
        model = TrainingEvent
        fields = ["organization", *EVENT_FIELDS]
        labels = {"organization": _("Organiser")}
        widgets = {
            "conclusions": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "topics": CheckboxList(),
        }
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "topics": partial(ScopedModelMultipleChoiceField, limit=_active),
        }


class ParticipationForm(ScopedForm):
    """One participating organisation and how many people it sent (a count, not names)."""

    organization = ScopedModelChoiceField(
        Organization,
        limit=_by_path,
        label=_("Participating organization"),
        widget=organization_search("organizations:organization_options"),
    )
    headcount = forms.IntegerField(
        label=_("Headcount"),
        min_value=1,
        max_value=MAX_HEADCOUNT,
        error_messages={
            "min_value": _("A headcount is a whole number from 1 to 10,000."),
            "max_value": _("A headcount is a whole number from 1 to 10,000."),
        },
    )


class LegalDocumentForm(ScopedModelForm):
    class Meta:
        model = LegalDocument
        fields = ["organization", *LEGAL_FIELDS]
        labels = {"organization": _("Library of")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "subject": forms.Textarea(attrs={"rows": 2})}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "replaced_by": partial(ScopedModelChoiceField, limit=_documents),
        }


class DisseminationForm(ScopedModelForm):
    class Meta:
        model = Dissemination
        fields = ["organization", *DISSEMINATION_FIELDS]
        labels = {"organization": _("Organization that disseminated")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "documents": CheckboxList()}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "documents": partial(ScopedModelMultipleChoiceField, limit=_documents),
        }


class GapTasksForm(ScopedForm):
    """Turn the gap list into tasks: the organisations ticked, the title and deadline (the issuer is
    the organisation whose gap list it is)."""

    assignees = ScopedModelMultipleChoiceField(
        Organization,
        limit=_by_path,
        label=_("Organizations that have not disseminated it"),
        widget=organization_checkboxes(_("Search the organizations")),
        error_messages={"required": _("Choose at least one organization.")},
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, gap: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # The gap list of the page: only organisations that have not disseminated the document.
        field = self.fields["assignees"]
        field.queryset = field.queryset.filter(pk__in=gap.values("pk"))
