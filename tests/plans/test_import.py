"""Excel import of a plan's tasks (core.imports with plans.imports.TaskImporter): template, preview with
row errors, all-or-nothing, rights, the closed plan, the API entry, export round trip."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pckb.core.imports.models import ImportJob
from pckb.plans import services
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


def _url(plan):
    return reverse("plans:plan_import", args=[plan.pk])


def test_it_previews_then_imports_all_rows(client, world, plan, today):
    client.force_login(world.org_a_editor)
    deadline = (today + datetime.timedelta(days=20)).strftime("%d/%m/%Y")
    upload = _xlsx(
        [["Rà soát mục tiêu", "a1", deadline, "cao", "Chi tiết"], ["Tập huấn", "Sở Y tế tỉnh A", today, "", ""]]
    )
    preview = client.post(_url(plan), {"file": upload})
    assert preview.status_code == 200
    job = preview.context["job"]
    assert job.status == "ready" and job.total_rows == 2
    assert "Rà soát mục tiêu" in preview.content.decode()
    assert not Task.objects.exists()
    response = client.post(_url(plan), {"confirm": job.pk})
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    tasks = list(Task.objects.order_by("title"))
    assert [(t.title, t.assignee.code, t.priority, t.plan_id) for t in tasks] == [
        ("Rà soát mục tiêu", "a1", "high", plan.pk),
        ("Tập huấn", "a1", "normal", plan.pk),
    ]
    # A second confirmation (double submit, back button) imports nothing more.
    assert client.post(_url(plan), {"confirm": job.pk}).status_code == 302
    assert Task.objects.count() == 2


def test_it_lists_row_errors_in_vietnamese_and_imports_nothing(client, world, plan, today):
    client.force_login(world.org_a_editor)
    upload = _xlsx(
        [
            ["Việc tốt", "a1", today.strftime("%d/%m/%Y"), "", ""],
            ["Việc xấu", "Sở X", "31/02/2026", "rất cao", ""],
            ["Ngoài tỉnh", "b1", today.strftime("%d/%m/%Y"), "", ""],
            [None, None, None, None, None],
            ["", "a1", "", "", ""],
        ]
    )
    response = client.post(_url(plan), {"file": upload})
    assert response.status_code == 400
    lines = response.context["job"].error_lines
    assert lines == [
        "Dòng 3: Đơn vị chủ trì (mã hoặc tên): không tìm thấy đơn vị “Sở X”; "
        "Hạn hoàn thành (dd/mm/yyyy): “31/02/2026” không phải ngày dd/mm/yyyy; "
        "Mức ưu tiên: “rất cao” không có trong danh sách.",
        "Dòng 4: Đơn vị chủ trì (mã hoặc tên): không tìm thấy đơn vị “b1”.",
        "Dòng 6: Tiêu đề: bắt buộc; Hạn hoàn thành (dd/mm/yyyy): bắt buộc.",
    ]
    assert "Dòng 3: Đơn vị chủ trì" in response.content.decode()
    job = response.context["job"]
    assert client.post(_url(plan), {"confirm": job.pk}).status_code == 302
    assert not Task.objects.exists()


def test_it_rolls_back_every_row_when_the_service_refuses_one_on_confirmation(client, world, plan, today):
    client.force_login(world.org_a_editor)
    upload = _xlsx([["A", "a1", today, "", ""], ["B", "a1", today, "", ""]])
    job = client.post(_url(plan), {"file": upload}).context["job"]
    # Between the preview and the confirmation the second row became invalid for the service.
    rows = job.rows
    rows[1]["values"]["deadline"] = (today - datetime.timedelta(days=4000)).isoformat()
    ImportJob.objects.filter(pk=job.pk).update(rows=rows)
    response = client.post(_url(plan), {"confirm": job.pk})
    assert response.status_code == 400
    assert response.context["job"].error_lines[0].startswith("Dòng 3: Hạn hoàn thành (dd/mm/yyyy): ")
    assert not Task.objects.exists()


def test_it_refuses_a_file_that_is_not_a_workbook(client, world, plan):
    client.force_login(world.org_a_editor)
    response = client.post(_url(plan), {"file": SimpleUploadedFile("tasks.xlsx", b"not a zip")})
    assert response.status_code == 400 and "Không đọc được tệp" in response.content.decode()
    response = client.post(_url(plan), {"file": SimpleUploadedFile("tasks.csv", b"a,b")})
    assert response.status_code == 400 and not Task.objects.exists()
    assert not ImportJob.objects.exists()


def test_it_refuses_an_upload_to_a_closed_plan_before_reading_it(client, world, plan, today):
    services.do_close_plan(plan, actor=world.org_a_manager)
    client.force_login(world.org_a_editor)
    page = client.get(_url(plan))
    assert "Kế hoạch đã kết thúc" in page.content.decode() and 'type="file"' not in page.content.decode()
    response = client.post(_url(plan), {"file": _xlsx([["A", "a1", today, "", ""]])})
    assert response.status_code == 400
    assert "Kế hoạch đã kết thúc: không thể thêm nhiệm vụ mới." in response.content.decode()
    assert not Task.objects.exists() and not ImportJob.objects.exists()


def test_it_keeps_the_import_to_editors_of_the_plan(client, world, plan, today):
    url = _url(plan)
    client.force_login(world.org_b_editor)
    assert client.get(url).status_code == 404
    assert client.get(url, {"template": "xlsx"}).status_code == 404
    assert client.post(url, {"file": _xlsx([["A", "b1", today, "", ""]])}).status_code == 404
    client.force_login(world.org_a_viewer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": _xlsx([["A", "a1", today, "", ""]])}).status_code == 403
    assert not Task.objects.exists() and not ImportJob.objects.exists()


def test_it_hides_a_job_from_everyone_but_its_uploader(client, world, plan, today):
    client.force_login(world.org_a_editor)
    job = client.post(_url(plan), {"file": _xlsx([["A", "a1", today, "", ""]])}).context["job"]
    status_url = reverse("imports:job_status", args=[job.pk])
    assert client.get(status_url).json()["status"] == "ready"
    assert client.get(_url(plan), {"job": "abc"}).status_code == 404
    assert client.post(_url(plan), {"confirm": "99999999999999999999"}).status_code == 404
    for outsider in (world.org_b_editor, world.org_a_manager):
        client.force_login(outsider)
        assert client.get(status_url).status_code == 404
        assert client.get(_url(plan), {"job": job.pk}).status_code == 404
        assert client.post(_url(plan), {"confirm": job.pk}).status_code == 404
    assert not Task.objects.exists()


def test_it_round_trips_the_template_and_the_export(client, world, plan, today):
    client.force_login(world.org_a_editor)
    template = client.get(_url(plan), {"template": "xlsx"})
    workbook = load_workbook(BytesIO(template.content))
    assert [c.value for c in workbook.worksheets[0][1]][:2] == ["Tiêu đề", "Đơn vị chủ trì (mã hoặc tên)"]
    lists = workbook.worksheets[1]
    assert lists.sheet_state == "hidden"
    assert [row[1] for row in lists.iter_rows(min_row=2, values_only=True) if row[1]] == [
        "Ban Chỉ đạo PCKB tỉnh A (a)",
        "Sở Y tế tỉnh A (a1)",
    ]
    upload = SimpleUploadedFile("filled.xlsx", template.content)
    job = client.post(_url(plan), {"file": upload}).context["job"]
    assert job.status == "ready"
    client.post(_url(plan), {"confirm": job.pk})
    task = Task.objects.get()
    exported = client.get(reverse("plans:task_issued"), {"export": "xlsx", "plan": plan.pk})
    rows = list(load_workbook(BytesIO(exported.content)).active.values)
    assert rows[1][0] == task.title and rows[1][2] == task.assignee.name


class TestImportTasksAPI:
    def _post(self, client, plan, upload, **params):
        url = f"/api/v1/plans/{plan.pk}/import-tasks"
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        return client.post(url, {"file": upload}, format="multipart")

    @pytest.fixture
    def api(self):
        from rest_framework.test import APIClient

        return APIClient()

    def test_it_checks_without_creating_on_a_dry_run_then_imports(self, api, world, plan, today):
        api.force_authenticate(world.org_a_editor)
        rows = [["A", "a1", today, "", ""], ["B", "a", today, "thấp", ""]]
        response = self._post(api, plan, _xlsx(rows), dry_run="true")
        assert response.status_code == 200, response.content
        assert (response.json()["rows"], response.json()["created"]) == (2, 0)
        assert not Task.objects.exists()
        response = self._post(api, plan, _xlsx(rows))
        assert response.status_code == 201 and response.json()["created"] == 2
        assert sorted(Task.objects.values_list("title", flat=True)) == ["A", "B"]

    def test_it_answers_400_with_the_row_errors_and_creates_nothing(self, api, world, plan, today):
        api.force_authenticate(world.org_a_editor)
        response = self._post(api, plan, _xlsx([["A", "a1", today, "", ""], ["B", "zz", "hôm qua", "", ""]]))
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {
                "row": 3,
                "messages": [
                    "Đơn vị chủ trì (mã hoặc tên): không tìm thấy đơn vị “zz”",
                    "Hạn hoàn thành (dd/mm/yyyy): “hôm qua” không phải ngày dd/mm/yyyy",
                ],
            }
        ]
        assert not Task.objects.exists()

    def test_it_keeps_outsiders_and_viewers_out(self, api, world, plan, today):
        api.force_authenticate(world.org_b_editor)
        assert self._post(api, plan, _xlsx([["A", "a1", today, "", ""]])).status_code == 404
        api.force_authenticate(world.org_a_viewer)
        assert self._post(api, plan, _xlsx([["A", "a1", today, "", ""]])).status_code == 403
        assert not Task.objects.exists() and not ImportJob.objects.exists()

    def test_it_refuses_a_closed_plan(self, api, world, plan, today):
        services.do_close_plan(plan, actor=world.org_a_manager)
        api.force_authenticate(world.org_a_editor)
        response = self._post(api, plan, _xlsx([["A", "a1", today, "", ""]]))
        assert response.status_code == 400
        assert response.json()["errors"][0]["messages"] == ["Kế hoạch đã kết thúc: không thể thêm nhiệm vụ mới."]
        assert not Task.objects.exists()
