"""Filters of the user administration list."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core.choices import Role
from pckb.core.filters import FilterSet

from .forms import OrganizationPicker, admin_organizations

__all__ = ["UserFilterSet"]


def _admin_organizations(request: Any) -> QuerySet:
    return admin_organizations(request.user if request else None)


class OrganizationFilterField(OrganizationPicker, forms.ModelChoiceField):
    """The filter's choices come from `admin_organizations` (scoped) through django-filter's queryset."""


class OrganizationFilter(django_filters.ModelChoiceFilter):
    field_class = OrganizationFilterField


class UserFilterSet(FilterSet):
    """Text search, organisation (with its subtree), role held there, and active or not."""

    # Not "q": the organisation search box beside the select already sends that name.
    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Username, name or e-mail")}),
    )
    organization = OrganizationFilter(
        label=_("Organization"), queryset=_admin_organizations, method="filter_membership"
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, method="filter_membership")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Active")), ("inactive", _("Deactivated"))],
        method="filter_status",
    )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value) | Q(email__icontains=value))

    def filter_membership(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        # Organisation and role must match the same membership, so both are applied together once.
        if name != "organization" and self.form.cleaned_data.get("organization"):
            return queryset
        from pckb.organizations.models import Membership

        # Only memberships the administrator manages count: a role held elsewhere is not "theirs".
        memberships = Membership.objects.visible_to(self.request.user if self.request else None, "admin")
        organization = self.form.cleaned_data.get("organization")
        role = self.form.cleaned_data.get("role")
        if organization is not None:
            memberships = memberships.filter(organization__path__startswith=organization.path)
        if role not in (None, ""):
            memberships = memberships.filter(role=int(role))
        return queryset.filter(pk__in=memberships.values("user_id"))

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=value == "active")
