"""Bounds on an uploaded workbook, checked on its bytes before openpyxl parses anything (#8.1).

A .xlsx is a zip of XML parts. A small upload can unpack to gigabytes (10 million empty rows in
1.4 MB) or hold one cell of hundreds of megabytes, and openpyxl would build all of it in memory. So:

1. the upload itself is at most `PCKB_IMPORT_MAX_UPLOAD_MB`;
2. it is a zip holding `[Content_Types].xml` and `xl/workbook.xml`, not encrypted;
3. the zip's directory (its declared sizes, which `zipfile` enforces while unpacking) adds up to at
   most `PCKB_IMPORT_MAX_UNCOMPRESSED_MB`, no part but the data sheet and the shared strings exceeds
   `SMALL_PART_LIMIT`, and no part unpacks more than `PCKB_IMPORT_MAX_RATIO` times its packed size;
4. the XML parts that openpyxl will read are streamed in 1 MB pieces, refusing a DOCTYPE (entity
   expansion), any text run longer than `PCKB_IMPORT_MAX_CELL_CHARS`, more cells and shared strings
   than the allowed rows need (`max_cells`: openpyxl builds every shared string, slowly), and, in the
   data sheet, more rows than the importer's limit (the `r` attribute counts the empty rows a file
   skips).

Every refusal is a `ValidationError` with a translated message; nothing is created.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["UploadInfo", "inspect_upload", "max_cells", "check_upload_size", "read_upload", "not_a_workbook", "limit"]

CHUNK = 1024 * 1024
SMALL_PART_LIMIT = 10 * 1024 * 1024
RATIO_MIN_SIZE = 1024 * 1024  # tiny parts compress well and are harmless
# Cells and shared strings a workbook may hold: per allowed row, the importer's columns plus a few
# the user added, and a catalogue sheet. openpyxl loads every shared string (about 50 µs each).
EXTRA_COLUMNS = 10
CATALOGUE_CELLS = 20_000
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
DEFAULTS = {
    "PCKB_IMPORT_MAX_UPLOAD_MB": 10,
    "PCKB_IMPORT_MAX_UNCOMPRESSED_MB": 100,
    "PCKB_IMPORT_MAX_RATIO": 100,
    "PCKB_IMPORT_MAX_ROWS": 10_000,
    "PCKB_IMPORT_MAX_CELL_CHARS": 32_767,
    "PCKB_IMPORT_INLINE_ROWS": 1_000,
    "PCKB_IMPORT_TIME_LIMIT": 300,
}
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)>")
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|si)(?=[\s/>])")  # a sheet's cells, the shared strings
ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"'](\d+)[\"']")
FIRST_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s[^>]*?\br:id\s*=\s*[\"']([^\"']+)[\"']")
RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
ATTRIBUTE = re.compile(rb"([\w:]+)\s*=\s*[\"']([^\"']*)[\"']")


def limit(name: str) -> int:
    """A bound from the settings (environment `PCKB_IMPORT_*`), with its default."""
    return int(getattr(settings, name, DEFAULTS[name]))


@dataclass(frozen=True)
class UploadInfo:
    rows: int  # data rows below the header, empty ones included
    cells: int  # cells of the data sheet plus shared strings: what openpyxl will build
    sheet: str  # the zip member of the first worksheet


def max_cells(rows: int, width: int) -> int:
    return (rows + 1) * (width + EXTRA_COLUMNS) + CATALOGUE_CELLS


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="import_bounds")


def check_upload_size(size: int) -> None:
    limit_mb = limit("PCKB_IMPORT_MAX_UPLOAD_MB")
    if size > limit_mb * 1024 * 1024:
        raise _refuse(
            _("The file is too large ({size} MB); the limit is {limit} MB.").format(
                size=round(size / (1024 * 1024), 1), limit=limit_mb
            )
        )


def not_a_workbook() -> ValidationError:
    return _refuse(_("The file could not be read as an Excel workbook (.xlsx)."))


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The zip member of the workbook's first sheet, as openpyxl finds it (workbook.xml and its rels)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError):
        raise not_a_workbook() from None
    first = FIRST_SHEET.search(workbook)
    if first is None:
        raise not_a_workbook()
    for match in RELATIONSHIP.finditer(rels):
        attrs = {k.split(b":")[-1]: v for k, v in ATTRIBUTE.findall(match.group(1))}
        if attrs.get(b"Id") == first.group(1):
            target = attrs.get(b"Target", b"").decode("utf-8", "replace")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise not_a_workbook()


def _check_directory(archive: zipfile.ZipFile, data_parts: set[str]) -> None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if not all(part in names for part in REQUIRED_PARTS):
        raise not_a_workbook()
    if any(info.flag_bits & 0x1 for info in infos):
        raise _refuse(_("The workbook is password-protected; save it without a password."))
    total = sum(info.file_size for info in infos)
    max_mb = limit("PCKB_IMPORT_MAX_UNCOMPRESSED_MB")
    if total > max_mb * 1024 * 1024:
        raise _refuse(
            _("The workbook unpacks to {size} MB; the limit is {limit} MB.").format(
                size=round(total / (1024 * 1024)), limit=max_mb
            )
        )
    max_ratio = limit("PCKB_IMPORT_MAX_RATIO")
    for info in infos:
        if info.file_size > SMALL_PART_LIMIT and info.filename not in data_parts:
            raise _refuse(_("The workbook contains an oversized part ({name}).").format(name=info.filename))
        if info.file_size > RATIO_MIN_SIZE and info.file_size > max_ratio * max(info.compress_size, 1):
            raise _refuse(
                _(
                    "The workbook is compressed {ratio} times, more than the {limit} a real spreadsheet reaches: "
                    "it is refused."
                ).format(ratio=info.file_size // max(info.compress_size, 1), limit=max_ratio)
            )


def _scan(archive: zipfile.ZipFile, name: str, *, max_rows: int | None, cells: int, most: int) -> tuple[int, int]:
    """Stream one XML part; returns the number of its last row (0 for parts without rows) and the
    running count of cells and shared strings (`cells` before this part, at most `most`)."""
    max_run = limit("PCKB_IMPORT_MAX_CELL_CHARS")
    row = 0
    carry = b""
    with archive.open(name) as stream:
        while True:
            chunk = stream.read(CHUNK)
            buffer = carry + chunk
            # Cut at the last "<": every tag before it is complete; the rest waits for the next piece.
            cut = buffer.rfind(b"<") if chunk else len(buffer)
            if cut <= 0:
                cut = 0 if chunk else len(buffer)
            done, carry = buffer[:cut], buffer[cut:]
            if b"<!DOCTYPE" in done or b"<!ENTITY" in done:
                raise _refuse(_("The workbook contains XML declarations that are not allowed."))
            # A text run is what lies between two tags: its length bounds every cell's length.
            tail = len(carry) - carry.rfind(b"<") - 1  # the run still open at the end of this piece
            longest = max(tail, max(map(len, done.split(b"<")), default=0))
            if longest > max_run + 64:  # +64: the run includes the tag's own name and attributes
                raise _refuse(_("A cell holds more than {limit} characters.").format(limit=max_run))
            # openpyxl keeps every shared string in memory: their number is bounded like the cells.
            cells += len(CELL_TAG.findall(done))
            if cells > most:
                raise _refuse(_("The workbook holds more than {max} cells.").format(max=most))
            if max_rows is not None:
                for match in ROW_TAG.finditer(done):
                    number = ROW_NUMBER.search(match.group(1))
                    row = max(row + 1, int(number.group(1))) if number else row + 1
                    if row - 1 > max_rows:
                        raise _refuse(
                            _("The sheet has more than {max} rows (empty rows count too).").format(max=max_rows)
                        )
            if not chunk:
                return row, cells


def inspect_upload(data: bytes, *, max_rows: int, width: int = 10) -> UploadInfo:
    """Check an upload's bytes against every bound; returns its data row count (empty rows included)."""
    check_upload_size(len(data))
    if not zipfile.is_zipfile(BytesIO(data)):
        raise not_a_workbook()
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_a_workbook() from None
    with archive:
        names = {info.filename for info in archive.infolist()}
        if "xl/workbook.xml" not in names:
            raise not_a_workbook()
        if archive.getinfo("xl/workbook.xml").file_size > SMALL_PART_LIMIT:
            raise _refuse(_("The workbook contains an oversized part ({name}).").format(name="xl/workbook.xml"))
        sheet = _first_sheet(archive)
        if sheet not in names:
            raise not_a_workbook()
        _check_directory(archive, {sheet, "xl/sharedStrings.xml"})
        rows = cells = 0
        most = max_cells(max_rows, width)
        try:
            for name in sorted(names):
                if not name.endswith((".xml", ".rels")):
                    continue
                # Other sheets (the catalogues) are never parsed: openpyxl reads only the first, lazily.
                if name.startswith("xl/worksheets/") and name != sheet:
                    continue
                last, cells = _scan(archive, name, max_rows=max_rows if name == sheet else None, cells=cells, most=most)
                if name == sheet:
                    rows = max(last - 1, 0)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            # Damaged data, a CRC mismatch (sizes that lie) or an unsupported compression method.
            raise not_a_workbook() from None
    return UploadInfo(rows=rows, cells=cells, sheet=sheet)


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, refusing a too large one before reading it."""
    check_upload_size(getattr(upload, "size", 0) or 0)
    upload.seek(0)
    return upload.read(limit("PCKB_IMPORT_MAX_UPLOAD_MB") * 1024 * 1024 + 1)
