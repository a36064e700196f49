"""Excel import of a plan's tasks: template, preview with row errors, all-or-nothing; export round trip."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pckb.plans.models import Task

pytestmark = pytest.mark.django_db


def _xlsx(rows, name="tasks.xlsx"):
    wb = Workbook()
    sheet = wb.active
    sheet.append(["title", "assignee", "deadline", "priority", "description"])
    for row in rows:
        sheet.append(row)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def test_it_previews_then_imports_all_rows(client, world, plan, today):
    client.force_login(world.org_a_editor)
    url = reverse("plans:plan_import", args=[plan.pk])
    deadline = (today + datetime.timedelta(days=20)).strftime("%d/%m/%Y")
    upload = _xlsx(
        [["Rà soát mục tiêu", "a1", deadline, "cao", "Chi tiết"], ["Tập huấn", "Sở Y tế tỉnh A", today, "", ""]]
    )
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200 and preview.context["result"].ok
    assert not Task.objects.exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    tasks = list(Task.objects.order_by("title"))
    assert [(t.title, t.assignee.code, t.priority, t.plan_id) for t in tasks] == [
        ("Rà soát mục tiêu", "a1", "high", plan.pk),
        ("Tập huấn", "a1", "normal", plan.pk),
    ]


def test_it_lists_row_errors_in_vietnamese_and_imports_nothing(client, world, plan, today):
    client.force_login(world.org_a_editor)
    url = reverse("plans:plan_import", args=[plan.pk])
    upload = _xlsx(
        [
            ["Việc tốt", "a1", today.strftime("%d/%m/%Y"), "", ""],
            ["Việc xấu", "Sở X", "31/02/2026", "rất cao", ""],
            ["Ngoài tỉnh", "b1", today.strftime("%d/%m/%Y"), "", ""],
        ]
    )
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert errors[0].startswith("Dòng 3: không tìm thấy đơn vị “Sở X”")
    assert "không phải ngày" in errors[0] and "mức ưu tiên “rất cao”" in errors[0]
    assert errors[1].startswith("Dòng 4: không tìm thấy đơn vị “b1”")
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Task.objects.exists()


def test_it_rolls_back_the_whole_import_when_a_row_fails_on_confirmation(world, plan, today):
    from django.core.exceptions import ValidationError

    from pckb.plans.imports import do_import_plan_tasks

    good = {
        "row": 2,
        "title": "A",
        "assignee_id": world.a1.pk,
        "deadline": today.isoformat(),
        "priority": "normal",
        "description": "",
    }
    bad = {**good, "row": 3, "deadline": (today - datetime.timedelta(days=400)).isoformat()}
    with pytest.raises(ValidationError) as err:
        do_import_plan_tasks(plan, [good, bad], actor=world.org_a_editor)
    assert err.value.messages[0].startswith("Row 3") or err.value.messages[0].startswith("Dòng 3")
    assert not Task.objects.exists()


def test_it_refuses_a_file_that_is_not_a_workbook(client, world, plan):
    client.force_login(world.org_a_editor)
    url = reverse("plans:plan_import", args=[plan.pk])
    response = client.post(url, {"file": SimpleUploadedFile("tasks.xlsx", b"not a zip")})
    assert response.status_code == 400 and "Không đọc được tệp" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("tasks.csv", b"a,b")})
    assert response.status_code == 400 and not Task.objects.exists()


def test_it_keeps_the_import_to_editors_of_the_plan(client, world, plan):
    url = reverse("plans:plan_import", args=[plan.pk])
    client.force_login(world.org_b_editor)
    assert client.get(url).status_code == 404
    assert client.get(reverse("plans:plan_import_template", args=[plan.pk])).status_code == 404
    client.force_login(world.org_a_viewer)
    assert client.get(url).status_code == 403


def test_it_round_trips_the_template_and_the_export(client, world, plan, today):
    client.force_login(world.org_a_editor)
    template = client.get(reverse("plans:plan_import_template", args=[plan.pk]))
    workbook = load_workbook(BytesIO(template.content))
    assert [c.value for c in workbook.worksheets[0][1]][:2] == ["Tiêu đề", "Đơn vị chủ trì (mã hoặc tên)"]
    codes = {row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert codes == {"a", "a1"}
    upload = SimpleUploadedFile("filled.xlsx", template.content)
    url = reverse("plans:plan_import", args=[plan.pk])
    assert client.post(url, {"file": upload}).context["result"].ok
    client.post(url, {"confirm": "1"})
    task = Task.objects.get()
    exported = client.get(reverse("plans:task_issued"), {"export": "xlsx", "plan": plan.pk})
    rows = list(load_workbook(BytesIO(exported.content)).active.values)
    assert rows[1][0] == task.title and rows[1][2] == task.assignee.name
