"""/api/v1/training-events/, /legal-documents/, /disseminations/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedRelatedField, ServiceViewSet
from pckb.core.api_attachments import AttachmentSerializer
from pckb.core.imports.api import IMPORT_SCHEMA, import_response
from pckb.core.imports.importers import get_importer
from pckb.core.scoping import can, default_organization, get_object_for_user
from pckb.organizations.models import Organization

from . import services
from .filters import DisseminationFilterSet, LegalDocumentFilterSet, TrainingEventFilterSet
from .models import Dissemination, LegalDocument, TrainingEvent, TrainingParticipation, TrainingTopic

__all__ = ["TrainingEventSerializer", "LegalDocumentSerializer", "DisseminationSerializer", "ROUTES"]


class TrainingParticipantSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization)

    class Meta:
        model = TrainingParticipation
        fields = ["organization", "headcount"]


class TrainingEventSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    topics = ScopedRelatedField(TrainingTopic, many=True, required=False)
    participants = TrainingParticipantSerializer(
        many=True, required=False, help_text="Every participating organisation with its headcount (replaces the list)."
    )
    total_headcount = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingEvent
        fields = [
            "id",
            "organization",
            "kind",
            "title",
            "start_date",
            "end_date",
            "place",
            "topics",
            "participants",
            "total_headcount",
            "conclusions",
            "notes",
            "classification",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_total_headcount(self, obj: TrainingEvent) -> int:
        return sum(p.headcount for p in obj.participants.all())


class TrainingEventViewSet(ServiceViewSet):
    """Trainings, review conferences and outreach campaigns; filters kind, topic, organization,
    date_from, date_to (start date), q (title)."""

    queryset = TrainingEvent.objects.prefetch_related(
        "topics",
        Prefetch("participants", queryset=TrainingParticipation.objects.order_by("organization_id")),
        "attachments__uploaded_by",
        "attachments__content_type",
    ).order_by("-start_date", "-id")
    serializer_class = TrainingEventSerializer
    filterset_class = TrainingEventFilterSet
    create_service = services.do_create_training_event
    update_service = services.do_update_training_event
    delete_service = services.do_delete_training_event

    def service_fields(self, data: dict[str, Any], instance: Any = None) -> dict[str, Any]:
        if "participants" in data:
            data["participants"] = [dict(row) for row in data["participants"]]
        return data


class LegalDocumentSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    replaced_by = ScopedRelatedField(LegalDocument, required=False, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = LegalDocument
        fields = [
            "id",
            "organization",
            "doc_type",
            "number",
            "issued_on",
            "issuer",
            "subject",
            "effective_date",
            "status",
            "replaced_by",
            "is_public",
            "notes",
            "classification",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class GapOrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "code", "name", "parent"]


class GapSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text="The organisation whose members are listed.")
    results = GapOrganizationSerializer(many=True, help_text="Those that have not disseminated the document.")


class GapTasksSerializer(serializers.Serializer):
    organization = ScopedRelatedField(
        Organization, action="add", required=False, help_text="The issuer (default: your organization)."
    )
    assignees = ScopedRelatedField(Organization, many=True, help_text="Organisations of the gap list.")
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField()


class GapTasksResultSerializer(serializers.Serializer):
    group = serializers.IntegerField(help_text="The task group holding one task per organisation.")
    tasks = serializers.IntegerField()


def _gap_root(request: Request, pk: Any) -> Organization:
    """The organisation whose gap list is asked for: `pk` if the caller may see it, else their own."""
    if pk not in (None, ""):
        if not str(pk).isdigit():
            raise exceptions.ValidationError({"organization": [_("A whole number is required.")]})
        return get_object_for_user(request.user, Organization, pk, "view")
    root = default_organization(request.user, "add") or default_organization(request.user, "view")
    if root is None:
        raise exceptions.ValidationError({"organization": [_("Name the organization whose gap list this is.")]})
    return root


class LegalDocumentViewSet(ServiceViewSet):
    """The legal library (the public core included); filters doc_type, status, organization, date_from,
    date_to (date issued), q (number and subject, diacritics folded). `POST import` an Excel list;
    `GET {id}/gaps` who has not disseminated it; `POST {id}/gap-tasks` one task to each of them."""

    queryset = LegalDocument.objects.prefetch_related("attachments__uploaded_by", "attachments__content_type").order_by(
        "-issued_on", "-id"
    )
    serializer_class = LegalDocumentSerializer
    filterset_class = LegalDocumentFilterSet
    create_service = services.do_create_legal_document
    update_service = services.do_update_legal_document
    delete_service = services.do_delete_legal_document

    @extend_schema(
        **{
            **IMPORT_SCHEMA,
            "parameters": [
                *IMPORT_SCHEMA["parameters"],
                OpenApiParameter("organization", int, description="Whose library (default: your organization)."),
            ],
        }
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_documents(self, request: Request) -> Response:
        """Documents from an Excel workbook (the page's template), all or none; `?dry_run=true` only checks."""
        pk = request.query_params.get("organization")
        if pk is None:
            owner = default_organization(request.user, "add")
            if owner is None:
                return Response(
                    {"organization": [_("Name the organization whose library this is.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
            pk = owner.pk
        if not str(pk).isdigit():
            return Response({"organization": [_("A whole number is required.")]}, status=status.HTTP_400_BAD_REQUEST)
        target = get_importer("outreach.legaldocument").get_target(request.user, pk)
        return import_response(request, "outreach.legaldocument", target)

    @extend_schema(
        request=None,
        responses=GapSerializer,
        parameters=[
            OpenApiParameter("organization", int, description="Whose members (default: your organization)."),
            OpenApiParameter("all", bool, description="true: the whole subtree, not only direct members."),
        ],
    )
    @action(detail=True, methods=["get"], url_path="gaps")
    def gaps(self, request: Request, pk: Any = None) -> Response:
        """The active organisations under `organization` with no dissemination record of this document."""
        document = self.get_object()
        root = _gap_root(request, request.query_params.get("organization"))
        whole = request.query_params.get("all") in ("true", "1")
        rows = services.gap_organizations(document, root, whole_subtree=whole)[: services.GAP_LIMIT]
        return Response({"organization": root.pk, "results": GapOrganizationSerializer(rows, many=True).data})

    @extend_schema(request=GapTasksSerializer, responses={201: GapTasksResultSerializer})
    @action(detail=True, methods=["post"], url_path="gap-tasks")
    def gap_tasks(self, request: Request, pk: Any = None) -> Response:
        """One task per organisation of `assignees` ("disseminate this document"), source = the document;
        editors of the issuing organisation; an organisation that already disseminated it is a 400."""
        document = self.get_object()
        issuer = _gap_root(request, request.data.get("organization") if hasattr(request.data, "get") else None)
        if not can(request.user, "add", issuer):
            raise PermissionDenied(_("Only editors of {organization} may give it tasks.").format(organization=issuer))
        serializer = GapTasksSerializer(data=request.data, context=self.get_serializer_context())
        data = self.validated_body(serializer)
        below = [org for org in data["assignees"] if org.pk != issuer.pk and org.path.startswith(issuer.path)]
        outside = [org.name for org in data["assignees"] if org not in below]
        if outside:
            message = _("Not under {organization}: {names}.").format(organization=issuer, names=", ".join(outside))
            raise exceptions.ValidationError({"assignees": [message]})
        group = services.do_assign_dissemination_tasks(
            document,
            issuer,
            data["assignees"],
            actor=request.user,
            title=data["title"],
            deadline=data["deadline"],
            description=data.get("description", ""),
        )
        return Response({"group": group.pk, "tasks": len(data["assignees"])}, status=status.HTTP_201_CREATED)


class DisseminationSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    documents = ScopedRelatedField(LegalDocument, many=True)

    class Meta:
        model = Dissemination
        fields = [
            "id",
            "organization",
            "documents",
            "date",
            "form",
            "audience_count",
            "audience",
            "notes",
            "classification",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class DisseminationViewSet(ServiceViewSet):
    """Dissemination records; filters form, organization, document (id), date_from, date_to."""

    queryset = Dissemination.objects.prefetch_related("documents").order_by("-date", "-id")
    serializer_class = DisseminationSerializer
    filterset_class = DisseminationFilterSet
    create_service = services.do_create_dissemination
    update_service = services.do_update_dissemination
    delete_service = services.do_delete_dissemination


ROUTES: list = [
    ("training-events", TrainingEventViewSet, "trainingevent"),
    ("legal-documents", LegalDocumentViewSet, "legaldocument"),
    ("disseminations", DisseminationViewSet, "dissemination"),
]
