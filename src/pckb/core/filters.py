"""The base of every FilterSet (bounded number filters) and the filters of the audit log page."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditEntry
from .widgets import DateInput

__all__ = ["FilterSet", "YearFilter", "AuditEntryFilterSet", "object_type_choices"]

# The database's integer range: a bigger id in a filter would be an overflow (a 500), not "no match".
_INT64 = 2**63 - 1


class FilterSet(django_filters.FilterSet):
    """Base of every FilterSet in PCKB, for pages and API alike.

    Number filters (ids, years, counts) accept only whole numbers within the database's integer range,
    so `?plan=99999999999999999999` or `?organization=-1.79e308` is a 400 naming the filter (a page
    ignores the invalid filter and says so) instead of a database overflow.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for number_filter in self.filters.values():
            if isinstance(number_filter, django_filters.NumberFilter):
                extra = number_filter.extra
                extra.setdefault("min_value", -_INT64)
                extra.setdefault("max_value", _INT64)
                extra.setdefault("max_digits", 19)
                extra.setdefault("decimal_places", 0)


class YearFilter(django_filters.NumberFilter):
    """A calendar year within the range the committees' records can have."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1945)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)



def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def object_type_choices() -> list[tuple[str, str]]:
    """Every PCKB model (and the user model) as "app_label.model_name" with its translated name."""
    choices = []
    for model in apps.get_models():
        if model.__module__.startswith("pckb.") and model is not AuditEntry:
            meta = model._meta
            choices.append((f"{meta.app_label}.{meta.model_name}", capfirst(meta.verbose_name)))
    return sorted(choices, key=lambda c: str(c[1]).lower())


class AuditEntryFilterSet(FilterSet):
    """Actor, action, object type (and id), period and a text search on the object's name."""

    actor = django_filters.CharFilter(
        label=_("Actor"),
        field_name="actor_name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"placeholder": _("Username")}),
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices, empty_label=_("All"))
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"), choices=object_type_choices, empty_label=_("All")
    )
    object_id = django_filters.CharFilter(label=_("Object id"), widget=forms.HiddenInput)
    date_from = django_filters.DateFilter(label=_("From"), method="filter_from", widget=DateInput)
    date_to = django_filters.DateFilter(label=_("To"), method="filter_to", widget=DateInput)
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Object name")}),
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    # Whole local days as an aware range: `time__date` would defeat the index on `time`.
    def filter_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(time__gte=_start_of(value))

    def filter_to(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(time__lt=_start_of(value + datetime.timedelta(days=1)))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(object_repr__icontains=value) if value else queryset
