"""/api/v1/report-templates/, /reporting-rounds/ (with {id}/rollup), /report-submissions/ (with
{id}/transition, {id}/export.docx and {id}/export.xlsx): the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedReadOnlyViewSet, ScopedRelatedField, ServiceCreateMixin, ServiceUpdateMixin
from pckb.core.exports import XLSX_TYPE
from pckb.core.pagination import CappedAPIPagination
from pckb.core.scoping import can
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.organizations.models import Organization

from . import services
from .choices import Aggregation, Compliance, SubmissionStatus
from .exports import export_filename, submission_docx, submission_xlsx
from .filters import ReportingRoundFilterSet, ReportSubmissionFilterSet, ReportTemplateFilterSet
from .models import ReportingRound, ReportSubmission, ReportTemplate
from .rollup import round_rollup

__all__ = ["ReportTemplateSerializer", "ReportingRoundSerializer", "ReportSubmissionSerializer", "ROUTES"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class SectionSerializer(serializers.Serializer):
    heading = serializers.CharField(max_length=300)
    guidance = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=60)
    label = serializers.CharField(max_length=300)
    unit = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    aggregation = serializers.ChoiceField(choices=Aggregation.choices, required=False, default=Aggregation.SUM)
    source = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class ReportTemplateSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="manage")
    sections = SectionSerializer(many=True, required=False)
    indicators = IndicatorSerializer(many=True, required=False)

    class Meta:
        model = ReportTemplate
        fields = [
            "id",
            "organization",
            "title",
            "kind",
            "period_type",
            "cutoff_day",
            "deadline_days",
            "sections",
            "indicators",
            "version",
            "status",
            "published_at",
            "classification",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = ["version", "status", "published_at", "created_at", "updated_at"]

    def to_representation(self, instance: ReportTemplate) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["indicators"] = IndicatorSerializer(instance.indicators.all(), many=True).data
        return data


class ReportTemplateViewSet(TransitionActionMixin, ServiceCreateMixin, ServiceUpdateMixin, ScopedReadOnlyViewSet):
    """Templates: published ones are readable by every committee, drafts by their committee's scope.

    POST creates a draft (managers); PATCH changes a draft; `POST {id}/transition` {"to": "published"}.
    """

    queryset = ReportTemplate.objects.select_related("organization").prefetch_related("indicators")
    serializer_class = ReportTemplateSerializer
    filterset_class = ReportTemplateFilterSet
    pagination_class = CappedAPIPagination
    create_service = services.do_create_report_template
    update_service = services.do_update_report_template

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("title", "-version", "pk")

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        for key in ("sections", "indicators"):
            if key in data:
                data[key] = [dict(item) for item in data[key]]
        return data


class ReportingRoundSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="manage")
    template = ScopedRelatedField(ReportTemplate)
    recipients = ScopedRelatedField(Organization, many=True, required=False)

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "organization",
            "template",
            "period_label",
            "period_start",
            "period_end",
            "due_date",
            "recipients",
            "notes",
            "status",
            "closed_at",
            "classification",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = ["status", "closed_at", "classification", "created_at", "updated_at"]


class RollupIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    aggregation = serializers.ChoiceField(choices=Aggregation.choices)
    total = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    reported_by = serializers.IntegerField(help_text="Accepted reports that gave a value.")


class ComplianceRowSerializer(serializers.Serializer):
    submission = serializers.IntegerField()
    organization = serializers.IntegerField()
    name = serializers.CharField(help_text="The unit's name at the end of the period.")
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    compliance = serializers.ChoiceField(choices=Compliance.choices)
    submitted_at = serializers.DateTimeField(allow_null=True)


class RollupSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    indicators = RollupIndicatorSerializer(many=True)
    compliance = ComplianceRowSerializer(many=True)


class ReportingRoundViewSet(TransitionActionMixin, ServiceCreateMixin, ServiceUpdateMixin, ScopedReadOnlyViewSet):
    """Rounds: POST opens one (managers of the issuing committee; `recipients` default to its member
    agencies and commune committees) with a prefilled draft per recipient; PATCH the label, due date and
    notes; `POST {id}/transition` {"to": "closed"|"open"}; `GET {id}/rollup`."""

    queryset = ReportingRound.objects.select_related("template", "organization").prefetch_related("recipients")
    serializer_class = ReportingRoundSerializer
    filterset_class = ReportingRoundFilterSet
    pagination_class = CappedAPIPagination
    create_service = services.do_open_round
    update_service = services.do_update_round
    fixed_fields = ("organization", "template", "period_start", "period_end", "recipients")

    def get_queryset(self) -> Any:
        qs = super().get_queryset().order_by("-period_end", "pk")
        # The roll-up reads no recipient list: a national round's 5,000 would cost it half a second.
        return qs.prefetch_related(None) if self.action == "rollup" else qs

    @extend_schema(responses=RollupSerializer)
    @action(detail=True, methods=["get"])
    def rollup(self, request: Request, pk: Any = None) -> Response:
        """The round's totals of its accepted reports per indicator, and where each recipient stands: for the
        issuing committee's side (a recipient reads its own report, not the other units')."""
        rnd = self.get_object()
        if not can(request.user, "view", rnd.organization):
            raise PermissionDenied(_("Only the issuing committee reads the roll-up of its round."))
        result = round_rollup(rnd)
        return Response(
            {
                "round": rnd.pk,
                "indicators": [
                    {
                        "code": t.indicator.code,
                        "label": t.indicator.label,
                        "unit": t.indicator.unit,
                        "aggregation": t.indicator.aggregation,
                        "total": None if t.total is None else f"{t.total:.2f}",
                        "reported_by": t.reported_by,
                    }
                    for t in result.totals
                ],
                "compliance": [
                    {
                        "submission": r.submission_id,
                        "organization": r.organization_id,
                        "name": r.name,
                        "status": r.status,
                        "compliance": r.compliance,
                        "submitted_at": r.submitted_at,
                    }
                    for r in result.rows
                ],
            }
        )


class SubmissionValueSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code")
    label = serializers.CharField(source="indicator.label")
    unit = serializers.CharField(source="indicator.unit")
    source = serializers.CharField(source="indicator.source", help_text="The count code, or empty.")
    computed = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    override_reason = serializers.CharField()


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "string", "nullable": True},
                {"type": "number", "nullable": True},
                {"type": "object", "properties": {"value": {}, "reason": {"type": "string"}}},
            ]
        },
        "description": 'Figures to set by indicator code: {"code": value} or {"code": {"value": v, "reason": "…"}}.',
    }
)
class FiguresField(serializers.DictField):
    pass


class ReportSubmissionSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    values = SubmissionValueSerializer(many=True, read_only=True)
    figures = FiguresField(write_only=True, required=False)
    texts = serializers.ListField(child=serializers.CharField(allow_blank=True, max_length=50_000), required=False)

    class Meta:
        model = ReportSubmission
        fields = [
            "id",
            "round",
            "organization",
            "status",
            "texts",
            "values",
            "figures",
            "submitted_at",
            "accepted_at",
            "return_comment",
            "classification",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = [
            "round",
            "organization",
            "status",
            "submitted_at",
            "accepted_at",
            "return_comment",
            "classification",
            "created_at",
            "updated_at",
        ]


class ReportSubmissionViewSet(TransitionActionMixin, ServiceUpdateMixin, ScopedReadOnlyViewSet):
    """Submissions (filters `round`, `organization`, `status`): PATCH `texts` (one per section) and
    `figures` of a draft or returned report (editors of the unit); `POST {id}/transition` {"to":
    "submitted"|"resubmitted"} (the unit) or {"to": "accepted"|"returned", "comment"} (the issuing
    committee's managers); `GET {id}/export.docx` and `{id}/export.xlsx`."""

    queryset = ReportSubmission.objects.select_related("organization", "round__template").prefetch_related(
        "values__indicator"
    )
    serializer_class = ReportSubmissionSerializer
    filterset_class = ReportSubmissionFilterSet
    pagination_class = CappedAPIPagination
    update_service = services.do_update_submission

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("round", "organization__path", "pk")

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        return {"texts": data.get("texts"), "values": data.get("figures")}

    @extend_schema(responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="export.docx")
    def export_docx(self, request: Request, pk: Any = None) -> HttpResponse:
        """The report as Word: the issued "Báo cáo" when there is one, otherwise the current text."""
        sub = self.get_object()
        response = HttpResponse(submission_docx(sub), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(sub, "docx")}"'
        return response

    @extend_schema(responses={(200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="export.xlsx")
    def export_xlsx(self, request: Request, pk: Any = None) -> HttpResponse:
        """The figures, and the annex of the unit's own round for the period, as Excel."""
        sub = self.get_object()
        response = HttpResponse(submission_xlsx(sub), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(sub, "xlsx")}"'
        return response


ROUTES: list = [
    ("report-templates", ReportTemplateViewSet, "reporttemplate"),
    ("reporting-rounds", ReportingRoundViewSet, "reportinground"),
    ("report-submissions", ReportSubmissionViewSet, "reportsubmission"),
]
