"""Excel export of any list: the same columns the page shows, the same filters applied."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

__all__ = ["xlsx_response", "cell_value"]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, int | float | datetime.date | str):
        return value
    return str(value)


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = ""
) -> HttpResponse:
    """A one-sheet workbook streamed as a download; write-only mode keeps memory flat on big lists."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=(title or "PCKB")[:31])
    ws.append([_bold(ws, h) for h in headers])
    for row in rows:
        ws.append([cell_value(v) for v in row])
    buf = BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response


def _bold(ws: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=str(text))
    cell.font = Font(bold=True)
    return cell
