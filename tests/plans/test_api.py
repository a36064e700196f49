"""/api/v1/programs/, /plans/, /tasks/, /task-updates/: scoping, filters, services, errors."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from pckb.plans import services
from pckb.plans.models import Plan, Program, Task, TaskUpdate

from .conftest import make_task

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_lists_tasks_with_the_documented_fields(world, task):
    data = api(world.org_a1_editor).get("/api/v1/tasks/").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["organization"] == world.a.pk and row["assignee"] == world.a1.pk
    assert row["deadline"] == task.deadline.isoformat() and row["status"] == "assigned"
    assert row["is_overdue"] is False and row["plan"] == task.plan_id


def test_it_hides_tasks_from_the_outsider(world, task):
    client = api(world.org_b_editor)
    assert client.get("/api/v1/tasks/").json()["count"] == 0
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 404
    assert client.patch(f"/api/v1/tasks/{task.pk}/", {"title": "x"}, format="json").status_code == 404
    assert client.post(f"/api/v1/tasks/{task.pk}/transition/", {"to": "cancelled", "comment": "x"}).status_code == 404
    assert client.delete(f"/api/v1/tasks/{task.pk}/").status_code == 404
    response = client.post("/api/v1/task-updates/", {"task": task.pk, "percent": 50})
    missing = client.post("/api/v1/task-updates/", {"task": 99999999, "percent": 50})
    assert response.status_code == 400  # a hidden task reads exactly like a missing one
    assert response.json() == missing.json()
    assert client.get(f"/api/v1/plans/{task.plan_id}/").status_code == 404
    assert client.post(f"/api/v1/plans/{task.plan_id}/close/").status_code == 404
    task.refresh_from_db()
    assert (task.status, task.title.startswith("Rà soát")) == ("assigned", True)
    assert not TaskUpdate.objects.exists()


def test_it_refuses_writes_to_the_viewer(world, task):
    client = api(world.org_a_viewer)
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert client.patch(f"/api/v1/tasks/{task.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"/api/v1/tasks/{task.pk}/transition/", {"to": "cancelled", "comment": "x"}).status_code == 403
    assert client.post("/api/v1/task-updates/", {"task": task.pk, "percent": 50}).status_code == 403
    assert client.post(f"/api/v1/plans/{task.plan_id}/close/").status_code == 403
    task.refresh_from_db()
    assert task.status == "assigned"


def test_it_creates_a_task_through_the_service(world, plan, today):
    body = {
        "title": "Kiểm tra công tác bảo vệ",
        "organization": world.a.pk,
        "assignee": world.a1.pk,
        "deadline": (today + datetime.timedelta(days=7)).isoformat(),
        "plan": plan.pk,
        "source_type": "plans.plan",
        "source_id": plan.pk,
    }
    response = api(world.org_a_editor).post("/api/v1/tasks/", body, format="json")
    assert response.status_code == 201, response.json()
    task = Task.objects.get(pk=response.json()["id"])
    assert task.source == plan and task.created_by == world.org_a_editor
    assert response.json()["source_type"] == "plans.plan"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"assignee": "b1"}, "assignee"),
        ({"source_type": "plans.nothing", "source_id": 1}, "source_type"),
    ],
)
def test_it_answers_400_with_a_translated_field_error(world, today, change, field):
    body = {
        "title": "Nhiệm vụ",
        "organization": world.a.pk,
        "assignee": world.a1.pk,
        "assigned_on": today.isoformat(),
        "deadline": today.isoformat(),
    }
    body.update(change)
    if body["assignee"] == "b1":
        body["assignee"] = world.b1.pk
    response = api(world.org_a_editor).post("/api/v1/tasks/", body, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert field in response.json()
    assert not Task.objects.exists()


def test_it_refuses_to_create_in_another_organizations_scope(world, today):
    body = {"title": "x", "organization": world.a.pk, "assignee": world.a1.pk, "deadline": today.isoformat()}
    response = api(world.org_b_editor).post("/api/v1/tasks/", body, format="json")
    assert response.status_code == 400 and "organization" in response.json()
    assert not Task.objects.exists()


def test_it_lets_only_the_issuer_patch_a_task(world, task, today):
    new_deadline = (today + datetime.timedelta(days=60)).isoformat()
    assert api(world.org_a1_editor).patch(f"/api/v1/tasks/{task.pk}/", {"deadline": new_deadline}).status_code == 403
    response = api(world.org_a_editor).patch(f"/api/v1/tasks/{task.pk}/", {"deadline": new_deadline})
    assert response.status_code == 200 and response.json()["deadline"] == new_deadline
    assert api(world.org_a_editor).patch(f"/api/v1/tasks/{task.pk}/", {"plan": None}, format="json").status_code == 400


def test_it_transitions_through_the_action_endpoint(world, task):
    # The spelling, without a trailing slash.
    response = api(world.org_a1_editor).post(f"/api/v1/tasks/{task.pk}/transition", {"to": "done"})
    assert response.status_code == 200 and response.json()["status"] == "done"
    response = api(world.org_a_manager).post(f"/api/v1/tasks/{task.pk}/transition/", {"to": "verified"})
    assert response.json()["status"] == "verified"
    refused = api(world.org_a_manager).post(
        f"/api/v1/tasks/{task.pk}/transition/", {"to": "assigned"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert refused.status_code == 400
    assert "không thể chuyển sang" in refused.json()["to"][0]
    task.refresh_from_db()
    assert task.status == "verified"


def test_it_filters_tasks(world, today):
    late = make_task(
        world, title="late", assigned_on=today - datetime.timedelta(days=9), deadline=today - datetime.timedelta(days=1)
    )
    soon = make_task(world, title="soon", deadline=today + datetime.timedelta(days=3))
    other = make_task(world, title="other", assignee=world.a, deadline=today + datetime.timedelta(days=30))
    client = api(world.org_a_manager)

    def ids(query: str) -> set[int]:
        return {row["id"] for row in client.get(f"/api/v1/tasks/?{query}").json()["results"]}

    assert ids("overdue=true") == {late.pk}
    assert ids(f"assignee={world.a1.pk}") == {late.pk, soon.pk}
    assert ids(f"organization={world.a.pk}") == {late.pk, soon.pk, other.pk}
    assert ids(
        f"deadline_after={today.isoformat()}&deadline_before={(today + datetime.timedelta(days=5)).isoformat()}"
    ) == {soon.pk}
    assert ids("status=assigned") == {late.pk, soon.pk, other.pk}
    assert client.get("/api/v1/tasks/?deadline_after=not-a-date").status_code == 400


def test_it_reports_progress_through_task_updates(world, task):
    client = api(world.org_a1_editor)
    response = client.post("/api/v1/task-updates/", {"task": task.pk, "percent": 30, "text": "Bắt đầu"})
    assert response.status_code == 201 and response.json()["kind"] == "progress"
    assert client.post("/api/v1/task-updates/", {"task": task.pk, "percent": 101}).status_code == 400
    below = client.post("/api/v1/task-updates/", {"task": task.pk, "percent": 10}, HTTP_ACCEPT_LANGUAGE="vi")
    assert below.status_code == 400 and "text" in below.json()
    listed = client.get(f"/api/v1/task-updates/?task={task.pk}").json()
    assert listed["count"] == 1
    assert api(world.org_b_editor).get("/api/v1/task-updates/").json()["count"] == 0


def test_it_manages_programs_and_plans(world, today):
    client = api(world.org_a_manager)
    program = client.post(
        "/api/v1/programs/",
        {"organization": world.a.pk, "title": "CT 2022–2026", "period_from": "2022-01-01", "period_to": "2026-12-31"},
    )
    assert program.status_code == 201
    bad = client.post(
        "/api/v1/programs/",
        {"organization": world.a.pk, "title": "Sai", "period_from": "2022-01-01", "period_to": "2021-01-01"},
    )
    assert bad.status_code == 400 and "period_to" in bad.json()
    plan = client.post(
        "/api/v1/plans/",
        {
            "organization": world.a.pk,
            "program": program.json()["id"],
            "title": "KH 2026",
            "kind": "annual",
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
            "document_number": "5/KH-BCĐ",
        },
    )
    assert plan.status_code == 201 and plan.json()["status"] == "draft"
    plan_id = plan.json()["id"]
    assert api(world.org_a_editor).post(f"/api/v1/plans/{plan_id}/issue/").status_code == 403
    assert client.post(f"/api/v1/plans/{plan_id}/issue/").json()["status"] == "issued"
    assert client.post(f"/api/v1/plans/{plan_id}/issue/").status_code == 400
    assert client.post(f"/api/v1/plans/{plan_id}/close/").json()["status"] == "closed"
    assert api(world.org_b_manager).get("/api/v1/programs/").json()["count"] == 0
    assert Program.objects.count() == 1 and Plan.objects.get().status == "closed"


def test_it_pages_the_task_list(world, today):
    for n in range(3):
        make_task(world, title=f"t{n}", deadline=today)
    data = api(world.org_a_manager).get("/api/v1/tasks/?page_size=2").json()
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]


def test_it_deletes_only_draft_plan_tasks_through_the_api(world, task, today):
    assert api(world.org_a_editor).delete(f"/api/v1/tasks/{task.pk}/").status_code == 400
    assert Task.objects.filter(pk=task.pk).exists()
    draft = services.do_create_plan(world.a, actor=world.org_a_editor, title="D", period_from=today, period_to=today)
    draft_task = make_task(world, deadline=today, plan=draft)
    assert api(world.org_a_editor).delete(f"/api/v1/tasks/{draft_task.pk}/").status_code == 204


def test_lists_leave_out_allowed_transitions_and_the_schema_says_so(world, task):
    """A list row has no `allowed_transitions` (the detail has them): the schema must not require it (#8)."""
    client = api(world.org_a_manager)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for name in ("Task", "Plan"):
        assert "allowed_transitions" in schema["components"]["schemas"][name]["properties"]
        assert "allowed_transitions" not in schema["components"]["schemas"][name].get("required", [])
    row = client.get("/api/v1/tasks/").json()["results"][0]
    assert "allowed_transitions" not in row
    assert isinstance(client.get(f"/api/v1/tasks/{task.pk}/").json()["allowed_transitions"], list)
