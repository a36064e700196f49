"""Filters of the inbox page and of the notifications API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet

from .kinds import kind_choices
from .models import Notification

__all__ = ["NotificationFilterSet", "NotificationAPIFilterSet"]

READ_STATES = [("unread", _("Unread")), ("read", _("Read"))]


class NotificationFilterSet(FilterSet):
    """Inbox filters: read state, kind and words of the title or content."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=READ_STATES, empty_label=_("All"), method="filter_status"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=kind_choices, empty_label=_("All kinds"))
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")

    class Meta:
        model = Notification
        fields = ["status", "kind", "q"]

    def filter_status(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(read_at__isnull=value == "unread")

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))


class NotificationAPIFilterSet(FilterSet):
    """`?unread=true|false` and `?kind=task.assigned`."""

    # A choice rather than a BooleanFilter: "?unread=maybe" must be a 400, not silently ignored.
    unread = django_filters.ChoiceFilter(
        label=_("Unread"), choices=[("true", _("Yes")), ("false", _("No"))], method="filter_unread"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=kind_choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(read_at__isnull=value == "true")
