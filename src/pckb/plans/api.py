"""/api/v1/programs/, /plans/, /tasks/, /task-updates/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import OrganizationField, ScopedModelViewSet, ScopedReadOnlyViewSet
from pckb.core.api_attachments import AttachmentSerializer
from pckb.core.pagination import CappedAPIPagination
from pckb.core.scoping import get_object_for_user
from pckb.core.validators import validate_document_file
from pckb.core.workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from pckb.organizations.models import Organization

from . import services
from .choices import PlanStatus
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


class PlanSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = OrganizationField()
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
    task = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all())
    percent = serializers.IntegerField(required=True, min_value=0, max_value=100)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    # Writing: one file with the report (more through /attachments/); reading: every file, with its URL.
    attachment = serializers.FileField(write_only=True, required=False, validators=[validate_document_file])
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TaskUpdate
        fields = ["id", "task", "kind", "percent", "text", "attachment", "attachments", "created_by", "created_at"]
        read_only_fields = ["kind", "created_by", "created_at"]


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
    fields_allowed = PLAN_FIELDS
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


class TaskViewSet(TransitionActionMixin, ServiceViewSet):
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


class TaskUpdateViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Timeline entries of the tasks the user may see; creating one reports progress (assignee side)."""

    queryset = (
        TaskUpdate.objects.select_related("created_by")
        .prefetch_related("attachments__uploaded_by", "attachments__content_type")
        .order_by("-created_at", "-id")
    )
    serializer_class = TaskUpdateSerializer
    filterset_class = TaskUpdateFilterSet

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        task = get_object_for_user(request.user, Task, data["task"].pk, "view")
        files = [data["attachment"]] if data.get("attachment") else []
        entry = services.do_report_progress(
            task, data["percent"], data.get("text", ""), attachments=files, actor=request.user
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)


ROUTES: list = [
    ("programs", ProgramViewSet, "program"),
    ("plans", PlanViewSet, "plan"),
    ("tasks", TaskViewSet, "task"),
    ("task-updates", TaskUpdateViewSet, "taskupdate"),
]
