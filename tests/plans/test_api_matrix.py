"""The generic permission matrix (pckb.core.testing) applied to the plans API: programs, plans, tasks,
their actions (issue, close, transition) and task updates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pckb.core.choices import Role
from pckb.core.testing import ScopedAPIActionMatrix, ScopedAPIChildMatrix, ScopedAPIMatrix, ScopedAPIReadMatrix
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
    return services.do_report_progress(make_task(world, org), 30, "Báo cáo", upload, actor=world.org_a_editor)


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

    # Leak 1 of #6: the `task` field looks the id up in the whole table, so a hidden task answers 404 and
    # a missing one 400. The fix (related fields limited to `visible_to`) is another branch's; this
    # strict xfail turns into a failure once it is merged: then remove the marker.
    @pytest.mark.xfail(strict=True, reason="#6 leak 1: a hidden task is a 404, a missing one a 400")
    def test_it_answers_outsiders_as_if_the_parent_did_not_exist(self, world: Any) -> None:
        super().test_it_answers_outsiders_as_if_the_parent_did_not_exist(world)
