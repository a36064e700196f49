"""core.imports.workbooks reads a sheet's declared size from its head only (no second parse of the rows)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

import pckb.core.imports.workbooks  # noqa: F401 - installs the reading of the declared size


def _book(write_only: bool, rows: int = 50) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Dữ liệu") if write_only else book.active
    for i in range(rows):
        sheet.append([f"Mục tiêu {i}", i, 21.5])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_sheet_with_a_declared_dimension_keeps_it():
    sheet = load_workbook(BytesIO(_book(write_only=False)), read_only=True).worksheets[0]
    assert (sheet.max_row, sheet.max_column) == (50, 3)


def test_opening_a_sheet_without_one_reads_only_its_head(monkeypatch):
    # openpyxl's own write-only files (our exports) declare no dimension: looking for it must not read
    # the whole sheet before its rows are read.
    data = _book(write_only=True, rows=5000)
    read = []
    original = ReadOnlyWorksheet._get_source

    def counting(self):
        source = original(self)
        plain = source.read

        def counted(*args):
            chunk = plain(*args)
            read.append(len(chunk))
            return chunk

        source.read = counted
        return source

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_source", counting)
    book = load_workbook(BytesIO(data), read_only=True)
    size = sum(read)
    rows = list(book.worksheets[0].iter_rows(min_row=1, max_row=6000, max_col=3, values_only=True))
    assert rows[0] == ("Mục tiêu 0", 0, 21.5) and len(rows) == 5000
    assert size < sum(read) / 4
