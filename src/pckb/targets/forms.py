"""Forms of the key target pages. Choices offer only what the user may use; rules live in the services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.forms import ScopedForm, ScopedModelChoiceField, ScopedModelForm, ScopedModelMultipleChoiceField
from pckb.core.widgets import CheckboxList, SearchSelect, organization_search
from pckb.geo.choices import AdminLevel
from pckb.geo.forms import AdminUnitChoiceField

from .models import KeyTarget, ResponsePlan, Scenario
from .places import PROVINCE_COMMUNES_LIMIT, communes_of, read_date, read_id
from .services.plans import PLAN_FIELDS
from .services.targets import TARGET_FIELDS

__all__ = ["KeyTargetForm", "ResponsePlanForm", "PlanScenarioForm", "by_path"]


def by_path(qs: Any) -> Any:
    """Organisations offered by the target form and its search boxes (views/options.py)."""
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
        # Organisations may number thousands: search boxes (views/options.py), not long selects.
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "scenarios": CheckboxList(),
            "organization": organization_search("targets:owner_options"),
            "listing_committee": organization_search("targets:organization_options"),
            "protection_force": organization_search("targets:organization_options"),
        }
        field_classes = {
            "organization": partial(ScopedModelChoiceField, limit=by_path),
            "listing_committee": partial(ScopedModelChoiceField, limit=by_path),
            "protection_force": partial(ScopedModelChoiceField, limit=by_path),
            "province": partial(ScopedModelChoiceField, limit=_current_provinces),
            "category": partial(ScopedModelChoiceField, limit=_active),
            "scenarios": partial(ScopedModelMultipleChoiceField, limit=_active),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["admin_unit"] = AdminUnitChoiceField(
            required=True,
            label=pgettext_lazy("place", "Commune"),
            help_text=_("Choose the province first: the list then offers its communes. Type to narrow it."),
            widget=SearchSelect(
                "targets:commune_options",
                search_label=_("Search the communes of the province"),
                placeholder=_("Search a commune…"),
                presets=self._province_communes,
                include="[name=province], [name=listing_decision_date]",
            ),
        )
        if self.instance.pk:
            self.initial.setdefault("admin_unit", self.instance.admin_unit_id)
        # Choosing a province reloads the commune list with that province's communes (htmx).
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("targets:commune_options"),
                "hx-trigger": "change",
                "hx-target": "#id_admin_unit",
                "hx-include": "[name=listing_decision_date]",
            }
        )
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update(inputmode="decimal", step="0.000001")

    def _province_communes(self, queryset: Any) -> Any:
        """The presets of the commune list: every commune of the chosen (or the record's) province."""
        chosen = self.initial.get("province", self.instance.province_id)
        province = read_id(self.data.get(self.add_prefix("province")) if self.is_bound else chosen)
        if province is None:
            return []
        if self.is_bound:
            listed = read_date(self.data.get(self.add_prefix("listing_decision_date")))
        else:
            listed = self.initial.get("listing_decision_date") or self.instance.listing_decision_date
        return communes_of(province, listed)[:PROVINCE_COMMUNES_LIMIT]


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
