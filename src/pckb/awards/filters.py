"""Filters of the commendation list, shared by the page and the API: year, organisation, form, status."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet, YearFilter
from pckb.core.text import vn_fold

from .choices import AwardForm, CommendationStatus, RecipientKind
from .models import Commendation, CommendationBatch

__all__ = ["CommendationFilterSet", "CommendationPageFilterSet", "CommendationBatchFilterSet"]


class CommendationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=CommendationStatus.choices, label=_("Status"), empty_label=_("All")
    )
    form = django_filters.ChoiceFilter(choices=AwardForm.choices, label=_("Form of commendation"), empty_label=_("All"))
    recipient_kind = django_filters.ChoiceFilter(
        choices=RecipientKind.choices, label=_("Recipient"), empty_label=_("All")
    )
    year = YearFilter(field_name="year", label=_("Year"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Proposing organization"))
    batch = django_filters.NumberFilter(field_name="batch_id", label=_("Commendation batch"))

    class Meta:
        model = Commendation
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(recipient_name__icontains=word)
                | Q(recipient_organization__name__icontains=word)
                | Q(reason__icontains=word)
            )
        return queryset


class CommendationPageFilterSet(CommendationFilterSet):
    """The list page: the ids (links from a batch's or an organisation's page) are kept, not typed."""

    proposer = django_filters.CharFilter(method="filter_proposer", label=_("Proposing organization"))
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)
    batch = django_filters.NumberFilter(field_name="batch_id", widget=forms.HiddenInput)

    class Meta(CommendationFilterSet.Meta):
        fields: list[str] = []

    def filter_proposer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(organization__search_name__contains=folded) if folded else queryset


class CommendationBatchFilterSet(FilterSet):
    year = YearFilter(field_name="year", label=_("Year"))

    class Meta:
        model = CommendationBatch
        fields: list[str] = []
