"""/api/v1/documents/: the register through the same services and scoping as the pages.

`POST {id}/issue` (alias of `transition` to "issued"), `GET {id}/file` (the issued .docx),
`POST {id}/correct` (a draft replacing it). Filters: type, year, organization, source_type,
source_id, status, classification.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pckb.organizations.models import Organization

from ..api import ScopedRelatedField, ServiceViewSet
from ..scoping import NOT_FOUND_MESSAGE
from ..workflow.api import AllowedTransitionsMixin, TransitionActionMixin
from . import services
from .choices import DocumentStatus
from .filters import DocumentFilterSet
from .models import OutgoingDocument
from .views import DOCX, file_response

__all__ = ["OutgoingDocumentSerializer", "OutgoingDocumentViewSet", "document_created", "ROUTES"]


class OutgoingDocumentSerializer(AllowedTransitionsMixin, serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, action="add")
    source_type = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = OutgoingDocument
        fields = [
            "id",
            "organization",
            "doc_type",
            "number",
            "year",
            "symbol",
            "date",
            "subject",
            "body",
            "signer_name",
            "signer_position",
            "signer_authority",
            "signer_body",
            "recipients",
            "urgency",
            "drafting_unit",
            "classification",
            "source_type",
            "source_id",
            "source_date",
            "status",
            "replaces",
            "replaced_by",
            "sha256",
            "file_url",
            "issued_at",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]
        read_only_fields = [
            "number",
            "year",
            "symbol",
            "date",
            "source_id",
            "status",
            "replaces",
            "sha256",
            "issued_at",
            "created_at",
            "updated_at",
        ]

    def get_source_type(self, obj: OutgoingDocument) -> str:
        return obj.source_label

    def get_replaced_by(self, obj: OutgoingDocument) -> int | None:
        newer = obj.replaced_by
        return newer.pk if newer else None

    def get_file_url(self, obj: OutgoingDocument) -> str:
        return f"/api/v1/documents/{obj.pk}/file" if obj.file else ""


class OutgoingDocumentViewSet(TransitionActionMixin, ServiceViewSet):
    """The register: drafts are edited and deleted; issuing is `POST {id}/issue` (managers)."""

    queryset = OutgoingDocument.objects.select_related("source_type").order_by("-year", "-number", "-id")
    serializer_class = OutgoingDocumentSerializer
    filterset_class = DocumentFilterSet
    create_service = services.do_create_document
    update_service = services.do_update_document
    delete_service = services.do_delete_document
    transition_actions = ("transition", "issue", "correct")

    @extend_schema(request=None, responses=OutgoingDocumentSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        """Alias of `transition` to "issued": numbered, rendered and stored; final."""
        return self.transition_response(request, DocumentStatus.ISSUED)

    @extend_schema(request=None, responses={201: OutgoingDocumentSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: Any = None) -> Response:
        """A new draft that replaces this issued document once it is issued (managers)."""
        new = services.do_correct_document(self.get_object(), actor=request.user)
        return Response(self.get_serializer(new).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk: Any = None) -> FileResponse:
        """The issued .docx (404 for a draft and for whoever may not see the document)."""
        doc = self.get_object()
        if not doc.file:
            raise Http404(NOT_FOUND_MESSAGE)
        return file_response(doc.file, doc.file_name)


def document_created(request: Request, document: OutgoingDocument) -> Response:
    """The answer of an action that drafts a document from another record (plans, rosters): 201."""
    serializer = OutgoingDocumentSerializer(document, context={"request": request})
    return Response(serializer.data, status=status.HTTP_201_CREATED)


ROUTES = [("documents", OutgoingDocumentViewSet, "document")]
