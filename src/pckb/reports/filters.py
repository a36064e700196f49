"""Filters of the report lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet, YearFilter

from .choices import PeriodType, RoundStatus, SubmissionStatus, TemplateKind, TemplateStatus
from .models import ReportingRound, ReportSubmission, ReportTemplate

__all__ = [
    "ReportTemplateFilterSet",
    "ReportingRoundFilterSet",
    "ReportingRoundPageFilterSet",
    "ReportSubmissionFilterSet",
    "ReportSubmissionPageFilterSet",
]


class ReportTemplateFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=TemplateKind.choices, label=_("Kind"), empty_label=_("All"))
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices, label=_("Period type"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=TemplateStatus.choices, label=_("Status"), empty_label=_("All"))

    class Meta:
        model = ReportTemplate
        fields: list[str] = []


class ReportingRoundPageFilterSet(FilterSet):
    """The page's filters: words, status and year."""

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=RoundStatus.choices, label=_("Status"), empty_label=_("All"))
    year = YearFilter(field_name="period_end__year", label=_("Year"))

    class Meta:
        model = ReportingRound
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:8]:
            queryset = queryset.filter(period_label__icontains=word) | queryset.filter(template__title__icontains=word)
        return queryset


class ReportingRoundFilterSet(ReportingRoundPageFilterSet):
    """The API's: the page's, and the issuing committee's id."""

    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Issuing committee"))

    class Meta:
        model = ReportingRound
        fields: list[str] = []


class ReportSubmissionPageFilterSet(FilterSet):
    """The page's filters: status and year."""

    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices, label=_("Status"), empty_label=_("All"))
    year = YearFilter(field_name="round__period_end__year", label=_("Year"))

    class Meta:
        model = ReportSubmission
        fields: list[str] = []





class ReportSubmissionFilterSet(ReportSubmissionPageFilterSet):
    """The API's: the page's, and the round's and the reporting unit's ids."""

    round = django_filters.NumberFilter(field_name="round_id", label=_("Reporting round"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Organization"))

    class Meta:
        model = ReportSubmission
        fields: list[str] = []
