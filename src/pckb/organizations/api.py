"""/api/v1/organizations/ and /api/v1/committee-members/: the same services and rules as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedRelatedField, ServiceViewSet
from pckb.core.register.api import OutgoingDocumentSerializer, document_created
from pckb.core.register.services import do_draft_document
from pckb.geo.models import AdminUnit

from . import lifecycle, services
from .filters import CommitteeMemberFilterSet, OrganizationFilterSet
from .models import COMMITTEE_MEMBER_FIELDS, ORGANIZATION_FIELDS, CommitteeMember, Organization, OrganizationName

__all__ = ["OrganizationSerializer", "OrganizationViewSet", "CommitteeMemberSerializer", "CommitteeMemberViewSet"]

ROSTER_NOT_COMMITTEE = _("Only a steering committee has a roster.")


class RosterDocumentSerializer(serializers.Serializer):
    on_date = serializers.DateField(help_text=_("The members whose term covers this day are listed."))


class FormerNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganizationName
        fields = ["name", "short_name", "valid_from", "valid_to"]
        read_only_fields = fields


class OrganizationSerializer(serializers.ModelSerializer):
    # Organisations the caller may see (others read as missing); the service checks the manager role.
    parent = ScopedRelatedField(Organization, required=False, allow_null=True)
    standing_org = ScopedRelatedField(Organization, required=False, allow_null=True)
    admin_unit = ScopedRelatedField(AdminUnit, required=False, allow_null=True)
    # The lifetime is written by the rename, merge and dissolve actions only.
    successor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    former_names = FormerNameSerializer(many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "parent", *ORGANIZATION_FIELDS, "is_active", "valid_to", "successor", "former_names"]
        read_only_fields = ["id", "is_active", "valid_to"]

    def to_representation(self, instance: Organization) -> dict[str, Any]:
        data = super().to_representation(instance)
        on = self.context.get("on")
        if on is not None:
            # `?on=`: the parent and the names it had that day.
            data["name"], data["short_name"] = instance.name_on(on), instance.short_name_on(on)
            data["parent"] = instance.parent_id_on(on)
        return data


class RenameSerializer(serializers.Serializer):
    new_name = serializers.CharField(max_length=255)
    new_short_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    effective_date = serializers.DateField()


class MergeSerializer(serializers.Serializer):
    # Any organisation the caller sees: the service answers "choose one you manage" for the others.
    into = ScopedRelatedField(Organization)
    effective_date = serializers.DateField()


class DissolveSerializer(serializers.Serializer):
    effective_date = serializers.DateField()


class OrganizationViewSet(ServiceViewSet):
    """Organisations of the caller's scope. Creating, changing, moving (a new `parent`) and deleting need
    the manager role: on the parent to create, on the organisation and on its new parent to move.

    Filters: `parent` (id), `kind`, `level`, `is_active`, `q` (name or code, accents optional),
    `lifetime` (current — the default —, historical, all), `on=YYYY-MM-DD` (the organisations alive that
    day, under the parents and names they had then). Actions: `rename`, `merge`, `dissolve` (docs/architecture.md).
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

    @extend_schema(request=RosterDocumentSerializer, responses={201: OutgoingDocumentSerializer})
    @action(detail=True, methods=["post"], url_path="roster-document")
    def roster_document(self, request: Request, pk: Any = None) -> Response:
        """Draft the committee's decision on its composition on `on_date` (managers); issued in the register."""
        committee = self.get_object()
        body = RosterDocumentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not committee.is_committee:
            raise serializers.ValidationError({"on_date": [ROSTER_NOT_COMMITTEE]})
        document = do_draft_document(committee, actor=request.user, source_date=body.validated_data["on_date"])
        return document_created(request, document)
    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("former_names", "former_parents")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action == "list" and self.request.query_params.get("on"):
            # The date as the FilterSet read it (a bad one is its 400 before any row is serialised).
            form = OrganizationFilterSet(data=self.request.query_params).form
            context["on"] = form.cleaned_data.get("on") if form.is_valid() else None
        return context

    def _lifecycle(self, request: Request, body: type[serializers.Serializer], run: Any) -> Response:
        org = self.get_object()
        serializer = body(data=request.data, context=self.get_serializer_context())
        data = self.validated_body(serializer)
        result = run(org, data)
        return Response(self.get_serializer(result).data)

    @extend_schema(request=RenameSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request: Request, pk: Any = None) -> Response:
        """A new name from `effective_date`; the old one is kept in `former_names` with its dates."""
        return self._lifecycle(
            request,
            RenameSerializer,
            lambda org, d: lifecycle.do_rename_organization(
                org, d["new_name"], d.get("new_short_name", ""), d["effective_date"], actor=request.user
            ),
        )

    @extend_schema(request=MergeSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: Any = None) -> Response:
        """Merged `into` another organisation from `effective_date`: it moves under its successor."""
        return self._lifecycle(
            request,
            MergeSerializer,
            lambda org, d: lifecycle.do_merge_organization(org, d["into"], d["effective_date"], actor=request.user),
        )

    @extend_schema(request=DissolveSerializer, responses=OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, pk: Any = None) -> Response:
        """Dissolved from `effective_date`, without a successor; its records stay readable above it."""
        return self._lifecycle(
            request,
            DissolveSerializer,
            lambda org, d: lifecycle.do_dissolve_organization(org, d["effective_date"], actor=request.user),
        )


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
