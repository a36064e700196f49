"""Forms of the report pages. Choices offer only what the user may use; the services hold the rules."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm, ScopedModelMultipleChoiceField
from pckb.core.indicators import count_sources
from pckb.core.scoping import scope_org_ids
from pckb.core.widgets import organization_checkboxes
from pckb.organizations.choices import OrganizationKind

from .choices import TemplateStatus
from .models import ReportingRound, ReportSubmission, ReportTemplate
from .services.submissions import parse_figure

__all__ = ["ReportTemplateForm", "ReportingRoundForm", "SubmissionForm", "sections_to_text", "indicators_to_text"]

SEPARATOR = "|"


def _committees(qs: Any) -> Any:
    return qs.filter(is_active=True, kind=OrganizationKind.COMMITTEE).order_by("path")


def _published(qs: Any) -> Any:
    return qs.filter(status=TemplateStatus.PUBLISHED).order_by("title")


def sections_to_text(sections: list[dict[str, str]]) -> str:
    return "\n".join(f"{s['heading']} {SEPARATOR} {s.get('guidance', '')}".rstrip(f" {SEPARATOR}") for s in sections)


def indicators_to_text(template: ReportTemplate | None) -> str:
    if template is None or template.pk is None:
        return ""
    return "\n".join(
        f" {SEPARATOR} ".join((i.code, i.label, i.unit, i.aggregation, i.source)).rstrip(f" {SEPARATOR}")
        for i in template.indicators.all()
    )


def _lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split(SEPARATOR)] for line in text.splitlines() if line.strip()]


class ReportTemplateForm(ScopedModelForm):
    """The template's fields, with its sections and indicators as one line each (parts split by "|")."""

    related_actions = {"organization": "manage"}
    sections_text = forms.CharField(
        label=_("Sections"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One section per line, in order: heading | guidance for the writer."),
    )
    indicators_text = forms.CharField(
        label=_("Indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One indicator per line: code | label | unit | aggregation (sum, max or latest) | automatic source "
            "(a count code from the list below, or empty to enter it by hand)."
        ),
    )

    class Meta:
        model = ReportTemplate
        fields = ["organization", "title", "kind", "period_type", "cutoff_day", "deadline_days", "classification"]
        labels = {"organization": _("Committee")}
        field_classes = {"organization": partial(ScopedModelChoiceField, limit=_committees)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["sections_text"] = sections_to_text(self.instance.sections)
            self.initial["indicators_text"] = indicators_to_text(self.instance)
        self.count_sources = count_sources()

    def clean_sections_text(self) -> list[dict[str, str]]:
        return [{"heading": p[0], "guidance": " | ".join(p[1:])} for p in _lines(self.cleaned_data["sections_text"])]

    def clean_indicators_text(self) -> list[dict[str, str]]:
        keys = ("code", "label", "unit", "aggregation", "source")
        return [dict(zip(keys, parts, strict=False)) for parts in _lines(self.cleaned_data["indicators_text"])]


def _recipient_choices(qs: Any) -> Any:
    return qs.filter(is_active=True, valid_to__isnull=True).order_by("path")


class ReportingRoundForm(ScopedModelForm):
    related_actions = {"organization": "manage", "template": "view", "recipients": "view"}

    class Meta:
        model = ReportingRound
        fields = [
            "organization",
            "template",
            "period_label",
            "period_start",
            "period_end",
            "due_date",
            "recipients",
            "notes",
        ]
        labels = {"organization": _("Issuing committee")}
        help_texts = {
            "recipients": _("Leave empty for all member agencies and commune committees directly below it."),
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "recipients": organization_checkboxes()}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_committees),
            "template": partial(ScopedModelChoiceField, limit=_published),
            "recipients": partial(ScopedModelMultipleChoiceField, limit=_recipient_choices),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        field.required = False
        # The units directly below the committees this user may open rounds for.
        ids = scope_org_ids(self.user, "manage")
        field.queryset = field.queryset.filter(parent__kind=OrganizationKind.COMMITTEE)
        if ids is not None:
            field.queryset = field.queryset.filter(parent_id__in=ids)
        field.queryset = field.queryset.select_related("parent")


class ReportingRoundEditForm(ScopedModelForm):
    """What may change on an open round (the service's UPDATABLE): its label, due date and notes."""

    class Meta:
        model = ReportingRound
        fields = ["period_label", "due_date", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class SubmissionForm(ScopedForm):
    """The editor: a text per section and, per indicator, the figure and the reason for a change.

    Every field is optional: the autosave sends one at a time, and the service applies only those sent.
    """

    def __init__(self, *args: Any, submission: ReportSubmission, values: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submission = submission
        texts = list(submission.texts or [])
        for n, section in enumerate(submission.round.template.sections):
            self.fields[f"text_{n}"] = forms.CharField(
                label=section["heading"],
                required=False,
                strip=False,
                max_length=50_000,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=section.get("guidance", ""),
                initial=texts[n] if n < len(texts) else "",
            )
        for v in values:
            code = v.indicator.code
            self.fields[f"value_{code}"] = forms.CharField(
                label=v.indicator.label, required=False, initial=_plain(v.value), max_length=30
            )
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("Reason for the change"), required=False, initial=v.override_reason, max_length=2000
            )
        self.values = values

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in list(data):
            if name.startswith("value_") and name in self.data:
                try:
                    parse_figure(data[name], name)
                except forms.ValidationError as err:
                    self.add_error(name, err.message_dict[name])
        return data

    def service_arguments(self) -> dict[str, Any]:
        """Only what was sent: {"texts": {index: text}, "values": {code: {"value", "reason"}}}."""
        sent = set(self.data)
        texts = {
            name.removeprefix("text_"): self.cleaned_data[name]
            for name in self.fields
            if name.startswith("text_") and name in sent
        }
        values: dict[str, dict[str, Any]] = {}
        for v in self.values:
            code = v.indicator.code
            if f"value_{code}" in sent:
                values.setdefault(code, {})["value"] = self.cleaned_data[f"value_{code}"]
            if f"reason_{code}" in sent:
                values.setdefault(code, {})["reason"] = self.cleaned_data[f"reason_{code}"]
        return {"texts": texts or None, "values": values or None}


def _plain(value: Any) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
