"""Reading the rows of a checked upload, and writing an importer's template workbook."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.functions import iterparse

from .bounds import not_a_workbook
from .importers import ImportContext, Importer

__all__ = ["iter_rows", "template_workbook"]


def _declared_size(sheet: ReadOnlyWorksheet) -> None:
    """openpyxl's `ReadOnlyWorksheet._get_size`, stopping where `<sheetData>` starts.

    The schema puts `<dimension>` before `<sheetData>`; openpyxl waits for the END of `<sheetData>`, so a
    sheet without a dimension (every write-only workbook: our exports, generated files) was parsed whole
    once more before its rows were read: about 2 s for 10,000 rows. Same result, read up to the data.
    """
    source = sheet._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                bounds = SheetDimension.from_tree(element).boundaries
                if bounds is not None:
                    sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = bounds
                return
            if element.tag == DATA_TAG:
                return
    finally:
        source.close()


ReadOnlyWorksheet._get_size = _declared_size


def iter_rows(data: bytes, importer: Importer) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of the first sheet below the header, streamed (openpyxl read-only).

    Call only on bytes that passed `inspect_upload`. The rows and columns are bounded here too:
    a sheet's declared dimension is not trusted (it can claim 16,384 columns).
    """
    width = len(importer.columns)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unknown extensions in real files
            workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a broken file
        raise not_a_workbook() from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(min_row=2, max_row=importer.get_max_rows() + 1, max_col=width, values_only=True)
        yield from enumerate(rows, start=2)
    except Exception as err:  # noqa: BLE001 - a damaged sheet part
        if hasattr(err, "error_dict") or hasattr(err, "error_list"):
            raise
        raise not_a_workbook() from None
    finally:
        workbook.close()


HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _comment(column: Any) -> Comment:
    lines = [str(column.help)] if column.help else []
    lines.append(_("Required.") if column.required else _("Optional."))
    if column.hint():
        lines.append(column.hint())
    comment = Comment("\n".join(lines), "PCKB")
    comment.width, comment.height = 300, 120
    return comment


def template_workbook(importer: Importer, ctx: ImportContext) -> bytes:
    """The workbook to fill in: headers with help comments, drop-down lists from a hidden catalogue
    sheet, dates formatted dd/mm/yyyy, whole numbers and text lengths checked by Excel itself."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = str(importer.title or _("Data"))[:31]
    catalogue = wb.create_sheet(_("Lists")[:31])
    catalogue.sheet_state = "hidden"
    last_row = importer.get_max_rows() + 1
    sheet.append([str(c.header) for c in importer.columns])
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.comment = _comment(column)
        sheet.column_dimensions[letter].width = column.width
        cells = f"{letter}2:{letter}{last_row}"
        validation = None
        choices = column.catalogue(ctx)
        if choices is not None:
            catalogue.cell(row=1, column=index, value=str(column.header))
            for row, choice in enumerate(choices, start=2):
                catalogue.cell(row=row, column=index, value=choice)
            end = max(len(choices) + 1, 2)
            validation = DataValidation(
                type="list", formula1=f"{quote_sheetname(catalogue.title)}!${letter}$2:${letter}${end}"
            )
            # Free typing stays possible (a code instead of a name): the import checks the value anyway.
            validation.errorStyle = "warning"
        elif column.kind == "date":
            validation = DataValidation(
                type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2100,12,31)"
            )
        elif column.kind == "int" and getattr(column, "min_value", None) is not None:
            validation = DataValidation(
                type="whole", operator="between", formula1=str(column.min_value), formula2=str(column.max_value)
            )
        elif getattr(column, "max_length", None):
            validation = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(column.max_length))
        if validation is not None:
            validation.error = column.hint() or _("This value is not allowed here.")
            validation.errorTitle = str(column.header)[:32]
            validation.prompt = column.hint()
            validation.showErrorMessage = True
            validation.showInputMessage = bool(column.hint())
            sheet.add_data_validation(validation)
            validation.add(cells)
        if column.number_format:
            # A column style, not styled cells: styled empty cells would count as rows on the way back.
            sheet.column_dimensions[letter].number_format = column.number_format
    for example in importer.example_rows(ctx):
        sheet.append([example.get(c.key) for c in importer.columns])
        for index, column in enumerate(importer.columns, start=1):
            if column.number_format:
                sheet.cell(row=sheet.max_row, column=index).number_format = column.number_format
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
