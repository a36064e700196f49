"""Filters shared by the organisation pages and /api/v1/organizations/, /api/v1/committee-members/."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pckb.core.filters import FilterSet
from pckb.core.text import vn_fold
from pckb.core.widgets import DateInput

from .choices import CommitteeRole, OrganizationKind, OrganizationLevel
from .models import CommitteeMember, Organization

__all__ = ["OrganizationFilterSet", "CommitteeMemberFilterSet", "current_members_q"]

YES_NO = (("true", _("Yes")), ("false", _("No")))
LIFETIME_CHOICES = (("current", _("Current")), ("historical", _("Merged or dissolved")), ("all", _("All")))


def _choice_error(what: str) -> dict[str, str]:
    return {"invalid_choice": what}


def current_members_q() -> Q:
    """Roster entries in force today (open-ended dates count as in force)."""
    today = timezone.localdate()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


class OrganizationFilterSet(FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=capfirst(_("kind")),
        choices=OrganizationKind.choices,
        empty_label=_("All kinds"),
        error_messages=_choice_error(_("Choose a kind from the list.")),
    )
    level = django_filters.ChoiceFilter(
        label=capfirst(_("level")),
        choices=OrganizationLevel.choices,
        empty_label=_("All levels"),
        error_messages=_choice_error(_("Choose a level from the list.")),
    )
    is_active = django_filters.ChoiceFilter(
        label=_("In operation"),
        choices=YES_NO,
        empty_label=_("Active and inactive"),
        method="filter_is_active",
        error_messages=_choice_error(_("Use true or false.")),
    )
    parent = django_filters.NumberFilter(
        label=_("parent organization (id)"),
        field_name="parent_id",
        error_messages={"invalid": _("The parent must be the id (a whole number) of an organization.")},
    )
    lifetime = django_filters.ChoiceFilter(
        label=_("Existence"),
        choices=LIFETIME_CHOICES,
        empty_label=None,
        method="filter_lifetime",
        error_messages=_choice_error(_("Use current, historical or all.")),
    )
    on = django_filters.DateFilter(
        label=_("As on date"),
        method="filter_on",
        widget=DateInput,
        error_messages={"invalid": _("Enter a valid date (YYYY-MM-DD or dd/mm/yyyy).")},
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "level", "is_active", "parent", "lifetime", "on"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Without `lifetime` or `on`, the current organisations only: merged and dissolved ones are asked for.
        data = self.form.cleaned_data
        if not data.get("lifetime") and not data.get("on"):
            queryset = queryset.current()
        return super().filter_queryset(queryset)

    def filter_lifetime(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if self.form.cleaned_data.get("on"):
            return queryset  # "as on date" lists what existed that day, whatever has happened since
        if value == "historical":
            return queryset.historical()
        return queryset.current() if value == "current" else queryset

    def filter_on(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        # The organisations alive that day (their names then are each one's name_on(value)).
        return queryset.alive_on(value)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        folded = vn_fold(value)
        return queryset.filter(search_name__contains=folded) if folded else queryset

    def filter_is_active(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=value == "true")


class CommitteeMemberFilterSet(FilterSet):
    organization = django_filters.NumberFilter(
        label=_("committee (id)"),
        field_name="organization_id",
        error_messages={"invalid": _("The committee must be the id (a whole number) of an organization.")},
    )
    current = django_filters.ChoiceFilter(
        label=capfirst(_("in force today")),
        choices=YES_NO,
        empty_label=_("Current and past"),
        method="filter_current",
        error_messages=_choice_error(_("Use true or false.")),
    )
    committee_role = django_filters.ChoiceFilter(
        label=capfirst(_("committee role")),
        choices=CommitteeRole.choices,
        empty_label=_("All roles"),
        error_messages=_choice_error(_("Choose a committee role from the list.")),
    )

    class Meta:
        model = CommitteeMember
        fields = ["organization", "current", "committee_role"]

    def filter_current(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(current_members_q()) if value == "true" else queryset.exclude(current_members_q())
