"""Excel import and export of key targets: template, row errors, all-or-nothing, bounds, round trip."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pckb.core.models import AuditEntry
from pckb.core.testing import _api_client, _client
from pckb.targets.imports import KeyTargetImporter
from pckb.targets.models import KeyTarget

from .factories import make_target, scenario
from .test_permission_matrix import workbook

pytestmark = pytest.mark.django_db

HEADER = [str(c.header) for c in KeyTargetImporter.columns]


def row(world: Any, **cells: Any) -> list[Any]:
    values = {
        "code": "",
        "name": "Trụ sở Tỉnh ủy",
        "category": "party-state-hq",
        "province": "Tỉnh Quảng Ninh",
        "admin_unit": "Phường Hạ Long",
        "address": "",
        "latitude": 20.95,
        "longitude": 107.08,
        "importance": "Cấp tỉnh",
        "organization": world.a.code,
        **cells,
    }
    return [values.get(c.key, "") for c in KeyTargetImporter.columns]


def post(world: Any, *rows: list[Any], dry_run: bool = False, user: Any = None) -> Any:
    url = f"/api/v1/key-targets/import?organization={world.a.pk}" + ("&dry_run=true" if dry_run else "")
    upload = SimpleUploadedFile("muc-tieu.xlsx", workbook(HEADER, *rows))
    return _api_client(user or world.org_a_editor).post(url, {"file": upload}, format="multipart")


def messages(response: Any) -> str:
    return " ".join(m for e in response.json()["errors"] for m in e["messages"])


def test_it_imports_every_row_and_assigns_codes(world):
    response = post(world, row(world), row(world, name="Nhà thi đấu tỉnh", admin_unit="06661"))
    assert response.status_code == 201, response.content
    assert sorted(KeyTarget.objects.values_list("code", flat=True)) == ["QNI-0001", "QNI-0002"]
    assert AuditEntry.objects.filter(object_type="targets.keytarget", action="create").count() == 2


def test_a_dry_run_checks_and_creates_nothing(world):
    response = post(world, row(world), dry_run=True)
    assert response.status_code == 200 and response.json()["rows"] == 1
    assert not KeyTarget.objects.exists()


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"admin_unit": "Phường Không Có"}, "Phường Không Có"),
        ({"admin_unit": "Phường Kinh Bắc"}, "không thuộc"),
        ({"latitude": 48.85, "longitude": 2.35}, "ngoài lãnh thổ"),
        ({"latitude": "không rõ"}, "không phải là số"),
        ({"organization": "khong-co-don-vi"}, "khong-co-don-vi"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_imported(world, cells, expected):
    response = post(world, row(world), row(world, name="Bệnh viện tỉnh", **cells), row(world, name="Ga Hạ Long"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["row"] for e in errors] == [3]
    assert expected.lower() in messages(response).lower()
    assert not KeyTarget.objects.exists()


def test_a_duplicate_code_is_a_row_error_in_the_file_and_against_the_list(world):
    existing = make_target(world)
    response = post(world, row(world, code=existing.code), row(world, code="QNI-0500"), row(world, code="qni-0500"))
    assert response.status_code == 400
    assert [e["row"] for e in response.json()["errors"]] == [2, 4]
    assert KeyTarget.objects.count() == 1


def test_an_owner_outside_the_organizations_subtree_is_unknown(world):
    response = post(world, row(world, organization=world.b.code))
    assert response.status_code == 400
    assert world.b.code in messages(response)


def test_a_file_that_is_not_a_workbook_is_refused(world):
    upload = SimpleUploadedFile("muc-tieu.xlsx", b"%PDF-1.4 this is not a workbook")
    response = _api_client(world.org_a_editor).post(
        f"/api/v1/key-targets/import?organization={world.a.pk}", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "Excel" in messages(response)
    assert not KeyTarget.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.PCKB_IMPORT_MAX_UPLOAD_MB = 0
    response = post(world, row(world))
    assert response.status_code == 400
    assert "MB" in messages(response)
    assert not KeyTarget.objects.exists()


def test_one_bad_row_among_ten_thousand_imports_nothing(world):
    rows = [row(world, name=f"Trạm biến áp số {n}") for n in range(10_000)]
    rows[7_321] = row(world, name="Trạm lệch tỉnh", admin_unit="Phường Kinh Bắc")
    response = post(world, *rows)
    assert response.status_code == 400
    assert [e["row"] for e in response.json()["errors"]] == [7_323]
    assert not KeyTarget.objects.exists()


def test_the_template_offers_the_catalogues_as_drop_downs(world):
    response = _client(world.org_a_editor).get(
        reverse("targets:keytarget_import", args=[world.a.pk]), {"template": "xlsx"}
    )
    book = load_workbook(BytesIO(response.content))
    sheet, lists = book.worksheets[0], book.worksheets[1]
    assert [c.value for c in sheet[1]] == HEADER
    listed = {str(c.value) for column in lists.iter_cols() for c in column if c.value}
    assert {"Cảng hàng không, sân bay", "Tỉnh Quảng Ninh", "Cấp quốc gia"} <= listed
    assert len(sheet.data_validations.dataValidation) >= 5


def test_an_exported_list_imports_back_unchanged(world):
    make_target(world, scenarios=[scenario("drone"), scenario("arson")], listing_decision_number="12/QĐ-UBND")
    make_target(world, world.a1, actor=world.org_a1_editor, name="Cảng tàu khách Hòn Gai", protection_force=world.a1)
    client = _client(world.org_a_viewer)
    exported = client.get(reverse("targets:keytarget_list"), {"export": "xlsx", "sort": "code"}).content
    before = [list(r) for r in load_workbook(BytesIO(exported)).worksheets[0].iter_rows(values_only=True)]
    assert before[0] == HEADER and len(before) == 3
    KeyTarget.scenarios.through.objects.all().delete()
    KeyTarget.objects.all().delete()
    upload = SimpleUploadedFile("xuat.xlsx", exported)
    response = _api_client(world.org_a_editor).post(
        f"/api/v1/key-targets/import?organization={world.a.pk}", {"file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    again = client.get(reverse("targets:keytarget_list"), {"export": "xlsx", "sort": "code"}).content
    after = [list(r) for r in load_workbook(BytesIO(again)).worksheets[0].iter_rows(values_only=True)]
    assert after == before
