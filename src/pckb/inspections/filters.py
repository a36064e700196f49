"""Filters of the inspection lists, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet, YearFilter
from pckb.core.text import vn_fold

from .choices import ChecklistStatus, InspectionStatus, Severity
from .models import Assessment, Campaign, Checklist, Finding, Inspection, SelfAssessment
from .services.queries import open_findings_q

__all__ = [
    "ChecklistFilterSet",
    "InspectionFilterSet",
    "InspectionPageFilterSet",
    "AssessmentFilterSet",
    "FindingFilterSet",
]


class ChecklistFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=ChecklistStatus.choices, label=_("Status"), empty_label=_("All"))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Checklist
        fields: list[str] = []


class InspectionFilterSet(FilterSet):
    """`organization` (the inspecting committee), `inspected` (a unit), `status`, `year` of the visit."""

    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Inspecting committee"))
    inspected = django_filters.NumberFilter(method="filter_inspected", label=_("Inspected unit"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("Status"), empty_label=_("All"))
    year = YearFilter(field_name="visit_from__year", label=_("Year"))

    class Meta:
        model = Inspection
        fields: list[str] = []

    def filter_inspected(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(inspected=value).distinct() if value is not None else queryset


class InspectionPageFilterSet(InspectionFilterSet):
    """The list page: the units by name, no ids to type."""

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    unit = django_filters.CharFilter(method="filter_unit", label=_("Inspected unit"))
    # Ids stay usable in links (an organisation's page links here) but are not boxes to type in.
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)
    inspected = django_filters.NumberFilter(method="filter_inspected", widget=forms.HiddenInput)

    class Meta(InspectionFilterSet.Meta):
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(title__icontains=value.strip()) if value.strip() else queryset

    def filter_unit(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(inspected__search_name__contains=folded).distinct() if folded else queryset


class AssessmentFilterSet(FilterSet):
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("Inspection"))
    inspected = django_filters.NumberFilter(field_name="inspected_id", label=_("Inspected unit"))

    class Meta:
        model = Assessment
        fields: list[str] = []


class FindingFilterSet(FilterSet):
    """`inspection`, `severity`, `open=true` (not yet verified)."""

    inspection = django_filters.NumberFilter(field_name="assessment__inspection_id", label=_("Inspection"))
    inspected = django_filters.NumberFilter(field_name="assessment__inspected_id", label=_("Inspected unit"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("Severity"), empty_label=_("All"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open only"))

    class Meta:
        model = Finding
        fields: list[str] = []

    def filter_open(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(open_findings_q()) if value else queryset.exclude(open_findings_q())


class CampaignFilterSet(FilterSet):
    """`organization` (the committee that sent the checklist), `year` of the deadline."""

    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Committee"))
    year = YearFilter(field_name="deadline__year", label=_("Year"))

    class Meta:
        model = Campaign
        fields: list[str] = []


class SelfAssessmentFilterSet(FilterSet):
    """`campaign`, `organization` (the unit answering)."""

    campaign = django_filters.NumberFilter(field_name="campaign_id", label=_("Self-assessment campaign"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Unit"))

    class Meta:
        model = SelfAssessment
        fields: list[str] = []
