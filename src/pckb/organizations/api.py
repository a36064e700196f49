"""/api/v1/organizations/ and /api/v1/committee-members/: the same services and rules as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pckb.core.api import OrganizationField, ScopedModelViewSet
from pckb.geo.models import AdminUnit

from . import services
from .filters import CommitteeMemberFilterSet, OrganizationFilterSet
from .models import COMMITTEE_MEMBER_FIELDS, ORGANIZATION_FIELDS, CommitteeMember, Organization

__all__ = ["OrganizationSerializer", "OrganizationViewSet", "CommitteeMemberSerializer", "CommitteeMemberViewSet"]

ORG_ID_ERRORS = {
    "does_not_exist": _("No organization with id {pk_value} in your scope."),
    "incorrect_type": _("Give the id (a whole number) of an organization."),
}


class VisibleOrganizationField(OrganizationField):
    """An organisation id the caller may see: others read as missing (no leak); the service checks rights."""

    action = "view"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", ORG_ID_ERRORS)
        super().__init__(**kwargs)


class OrganizationSerializer(serializers.ModelSerializer):
    parent = VisibleOrganizationField(required=False, allow_null=True)
    standing_org = VisibleOrganizationField(required=False, allow_null=True)
    admin_unit = serializers.PrimaryKeyRelatedField(
        queryset=AdminUnit.objects.all(),
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": _("No administrative unit with id {pk_value}."),
            "incorrect_type": _("Give the id (a whole number) of an administrative unit."),
        },
    )

    class Meta:
        model = Organization
        fields = ["id", "parent", *ORGANIZATION_FIELDS, "is_active"]
        read_only_fields = ["id", "is_active"]


class OrganizationViewSet(ScopedModelViewSet):
    """Organisations of the caller's scope. Creating, changing, moving (a new `parent`) and deleting need
    the manager role: on the parent to create, on the organisation and on its new parent to move.

    Filters: `parent` (id), `kind`, `level`, `is_active`, `q` (name or code, accents optional).
    """

    queryset = Organization.objects.select_related("parent").order_by("path")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet

    def write_action(self) -> str:
        return "manage"

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        data = dict(serializer.validated_data)
        parent = data.pop("parent", None)
        serializer.instance = services.do_create_organization(actor=self.request.user, parent=parent, **data)

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        serializer.instance = services.do_update_organization(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: Organization) -> None:
        services.do_delete_organization(instance, actor=self.request.user)


class CommitteeMemberSerializer(serializers.ModelSerializer):
    organization = VisibleOrganizationField()
    representing = VisibleOrganizationField(required=False, allow_null=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "organization",
            *COMMITTEE_MEMBER_FIELDS,
            "is_current",
        ]
        read_only_fields = ["id", "is_current"]


class CommitteeMemberViewSet(ScopedModelViewSet):
    """Committee rosters. Changes need the manager role on the committee.

    Filters: `organization` (the committee's id), `current=true|false`, `committee_role`.
    """

    queryset = CommitteeMember.objects.select_related("organization").order_by("organization__path", "sort_order", "id")
    serializer_class = CommitteeMemberSerializer
    filterset_class = CommitteeMemberFilterSet

    def write_action(self) -> str:
        return "manage"

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        data = dict(serializer.validated_data)
        committee = data.pop("organization")
        serializer.instance = services.do_add_committee_member(committee, actor=self.request.user, **data)

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        serializer.instance = services.do_update_committee_member(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance: CommitteeMember) -> None:
        services.do_remove_committee_member(instance, actor=self.request.user)


ROUTES = [
    ("organizations", OrganizationViewSet, "organization"),
    ("committee-members", CommitteeMemberViewSet, "committeemember"),
]
