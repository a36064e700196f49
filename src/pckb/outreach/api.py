"""/api/v1/training-events/, /legal-documents/, /disseminations/: the same services and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.core.api import ScopedRelatedField, ServiceViewSet
from pckb.core.api_attachments import AttachmentSerializer
from pckb.core.imports.api import IMPORT_SCHEMA, import_response
from pckb.core.imports.importers import get_importer
from pckb.core.scoping import default_organization
from pckb.organizations.models import Organization

from . import services
from .filters import DisseminationFilterSet, LegalDocumentFilterSet, TrainingEventFilterSet
from .models import Dissemination, LegalDocument, TrainingEvent, TrainingParticipation, TrainingTopic

__all__ = ["TrainingEventSerializer", "LegalDocumentSerializer", "DisseminationSerializer", "ROUTES"]


class ParticipantSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization)

    class Meta:
        model = TrainingParticipation
        fields = ["organization", "headcount"]


class TrainingEventSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    topics = ScopedRelatedField(TrainingTopic, many=True, required=False)
    participants = ParticipantSerializer(
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


class LegalDocumentViewSet(ServiceViewSet):
    """The legal library (the public core included); filters doc_type, status, organization, date_from,
    date_to (date issued), q (number and subject, diacritics folded). `POST import` an Excel list."""

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
