"""Filters of the administrative-unit list page and of /api/v1/admin-units/ (one definition for both)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from pckb.core.filters import FilterSet

from .choices import AdminLevel
from .forms import unit_label
from .models import AdminUnit

__all__ = ["AdminUnitFilterSet", "CURRENT_CHOICES"]

CURRENT_CHOICES = (("true", _("Current")), ("false", _("Historical")))


class UnitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: AdminUnit) -> str:
        return unit_label(obj)


class ProvinceChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class AdminUnitFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    level = django_filters.ChoiceFilter(
        label=capfirst(_("level")),
        choices=AdminLevel.choices,
        empty_label=_("All levels"),
        error_messages={"invalid_choice": _("Choose a level from the list.")},
    )
    current = django_filters.ChoiceFilter(
        label=_("Validity"),
        choices=CURRENT_CHOICES,
        empty_label=_("Current and historical"),
        method="filter_current",
        error_messages={"invalid_choice": _("Use true (current) or false (historical).")},
    )
    province = ProvinceChoiceFilter(
        label=_("In province or city"),
        queryset=AdminUnit.objects.filter(level=AdminLevel.PROVINCE).order_by("valid_to", "name"),
        empty_label=_("All provinces"),
        method="filter_province",
        error_messages={"invalid_choice": _("Choose a province from the list.")},
    )
    # For the API and for links ("units of this province"): no box of its own on the page.
    parent = django_filters.NumberFilter(
        label=_("Parent unit (id)"),
        field_name="parent_id",
        widget=forms.HiddenInput,
        error_messages={"invalid": _("The parent must be the id (a whole number) of an administrative unit.")},
    )

    class Meta:
        model = AdminUnit
        fields = ["q", "level", "current", "province", "parent"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_current(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "true":
            return queryset.current()
        return queryset.filter(valid_to__lt=timezone.localdate())

    def filter_province(self, queryset: QuerySet, name: str, value: AdminUnit) -> QuerySet:
        return queryset.filter(Q(parent=value) | Q(parent__parent=value))
