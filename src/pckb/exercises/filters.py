"""Filters of the exercise list, shared by the page and the API: period, organisation, type, status, target."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.filters import FilterSet, YearFilter
from pckb.core.text import vn_fold
from pckb.core.widgets import DateInput

from .choices import ExerciseKind, ExerciseStatus
from .models import Exercise

__all__ = ["ExerciseFilterSet", "ExercisePageFilterSet"]


class ExerciseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    kind = django_filters.ChoiceFilter(
        choices=ExerciseKind.choices, label=pgettext_lazy("exercise", "Type"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(choices=ExerciseStatus.choices, label=_("Status"), empty_label=_("All"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("Year"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"), widget=DateInput)
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Lead organization"))
    target = django_filters.NumberFilter(field_name="target_id", label=_("Key target"))

    class Meta:
        model = Exercise
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(place__icontains=word))
        return queryset


class ExercisePageFilterSet(ExerciseFilterSet):
    """The list page: the ids (links from a target's or an organisation's page) are kept, not typed."""

    lead = django_filters.CharFilter(method="filter_lead", label=_("Lead organization"))
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)
    target = django_filters.NumberFilter(field_name="target_id", widget=forms.HiddenInput)

    class Meta(ExerciseFilterSet.Meta):
        fields: list[str] = []

    def filter_lead(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(organization__search_name__contains=folded) if folded else queryset
