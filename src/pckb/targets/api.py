"""/api/v1/key-targets/, /response-plans/, /scenarios/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import (
    ScopedReadOnlyViewSet,
    ScopedRelatedField,
    ServiceCreateMixin,
    ServiceUpdateMixin,
    ServiceViewSet,
)
from pckb.core.api_attachments import AttachmentSerializer
from pckb.core.imports.api import IMPORT_SCHEMA, import_response
from pckb.core.imports.importers import get_importer
from pckb.core.pagination import CappedAPIPagination
from pckb.core.scoping import default_organization
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.geo.models import AdminUnit
from pckb.organizations.models import Organization

from . import services
from .filters import KeyTargetFilterSet, ResponsePlanFilterSet
from .models import KeyTarget, ResponsePlan, Scenario, TargetCategory
from .readiness import attach_readiness, with_checks

__all__ = ["KeyTargetSerializer", "ResponsePlanSerializer", "ScenarioSerializer", "ROUTES"]


class KeyTargetSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    category = ScopedRelatedField(TargetCategory)
    province = ScopedRelatedField(AdminUnit)
    admin_unit = ScopedRelatedField(AdminUnit)
    listing_committee = ScopedRelatedField(Organization, required=False, allow_null=True)
    protection_force = ScopedRelatedField(Organization, required=False, allow_null=True)
    scenarios = ScopedRelatedField(Scenario, many=True, required=False)
    readiness = serializers.SerializerMethodField(help_text="ready, due_soon or attention (derived).")

    class Meta:
        model = KeyTarget
        fields = [
            "id",
            "code",
            "name",
            "category",
            "province",
            "admin_unit",
            "address",
            "latitude",
            "longitude",
            "importance",
            "organization",
            "listing_decision_number",
            "listing_decision_date",
            "listing_committee",
            "protection_force",
            "protection_force_size",
            "protection_force_dedicated",
            "scenarios",
            "status",
            "removed_on",
            "removal_reason",
            "notes",
            "classification",
            "readiness",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = ["code", "status", "removed_on", "removal_reason", "created_at", "updated_at"]

    def get_readiness(self, obj: KeyTarget) -> str:
        report = getattr(obj, "readiness", None)
        if report is None:
            from .readiness import readiness_of

            report = readiness_of(obj)
        return report.state


class KeyTargetViewSet(TransitionActionMixin, ServiceCreateMixin, ServiceUpdateMixin, ScopedReadOnlyViewSet):
    """Key targets; filters province, admin_unit, category, organization, needs_attention=true, q.

    `POST {id}/transition` {"to": "removed", "comment": reason} (managers); `POST import` an Excel list.
    """

    queryset = KeyTarget.objects.select_related("category", "admin_unit").prefetch_related("scenarios")
    serializer_class = KeyTargetSerializer
    filterset_class = KeyTargetFilterSet
    pagination_class = CappedAPIPagination
    create_service = services.do_create_key_target
    update_service = services.do_update_key_target

    def get_queryset(self) -> Any:
        return with_checks(super().get_queryset()).order_by("code")

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        return attach_readiness(page) if page is not None else None

    @extend_schema(
        **{
            **IMPORT_SCHEMA,
            "parameters": [
                *IMPORT_SCHEMA["parameters"],
                OpenApiParameter("organization", int, description="Whose list (default: your organization)."),
            ],
        }
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_targets(self, request: Request) -> Response:
        """Targets from an Excel workbook (the page's template), all or none; `?dry_run=true` only checks."""
        pk = request.query_params.get("organization")
        if pk is None:
            owner = default_organization(request.user, "add")
            if owner is None:
                return Response(
                    {"organization": [_("Name the organization whose list this is.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            pk = owner.pk
        if not str(pk).isdigit():
            return Response({"organization": [_("A whole number is required.")]}, status=status.HTTP_400_BAD_REQUEST)
        target = get_importer("targets.keytarget").get_target(request.user, pk)
        return import_response(request, "targets.keytarget", target)


class PlanScenarioSerializer(serializers.Serializer):
    scenario = serializers.IntegerField(source="scenario_id")
    name = serializers.CharField(source="scenario.name")
    steps = serializers.ListField(child=serializers.CharField())


class ResponsePlanSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    target = ScopedRelatedField(KeyTarget, action="change")
    scenarios = PlanScenarioSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ResponsePlan
        fields = [
            "id",
            "target",
            "organization",
            "kind",
            "title",
            "version",
            "status",
            "review_cycle_months",
            "approved_on",
            "approved_by",
            "next_review_due",
            "superseded_on",
            "notes",
            "classification",
            "scenarios",
            "attachments",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = [
            "organization",
            "version",
            "status",
            "approved_on",
            "approved_by",
            "next_review_due",
            "superseded_on",
            "created_at",
            "updated_at",
        ]


class ResponsePlanViewSet(TransitionActionMixin, ServiceViewSet):
    """Plan versions; `POST {id}/transition` {"to": "approved"} as multipart with the signed
    document in `attachment` (managers); approving supersedes the previous approved version."""

    queryset = (
        ResponsePlan.objects.select_related("target")
        .prefetch_related("scenarios__scenario", "attachments__uploaded_by", "attachments__content_type")
        .order_by("target", "kind", "-version")
    )
    serializer_class = ResponsePlanSerializer
    filterset_class = ResponsePlanFilterSet
    parser_classes = [JSONParser, MultiPartParser]
    create_service = services.do_create_response_plan
    update_service = services.do_update_response_plan
    delete_service = services.do_delete_response_plan
    owner_field = "target"
    fixed_fields = ("target", "kind")


class ScenarioSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scenario
        fields = ["id", "code", "name", "default_steps"]


class ScenarioViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue of situation types with their default initial-response steps (reference data)."""

    queryset = Scenario.objects.filter(is_active=True).order_by("sort_order", "name")
    serializer_class = ScenarioSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None


ROUTES: list = [
    ("key-targets", KeyTargetViewSet, "keytarget"),
    ("response-plans", ResponsePlanViewSet, "responseplan"),
    ("scenarios", ScenarioViewSet, "scenario"),
]
