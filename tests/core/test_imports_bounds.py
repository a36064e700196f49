"""Bounds on every import, checked on the upload's bytes before openpyxl parses anything (#8.1).

The bombs are built here with zipfile: an .xlsx is a zip of XML parts. Each one must be refused with
a clear translated message, and nothing created (no job, no task).
"""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pckb.core.imports.bounds import inspect_upload
from pckb.core.imports.models import ImportJob
from pckb.plans.models import Task

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c></row>'
)
TAIL = b"</sheetData></worksheet>"


def _template_parts() -> dict[str, bytes]:
    """The parts of a real (openpyxl-written) one-sheet workbook."""
    wb = Workbook()
    wb.active.append(["title"])
    buffer = BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook_with(sheet: bytes | None = None, *, chunks: tuple[bytes, int] | None = None, **extra: bytes) -> bytes:
    """A workbook whose first sheet is `sheet` (or HEAD + chunk × count + TAIL, streamed), plus parts."""
    parts = _template_parts()
    parts.pop(SHEET)
    parts.update({name.replace("__", "/"): data for name, data in extra.items()})
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(SHEET, "w", force_zip64=True) as stream:
            if chunks is None:
                stream.write(sheet or HEAD + TAIL)
            else:
                piece, count = chunks
                stream.write(HEAD)
                for _ in range(count):
                    stream.write(piece)
                stream.write(TAIL)
    return buffer.getvalue()


def _refusal(data: bytes, max_rows: int = 5000) -> str:
    with pytest.raises(ValidationError) as err:
        inspect_upload(data, max_rows=max_rows)
    return err.value.messages[0]


def test_it_accepts_a_real_workbook_and_counts_its_rows():
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i) for i in range(2, 12))
    assert inspect_upload(workbook_with(HEAD + rows + TAIL), max_rows=10).rows == 10


def test_it_refuses_ten_million_empty_rows_by_their_compression_ratio():
    bomb = workbook_with(chunks=(b"<row/>" * 100_000, 100))  # 60 MB of XML in a few hundred KB
    assert len(bomb) < 1_000_000
    assert _refusal(bomb).startswith("Bảng tính được nén ") and "tệp bị từ chối" in _refusal(bomb)


def test_it_counts_empty_rows_towards_the_row_limit():
    empty = b"".join(b'<row r="%d"/>' % i for i in range(2, 5003))
    assert _refusal(workbook_with(HEAD + empty + TAIL)) == "Trang tính có hơn 5000 dòng (kể cả dòng trống)."
    # A row numbered ten million declares all the empty rows before it.
    far = b'<row r="10000000"><c r="A10000000" t="inlineStr"><is><t>x</t></is></c></row>'
    assert _refusal(workbook_with(HEAD + far + TAIL)) == "Trang tính có hơn 5000 dòng (kể cả dòng trống)."


def test_it_refuses_a_huge_cell():
    # Hex text compresses about twice: the ratio does not catch it, the cell length does.
    huge = bytes.hex(bytes(range(256)) * 200).encode()  # 102,400 characters
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + huge + b"</t></is></c></row>"
    assert _refusal(workbook_with(HEAD + cell + TAIL)) == "Có ô chứa hơn 32767 ký tự."
    # The same in the shared strings, which openpyxl would load whole when opening the file.
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + huge + b"</t></si></sst>"
    )
    assert _refusal(workbook_with(**{"xl__sharedStrings.xml": strings})) == "Có ô chứa hơn 32767 ký tự."


def test_it_refuses_a_cell_bomb_in_the_shared_strings():
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + b"a" * 50_000_000
    strings += b"</t></si></sst>"
    assert _refusal(workbook_with(**{"xl__sharedStrings.xml": strings})).startswith("Bảng tính được nén ")


def test_it_refuses_more_cells_and_shared_strings_than_the_rows_need():
    # openpyxl builds every shared string (about 50 µs each) even when no cell uses it.
    strings = b"<sst>" + b"<si><t>x</t></si>" * 20_122 + b"</sst>"
    data = workbook_with(**{"xl__sharedStrings.xml": strings})
    assert len(data) < 100_000
    with pytest.raises(ValidationError) as err:
        inspect_upload(data, max_rows=10, width=1)
    assert err.value.messages == ["Bảng tính chứa hơn 20121 ô."]


def test_it_refuses_a_workbook_that_unpacks_too_big(settings):
    settings.PCKB_IMPORT_MAX_UNCOMPRESSED_MB = 1
    data = workbook_with(**{"xl__media__image1.bin": bytes(range(256)) * 8000})  # 2 MB that do not compress
    assert _refusal(data) == "Bảng tính giải nén ra 2 MB; giới hạn là 1 MB."


def test_it_refuses_xml_entity_declarations():
    sheet = HEAD.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet') + TAIL
    assert _refusal(workbook_with(sheet)) == "Bảng tính chứa khai báo XML không được phép."


def test_it_refuses_what_is_not_a_real_workbook():
    not_xlsx = "Không đọc được tệp này dưới dạng bảng tính Excel (.xlsx)."
    assert _refusal(b"PK\x03\x04 but not really a zip") == not_xlsx
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a zip (a .docx renamed) without the workbook's parts
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert _refusal(buffer.getvalue()) == not_xlsx


@pytest.mark.django_db
class TestBoundsOnThePage:
    """Through the page: one exact status, the message shown, nothing created."""

    def _post(self, client, plan, data, name="tasks.xlsx"):
        return client.post(reverse("plans:plan_import", args=[plan.pk]), {"file": SimpleUploadedFile(name, data)})

    def test_it_refuses_each_bomb_and_creates_nothing(self, client, world, plan):
        client.force_login(world.org_a_editor)
        bombs = {
            workbook_with(chunks=(b"<row/>" * 100_000, 100)): "tệp bị từ chối",
            workbook_with(HEAD + b'<row r="10000000"/>' + TAIL): "Trang tính có hơn 5000 dòng (kể cả dòng trống).",
            workbook_with(
                HEAD + b'<row r="2"><c t="inlineStr"><is><t>' + b"ab" * 20_000 + b"</t></is></c></row>" + TAIL
            ): ("Có ô chứa hơn 32767 ký tự."),
        }
        for data, message in bombs.items():
            response = self._post(client, plan, data)
            assert response.status_code == 400
            assert message in response.content.decode()
        assert not ImportJob.objects.exists() and not Task.objects.exists()

    def test_it_refuses_an_oversized_upload_before_reading_it(self, client, world, plan, settings):
        settings.PCKB_IMPORT_MAX_UPLOAD_MB = 1
        client.force_login(world.org_a_editor)
        response = self._post(client, plan, b"x" * (2 * 1024 * 1024))
        assert response.status_code == 400
        assert "giới hạn là 1 MB" in response.content.decode()
        assert not ImportJob.objects.exists()

    def test_it_refuses_through_the_api_too(self, world, plan):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(world.org_a_editor)
        data = workbook_with(HEAD + b'<row r="10000000"/>' + TAIL)
        response = api.post(
            f"/api/v1/plans/{plan.pk}/import-tasks", {"file": SimpleUploadedFile("t.xlsx", data)}, format="multipart"
        )
        assert response.status_code == 400
        assert response.json() == {
            "errors": [{"row": None, "messages": ["Trang tính có hơn 5000 dòng (kể cả dòng trống)."]}]
        }
        assert not ImportJob.objects.exists() and not Task.objects.exists()
