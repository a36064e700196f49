"""Filters of the key target list, shared by the page and the API (ids in the API, words on the page)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.filters import FilterSet
from pckb.core.text import vn_fold
from pckb.geo.choices import AdminLevel
from pckb.geo.models import AdminUnit

from .choices import Importance, Readiness, ResponsePlanKind, ResponsePlanStatus, TargetStatus
from .models import KeyTarget, ResponsePlan, TargetCategory
from .readiness import filter_readiness

__all__ = ["KeyTargetFilterSet", "KeyTargetPageFilterSet", "ResponsePlanFilterSet"]


def _provinces(request: Any) -> QuerySet:
    return AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE).order_by("name")


def _categories(request: Any) -> QuerySet:
    return TargetCategory.objects.filter(is_active=True)


class KeyTargetFilterSet(FilterSet):
    """The API's filters: province, admin_unit, category, organization (ids), needs_attention, q, ...

    The queryset must carry the readiness checks (`readiness.with_checks`).
    """

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    province = django_filters.NumberFilter(field_name="province_id", label=pgettext_lazy("place", "Province"))
    admin_unit = django_filters.NumberFilter(field_name="admin_unit_id", label=pgettext_lazy("place", "Commune"))
    category = django_filters.NumberFilter(field_name="category_id", label=_("Category"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Owner organization"))
    importance = django_filters.ChoiceFilter(choices=Importance.choices, label=_("Importance"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=TargetStatus.choices, label=_("Status"), empty_label=_("All"))
    readiness = django_filters.ChoiceFilter(
        choices=Readiness.choices, method="filter_readiness", label=_("Readiness"), empty_label=_("All")
    )
    needs_attention = django_filters.BooleanFilter(method="filter_attention", label=_("Needs attention"))

    class Meta:
        model = KeyTarget
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_readiness(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_readiness(queryset, value) if value else queryset

    def filter_attention(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        attention = filter_readiness(queryset, Readiness.ATTENTION)
        return attention if value else queryset.exclude(pk__in=attention.values("pk"))


class KeyTargetPageFilterSet(KeyTargetFilterSet):
    """The list page: catalogues as drop-downs, the commune and the owner by name (no ids to type)."""

    category = django_filters.ModelChoiceFilter(queryset=_categories, label=_("Category"), empty_label=_("All"))
    province = django_filters.ModelChoiceFilter(
        queryset=_provinces, label=pgettext_lazy("place", "Province"), empty_label=_("All")
    )
    commune = django_filters.CharFilter(method="filter_commune", label=pgettext_lazy("place", "Commune"))
    owner = django_filters.CharFilter(method="filter_owner", label=_("Owner organization"))
    needs_attention = django_filters.BooleanFilter(
        method="filter_attention",
        label=_("Needs attention"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Needs attention only"))]),
    )
    admin_unit = django_filters.NumberFilter(field_name="admin_unit_id", widget=forms.HiddenInput)
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)

    class Meta(KeyTargetFilterSet.Meta):
        fields: list[str] = []

    def filter_commune(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(admin_unit__search_name__contains=folded) if folded else queryset

    def filter_owner(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(organization__search_name__contains=folded) if folded else queryset


class ResponsePlanFilterSet(FilterSet):
    target = django_filters.NumberFilter(field_name="target_id", label=_("Key target"))
    kind = django_filters.ChoiceFilter(choices=ResponsePlanKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ResponsePlanStatus.choices, label=_("Status"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Owner organization"))
    review_due_before = django_filters.DateFilter(
        field_name="next_review_due", lookup_expr="lte", label=_("Review due before")
    )

    class Meta:
        model = ResponsePlan
        fields: list[str] = []
