"""Validators shared by every app: uploaded documents (type, size and content).

A file's extension is only a claim. `detect_document_type` reads the bytes: the `filetype` library
recognises the container (PDF, PNG, JPEG, ZIP, an executable, ...), and the office formats are then
checked inside (the parts of an Office Open XML package, the `mimetype` entry of an OpenDocument file,
the stream names of a legacy OLE document). A file whose content does not match its extension is
refused: an executable or a web page renamed ".pdf" never reaches the storage.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "MIME_TYPES",
    "DocumentFileValidator",
    "validate_document_file",
    "detect_document_type",
]

# What committees exchange: office documents, spreadsheets, PDF scans and photos.
DOCUMENT_EXTENSIONS = ("pdf", "docx", "doc", "xlsx", "xls", "odt", "jpg", "png")

# The type each accepted extension is served with once its content has been recognised.
MIME_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}

_HEAD = 8192
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office Open XML: the part that must exist and the main content type declared for it. A macro-enabled
# document (.docm/.xlsm) declares another content type, so it is refused under a .docx/.xlsx name.
_OOXML = {
    "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
# Legacy OLE documents: the directory names (UTF-16LE) of their main stream.
_OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book")}
_CONTENT_TYPES_LIMIT = 1024 * 1024  # [Content_Types].xml is a few kB; never inflate more than this

CONTENT_ERROR = _("The content of “{name}” is not a {extension} file: it does not match its extension.")
PROGRAM_ERROR = _("“{name}” is a program, not a document: programs are not accepted.")
WEB_PAGE_ERROR = _("“{name}” is a web page, not a document: web pages are not accepted.")


def _read_head(value: Any) -> bytes:
    value.seek(0)
    head = value.read(_HEAD)
    value.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _looks_like_html(head: bytes) -> bool:
    text = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html", b"<script", b"<?xml")) or b"<script" in text


def _zip_matches(value: Any, extension: str) -> bool:
    try:
        with zipfile.ZipFile(value) as archive:
            names = set(archive.namelist())
            if extension == "odt":
                if "mimetype" not in names:
                    return False
                with archive.open("mimetype") as entry:
                    return entry.read(100).strip() == MIME_TYPES["odt"].encode()
            part, content_type = _OOXML[extension]
            if part not in names or "[Content_Types].xml" not in names:
                return False
            with archive.open("[Content_Types].xml") as entry:
                return content_type in entry.read(_CONTENT_TYPES_LIMIT)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError):
        return False
    finally:
        value.seek(0)


def _ole_matches(value: Any, extension: str) -> bool:
    """Look for the main stream's name in the OLE directory (which may sit anywhere in the file)."""
    needles = [name.encode("utf-16-le") for name in _OLE_STREAMS[extension]]
    overlap = max(len(n) for n in needles)
    value.seek(0)
    tail = b""
    try:
        while chunk := value.read(1024 * 1024):
            window = tail + chunk
            if any(n in window for n in needles):
                return True
            tail = window[-overlap:]
        return False
    finally:
        value.seek(0)


def detect_document_type(value: Any, extension: str | None = None) -> str:
    """The MIME type of an uploaded document, read from its bytes; ValidationError when the bytes do not
    match the extension (taken from the file's name unless given)."""
    name = PurePath(getattr(value, "name", "") or "").name
    extension = (extension or PurePath(name).suffix.lstrip(".")).lower()
    head = _read_head(value)
    kind = filetype.guess(head) if head else None
    detected = kind.mime if kind else ""
    if detected in {"application/x-msdownload", "application/x-executable", "application/x-elf"}:
        raise ValidationError(PROGRAM_ERROR.format(name=name), code="file_content")
    if extension in ("docx", "xlsx", "odt"):
        ok = head.startswith(b"PK\x03\x04") and _zip_matches(value, extension)
    elif extension in ("doc", "xls"):
        ok = head.startswith(_OLE_MAGIC) and _ole_matches(value, extension)
    elif extension == "png":
        ok = detected in ("image/png", "image/apng")
    else:
        ok = extension in MIME_TYPES and detected == MIME_TYPES[extension]
    if not ok:
        if not kind and _looks_like_html(head):
            raise ValidationError(WEB_PAGE_ERROR.format(name=name), code="file_content")
        raise ValidationError(CONTENT_ERROR.format(name=name, extension=extension.upper()), code="file_content")
    return MIME_TYPES[extension]


@deconstructible
class DocumentFileValidator:
    """Refuses files of other types, larger than settings.PCKB_MAX_UPLOAD_MB, or whose bytes do not
    match their extension.

    The limit is read at validation time (not stored in migrations) so that it stays configurable.
    """

    def __init__(self, extensions: tuple[str, ...] = DOCUMENT_EXTENSIONS) -> None:
        self.extensions = tuple(e.lower() for e in extensions)

    def __call__(self, value: Any) -> None:
        self.check(value)

    def check(self, value: Any) -> str:
        """Validate and return the MIME type read from the content."""
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
        if not size:
            raise ValidationError(_("The file “{name}” is empty.").format(name=PurePath(name).name), code="file_empty")
        return detect_document_type(value, extension)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentFileValidator) and self.extensions == other.extensions


validate_document_file = DocumentFileValidator()
