"""/api/v1/programs/, /plans/, /tasks/, /task-updates/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedReadOnlyViewSet, ScopedRelatedField, ServiceCreateMixin, ServiceViewSet
from pckb.core.pagination import CappedAPIPagination
from pckb.core.sources import resolve_source
from pckb.organizations.models import Organization

from . import services
from .choices import TaskStatus
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


class PlanSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    program = ScopedRelatedField(Program, required=False, allow_null=True)

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
            "attachment",
            "classification",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "issued_at", "closed_at", "created_at", "updated_at"]


class TaskSerializer(serializers.ModelSerializer):
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
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = TaskUpdate
        fields = ["id", "task", "kind", "percent", "text", "attachment", "attachment_url", "created_by", "created_at"]
        read_only_fields = ["kind", "created_by", "created_at"]
        extra_kwargs = {"attachment": {"write_only": True, "required": False}}

    def get_attachment_url(self, obj: TaskUpdate) -> str:
        return reverse("plans:taskupdate_attachment", args=[obj.pk]) if obj.attachment else ""


class ProgramViewSet(ServiceViewSet):
    """Multi-year programs of the committees in scope."""

    queryset = Program.objects.select_related("organization").order_by("-period_from", "id")
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet
    create_service = services.do_create_program
    update_service = services.do_update_program
    delete_service = services.do_delete_program


class PlanViewSet(ServiceViewSet):
    """Plans; `POST {id}/issue` and `POST {id}/close` are the status transitions (managers)."""

    queryset = Plan.objects.order_by("-period_from", "id")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    create_service = services.do_create_plan
    update_service = services.do_update_plan
    delete_service = services.do_delete_plan

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        plan = services.do_issue_plan(self.get_object(), actor=request.user)
        return Response(self.get_serializer(plan).data)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        plan = services.do_close_plan(self.get_object(), actor=request.user)
        return Response(self.get_serializer(plan).data)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=TaskStatus.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TaskViewSet(ServiceViewSet):
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

    def write_action(self) -> str:
        # A transition is allowed to either side of the task; the service decides who may do which.
        return "view" if self.action == "transition" else super().write_action()

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        if instance is None:
            # Only the allow-listed record types, and only records the caller may see (core.sources).
            data["source"] = resolve_source(data.pop("source_type", ""), data.pop("source_id", None), self.request.user)
        return data

    @extend_schema(request=TransitionSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: Any = None) -> Response:
        task = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = services.do_transition_task(
            task, body.validated_data["to"], body.validated_data["comment"], actor=request.user
        )
        return Response(self.get_serializer(task).data)


class TaskUpdateViewSet(ServiceCreateMixin, ScopedReadOnlyViewSet):
    """Timeline entries of the tasks the user may see; creating one reports progress (assignee side)."""

    queryset = TaskUpdate.objects.select_related("created_by").order_by("-created_at", "-id")
    serializer_class = TaskUpdateSerializer
    filterset_class = TaskUpdateFilterSet
    create_service = services.do_report_progress
    owner_field = "task"


ROUTES: list = [
    ("programs", ProgramViewSet, "program"),
    ("plans", PlanViewSet, "plan"),
    ("tasks", TaskViewSet, "task"),
    ("task-updates", TaskUpdateViewSet, "taskupdate"),
]
