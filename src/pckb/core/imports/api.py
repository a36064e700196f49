"""The API side of imports: `POST /api/v1/<resource>/{id}/import-…` (multipart `file`, `?dry_run=true`).

A viewset declares an action and hands over to `import_response`:

    @extend_schema(**IMPORT_SCHEMA)
    @action(detail=True, methods=["post"], url_path="import-tasks", parser_classes=[MultiPartParser])
    def import_tasks(self, request, pk=None):
        return import_response(request, "plans.task", self.get_object())

Answers: 201 `{"rows", "created"}`; with `dry_run=true` 200 `{"rows", "created": 0}` and nothing
created; 400 `{"errors": [{"row", "messages"}]}` (a bound, an unusable target or bad rows; nothing
created); 202 `{"job", "status_url"}` when the file is big enough for the worker, then
`GET /api/v1/import-jobs/{job}` until its status is `done`, `invalid` or `failed`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .bounds import read_upload
from .importers import get_importer
from .jobs import start_import
from .models import ImportStatus
from .views import job_for_user, job_summary

__all__ = ["import_response", "IMPORT_SCHEMA", "ImportJobStatusView"]

_ERRORS = inline_serializer(
    "ImportErrors",
    # `errors` for rows and bounds; a bad request header (an Idempotency-Key) names its field instead.
    {"errors": serializers.ListField(child=serializers.DictField(), required=False)},
)
_JOB = inline_serializer(
    "ImportJobStatus",
    {
        "id": serializers.IntegerField(),
        "status": serializers.CharField(help_text="queued, validating, ready, invalid, committing, done or failed"),
        "rows": serializers.IntegerField(),
        "processed": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "errors": serializers.ListField(child=serializers.DictField()),
    },
)
IMPORT_SCHEMA: dict[str, Any] = {
    "request": {"multipart/form-data": inline_serializer("ImportUpload", {"file": serializers.FileField()})},
    "parameters": [OpenApiParameter("dry_run", bool, description="Check every row and create nothing.")],
    "responses": {
        200: OpenApiResponse(_JOB, description="Dry run: every row is valid; nothing created."),
        201: OpenApiResponse(_JOB, description="Every row created."),
        202: OpenApiResponse(_JOB, description="Big file: follow status_url."),
        400: OpenApiResponse(_ERRORS, description="Refused; nothing created."),
    },
}


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes"}


def _errors(err: ValidationError) -> Response:
    return Response({"errors": [{"row": None, "messages": list(err.messages)}]}, status=status.HTTP_400_BAD_REQUEST)


def import_response(request: Request, importer_key: str, target: Any) -> Response:
    """Check an uploaded workbook against `importer_key` and, unless `?dry_run=true`, import it into
    `target` (which the caller got with the write right: 404/403 are the caller's)."""
    importer = get_importer(importer_key)
    dry_run = _truthy(request.query_params.get("dry_run"))
    upload = request.FILES.get("file")
    if upload is None:
        return Response({"file": [_no_file()]}, status=status.HTTP_400_BAD_REQUEST)
    try:
        job = start_import(
            importer, target, request.user, read_upload(upload), filename=upload.name or "", auto_commit=not dry_run
        )
    except ValidationError as err:
        return _errors(err)
    body = job_summary(job)
    if job.is_running:
        body["status_url"] = reverse("api-import-job", args=[job.pk])
        return Response(body, status=status.HTTP_202_ACCEPTED)
    if job.status in (ImportStatus.INVALID, ImportStatus.FAILED):
        return Response({"errors": body["errors"]}, status=status.HTTP_400_BAD_REQUEST)
    return Response(body, status=status.HTTP_201_CREATED if job.status == ImportStatus.DONE else status.HTTP_200_OK)


def _no_file() -> str:
    from django.utils.translation import gettext

    return gettext("Attach the Excel workbook as the multipart field “file”.")


class ImportJobStatusView(APIView):
    """`GET /api/v1/import-jobs/{id}`: an import job of the requesting user (404 for anyone else's)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=_JOB)
    def get(self, request: Request, pk: int) -> Response:
        from .jobs import expire_if_stale

        return Response(job_summary(expire_if_stale(job_for_user(request.user, pk))))
