"""/api/v1/programs/, /plans/, /tasks/, /task-updates/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import OrganizationField, ScopedModelViewSet, ScopedReadOnlyViewSet
from pckb.core.imports.api import IMPORT_SCHEMA, import_response
from pckb.core.pagination import CappedAPIPagination
from pckb.core.scoping import get_object_for_user
from pckb.organizations.models import Organization

from . import services
from .choices import TaskStatus
from .filters import PlanFilterSet, ProgramFilterSet, TaskFilterSet, TaskUpdateFilterSet
from .models import Plan, Program, Task, TaskUpdate
from .services.plans import PLAN_FIELDS, PROGRAM_FIELDS
from .services.tasks import TASK_FIELDS, TASK_UPDATE_FIELDS, resolve_source

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


def _pick(data: dict[str, Any], allowed: tuple[str, ...] | set[str]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in allowed}


class ProgramSerializer(serializers.ModelSerializer):
    organization = OrganizationField()

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
    organization = OrganizationField()

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

    organization = OrganizationField()
    assignee = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True))
    supporters = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Organization.objects.filter(is_active=True)
    )
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    source_type = serializers.CharField(
        required=False, allow_blank=True, help_text=_('The source record\'s type as "app.model", e.g. "plans.plan".')
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
    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all())
    percent = serializers.IntegerField(required=True, min_value=0, max_value=100)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = TaskUpdate
        fields = ["id", "task", "kind", "percent", "text", "attachment", "attachment_url", "created_by", "created_at"]
        read_only_fields = ["kind", "created_by", "created_at"]
        extra_kwargs = {"attachment": {"write_only": True, "required": False}}

    def get_attachment_url(self, obj: TaskUpdate) -> str:
        return reverse("plans:taskupdate_attachment", args=[obj.pk]) if obj.attachment else ""


class ServiceViewSet(ScopedModelViewSet):
    """Writes go through the app's services (validated, audited); the base class's plain saves are unused."""

    create_service: Any = None
    update_service: Any = None
    delete_service: Any = None
    fields_allowed: tuple[str, ...] = ()

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        serializer.instance = type(self).create_service(organization, actor=self.request.user, **data)

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        data = dict(serializer.validated_data)
        org = data.pop("organization", None)
        if org is not None and org.pk != serializer.instance.organization_id:
            raise ValidationError({"organization": [_("The owning organization cannot be changed here.")]})
        fields = _pick(data, self.fields_allowed)
        serializer.instance = type(self).update_service(serializer.instance, actor=self.request.user, **fields)

    def perform_destroy(self, instance: Any) -> None:
        type(self).delete_service(instance, actor=self.request.user)


class ProgramViewSet(ServiceViewSet):
    """Multi-year programs of the committees in scope."""

    queryset = Program.objects.select_related("organization").order_by("-period_from", "id")
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet
    create_service = services.do_create_program
    update_service = services.do_update_program
    delete_service = services.do_delete_program
    fields_allowed = PROGRAM_FIELDS


class PlanViewSet(ServiceViewSet):
    """Plans; `POST {id}/issue` and `POST {id}/close` are the status transitions (managers)."""

    queryset = Plan.objects.order_by("-period_from", "id")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    create_service = services.do_create_plan
    update_service = services.do_update_plan
    delete_service = services.do_delete_plan
    fields_allowed = PLAN_FIELDS

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

    @extend_schema(**IMPORT_SCHEMA)
    @action(detail=True, methods=["post"], url_path="import-tasks", parser_classes=[MultiPartParser])
    def import_tasks(self, request: Request, pk: Any = None) -> Response:
        """Tasks from an Excel workbook (the page's template), all or none; `?dry_run=true` only checks."""
        return import_response(request, "plans.task", self.get_object())


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
    update_service = services.do_update_task
    delete_service = services.do_delete_task
    fields_allowed = (*TASK_UPDATE_FIELDS, "supporters")

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("deadline", "id")

    def write_action(self) -> str:
        # A transition is allowed to either side of the task; the service decides who may do which.
        return "view" if self.action == "transition" else super().write_action()

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        data = dict(serializer.validated_data)
        organization = data.pop("organization")
        source = resolve_source(data.pop("source_type", ""), data.pop("source_id", None), self.request.user)
        supporters = data.pop("supporters", [])
        serializer.instance = services.do_create_task(
            organization,
            actor=self.request.user,
            supporters=supporters,
            source=source,
            **_pick(data, TASK_FIELDS),
        )

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        fixed = {"plan", "assigned_on", "source_type", "source_id"} & set(serializer.validated_data)
        if fixed:
            raise ValidationError({key: [_("This cannot be changed after the task is created.")] for key in fixed})
        super().perform_update(serializer)

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


class TaskUpdateViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Timeline entries of the tasks the user may see; creating one reports progress (assignee side)."""

    queryset = TaskUpdate.objects.select_related("created_by").order_by("-created_at", "-id")
    serializer_class = TaskUpdateSerializer
    filterset_class = TaskUpdateFilterSet

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        task = get_object_for_user(request.user, Task, data["task"].pk, "view")
        entry = services.do_report_progress(
            task, data["percent"], data.get("text", ""), data.get("attachment"), actor=request.user
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)


ROUTES: list = [
    ("programs", ProgramViewSet, "program"),
    ("plans", PlanViewSet, "plan"),
    ("tasks", TaskViewSet, "task"),
    ("task-updates", TaskUpdateViewSet, "taskupdate"),
]
