"""The import mechanism (core.imports): the template's drop-downs and formats, the column types, the registry."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from openpyxl import load_workbook

from pckb.core.imports.columns import (
    BoolColumn,
    CellError,
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    IntColumn,
    LookupColumn,
    TextColumn,
)
from pckb.core.imports.importers import ImportContext, Importer, get_importer, importers, register, validate_row
from pckb.plans.choices import TaskPriority


@pytest.mark.django_db
def test_it_offers_the_catalogues_as_drop_down_lists_in_the_template(client, world, plan):
    client.force_login(world.org_a_editor)
    response = client.get(reverse("plans:plan_import", args=[plan.pk]), {"template": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="plan-{plan.pk}-tasks-template.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    sheet, lists = workbook.worksheets
    assert (sheet.title, lists.title, lists.sheet_state) == ("Nhiệm vụ", "Danh mục", "hidden")
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assignee, priority = validations["B2:B5001"], validations["D2:D5001"]
    assert (assignee.type, assignee.formula1) == ("list", "'Danh mục'!$B$2:$B$3")
    assert (priority.type, priority.formula1) == ("list", "'Danh mục'!$D$2:$D$5")
    assert [row[3] for row in lists.iter_rows(min_row=2, max_row=5, values_only=True)] == [
        "Thấp",
        "Bình thường",
        "Cao",
        "Khẩn",
    ]
    assert validations["C2:C5001"].type == "date" and validations["A2:A5001"].type == "textLength"
    # Dates in dd/mm/yyyy: the column's style and the example row's cell.
    assert sheet.column_dimensions["C"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].number_format == "DD/MM/YYYY" and isinstance(sheet["C2"].value, datetime.datetime)
    # Help in the header comments: required or not, and what is expected.
    assert sheet["A1"].comment.text.startswith("Bắt buộc.\nTối đa 500 ký tự.")
    assert "Đơn vị chủ trì, thuộc Ban Chỉ đạo ban hành kế hoạch." in sheet["B1"].comment.text
    assert sheet["E1"].comment.text.startswith("Không bắt buộc.")
    assert sheet.freeze_panes == "A2"


class _Ctx:
    def __init__(self):
        self.cache = {}


@pytest.mark.parametrize(
    ("column", "raw", "value"),
    [
        (TextColumn("t", "T", max_length=5), "  abc ", "abc"),
        (TextColumn("t", "T"), 12.0, "12"),
        (IntColumn("n", "N", min_value=0, max_value=10), "7", 7),
        (IntColumn("n", "N"), 3.0, 3),
        (DecimalColumn("d", "D"), "1,5", Decimal("1.5")),
        (DateColumn("d", "D"), "05/03/2026", datetime.date(2026, 3, 5)),
        (DateColumn("d", "D"), datetime.datetime(2026, 3, 5, 0, 0), datetime.date(2026, 3, 5)),
        (DateColumn("d", "D"), "2026-03-05", datetime.date(2026, 3, 5)),
        (BoolColumn("b", "B"), "Có", True),
        (BoolColumn("b", "B"), "không", False),
        (ChoiceColumn("p", "P", choices=TaskPriority), "khan", TaskPriority.URGENT),
        (ChoiceColumn("p", "P", choices=TaskPriority), "Urgent", TaskPriority.URGENT),
        (ChoiceColumn("p", "P", choices=TaskPriority), "high", TaskPriority.HIGH),
    ],
)
def test_it_reads_each_column_type(column, raw, value):
    assert column.parse(raw, _Ctx()) == value
    assert column.from_json(column.to_json(column.parse(raw, _Ctx())), _Ctx()) == value


@pytest.mark.parametrize(
    ("column", "raw", "message"),
    [
        (TextColumn("t", "T", max_length=5), "abcdefg", "7 ký tự, tối đa 5"),
        (IntColumn("n", "N", min_value=0, max_value=10), "11", "11 nằm ngoài khoảng 0–10"),
        (IntColumn("n", "N"), "2.5", "“2.5” không phải số nguyên"),
        (IntColumn("n", "N"), "1e999999", "“1e999999” không phải số nguyên"),
        (DecimalColumn("d", "D"), "NaN", "“NaN” không phải là số"),
        (DecimalColumn("d", "D"), "1e999999", "“1e999999” không phải là số"),
        (DateColumn("d", "D"), "9999-12-31", "năm 9999 không hợp lý"),
        (DateColumn("d", "D"), "31/02/2026", "“31/02/2026” không phải ngày dd/mm/yyyy"),
        (BoolColumn("b", "B"), "có lẽ", "“có lẽ” không có trong danh sách"),
        (ChoiceColumn("p", "P", choices=TaskPriority), "rất cao", "“rất cao” không có trong danh sách"),
    ],
)
def test_it_explains_a_bad_cell_in_vietnamese(column, raw, message):
    with pytest.raises(CellError) as err:
        column.parse(raw, _Ctx())
    assert str(err.value) == message


class _Thing:
    def __init__(self, pk, code, name):
        self.pk, self.code, self.name = pk, code, name


def test_it_looks_records_up_by_code_first_then_by_an_unambiguous_name():
    things = [_Thing(1, "a1", "Sở Y tế"), _Thing(2, "a2", "Sở Y tế"), _Thing(3, "a3", "Công an")]
    column = LookupColumn(
        "x",
        "X",
        queryset=lambda ctx: things,
        codes=lambda t: [t.code],
        names=lambda t: [t.name],
        label=lambda t: t.name,
    )
    ctx = _Ctx()
    assert column.parse("A2", ctx).pk == 2 and column.parse("cong an", ctx).pk == 3
    with pytest.raises(CellError, match="có nhiều mục cùng tên “Sở Y tế”: hãy dùng mã"):
        column.parse("Sở Y tế", ctx)
    with pytest.raises(CellError, match="không tìm thấy “Bộ”"):
        column.parse("Bộ", ctx)
    assert column.from_json(3, ctx).name == "Công an" and column.from_json(99, ctx) is None


def test_it_checks_a_row_and_names_every_bad_column():
    class Spec(Importer):
        key = "tests.spec"
        columns = (TextColumn("a", "Tên", required=True), IntColumn("n", "Số", min_value=1, max_value=3))

    ctx = ImportContext(Spec(), None, None)
    assert validate_row(("x", 2), ctx) == ({"a": "x", "n": 2}, [])
    assert validate_row((" ", 9), ctx) == (None, ["Tên: bắt buộc", "Số: 9 nằm ngoài khoảng 1–3"])


def test_it_registers_importers_by_key():
    assert get_importer("plans.task").target_model.__name__ == "Plan"
    assert "plans.task" in {i.key for i in importers()}
    with pytest.raises(ImproperlyConfigured):
        get_importer("nothing.here")

    class Twin(Importer):
        key = "plans.task"

    with pytest.raises(ImproperlyConfigured):
        register(Twin)
