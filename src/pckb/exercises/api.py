"""/api/v1/exercises/: the same services and scoping as the pages, with the transition endpoint and
`POST {id}/improvement-items` (a task for the owner of an area for improvement)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedRelatedField, ServiceViewSet, check_writable_fields
from pckb.core.documents import DocumentType
from pckb.core.register.api import OutgoingDocumentSerializer, document_created
from pckb.core.register.services import do_draft_document
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.organizations.models import Organization
from pckb.plans.choices import TaskPriority
from pckb.targets.models import KeyTarget, Scenario

from . import services
from .choices import Rating
from .filters import ExerciseFilterSet
from .models import MAX_FORCE, Exercise

__all__ = ["ExerciseSerializer", "ImprovementItemSerializer", "ExerciseViewSet", "ROUTES"]


class ExerciseParticipantSerializer(serializers.Serializer):
    organization = ScopedRelatedField(Organization)
    force_count = serializers.IntegerField(min_value=0, max_value=MAX_FORCE)


class ObjectiveSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    rating = serializers.ChoiceField(choices=Rating.choices, allow_blank=True, required=False)
    observation = serializers.CharField(allow_blank=True, required=False, max_length=5000)


class ExerciseSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    target = ScopedRelatedField(KeyTarget, required=False, allow_null=True)
    scenario = ScopedRelatedField(Scenario, required=False, allow_null=True)
    participants = ExerciseParticipantSerializer(many=True, source="participations", required=False)
    objectives = ObjectiveSerializer(many=True, required=False)
    total_force = serializers.SerializerMethodField(help_text="Sum of the participants' force counts.")

    class Meta:
        model = Exercise
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "date",
            "end_date",
            "place",
            "organization",
            "target",
            "scenario",
            "description",
            "participants",
            "objectives",
            "total_force",
            "evaluated_on",
            "strengths",
            "areas_for_improvement",
            "classification",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]

    def get_total_force(self, obj: Exercise) -> int:
        return sum(p.force_count for p in obj.participations.all())


class ImprovementItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(allow_blank=True, required=False, max_length=10000)
    assignee = ScopedRelatedField(Organization, action="add", allow_null=True, required=False)
    deadline = serializers.DateField(allow_null=True, required=False)
    priority = serializers.ChoiceField(choices=TaskPriority.choices, required=False)
    status = serializers.CharField(read_only=True)


class DocumentRequestSerializer(serializers.Serializer):
    doc_type = serializers.ChoiceField(
        choices=[(DocumentType.REPORT, "after-action report"), (DocumentType.PLAN, "improvement plan")],
        required=False,
    )


class ExerciseViewSet(TransitionActionMixin, ServiceViewSet):
    """Exercises; filters q, kind, status, year, date_from, date_to, organization, target.

    `POST {id}/transition` {"to": "conducted" | "evaluated"}; the evaluation (objectives' ratings,
    strengths, areas_for_improvement, evaluated_on) is a PATCH once conducted.
    """

    queryset = (
        Exercise.objects.select_related("organization")
        .prefetch_related("participations", "objectives")
        .order_by("-date", "-id")
    )
    serializer_class = ExerciseSerializer
    filterset_class = ExerciseFilterSet
    create_service = services.do_create_exercise
    update_service = services.do_update_exercise
    delete_service = services.do_delete_exercise

    def write_action(self) -> str:
        if self.action == "improvement_items":
            return "add"
        return super().write_action()

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        if "participations" in data:
            data["participants"] = data.pop("participations")
        if "objectives" in data:
            data["objectives"] = [dict(row) for row in data["objectives"]]
        return data

    @extend_schema(request=ImprovementItemSerializer, responses={201: ImprovementItemSerializer})
    @action(detail=True, methods=["post"], url_path="improvement-items")
    def improvement_items(self, request: Request, pk: Any = None) -> Response:
        """An area for improvement as a task of its owner (`assignee`), source = the exercise."""
        exercise = self.get_object()
        body = ImprovementItemSerializer(data=request.data, context=self.get_serializer_context())
        check_writable_fields(body, request.data)
        body.is_valid(raise_exception=True)
        task = services.do_add_improvement_item(exercise, actor=request.user, **body.validated_data)
        return Response(ImprovementItemSerializer(task).data, status=status.HTTP_201_CREATED)


    @extend_schema(request=DocumentRequestSerializer, responses={201: OutgoingDocumentSerializer})
    @action(detail=True, methods=["post"])
    def document(self, request: Request, pk: Any = None) -> Response:
        """Draft the after-action report (`"doc_type": "BC"`, the default) or the improvement plan
        (`"KH"`) in the document register (editors); it is completed and issued there."""
        exercise = self.get_object()
        body = DocumentRequestSerializer(data=request.data)
        check_writable_fields(body, request.data)
        body.is_valid(raise_exception=True)
        doc_type = body.validated_data.get("doc_type") or DocumentType.REPORT
        return document_created(request, do_draft_document(exercise, actor=request.user, doc_type=doc_type))


ROUTES: list = [("exercises", ExerciseViewSet, "exercise")]

