"""A checklist's criteria from Excel (core.imports) and back: the matrix, bad rows, the round trip."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pckb.core.choices import Role
from pckb.core.testing import ScopedChildFormMatrix, ScopedDownloadMatrix, _client
from pckb.inspections import services
from pckb.inspections.models import Checklist, Criterion
from pckb.organizations.models import Organization

from .test_permission_matrix import draft_checklist

HEADER = ["Số thứ tự", "Nhóm", "Tiêu chí", "Hướng dẫn", "Trọng số", "Cần tài liệu", "Loại đơn vị"]


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(data: bytes) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("tieu-chi.xlsx", data)}


def submit(client: Any, url: str, data: dict[str, Any]) -> Any:
    preview = client.post(url, data)
    if preview.status_code != 200:
        return preview
    return client.post(url, {"confirm": preview.context["job"].pk})


class TestCriterionImport(ScopedChildFormMatrix):
    model = Checklist
    form_route = "inspections:checklist_import"
    child_model = Criterion

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def child_data(self, world: Any, parent: Checklist) -> dict[str, Any]:
        return upload(workbook(["", "II. Tổ chức", "Có quy chế hoạt động", "", 2, "Có", "committee, commune"]))

    def submit(self, client: Any, url: str, data: dict[str, Any]) -> Any:
        return submit(client, url, data)


class TestCriterionImportTemplate(ScopedDownloadMatrix):
    model = Checklist
    download_route = "inspections:checklist_import"
    read_role = Role.EDITOR

    def download_url(self, obj: Checklist) -> str:
        return f"{reverse(self.download_route, args=[obj.pk])}?template=xlsx"

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def check_content(self, obj: Checklist, content: bytes) -> None:
        assert content.startswith(b"PK")


class TestChecklistExport(ScopedDownloadMatrix):
    model = Checklist
    download_route = "inspections:checklist_export"

    def make_object(self, world: Any, org: Organization) -> Checklist:
        return draft_checklist(world, org)

    def check_content(self, obj: Checklist, content: bytes) -> None:
        sheet = load_workbook(BytesIO(content)).active
        assert [c.value for c in sheet[2]][2] == "Có kế hoạch năm"


@pytest.mark.django_db
def test_a_bad_row_imports_nothing_and_says_why(world):
    checklist = draft_checklist(world, world.a)
    url = reverse("inspections:checklist_import", args=[checklist.pk])
    data = workbook(["", "I", "Tiêu chí tốt", "", 1, "Không", ""], ["", "I", "Tiêu chí lạ", "", 1, "Không", "martian"])
    response = _client(world.org_a_editor).post(url, upload(data))
    assert "martian" in response.content.decode()
    assert checklist.criteria.count() == 1


@pytest.mark.django_db
def test_a_published_checklist_takes_no_import(world):
    checklist = services.do_publish_checklist(draft_checklist(world, world.a), actor=world.org_a_manager)
    url = reverse("inspections:checklist_import", args=[checklist.pk])
    response = submit(_client(world.org_a_editor), url, upload(workbook(["", "I", "X", "", 1, "Không", ""])))
    assert response.status_code == 400  # a published checklist is final: the import is refused with its reason
    assert checklist.criteria.count() == 1


@pytest.mark.django_db
def test_an_exported_checklist_reimports_into_a_new_draft(world):
    from .factories import default_checklist

    source = default_checklist()
    exported = _client(world.org_a_editor).get(reverse("inspections:checklist_export", args=[source.pk])).content
    target = services.do_create_checklist(world.a, actor=world.org_a_editor, title="Bản sao")
    response = submit(_client(world.org_a_editor), reverse("inspections:checklist_import", args=[target.pk]),
                      upload(exported))
    assert response.status_code == 302
    copied = list(target.criteria.values_list("number", "text", "weight", "evidence_required", "unit_kinds"))
    original = list(source.criteria.values_list("number", "text", "weight", "evidence_required", "unit_kinds"))
    assert copied == original
