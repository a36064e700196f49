"""The generic permission matrix (pckb.core.testing) applied to the plans API: programs, plans, tasks,
their actions (issue, close, transition) and task updates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pckb.core.attachments import do_add_attachment
from pckb.core.choices import Role
from pckb.core.models import Attachment
from pckb.core.testing import (
    ScopedAPIActionMatrix,
    ScopedAPIChildMatrix,
    ScopedAPIMatrix,
    ScopedAPIReadMatrix,
    _api_client,
)
from pckb.organizations.models import Organization
from pckb.plans import services
from pckb.plans.models import Plan, Program, Task, TaskUpdate

from .test_permission_matrix import PDF, _today, make_plan, make_program, make_task


class TestProgramAPI(ScopedAPIMatrix):
    model = Program
    endpoint = "/api/v1/programs/"

    def make_object(self, world: Any, org: Organization) -> Program:
        return make_program(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "title": "Chương trình 2026–2030",
            "period_from": "2026-01-01",
            "period_to": "2030-12-31",
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"legal_basis": "15/CTr-BCĐ"}


class TestPlanAPI(ScopedAPIMatrix):
    model = Plan
    endpoint = "/api/v1/plans/"

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "title": "Kế hoạch 6 tháng",
            "kind": "annual",
            "period_from": "2026-07-01",
            "period_to": "2026-12-31",
            "document_number": "3/KH",
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Kế hoạch 6 tháng cuối năm"}


class TestPlanIssueAPI(ScopedAPIActionMatrix):
    model = Plan
    endpoint = "/api/v1/plans/"
    api_action = "issue"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)


class TestPlanCloseAPI(ScopedAPIActionMatrix):
    model = Plan
    endpoint = "/api/v1/plans/"
    api_action = "close"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org, issued=True)


class TestTaskAPI(ScopedAPIMatrix):
    """Tasks of a draft plan, the only ones that can be deleted."""

    model = Task
    endpoint = "/api/v1/tasks/"

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org, plan=make_plan(world, org))

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "title": "Tập huấn nghiệp vụ",
            "assignee": org.pk,
            "deadline": (_today() + datetime.timedelta(days=9)).isoformat(),
            "plan": make_plan(world, org).pk,
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Tập huấn nghiệp vụ PCKB"}


class TestTaskTransitionAPI(ScopedAPIActionMatrix):
    model = Task
    endpoint = "/api/v1/tasks/"
    api_action = "transition"

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org)

    def action_body(self, world: Any, obj: Task) -> dict[str, Any]:
        return {"to": "cancelled", "comment": "Đã lồng ghép vào nhiệm vụ khác"}


def make_update(world: Any, org: Organization) -> TaskUpdate:
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    return services.do_report_progress(
        make_task(world, org), 30, "Báo cáo", attachments=[upload], actor=world.org_a_editor
    )


class TestTaskUpdateAPI(ScopedAPIReadMatrix):
    model = TaskUpdate
    endpoint = "/api/v1/task-updates/"

    def make_object(self, world: Any, org: Organization) -> TaskUpdate:
        return make_update(world, org)


class TestTaskUpdateCreationAPI(ScopedAPIChildMatrix):
    """Reporting progress through the API adds an update to a task: the assignee's editors only."""

    model = Task
    endpoint = "/api/v1/task-updates/"
    child_model = TaskUpdate
    parent_field = "task"

    def make_object(self, world: Any, org: Organization) -> Task:
        return make_task(world, org)

    def child_body(self, world: Any, parent: Task) -> dict[str, Any]:
        return {"task": parent.pk, "percent": 40, "text": "Đã rà soát 4/10 mục tiêu"}


class TestPlanTransitionAPI(ScopedAPIActionMatrix):
    model = Plan
    endpoint = "/api/v1/plans/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def action_body(self, world: Any, obj: Plan) -> dict[str, Any]:
        return {"to": "issued"}


def make_attachment(world: Any, org: Organization) -> Any:
    upload = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    return do_add_attachment(make_plan(world, org), upload, actor=world.superuser)


class TestAttachmentAPI(ScopedAPIReadMatrix):
    """Files are as readable as their owner; the download action too."""

    model = Attachment
    endpoint = "/api/v1/attachments/"
    covers = ("attachment-download",)

    @pytest.fixture(autouse=True)
    def _media_in_tmp(self, settings: Any, tmp_path: Any) -> None:
        settings.MEDIA_ROOT = tmp_path

    def make_object(self, world: Any, org: Organization) -> Any:
        return make_attachment(world, org)

    def test_it_downloads_only_for_those_who_see_the_owner(self, world: Any) -> None:
        obj = self.obj(world)
        assert _api_client(world.org_a_viewer).get(f"{self.endpoint}{obj.pk}/download").status_code == 200
        for user in self.outsiders(world):
            assert _api_client(user).get(f"{self.endpoint}{obj.pk}/download").status_code == 404


class TestPlanTaskImportAPI(ScopedAPIActionMatrix):
    """`POST /plans/{id}/import-tasks` (multipart .xlsx): the plan's editors; tasks are what changes."""

    model = Plan
    endpoint = "/api/v1/plans/"
    api_action = "import-tasks"
    body_format = "multipart"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Plan:
        return make_plan(world, org)

    def action_body(self, world: Any, obj: Plan) -> dict[str, Any]:
        from io import BytesIO

        from openpyxl import Workbook

        book = Workbook()
        book.active.append(["title", "assignee", "deadline", "priority", "description"])
        book.active.append(["Rà soát mục tiêu", "a", (_today() + datetime.timedelta(days=9)).strftime("%d/%m/%Y")])
        buffer = BytesIO()
        book.save(buffer)
        return {"file": SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())}

    def state(self, obj: Plan) -> Any:
        return Task.objects.filter(plan=obj).count()

    def audit_count(self, obj: Plan) -> int:
        from pckb.core.models import AuditEntry

        ids = [str(pk) for pk in Task.objects.filter(plan=obj).values_list("pk", flat=True)]
        return AuditEntry.objects.filter(object_type="plans.task", object_id__in=ids).count()
