"""/api/v1/incidents/ and /api/v1/alerts/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedReadOnlyViewSet, ScopedRelatedField, ServiceCreateMixin, ServiceUpdateMixin
from pckb.core.pagination import CappedAPIPagination
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.geo.models import AdminUnit
from pckb.organizations.models import Organization
from pckb.targets.models import KeyTarget, Scenario

from . import services
from .filters import AlertFilterSet, IncidentFilterSet
from .models import Alert, ChecklistStep, Incident
from .timeline import timeline_of

__all__ = ["IncidentSerializer", "AlertSerializer", "TimelineItemSerializer", "ROUTES"]


class ChecklistStepSerializer(serializers.ModelSerializer):
    done_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = ChecklistStep
        fields = ["id", "position", "text", "state", "done_by", "done_at", "reason"]


class IncidentSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    scenario = ScopedRelatedField(Scenario)
    admin_unit = ScopedRelatedField(AdminUnit)
    target = ScopedRelatedField(KeyTarget, required=False, allow_null=True)
    alert_organizations = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        write_only=True,
        required=False,
        max_length=30,
        help_text="Ids of organizations of the province's committee to alert besides the standing offices.",
    )
    steps = ChecklistStepSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "organization",
            "scenario",
            "title",
            "occurred_at",
            "reported_at",
            "admin_unit",
            "address",
            "latitude",
            "longitude",
            "target",
            "severity",
            "status",
            "is_exercise",
            "description",
            "summary",
            "closed_at",
            "classification",
            "alert_organizations",
            "steps",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = ["status", "summary", "closed_at", "created_at", "updated_at"]


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class TimelineItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    text = serializers.CharField()
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    organization = serializers.CharField()
    url = serializers.CharField()


class IncidentViewSet(TransitionActionMixin, ServiceCreateMixin, ServiceUpdateMixin, ScopedReadOnlyViewSet):
    """Incidents; filters status, severity, exercise, organization, since (YYYY-MM-DD).

    `POST {id}/transition` {"to", "comment"} (closing: the summary in "comment"); `GET {id}/timeline`;
    `POST {id}/notes` {"text"} by any organization taking part.
    """

    queryset = (
        Incident.objects.select_related("scenario", "admin_unit")
        .prefetch_related("steps__done_by")
        .order_by("-reported_at", "-pk")
    )
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    pagination_class = CappedAPIPagination
    create_service = services.do_report_incident
    update_service = services.do_update_incident
    fixed_fields = ("organization", "scenario", "target", "is_exercise")
    transition_actions = ("transition", "notes")

    @extend_schema(responses={200: TimelineItemSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def timeline(self, request: Request, pk: Any = None) -> Response:
        """The timeline, newest first: state changes, steps, alerts, acknowledgements, notes, files."""
        items = timeline_of(self.get_object())
        return Response(TimelineItemSerializer(items, many=True).data)

    @extend_schema(request=NoteSerializer, responses={201: TimelineItemSerializer}, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def notes(self, request: Request, pk: Any = None) -> Response:
        """Add a note (editors of the reporting or of an alerted organization)."""
        incident = self.get_object()
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.do_add_note(incident, body.validated_data["text"], actor=request.user)
        item = timeline_of(incident, limit=1)[0]
        return Response(TimelineItemSerializer(item).data, status=status.HTTP_201_CREATED)


class AlertSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True, help_text="sent, delivered, acknowledged or escalated.")
    acknowledged_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "incident",
            "organization",
            "sender",
            "reason",
            "state",
            "sent_at",
            "delivered_at",
            "escalate_at",
            "acknowledged_at",
            "acknowledged_by",
            "escalated_at",
            "webhook_status",
            "webhook_delivered_at",
        ]
        read_only_fields = fields


class AlertViewSet(ScopedReadOnlyViewSet):
    """Alerts sent or received by the caller's organizations; filters incident, acknowledged.

    `POST {id}/acknowledge` by the addressed organization's staff, once.
    """

    queryset = Alert.objects.select_related("acknowledged_by").order_by("-sent_at", "pk")
    serializer_class = AlertSerializer
    filterset_class = AlertFilterSet
    pagination_class = CappedAPIPagination

    def write_action(self) -> str:
        return "view"  # the service checks that the caller belongs to the addressed organization

    @extend_schema(request=None, responses={200: AlertSerializer}, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        alert = services.do_acknowledge_alert(self.get_object(), actor=request.user)
        return Response(self.get_serializer(alert).data)


ROUTES: list = [
    ("incidents", IncidentViewSet, "incident"),
    ("alerts", AlertViewSet, "alert"),
]
