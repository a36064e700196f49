"""The one state machine (core.workflow): its table, its service entry, the API action and the pages.

Tasks and plans are the tables under test: a task of committee A assigned to its agency a1, so that
both sides (issuer A, assignee a1) and the outsiders (B) are exercised.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pckb.core.models import AuditEntry
from pckb.core.workflow import Transition, Workflow, workflow_for
from pckb.plans import services
from pckb.plans.choices import TaskStatus
from pckb.plans.models import Plan, Task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


def make_plan(world, today, **fields):
    return services.do_create_plan(
        world.a,
        actor=world.org_a_manager,
        title=fields.pop("title", "Kế hoạch PCKB năm 2026"),
        period_from=today.replace(month=1, day=1),
        period_to=today.replace(month=12, day=31),
        **fields,
    )


@pytest.fixture
def task(world, today):
    plan = services.do_issue_plan(make_plan(world, today, document_number="12/KH-BCĐ"), actor=world.org_a_manager)
    return services.do_create_task(
        world.a,
        actor=world.org_a_editor,
        title="Rà soát phương án bảo vệ mục tiêu",
        assignee=world.a1,
        deadline=today + datetime.timedelta(days=30),
        plan=plan,
    )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def steps_of(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action="transition"
        ).order_by("id")
    )


def endpoint(task: Task) -> str:
    return f"/api/v1/tasks/{task.pk}/transition"


def assert_unchanged(task: Task, status: str = "assigned") -> None:
    task.refresh_from_db()
    assert task.status == status
    assert steps_of(task) == []


# --- the table --------------------------------------------------------------------------------------


def test_it_refuses_a_table_with_a_row_twice_or_an_unknown_state():
    with pytest.raises(ImproperlyConfigured):
        twice = [Transition("assigned", "done"), Transition(("assigned",), "done")]
        Workflow(Task, states=TaskStatus, transitions=twice)
    with pytest.raises(ImproperlyConfigured):
        Workflow(Task, states=TaskStatus, transitions=[Transition("assigned", "archived")])


def test_it_finds_the_table_of_each_model_moved_onto_it(world, task):
    assert workflow_for(task) is services.TASK_WORKFLOW
    assert workflow_for(task.plan) is services.PLAN_WORKFLOW
    assert workflow_for(world.a).model._meta.label == "organizations.Organization"
    assert workflow_for(world.org_a_viewer).field == "is_active"


def test_the_history_names_the_state_an_organisation_was_moved_to(world):
    from pckb.organizations.services import do_deactivate_organization

    do_deactivate_organization(world.a1, actor=world.org_a_manager, comment="Sáp nhập")
    entry = AuditEntry.objects.get(action="transition")
    assert entry.event_type == "organizations.organization.deactivated"
    assert entry.event_label == "Tổ chức: Ngừng hoạt động"


# --- POST /{resource}/{id}/transition: bad input, rights, audit -------------------------------------


@pytest.mark.parametrize("to", ["verified", "assigned", "archived", ""])
def test_it_refuses_a_transition_not_in_the_table_with_400(world, task, to):
    response = api(world.org_a_manager).post(endpoint(task), {"to": to, "comment": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["to"]
    assert_unchanged(task)


def test_it_says_in_vietnamese_why_the_step_is_not_in_the_table(world, task):
    response = api(world.org_a_manager).post(endpoint(task), {"to": "verified"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["to"] == [
        "Trạng thái hiện tại của nhiệm vụ này là “Đã giao”: không thể chuyển sang “Đã xác nhận”."
    ]
    assert_unchanged(task)


def test_it_refuses_a_step_without_the_comment_the_table_requires(world, task):
    response = api(world.org_a_editor).post(
        endpoint(task), {"to": "cancelled", "comment": "   "}, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 400
    assert response.json() == {"comment": ["Hãy nêu lý do hủy nhiệm vụ."]}
    assert_unchanged(task)


@pytest.mark.parametrize("persona", ["org_a_viewer", "org_a_child_viewer"])
def test_it_refuses_a_role_too_low_with_403(world, task, persona):
    response = api(getattr(world, persona)).post(endpoint(task), {"to": "done"}, format="json")
    assert response.status_code == 403
    assert_unchanged(task)


@pytest.mark.parametrize("persona", ["org_a_editor", "org_a1_editor"])
def test_it_lets_only_the_issuers_manager_verify(world, task, persona):
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    response = api(getattr(world, persona)).post(endpoint(task), {"to": "verified"}, format="json")
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "done" and [e.event_type for e in steps_of(task)] == ["plans.task.done"]


@pytest.mark.parametrize("persona", ["org_b_editor", "org_b_manager"])
def test_it_answers_404_to_outsiders(world, task, persona):
    for body in ({"to": "done"}, {"to": "cancelled", "comment": "x"}, {"to": "archived"}):
        assert api(getattr(world, persona)).post(endpoint(task), body, format="json").status_code == 404
    assert_unchanged(task)


def test_it_moves_audits_once_and_answers_with_the_record(world, task):
    response = api(world.org_a1_editor).post(endpoint(task), {"to": "done", "comment": " Đã xong "}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done" and body["allowed_transitions"] == []
    [entry] = steps_of(task)
    assert entry.event_type == "plans.task.done" and entry.actor == world.org_a1_editor
    assert (entry.before, entry.after, entry.message) == ({"status": "assigned"}, {"status": "done"}, "Đã xong")
    task.refresh_from_db()
    assert task.completed_at is not None and task.updates.get().kind == "done"


# --- allowed_transitions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("org_a1_editor", ["in_progress", "done"]),
        ("org_a_editor", ["in_progress", "done", "cancelled"]),  # A's editors act for a1 too (its subtree)
        ("org_a_manager", ["in_progress", "done", "cancelled"]),
        ("org_a_viewer", []),
        ("org_a_child_viewer", []),
    ],
)
def test_the_api_detail_lists_the_steps_each_persona_may_take(world, task, persona, expected):
    client = api(getattr(world, persona))
    options = client.get(f"/api/v1/tasks/{task.pk}/").json()["allowed_transitions"]
    assert [option["to"] for option in options] == expected
    assert "allowed_transitions" not in client.get("/api/v1/tasks/").json()["results"][0]


def test_an_option_says_what_the_step_asks_for(world, task):
    options = api(world.org_a_manager).get(f"/api/v1/tasks/{task.pk}/").json()["allowed_transitions"]
    by_state = {option["to"]: option for option in options}
    assert by_state["cancelled"] == {
        "to": "cancelled",
        "label": "Hủy nhiệm vụ",
        "comment": "required",
        "comment_required": True,
        "document": "none",
        "confirm": True,
        "destructive": True,
    }
    assert by_state["done"]["document"] == "optional" and by_state["done"]["confirm"] is True
    assert by_state["in_progress"]["confirm"] is False


def test_after_done_only_the_issuers_manager_has_next_steps(world, task):
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    manager = api(world.org_a_manager).get(f"/api/v1/tasks/{task.pk}/").json()["allowed_transitions"]
    assert [(o["to"], o["label"]) for o in manager] == [("verified", "Xác nhận hoàn thành"), ("in_progress", "Trả lại")]
    assert api(world.org_a1_editor).get(f"/api/v1/tasks/{task.pk}/").json()["allowed_transitions"] == []


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("org_a1_editor", {"in_progress", "done"}),
        ("org_a_manager", {"in_progress", "done", "cancelled"}),
        ("org_a_viewer", set()),
    ],
)
def test_the_detail_page_shows_the_buttons_of_the_allowed_steps(client, world, task, persona, expected):
    client.force_login(getattr(world, persona))
    response = client.get(task.get_absolute_url())
    assert {option.to for option in response.context["transitions"]} == expected
    page = response.content.decode()
    for state in ("in_progress", "done", "cancelled", "verified"):
        assert (f'data-transition="{state}"' in page) == (state in expected)


# --- the confirmation page --------------------------------------------------------------------------


def transition_url(task: Task, to: str = "") -> str:
    url = reverse("plans:task_transition", args=[task.pk])
    return f"{url}?to={to}" if to else url


def test_mark_done_is_a_confirmation_with_a_closing_comment_and_a_file(client, world, task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.org_a1_editor)
    detail = client.get(task.get_absolute_url()).content.decode()
    assert f'href="{transition_url(task, "done")}"' in detail  # a link to the page, not a one-click form
    page = client.get(transition_url(task, "done"))
    html = page.content.decode()
    assert page.status_code == 200 and "Báo cáo hoàn thành nhiệm vụ" in html
    assert "Nội dung báo cáo (những việc đã làm)" in html and "Tệp báo cáo (nếu có)" in html
    assert Task.objects.get(pk=task.pk).status == "assigned"  # showing the page changes nothing
    response = client.post(
        transition_url(task, "done"),
        {"comment": "Đã rà soát 10/10 mục tiêu.", "attachment": SimpleUploadedFile("bao-cao.pdf", PDF)},
    )
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    task.refresh_from_db()
    entry = task.updates.get()
    assert (task.status, entry.kind, entry.text) == ("done", "done", "Đã rà soát 10/10 mục tiêu.")
    assert [a.original_name for a in entry.attachments.all()] == ["bao-cao.pdf"] and len(steps_of(task)) == 1


def test_the_page_asks_for_the_required_comment_and_changes_nothing_without_it(client, world, task):
    client.force_login(world.org_a_editor)
    page = client.get(transition_url(task, "cancelled")).content.decode()
    assert "Lý do hủy" in page and 'class="btn btn-danger"' in page
    response = client.post(transition_url(task, "cancelled"), {"comment": ""})
    assert response.status_code == 400 and "Hãy nêu lý do hủy nhiệm vụ." in response.content.decode()
    assert_unchanged(task)
    client.post(transition_url(task, "cancelled"), {"comment": "Trùng nhiệm vụ khác."})
    task.refresh_from_db()
    assert (task.status, task.cancel_reason) == ("cancelled", "Trùng nhiệm vụ khác.")


def test_the_page_answers_404_403_and_400_and_changes_nothing(client, world, task):
    client.force_login(world.org_b_manager)
    assert client.get(transition_url(task, "done")).status_code == 404
    assert client.post(transition_url(task), {"to": "done"}).status_code == 404
    client.force_login(world.org_a_viewer)
    assert client.get(transition_url(task, "done")).status_code == 403
    assert client.post(transition_url(task), {"to": "done"}).status_code == 403
    client.force_login(world.org_a_manager)
    refused = client.get(transition_url(task, "verified"))
    assert refused.status_code == 400 and "không thể chuyển sang" in refused.content.decode()
    assert client.post(transition_url(task), {"to": "verified"}).status_code == 400
    assert_unchanged(task)


def test_start_work_is_one_click_from_the_detail_page(client, world, task):
    client.force_login(world.org_a1_editor)
    response = client.post(transition_url(task), {"to": "in_progress"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress" and task.updates.get().kind == "started"


# --- #7: a task sent back is no longer at 100 % -----------------------------------------------------


def test_a_task_sent_back_returns_to_the_last_progress_below_100(world, task, today):
    services.do_report_progress(task, 60, actor=world.org_a1_editor)
    services.do_report_progress(task, 100, actor=world.org_a1_editor)
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    services.do_transition_task(task, "in_progress", "Thiếu biên bản", actor=world.org_a_manager)
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_at) == ("in_progress", 60, None)

    other = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Khác", assignee=world.a1, deadline=today
    )
    services.do_report_progress(other, 100, actor=world.org_a1_editor)
    services.do_transition_task(other, "done", actor=world.org_a1_editor)
    services.do_transition_task(other, "in_progress", "Làm lại", actor=world.org_a_manager)
    other.refresh_from_db()
    assert other.progress == 0


# --- plans: the same action, and /issue, /close as aliases ------------------------------------------


def test_plans_move_through_the_transition_action_and_its_aliases(world, today):
    draft = make_plan(world, today, document_number="5/KH-BCĐ")
    url = f"/api/v1/plans/{draft.pk}/"
    assert api(world.org_a_editor).post(f"{url}transition", {"to": "issued"}, format="json").status_code == 403
    assert api(world.org_b_manager).post(f"{url}transition", {"to": "issued"}, format="json").status_code == 404
    assert api(world.org_a_manager).post(f"{url}transition", {"to": "closed"}, format="json").status_code == 400
    assert Plan.objects.get(pk=draft.pk).status == "draft" and steps_of(draft) == []
    manager = api(world.org_a_manager)
    detail = manager.get(url).json()
    assert [o["to"] for o in detail["allowed_transitions"]] == ["issued"]
    assert manager.post(f"{url}transition", {"to": "issued", "comment": "Ban hành"}, format="json").status_code == 200
    assert manager.post(f"{url}issue/").status_code == 400  # the alias goes through the same table
    closed = manager.post(f"{url}close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [e.event_type for e in steps_of(draft)] == ["plans.plan.issued", "plans.plan.closed"]
    assert api(world.org_a_editor).get(url).json()["allowed_transitions"] == []


def test_a_plan_without_a_document_number_is_not_issued(world, today):
    draft = make_plan(world, today)
    response = api(world.org_a_manager).post(f"/api/v1/plans/{draft.pk}/transition", {"to": "issued"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["document_number"]
    assert Plan.objects.get(pk=draft.pk).status == "draft" and steps_of(draft) == []


@pytest.mark.parametrize(("persona", "buttons"), [("org_a_manager", True), ("org_a_editor", False)])
def test_the_plan_page_offers_issuing_to_managers_only(client, world, today, persona, buttons):
    draft = make_plan(world, today, document_number="5/KH-BCĐ")
    client.force_login(getattr(world, persona))
    page = client.get(draft.get_absolute_url()).content.decode()
    assert ('data-transition="issued"' in page) is buttons
    confirm = client.get(reverse("plans:plan_transition", args=[draft.pk]) + "?to=issued")
    assert confirm.status_code == (200 if buttons else 403)
