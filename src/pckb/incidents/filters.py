"""Filters of incidents and alerts, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet
from pckb.core.text import vn_fold

from .choices import IncidentStatus, Severity
from .models import Alert, Incident

__all__ = ["IncidentFilterSet", "IncidentPageFilterSet", "AlertFilterSet"]

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class IncidentFilterSet(FilterSet):
    """The API's filters: status, severity, exercise, organization (id), since (report date)."""

    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, label=_("Status"), empty_label=_("All"))
    severity = django_filters.ChoiceFilter(
        choices=Severity.choices, label=_("Severity"), empty_label=_("All")
    )
    exercise = django_filters.BooleanFilter(field_name="is_exercise", label=_("Exercise"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Reporting organization"))
    since = django_filters.DateFilter(field_name="reported_at", lookup_expr="date__gte", label=_("Reported since"))

    class Meta:
        model = Incident
        fields: list[str] = []


class IncidentPageFilterSet(IncidentFilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    exercise = django_filters.ChoiceFilter(
        field_name="is_exercise", choices=YES_NO, label=_("Exercise"), empty_label=_("All")
    )
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)

    class Meta(IncidentFilterSet.Meta):
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in vn_fold(value).split()[:8]:
            queryset = queryset.filter(title__icontains=word) | queryset.filter(address__icontains=word)
        return queryset


class AlertFilterSet(FilterSet):
    incident = django_filters.NumberFilter(field_name="incident_id", label=_("Incident"))
    acknowledged = django_filters.BooleanFilter(
        field_name="acknowledged_at", lookup_expr="isnull", exclude=True, label=_("Acknowledged")
    )

    class Meta:
        model = Alert
        fields: list[str] = []


class AlertPageFilterSet(AlertFilterSet):
    incident = django_filters.NumberFilter(field_name="incident_id", widget=forms.HiddenInput)  # from links
    acknowledged = django_filters.ChoiceFilter(
        method="filter_ack", choices=YES_NO, label=_("Acknowledged"), empty_label=_("All")
    )

    class Meta(AlertFilterSet.Meta):
        fields: list[str] = []

    def filter_ack(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(acknowledged_at__isnull=value != "true") if value else queryset
