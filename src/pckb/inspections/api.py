"""/api/v1/checklists/, /inspections/, /assessments/, /findings/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedReadOnlyViewSet, ScopedRelatedField, ServiceUpdateMixin, ServiceViewSet
from pckb.core.exports import XLSX_TYPE
from pckb.core.register.api import OutgoingDocumentSerializer, document_created
from pckb.core.register.services import do_draft_document
from pckb.core.register.views import DOCX, file_response
from pckb.core.scoping import NOT_FOUND_MESSAGE
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.organizations.models import Organization
from pckb.targets.models import KeyTarget

from . import services
from .api_campaigns import ROUTES as CAMPAIGN_ROUTES
from .choices import Answer, UnitKind
from .filters import AssessmentFilterSet, ChecklistFilterSet, FindingFilterSet, InspectionFilterSet
from .models import Assessment, Checklist, Criterion, Finding, Inspection

__all__ = ["ChecklistSerializer", "InspectionSerializer", "AssessmentSerializer", "FindingSerializer", "ROUTES"]


class CriterionSerializer(serializers.ModelSerializer):
    unit_kinds = serializers.ListField(child=serializers.ChoiceField(choices=UnitKind.choices), read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "number", "group", "text", "guidance", "weight", "evidence_required", "unit_kinds"]
        read_only_fields = fields


class ChecklistSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    # null for the built-in checklist (no owner); a new one must name its committee (the service says so).
    organization = ScopedRelatedField(Organization, action="add", allow_null=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = [
            "id", "organization", "title", "version", "status", "description", "published_on", "classification",
            "criteria", "created_at", "updated_at", "allowed_transitions",
        ]
        read_only_fields = ["version", "status", "published_on", "created_at", "updated_at"]


class ChecklistViewSet(TransitionActionMixin, ServiceViewSet):
    """Checklists (published ones readable by every committee); `POST {id}/transition` {"to": "published"}
    (managers); `POST {id}/new-version` makes a draft copy of a published one."""

    queryset = Checklist.objects.prefetch_related("criteria").order_by("title", "-version", "id")
    serializer_class = ChecklistSerializer
    filterset_class = ChecklistFilterSet
    create_service = services.do_create_checklist
    update_service = services.do_update_checklist
    delete_service = services.do_delete_checklist

    def write_action(self) -> str:
        if self.action == "new_version":
            return "view"
        return super().write_action()

    @extend_schema(request=None, responses={201: ChecklistSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: Any = None) -> Response:
        """A draft copy (owned by the checklist's committee, or yours for the built-in one)."""
        from pckb.core.scoping import default_organization

        copy = services.do_new_checklist_version(
            self.get_object(), default_organization(request.user, "add"), actor=request.user
        )
        return Response(self.get_serializer(copy).data, status=201)


class InspectionSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    checklist = ScopedRelatedField(Checklist)
    inspected = ScopedRelatedField(Organization, many=True)
    key_targets = ScopedRelatedField(KeyTarget, many=True, required=False)

    class Meta:
        model = Inspection
        fields = [
            "id", "organization", "title", "decision_number", "decision_date", "team_head", "team_head_title",
            "team_members", "period_from", "period_to", "visit_from", "visit_to", "checklist", "inspected",
            "key_targets", "corrective_deadline", "strengths", "requirements", "status", "concluded_on",
            "closed_on", "classification", "created_at", "updated_at", "allowed_transitions",
        ]
        read_only_fields = ["status", "concluded_on", "closed_on", "created_at", "updated_at"]



class InspectionViewSet(TransitionActionMixin, ServiceViewSet):
    """Missions; filters `organization`, `inspected`, `status`, `year`. `POST {id}/transition` {"to":
    "in_progress" | "concluded" | "follow_up" | "closed"}; `POST {id}/document?type=QD|TB` drafts the team
    decision or the conclusion; `GET {id}/conclusion.docx` the issued conclusion; `GET {id}/assessments.xlsx`."""

    queryset = Inspection.objects.prefetch_related("inspected", "key_targets").order_by("-visit_from", "-id")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    create_service = services.do_create_inspection
    update_service = services.do_update_inspection
    delete_service = services.do_delete_inspection

    def write_action(self) -> str:
        if self.action in ("document",):
            return "add"
        return super().write_action()

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        return qs.distinct() if "inspected" in self.request.query_params else qs

    @extend_schema(request=None, responses={201: OutgoingDocumentSerializer})
    @action(detail=True, methods=["post"])
    def document(self, request: Request, pk: Any = None) -> Response:
        """Draft the team decision (`?type=QD`, default) or the conclusion notice (`?type=TB`)."""
        doc_type = request.query_params.get("type", "QD")
        if doc_type not in ("QD", "TB"):
            raise serializers.ValidationError({"type": ["QD or TB."]})
        return document_created(request, do_draft_document(self.get_object(), actor=request.user, doc_type=doc_type))

    @extend_schema(responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="conclusion.docx")
    def conclusion_docx(self, request: Request, pk: Any = None) -> FileResponse:
        """The issued conclusion notice (404 until it is issued)."""
        from pckb.core.register.models import OutgoingDocument

        inspection = self.get_object()
        doc = (
            OutgoingDocument.objects.visible_to(request.user)
            .filter(source_type=ContentType.objects.get_for_model(Inspection), source_id=inspection.pk,
                    doc_type="TB", status="issued")
            .order_by("-issued_at", "-id")
            .first()
        )
        if doc is None or not doc.file:
            raise Http404(NOT_FOUND_MESSAGE)
        return file_response(doc.file, doc.file_name)

    @extend_schema(responses={(200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="assessments.xlsx")
    def assessments_xlsx(self, request: Request, pk: Any = None) -> HttpResponse:
        """The assessment table of the units you may read (criteria × units, scores)."""
        from .exports import assessment_workbook_response

        return assessment_workbook_response(self.get_object(), request.user)


class AnswerSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    number = serializers.IntegerField(source="criterion.number")
    answer = serializers.ChoiceField(choices=[("", "—"), *Answer.choices])
    note = serializers.CharField(allow_blank=True)


class AssessmentSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id", "inspection", "organization", "inspected", "unit_kind", "received_by", "summary", "score",
            "answers", "classification", "created_at", "updated_at",
        ]
        read_only_fields = ["inspection", "organization", "inspected", "score", "classification", "created_at",
                            "updated_at"]


class AnswersRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True)),
        help_text='{"<criterion id>": {"answer": "met|partly|not_met|na|", "note": "..."}}',
    )


