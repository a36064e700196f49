"""/api/v1/attachments/: the files of any record, scoped through their owners like the pages.

GET ?owner_type=plans.plan&owner_id=7 lists a record's files; POST (multipart: owner_type, owner_id,
file, purpose) uploads one; GET {id}/download streams it; DELETE {id} removes it. A hidden or missing
owner is a 404 (the same answer), an owner the caller may see but not change a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from .api import ScopedReadOnlyViewSet
from .attachments import do_add_attachment, do_delete_attachment, download_response, get_owner_for_user, owner_model
from .models import Attachment
from .validators import validate_document_file

__all__ = ["AttachmentSerializer", "AttachmentUploadSerializer", "AttachmentViewSet"]


class AttachmentSerializer(serializers.ModelSerializer):
    """One file as the API shows it, wherever it is nested (a task update's `attachments` too)."""

    owner_type = serializers.CharField(read_only=True)
    owner_id = serializers.IntegerField(source="object_id", read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "owner_type",
            "owner_id",
            "name",
            "mime_type",
            "size",
            "sha256",
            "purpose",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj: Attachment) -> str:
        return reverse("attachment-download", args=[obj.pk])


class AttachmentUploadSerializer(serializers.Serializer):
    owner_type = serializers.CharField(help_text=_("The record's type, e.g. “plans.plan” or “plans.taskupdate”."))
    owner_id = serializers.IntegerField(min_value=1)
    file = serializers.FileField(validators=[validate_document_file])
    purpose = serializers.CharField(max_length=100, required=False, allow_blank=True)


OWNER_FILTERS = [
    OpenApiParameter("owner_type", str, description="e.g. plans.plan, plans.taskupdate"),
    OpenApiParameter("owner_id", int),
]


@extend_schema_view(list=extend_schema(parameters=OWNER_FILTERS))
class AttachmentViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedReadOnlyViewSet):
    """Files attached to the records the caller may see."""

    queryset = Attachment.objects.select_related("content_type", "uploaded_by").order_by("uploaded_at", "id")
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        qs = self.queryset.all()
        if self.action != "list":
            return qs.visible_to(self.request.user)
        owner_type = self.request.query_params.get("owner_type", "")
        owner_id = self.request.query_params.get("owner_id", "")
        if owner_id and not owner_type:
            raise ValidationError({"owner_type": [_("Give the owner's type with its id.")]})
        if not owner_type:
            return qs.visible_to(self.request.user)
        model = owner_model(owner_type)
        qs = qs.visible_to(self.request.user, owners=[model])
        if owner_id:
            if not owner_id.isdigit():
                raise ValidationError({"owner_id": [_("Enter a whole number.")]})
            qs = qs.filter(object_id=int(owner_id))
        return qs

    def write_action(self) -> str:
        # Seeing the owner is enough to reach the file; the service decides who may remove it (403).
        return "view"

    @extend_schema(request={"multipart/form-data": AttachmentUploadSerializer}, responses={201: AttachmentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        owner = get_owner_for_user(request.user, data["owner_type"], data["owner_id"])
        attachment = do_add_attachment(owner, data["file"], actor=request.user, purpose=data.get("purpose", ""))
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Attachment) -> None:
        do_delete_attachment(instance, actor=self.request.user)

    @extend_schema(responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file, as its type.")})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> Any:
        return download_response(request, pk)
