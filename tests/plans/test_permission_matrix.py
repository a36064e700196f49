"""The generic permission matrix (pckb.core.testing) applied to every page of the plans app.

The records belong to committee A; tasks are assigned to A itself so that the viewer of its member
agency a1 is an outsider to them (a task assigned to a1 is readable there: tests/plans/test_views.py).
"""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from pckb.core.attachments import do_add_attachment
from pckb.core.choices import Role
from pckb.core.models import Attachment, AuditEntry
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedChildFormMatrix,
    ScopedDeleteMatrix,
    ScopedDetailMatrix,
    ScopedDownloadMatrix,
    ScopedEditMatrix,
    ScopedListMatrix,
    ScopedViewMatrix,
)
from pckb.organizations.models import Organization
from pckb.plans import services
from pckb.plans.models import Plan, Program, Task, TaskGroup, TaskUpdate

PDF = ScopedDownloadMatrix.file_content


def _today() -> datetime.date:
    return timezone.localdate()


def make_program(world: Any, org: Organization) -> Program:
    return services.do_create_program(
        org, actor=world.org_a_editor, title="Chương trình PCKB 2022–2026", period_from=_today(), period_to=_today()
    )


def make_plan(world: Any, org: Organization, *, issued: bool = False, **fields: Any) -> Plan:
    plan = services.do_create_plan(
        org,
        actor=world.org_a_manager,
        title="Kế hoạch PCKB năm 2026",
        period_from=_today(),
        period_to=_today() + datetime.timedelta(days=300),
        document_number="12/KH-BCĐ",
        **fields,
    )
    return services.do_issue_plan(plan, actor=world.org_a_manager) if issued else plan


def make_task(world: Any, org: Organization, **fields: Any) -> Task:
    return services.do_create_task(
        org,
        actor=world.org_a_editor,
        title="Rà soát phương án bảo vệ mục tiêu",
        assignee=org,
        deadline=_today() + datetime.timedelta(days=30),
        **fields,
    )


def task_form(world: Any, org: Organization) -> dict[str, Any]:
    return {
        "organization": org.pk,
        "title": "Tổ chức diễn tập",
        "assignee": org.pk,
        "assigned_on": _today().isoformat(),
        "deadline": (_today() + datetime.timedelta(days=10)).isoformat(),
        "priority": "high",
        "recurrence": "none",
        "classification": 0,
    }


class TestProgramPages(ScopedViewMatrix):
    model = Program
    url_prefix = "plans:program"
    below_add_status = 403  # the form's committee list is empty for them: no dead-end form (#7)

    def make_object(self, world: Any, org: Organization) -> Program:
        return make_program(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "title": "Chương trình PCKB giai đoạn 2026–2030",
            "period_from": "2026-01-01",
            "period_to": "2030-12-31",
            "classification": 0,
        }


class TestPlanPages(ScopedViewMatrix):
    model = Plan
    url_prefix = "plans:plan"
    below_add_status = 403  # the form's committee list is empty for them: no dead-end form (#7)

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "title": "Kế hoạch PCKB 6 tháng cuối năm",
            "kind": "annual",
            "period_from": "2026-07-01",
            "period_to": "2026-12-31",
            "document_number": "15/KH-BCĐ",
            "classification": 0,
        }


class TestPlanIssue(ScopedActionMatrix):
    model = Plan
    least_role = Role.MANAGER
    action_route = "plans:plan_issue"

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)


class TestPlanClose(ScopedActionMatrix):
    model = Plan
    least_role = Role.MANAGER
    action_route = "plans:plan_close"

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org, issued=True)


class TestPlanAttachment(ScopedDownloadMatrix):
    """A plan's file, through the one attachment download (core): as readable as the plan."""

    model = Attachment
    download_route = "attachments:download"

    def make_object(self, world: Any, org: Organization) -> Attachment:
        upload = SimpleUploadedFile("ke-hoach.pdf", self.file_content)
        return do_add_attachment(make_plan(world, org), upload, actor=world.superuser)


class TestPlanImportTemplate(ScopedDownloadMatrix):
    """The workbook to fill in for a plan's import: for those who may add tasks to the plan."""

    model = Plan
    download_route = "plans:plan_import"
    read_role = Role.EDITOR

    def download_url(self, obj: Plan) -> str:
        return f"{reverse(self.download_route, args=[obj.pk])}?template=xlsx"

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def check_content(self, obj: Plan, content: bytes) -> None:
        assert content.startswith(b"PK")  # an .xlsx workbook is a zip


class TestPlanImport(ScopedChildFormMatrix):
    """Upload a workbook, see the preview, confirm: each step is the editor's, tasks are its children."""

    model = Plan
    form_route = "plans:plan_import"
    child_model = Task

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def child_data(self, world: Any, parent: Plan) -> dict[str, Any]:
        book = Workbook()
        book.active.append(["title", "assignee", "deadline", "priority", "description"])
        book.active.append(["Rà soát mục tiêu", "a", (_today() + datetime.timedelta(days=9)).strftime("%d/%m/%Y")])
        buffer = BytesIO()
        book.save(buffer)
        return {"file": SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())}

    def submit(self, client: Any, url: str, data: dict[str, Any]) -> Any:
        preview = client.post(url, data)
        if preview.status_code != 200:
            return preview
        return client.post(url, {"confirm": preview.context["job"].pk})


