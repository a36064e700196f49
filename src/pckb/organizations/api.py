"""/api/v1/organizations/ and /api/v1/committee-members/: the same services and rules as the pages."""

from __future__ import annotations

from rest_framework import serializers

from pckb.core.api import ScopedRelatedField, ServiceViewSet
from pckb.geo.models import AdminUnit

from . import services
from .filters import CommitteeMemberFilterSet, OrganizationFilterSet
from .models import COMMITTEE_MEMBER_FIELDS, ORGANIZATION_FIELDS, CommitteeMember, Organization

__all__ = ["OrganizationSerializer", "OrganizationViewSet", "CommitteeMemberSerializer", "CommitteeMemberViewSet"]

class OrganizationSerializer(serializers.ModelSerializer):
    # Organisations the caller may see (others read as missing); the service checks the manager role.
    parent = ScopedRelatedField(Organization, required=False, allow_null=True)
    standing_org = ScopedRelatedField(Organization, required=False, allow_null=True)
    admin_unit = ScopedRelatedField(AdminUnit, required=False, allow_null=True)

    class Meta:
        model = Organization
        fields = ["id", "parent", *ORGANIZATION_FIELDS, "is_active"]
        read_only_fields = ["id", "is_active"]


class OrganizationViewSet(ServiceViewSet):
    """Organisations of the caller's scope. Creating, changing, moving (a new `parent`) and deleting need
    the manager role: on the parent to create, on the organisation and on its new parent to move.

    Filters: `parent` (id), `kind`, `level`, `is_active`, `q` (name or code, accents optional).
    """

    queryset = Organization.objects.select_related("parent").order_by("path")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    create_service = services.do_create_organization
    update_service = services.do_update_organization  # a new `parent` is a move
    delete_service = services.do_delete_organization
    owner_field = "parent"
    fixed_fields = ()

    def write_action(self) -> str:
        return "manage"


class CommitteeMemberSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization)
    representing = ScopedRelatedField(Organization, required=False, allow_null=True)
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


class CommitteeMemberViewSet(ServiceViewSet):
    """Committee rosters. Changes need the manager role on the committee.

    Filters: `organization` (the committee's id), `current=true|false`, `committee_role`.
    """

    queryset = CommitteeMember.objects.select_related("organization").order_by("organization__path", "sort_order", "id")
    serializer_class = CommitteeMemberSerializer
    filterset_class = CommitteeMemberFilterSet
    create_service = services.do_add_committee_member
    update_service = services.do_update_committee_member
    delete_service = services.do_remove_committee_member
    fixed_fields = ()  # the service answers a change of committee with its own message

    def write_action(self) -> str:
        return "manage"


ROUTES = [
    ("organizations", OrganizationViewSet, "organization"),
    ("committee-members", CommitteeMemberViewSet, "committeemember"),
]
