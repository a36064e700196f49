"""/api/v1/programs/, /plans/, /tasks/, /task-updates/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedReadOnlyViewSet, ScopedRelatedField, ServiceCreateMixin, ServiceViewSet
from pckb.core.api_attachments import AttachmentSerializer
from pckb.core.imports.api import IMPORT_SCHEMA, import_response
from pckb.core.pagination import CappedAPIPagination
from pckb.core.register.api import OutgoingDocumentSerializer, document_created
from pckb.core.register.services import do_draft_document
from pckb.core.sources import resolve_source
from pckb.core.validators import validate_document_file
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.organizations.models import Organization

from . import services
from .choices import PlanStatus
from .filters import PlanFilterSet, ProgramFilterSet, TaskFilterSet, TaskUpdateFilterSet
from .models import Plan, Program, Task, TaskUpdate

__all__ = [
    "ProgramSerializer",
    "PlanSerializer",
    "TaskSerializer",
    "TaskUpdateSerializer",
    "ProgramViewSet",
    "PlanViewSet",
    "TaskViewSet",
    "TaskUpdateViewSet",
    "ROUTES",
]


class ProgramSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")

    class Meta:
        model = Program
        fields = [
            "id",
            "organization",
            "title",
            "period_from",
            "period_to",
            "legal_basis",
            "description",
            "classification",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class PlanSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    program = ScopedRelatedField(Program, required=False, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "organization",
            "program",
            "title",
            "kind",
            "period_from",
            "period_to",
            "document_number",
            "document_date",
            "description",
            "status",
            "issued_at",
            "closed_at",
            "attachments",
            "classification",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = ["status", "issued_at", "closed_at", "created_at", "updated_at"]


class TaskSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    """A task; `organization` is the issuer, `assignee` the lead organisation (ids)."""

    organization = ScopedRelatedField(Organization, action="add")
    assignee = ScopedRelatedField(Organization, action="add")
    supporters = ScopedRelatedField(Organization, action="add", many=True, required=False)
    plan = ScopedRelatedField(Plan, required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    source_type = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,  # null in the answer when the task has no source
        help_text=_('The source record\'s type as "app.model", e.g. "plans.plan" (null: no source).'),
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "organization",
            "assignee",
            "supporters",
            "assigned_on",
            "deadline",
            "priority",
            "status",
            "is_overdue",
            "progress",
            "plan",
            "group",
            "source_type",
            "source_id",
            "recurrence",
            "recurrence_parent",
            "classification",
            "cancel_reason",
            "completed_at",
            "verified_at",
            "created_at",
            "updated_at",
            "url",
            "allowed_transitions",
        ]
        read_only_fields = [
            "status",
            "progress",
            "group",
            "recurrence_parent",
            "cancel_reason",
            "completed_at",
            "verified_at",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance: Task) -> dict[str, Any]:
        data = super().to_representation(instance)
        source_type = instance.source_type
        data["source_type"] = f"{source_type.app_label}.{source_type.model}" if source_type else None
        return data

    def get_url(self, obj: Task) -> str:
        return obj.get_absolute_url()


class TaskUpdateSerializer(serializers.ModelSerializer):
    task = ScopedRelatedField(Task)
    # Required in a report; null in the answer for the timeline's status entries (started, done...).
    percent = serializers.IntegerField(required=True, allow_null=True, min_value=0, max_value=100)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # Writing: one file with the report (more through /attachments/); reading: every file, with its URL.
    attachment = serializers.FileField(write_only=True, required=False, validators=[validate_document_file])
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TaskUpdate
        fields = ["id", "task", "kind", "percent", "text", "attachment", "attachments", "created_by", "created_at"]
        read_only_fields = ["kind", "created_by", "created_at"]


class ProgramViewSet(ServiceViewSet):
    """Multi-year programs of the committees in scope."""

    queryset = Program.objects.select_related("organization").order_by("-period_from", "id")
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet
    create_service = services.do_create_program
    update_service = services.do_update_program
    delete_service = services.do_delete_program


class PlanViewSet(TransitionActionMixin, ServiceViewSet):
    """Plans; `POST {id}/transition` {"to": "issued" | "closed"} (managers); `issue` and `close` are aliases."""

    queryset = Plan.objects.prefetch_related("attachments__uploaded_by", "attachments__content_type").order_by(
        "-period_from", "id"
    )
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    create_service = services.do_create_plan
    update_service = services.do_update_plan
    delete_service = services.do_delete_plan
    transition_actions = ("transition", "issue", "close")

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        """Alias of `transition` to "issued"."""
        return self.transition_response(request, PlanStatus.ISSUED)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Alias of `transition` to "closed"."""
        return self.transition_response(request, PlanStatus.CLOSED)

    @extend_schema(request=None, responses={201: OutgoingDocumentSerializer})
    @action(detail=True, methods=["post"])
    def document(self, request: Request, pk: Any = None) -> Response:
        """Draft the plan's "Kế hoạch" in the document register (editors); it is issued there."""
        return document_created(request, do_draft_document(self.get_object(), actor=request.user))

    @extend_schema(**IMPORT_SCHEMA)
    @action(detail=True, methods=["post"], url_path="import-tasks", parser_classes=[MultiPartParser])
    def import_tasks(self, request: Request, pk: Any = None) -> Response:
        """Tasks from an Excel workbook (the page's template), all or none; `?dry_run=true` only checks."""
        return import_response(request, "plans.task", self.get_object())


class TaskViewSet(TransitionActionMixin, ServiceViewSet):
    """Tasks the user may see: issued in their subtrees, or assigned to them (and below).

    Filters: assignee, organization, status, overdue=true, plan, deadline_before, deadline_after.
    Status changes: `POST {id}/transition` with {"to": "done", "comment": "..."}.
    """

    queryset = Task.objects.with_overdue().select_related("source_type").prefetch_related("supporters")
    serializer_class = TaskSerializer
    pagination_class = CappedAPIPagination
    filterset_class = TaskFilterSet
    create_service = services.do_create_task
    update_service = services.do_update_task
    delete_service = services.do_delete_task
    fixed_fields = ("organization", "plan", "assigned_on", "source_type", "source_id")

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("deadline", "id")

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        if instance is None:
            # Only the allow-listed record types, and only records the caller may see (core.sources).
            data["source"] = resolve_source(data.pop("source_type", ""), data.pop("source_id", None), self.request.user)
        return data


class TaskUpdateViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """Timeline entries of the tasks the user may see; creating one reports progress (assignee side)."""

    queryset = (
        TaskUpdate.objects.select_related("created_by")
        .prefetch_related("attachments__uploaded_by", "attachments__content_type")
        .order_by("-created_at", "-id")
    )
    serializer_class = TaskUpdateSerializer
    filterset_class = TaskUpdateFilterSet
    create_service = services.do_report_progress
    owner_field = "task"

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        # One file through the API, as before; the service takes a list (core attachments of the entry).
        attachment = data.pop("attachment", None)
        return {**data, "attachments": [attachment] if attachment else []}


ROUTES: list = [
    ("programs", ProgramViewSet, "program"),
    ("plans", PlanViewSet, "plan"),
    ("tasks", TaskViewSet, "task"),
    ("task-updates", TaskUpdateViewSet, "taskupdate"),
]
