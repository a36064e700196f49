"""Forms of the commendation pages. Choices offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm, ScopedModelMultipleChoiceField
from pckb.core.sources import resolve_source, source_types
from pckb.core.widgets import CheckboxList
from pckb.organizations.models import Organization

from .choices import CommendationStatus
from .models import Commendation
from .services import COMMENDATION_FIELDS

__all__ = ["CommendationForm", "AchievementForm", "CommendationBatchForm"]


def _by_path(qs: Any) -> Any:
    return qs.filter(is_active=True).order_by("path")


def _batchable(qs: Any) -> Any:
    return qs.filter(status=CommendationStatus.APPROVED, batch__isnull=True).order_by("-year", "pk")


class CommendationForm(ScopedModelForm):
    class Meta:
        model = Commendation
        fields = ["organization", *COMMENDATION_FIELDS]
        labels = {"organization": _("Proposing organization")}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "recipient_organization": partial(ScopedModelChoiceField, limit=_by_path),
        }


def _source_type_choices() -> list[tuple[str, str]]:
    choices = []
    for label in source_types():
        model = apps.get_model(label)
        if model is not Commendation:
            choices.append((label, capfirst(str(model._meta.verbose_name))))
    return sorted(choices, key=lambda choice: choice[1])


class AchievementForm(ScopedForm):
    """A record of the system the commendation rests on: its type and its number (shown on its page)."""

    source_type = forms.ChoiceField(label=_("Record type"), choices=())
    source_id = forms.IntegerField(
        label=_("Record number"), min_value=1, max_value=2**63 - 1, help_text=_("The number in the record's address.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_type"].choices = _source_type_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "source_type" in data and "source_id" in data:
            try:
                data["record"] = resolve_source(data["source_type"], data["source_id"], self.user, field="source_id")
            except forms.ValidationError as err:
                self.add_error("source_id", err.message_dict["source_id"])
        return data


class CommendationBatchForm(ScopedForm):
    organization = ScopedModelChoiceField(
        Organization, action="add", limit=_by_path, label=_("Deciding organization")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    commendations = ScopedModelMultipleChoiceField(
        Commendation,
        limit=_batchable,
        label=_("Approved commendations"),
        widget=CheckboxList(),
        # Not required here: the service says what is missing, and the form opens before any approval.
        required=False,
        help_text=_("Approved commendations not yet in a batch, proposed within the deciding organization."),
    )