class TestTaskPages(ScopedDetailMatrix, ScopedEditMatrix, ScopedAddMatrix):
    model = Task
    url_prefix = "plans:task"
    below_add_status = 403  # the form's committee list is empty for them: no dead-end form (#7)
    list_url = None  # the two task lists: TestTaskLists

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        data = task_form(world, org)
        del data["organization"], data["assigned_on"]
        return data

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return task_form(world, org)


class TestTaskDelete(ScopedDeleteMatrix):
    """Only the tasks of a draft plan can be deleted (the others are cancelled)."""

    model = Task
    url_prefix = "plans:task"

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org, plan=make_plan(world, org))


class TestTaskAssignMany(ScopedAddMatrix):
    model = Task
    below_add_status = 403  # the form's committee list is empty for them: no dead-end form (#7)
    covers = ("plans:task_assign_many",)
    least_role = Role.EDITOR

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org)

    def add_url(self, world: Any, org: Organization) -> str:
        return reverse("plans:task_assign_many")

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        data = task_form(world, org)
        del data["assignee"], data["recurrence"]
        return {**data, "assignees": [org.pk]}


class TestTaskLists(ScopedListMatrix):
    model = Task
    list_routes = ("plans:task_assigned", "plans:task_issued", "plans:calendar")

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org)

    def list_url(self, route: str, obj: Task) -> str:
        url = reverse(route)
        return f"{url}?month={obj.deadline:%Y-%m}" if route == "plans:calendar" else url


class TestTaskGroupPage(ScopedDetailMatrix):
    model = TaskGroup
    url_prefix = "plans:taskgroup"
    list_url = None

    def make_object(self, world: Any, org: Organization) -> TaskGroup:
        return services.do_assign_task_to_many(
            org, [org], actor=world.org_a_editor, title="Báo cáo 6 tháng", deadline=_today()
        )


class TestTaskProgress(ScopedChildFormMatrix):
    """A progress report (the form on the task page) adds an entry to the task's timeline."""

    model = Task
    form_route = "plans:task_progress"
    child_model = TaskUpdate
    has_form_page = False

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org)

    def child_data(self, world: Any, parent: Task) -> dict[str, Any]:
        return {"percent": 40, "text": "Đã rà soát 4/10 mục tiêu"}


class TestTaskTransition(ScopedActionMatrix):
    model = Task
    action_route = "plans:task_transition"
    confirm_page = False

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org)

    def action_data(self, world: Any, obj: Task) -> dict[str, Any]:
        return {"to": "cancelled", "comment": "Đã lồng ghép vào nhiệm vụ khác"}


class TestTaskUpdateAttachment(ScopedDownloadMatrix):
    """A progress report's file: readable by whoever may read the report (issuer side and assignee side)."""

    model = Attachment
    download_route = "attachments:download"

    def make_object(self, world: Any, org: Organization) -> Attachment:
        task = make_task(world, org)
        upload = SimpleUploadedFile("bao-cao.pdf", self.file_content, content_type="application/pdf")
        entry = services.do_report_progress(
            task, 30, "Báo cáo kèm theo", attachments=[upload], actor=world.org_a_editor
        )
        return entry.attachments.get()


class TestPlanTransition(ScopedActionMatrix):
    """The one transition page of a plan (`?to=`); issue and close are its aliases."""

    model = Plan
    least_role = Role.MANAGER
    action_route = "plans:plan_transition"

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def action_url(self, obj: Plan) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=issued"

    def action_data(self, world: Any, obj: Plan) -> dict[str, Any]:
        return {"to": "issued"}


class TestAttachmentDeletion(ScopedActionMatrix):
    """Removing a plan's file: its editors, after a confirmation page."""

    model = Attachment
    action_route = "attachments:delete"

    def make_object(self, world: Any, org: Organization) -> Attachment:
        upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n% PCKB test document\n")
        return do_add_attachment(make_plan(world, org), upload, actor=world.superuser)

    def state(self, obj: Attachment) -> Any:
        return Attachment.objects.filter(pk=obj.pk).exists()


class TestAttachmentAddition(ScopedActionMatrix):
    """Adding a file to a plan (the upload control posts here): its editors."""

    model = Plan
    action_route = "attachments:add"
    confirm_page = False

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def action_url(self, obj: Plan) -> str:
        return reverse(self.action_route, args=["plans.plan", obj.pk])

    def action_data(self, world: Any, obj: Plan) -> dict[str, Any]:
        return {"files": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n% PCKB test document\n")}

    def state(self, obj: Plan) -> Any:
        return Attachment.objects.of(obj).count()

    def audit_count(self, obj: Plan) -> int:
        ids = [str(pk) for pk in Attachment.objects.of(obj).values_list("pk", flat=True)]
        return AuditEntry.objects.filter(object_type="core.attachment", object_id__in=ids).count()
