"""Filters of the three lists, shared by the pages and the API: period, organisation, type, text."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet
from pckb.core.text import vn_fold
from pckb.core.widgets import DateInput

from .choices import DisseminationForm, LegalDocumentType, LegalStatus, TrainingKind
from .models import Dissemination, LegalDocument, TrainingEvent, TrainingTopic

__all__ = ["TrainingEventFilterSet", "LegalDocumentFilterSet", "DisseminationFilterSet"]


def _topics(request: Any) -> QuerySet:
    return TrainingTopic.objects.filter(is_active=True)


def _owner() -> django_filters.CharFilter:
    return django_filters.CharFilter(method="filter_owner", label=_("Organization"))


def _organization() -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)


class _OwnerFilters(FilterSet):
    """The organisation by name on the page ("owner", diacritics folded) or by id (`organization`);
    each FilterSet declares both after its own first filter, so the text search comes first."""

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(organization__search_name__contains=folded) if folded else queryset


class TrainingEventFilterSet(_OwnerFilters):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    owner = _owner()
    organization = _organization()
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label=_("Kind"), empty_label=_("All"))
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=_topics, label=_("Topic"), empty_label=_("All")
    )
    date_from = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("From"), widget=DateInput
    )
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("To"), widget=DateInput)

    class Meta:
        model = TrainingEvent
        fields: list[str] = []


class LegalDocumentFilterSet(_OwnerFilters):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"), help_text=_("Number or subject."))
    owner = _owner()
    organization = _organization()
    doc_type = django_filters.ChoiceFilter(choices=LegalDocumentType.choices, label=_("Type"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=LegalStatus.choices, label=_("Status"), empty_label=_("All"))
    date_from = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte", label=_("From"), widget=DateInput)
    date_to = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label=_("To"), widget=DateInput)

    class Meta:
        model = LegalDocument
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)


class DisseminationFilterSet(_OwnerFilters):
    owner = _owner()
    organization = _organization()
    form = django_filters.ChoiceFilter(choices=DisseminationForm.choices, label=_("Form"), empty_label=_("All"))
    document = django_filters.NumberFilter(field_name="documents", widget=forms.HiddenInput)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"), widget=DateInput)

    class Meta:
        model = Dissemination
        fields: list[str] = []
