"""Validators shared by every app: uploaded documents (type and size)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

__all__ = ["DOCUMENT_EXTENSIONS", "DocumentFileValidator", "validate_document_file"]

# What committees exchange: office documents, spreadsheets, PDF scans and photos.
DOCUMENT_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "xls", "odt", "jpg", "png")


@deconstructible
class DocumentFileValidator:
    """Refuses files of other types or larger than settings.PCKB_MAX_UPLOAD_MB.

    The limit is read at validation time (not stored in migrations) so that it stays configurable.
    """

    def __init__(self, extensions: tuple[str, ...] = DOCUMENT_EXTENSIONS) -> None:
        self.extensions = tuple(e.lower() for e in extensions)

    def __call__(self, value: Any) -> None:
        name = getattr(value, "name", "") or ""
        extension = PurePath(name).suffix.lower().lstrip(".")
        if extension not in self.extensions:
            raise ValidationError(
                _("Files of type “{extension}” are not accepted. Allowed types: {allowed}.").format(
                    extension=extension or "?", allowed=", ".join(self.extensions)
                ),
                code="file_type",
            )
        limit_mb = int(getattr(settings, "PCKB_MAX_UPLOAD_MB", 20))
        size = getattr(value, "size", 0) or 0
        if size > limit_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is too large ({size} MB); the limit is {limit} MB.").format(
                    size=round(size / (1024 * 1024), 1), limit=limit_mb
                ),
                code="file_size",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentFileValidator) and self.extensions == other.extensions


validate_document_file = DocumentFileValidator()
