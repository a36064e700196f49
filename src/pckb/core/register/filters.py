"""Filters of the document register, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..choices import Classification
from ..documents.types import DocumentType
from ..filters import FilterSet, YearFilter
from ..text import vn_fold
from .choices import DocumentStatus
from .models import OutgoingDocument
from .sources import document_source_choices

__all__ = ["DocumentFilterSet", "DocumentPageFilterSet"]


def _filter_source_type(queryset: QuerySet, name: str, value: str) -> QuerySet:
    app_label, _dot, model = (value or "").lower().partition(".")
    return queryset.filter(source_type__app_label=app_label, source_type__model=model)


class DocumentFilterSet(FilterSet):
    """The API's filters: codes and ids."""

    type = django_filters.ChoiceFilter(field_name="doc_type", choices=DocumentType.choices, label=_("Document type"))
    year = YearFilter(field_name="year", label=_("Year"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=_("Issuing body"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("Status"))
    classification = django_filters.ChoiceFilter(choices=Classification.choices, label=_("Classification"))
    source_type = django_filters.CharFilter(method="filter_source_type", label=_("Source type"))
    source_id = django_filters.NumberFilter(field_name="source_id", label=_("Source id"))

    class Meta:
        model = OutgoingDocument
        fields: list[str] = []

    def filter_source_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _filter_source_type(queryset, name, value)


class DocumentPageFilterSet(DocumentFilterSet):
    """The register page: words for the issuer, a list of the source types."""

    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    type = django_filters.ChoiceFilter(
        field_name="doc_type", choices=DocumentType.choices, label=_("Document type"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("Status"), empty_label=_("All"))
    classification = django_filters.ChoiceFilter(
        choices=Classification.choices, label=_("Classification"), empty_label=_("All")
    )
    issuer = django_filters.CharFilter(method="filter_issuer", label=_("Issuing body"))
    source_type = django_filters.ChoiceFilter(
        choices=document_source_choices, method="filter_source_type", label=_("Source"), empty_label=_("All")
    )
    organization = django_filters.NumberFilter(field_name="organization_id", widget=forms.HiddenInput)
    source_id = django_filters.NumberFilter(field_name="source_id", widget=forms.HiddenInput)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(subject__icontains=value) | Q(symbol__icontains=value))

    def filter_issuer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(organization__search_name__contains=folded) if folded else queryset