class AssessmentViewSet(ServiceUpdateMixin, ScopedReadOnlyViewSet):
    """One per inspected unit (the unit reads its own once concluded); PATCH the officials who received
    the team, the summary, the kind of unit; `POST {id}/answers` answers criteria (the inspecting side)."""

    queryset = Assessment.objects.select_related("inspected").prefetch_related("answers__criterion").order_by("id")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    update_service = services.do_update_assessment
    fixed_fields = ("organization", "inspection", "inspected")

    @extend_schema(request=AnswersRequestSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk: Any = None) -> Response:
        body = AnswersRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assessment = services.do_answer_assessment(self.get_object(), body.validated_data["answers"],
                                                   actor=request.user)
        return Response(self.get_serializer(Assessment.objects.get(pk=assessment.pk)).data)


class FindingSerializer(serializers.ModelSerializer):
    inspection = ScopedRelatedField(Inspection)
    inspected = ScopedRelatedField(Organization)
    criterion = ScopedRelatedField(Criterion, required=False, allow_null=True)
    state = serializers.CharField(read_only=True, help_text="recorded, open, reported, verified or cancelled.")

    class Meta:
        model = Finding
        fields = [
            "id", "inspection", "inspected", "assessment", "criterion", "severity", "description", "recommendation",
            "deadline", "task", "state", "classification", "created_at", "updated_at",
        ]
        read_only_fields = ["assessment", "task", "created_at", "updated_at"]


class FindingViewSet(ServiceViewSet):
    """Findings; filters `inspection`, `inspected`, `severity`, `open=true`. Created on one of the
    mission's units before the conclusion, which turns each into a corrective task (`task`)."""

    queryset = Finding.objects.select_related("assessment__inspected", "assessment__inspection", "task").order_by(
        "id")
    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    create_service = services.do_create_finding
    update_service = services.do_update_finding
    delete_service = services.do_delete_finding
    owner_field = "inspection"
    fixed_fields = ("inspection", "inspected")


ROUTES: list = [
    ("checklists", ChecklistViewSet, "checklist"),
    ("inspections", InspectionViewSet, "inspection"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("findings", FindingViewSet, "finding"),
    *CAMPAIGN_ROUTES,
]
