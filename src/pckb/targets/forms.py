"""Forms of the key target pages. Choices offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm, ScopedModelMultipleChoiceField
from pckb.core.widgets import CheckboxList
from pckb.geo.choices import AdminLevel
from pckb.geo.forms import AdminUnitChoiceField

from .models import KeyTarget, ResponsePlan, Scenario
from .services.plans import PLAN_FIELDS
from .services.targets import TARGET_FIELDS

__all__ = ["KeyTargetForm", "ResponsePlanForm", "PlanScenarioForm"]


def _by_path(qs: Any) -> Any:
    return qs.filter(is_active=True).order_by("path")


def _current_provinces(qs: Any) -> Any:
    return qs.current().filter(level=AdminLevel.PROVINCE).order_by("name")


def _active(qs: Any) -> Any:
    return qs.filter(is_active=True)


class KeyTargetForm(ScopedModelForm):
    class Meta:
        model = KeyTarget
        fields = ["organization", *TARGET_FIELDS]
        labels = {"organization": _("Owner organization")}
        help_texts = {
            "organization": _("The agency responsible for the target; its staff keep the plans current."),
            "latitude": _("Decimal degrees, e.g. 21.027764."),
            "longitude": _("Decimal degrees, e.g. 105.834160."),
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "scenarios": CheckboxList()}
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=_by_path),
            "listing_committee": partial(ScopedModelChoiceField, limit=_by_path),
            "protection_force": partial(ScopedModelChoiceField, limit=_by_path),
            "province": partial(ScopedModelChoiceField, limit=_current_provinces),
            "category": partial(ScopedModelChoiceField, limit=_active),
            "scenarios": partial(ScopedModelMultipleChoiceField, limit=_active),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["admin_unit"] = AdminUnitChoiceField(
            required=True,
            label=pgettext_lazy("place", "Commune"),
            help_text=_("Type part of the commune's name, then choose."),
        )
        if self.instance.pk:
            self.initial.setdefault("admin_unit", self.instance.admin_unit_id)
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update(inputmode="decimal", step="0.000001")


class ResponsePlanForm(ScopedModelForm):
    class Meta:
        model = ResponsePlan
        fields = list(PLAN_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["kind"]  # a version keeps its kind; a new kind is a new plan


class PlanScenarioForm(ScopedForm):
    scenario = ScopedModelChoiceField(Scenario, limit=_active, label=_("Scenario"))
    steps = forms.CharField(
        label=_("Initial-response steps"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One step per line, in order. Leave empty to use the catalogue's default steps."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        scenario = data.get("scenario")
        if scenario is not None and not (data.get("steps") or "").strip():
            data["steps"] = "\n".join(scenario.default_steps)
        return data
