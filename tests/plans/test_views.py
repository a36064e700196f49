"""The plans pages: who sees what (outsider 404, viewer 403, allowed roles) and what users notice."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pckb.plans import services
from pckb.plans.models import Plan, Program, Task, TaskUpdate

from .conftest import make_task

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def program(world, today):
    return services.do_create_program(
        world.a,
        actor=world.org_a_editor,
        title="Chương trình PCKB giai đoạn 2022–2026",
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2026, 12, 31),
        legal_basis="15/CTr-BCĐ",
    )


def _detail_urls(plan, task, program, group):
    return [
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:program_detail", args=[program.pk]),
        reverse("plans:task_detail", args=[task.pk]),
        reverse("plans:taskgroup_detail", args=[group.pk]),
    ]


@pytest.fixture
def group(world, today):
    return services.do_assign_task_to_many(world.a, [world.a1], actor=world.org_a_editor, title="Nhóm", deadline=today)


def test_it_redirects_anonymous_users_to_the_login_page(client, world):
    for name in ("plans:task_assigned", "plans:task_issued", "plans:plan_list", "plans:program_list", "plans:calendar"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_it_answers_404_to_the_outsider_everywhere(client, world, plan, task, program, group):
    c = _client(client, world.org_b_editor)
    urls = _detail_urls(plan, task, program, group) + [
        reverse("plans:task_edit", args=[task.pk]),
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:program_edit", args=[program.pk]),
        reverse("plans:plan_issue", args=[plan.pk]),
        reverse("plans:plan_import", args=[plan.pk]),
        reverse("plans:task_delete", args=[task.pk]),
    ]
    for url in urls:
        assert c.get(url).status_code == 404, url
    posts = {
        reverse("plans:task_transition", args=[task.pk]): {"to": "cancelled", "comment": "x"},
        reverse("plans:task_progress", args=[task.pk]): {"percent": 50},
        reverse("plans:task_edit", args=[task.pk]): {"title": "Hacked"},
        reverse("plans:plan_close", args=[plan.pk]): {},
        reverse("plans:program_delete", args=[program.pk]): {},
    }
    for url, data in posts.items():
        assert c.post(url, data).status_code == 404, url
    task.refresh_from_db()
    assert (task.status, task.progress, task.title.startswith("Rà soát")) == ("assigned", 0, True)
    assert Plan.objects.get(pk=plan.pk).status == "issued" and Program.objects.filter(pk=program.pk).exists()
    for name in ("plans:task_assigned", "plans:task_issued", "plans:plan_list", "plans:program_list"):
        page = c.get(reverse(name)).content.decode()
        assert "Rà soát" not in page and "Kế hoạch PCKB năm 2026" not in page and "giai đoạn 2022" not in page


def test_it_answers_403_to_the_viewer_on_writes(client, world, plan, task, program):
    c = _client(client, world.org_a_viewer)
    for url in _detail_urls(
        plan,
        task,
        program,
        task.group
        or services.do_assign_task_to_many(
            world.a, [world.a1], actor=world.org_a_editor, title="G", deadline=task.deadline
        ),
    ):
        assert c.get(url).status_code == 200, url
    for url in (
        reverse("plans:task_edit", args=[task.pk]),
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:program_edit", args=[program.pk]),
        reverse("plans:plan_close", args=[plan.pk]),
    ):
        assert c.get(url).status_code == 403, url
    assert c.post(reverse("plans:task_progress", args=[task.pk]), {"percent": 50}).status_code == 403
    assert (
        c.post(reverse("plans:task_transition", args=[task.pk]), {"to": "cancelled", "comment": "x"}).status_code == 403
    )
    task.refresh_from_db()
    assert task.status == "assigned" and task.progress == 0


def test_it_lists_a_task_on_both_sides_and_highlights_overdue_rows(client, world, today):
    make_task(
        world,
        title="Việc quá hạn",
        assigned_on=today - datetime.timedelta(days=9),
        deadline=today - datetime.timedelta(days=2),
    )
    make_task(world, title="Việc còn hạn", deadline=today + datetime.timedelta(days=5))
    assigned = _client(client, world.org_a1_editor).get(reverse("plans:task_assigned")).content.decode()
    assert "Việc quá hạn" in assigned and "Việc còn hạn" in assigned
    assert assigned.index("Việc quá hạn") < assigned.index("Việc còn hạn")  # by deadline
    assert 'class="table-danger"' in assigned
    assert _client(client, world.org_a1_editor).get(reverse("plans:task_issued")).context["object_list"].count() == 0
    issued = _client(client, world.org_a_manager).get(reverse("plans:task_issued"))
    assert [t.title for t in issued.context["object_list"]] == ["Việc quá hạn", "Việc còn hạn"]
    assert issued.context["summary"][0]["overdue"] == 1
    filtered = _client(client, world.org_a1_editor).get(reverse("plans:task_assigned"), {"overdue": "true"})
    assert [t.title for t in filtered.context["object_list"]] == ["Việc quá hạn"]


def test_it_puts_overdue_tasks_first_on_the_issued_list(client, world, today):
    make_task(world, title="Sớm", deadline=today + datetime.timedelta(days=1))
    make_task(
        world,
        title="Trễ",
        assigned_on=today - datetime.timedelta(days=30),
        deadline=today - datetime.timedelta(days=20),
    )
    response = _client(client, world.org_a_editor).get(reverse("plans:task_issued"))
    assert [t.title for t in response.context["object_list"]] == ["Trễ", "Sớm"]


def test_it_lets_the_assignee_report_and_finish_but_not_edit(client, world, task):
    c = _client(client, world.org_a1_editor)
    page = c.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert reverse("plans:task_progress", args=[task.pk]) in page
    assert reverse("plans:task_edit", args=[task.pk]) not in page
    assert c.get(reverse("plans:task_edit", args=[task.pk])).status_code == 403
    response = c.post(reverse("plans:task_progress", args=[task.pk]), {"percent": 70, "text": "Đang làm"})
    assert response.status_code == 302
    c.post(reverse("plans:task_transition", args=[task.pk]), {"to": "done"})
    task.refresh_from_db()
    assert (task.status, task.progress) == ("done", 70)


def test_it_shows_a_translated_error_for_bad_progress_and_changes_nothing(client, world, task):
    c = _client(client, world.org_a1_editor)
    services.do_report_progress(task, 50, actor=world.org_a1_editor)
    response = c.post(reverse("plans:task_progress", args=[task.pk]), {"percent": 20, "text": ""})
    assert response.status_code == 400
    assert "thấp hơn lần báo cáo trước (50%)" in response.content.decode()
    response = c.post(reverse("plans:task_progress", args=[task.pk]), {"percent": 150})
    assert response.status_code == 400 and "Tiến độ phải từ 0 đến 100." in response.content.decode()
    task.refresh_from_db()
    assert task.progress == 50 and TaskUpdate.objects.filter(task=task).count() == 1


def test_it_refuses_sending_back_without_a_comment(client, world, task):
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    c = _client(client, world.org_a_manager)
    response = c.post(reverse("plans:task_transition", args=[task.pk]), {"to": "in_progress", "comment": ""})
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == "done"
    c.post(reverse("plans:task_transition", args=[task.pk]), {"to": "in_progress", "comment": "Thiếu số liệu"})
    task.refresh_from_db()
    assert task.status == "in_progress"


def test_it_creates_a_task_from_the_form_and_refuses_a_bad_deadline(client, world, plan, today):
    c = _client(client, world.org_a_editor)
    form = c.get(reverse("plans:task_add"), {"plan": plan.pk})
    assert form.status_code == 200
    data = {
        "organization": world.a.pk,
        "title": "Tổ chức diễn tập",
        "assignee": world.a1.pk,
        "assigned_on": today.isoformat(),
        "deadline": (today - datetime.timedelta(days=1)).isoformat(),
        "priority": "high",
        "plan": plan.pk,
        "recurrence": "none",
        "classification": 0,
    }
    response = c.post(reverse("plans:task_add"), data)
    assert response.status_code == 400 and "Hạn hoàn thành không được trước ngày giao" in response.content.decode()
    assert not Task.objects.exists()
    data["deadline"] = (today + datetime.timedelta(days=5)).isoformat()
    response = c.post(reverse("plans:task_add"), data)
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    assert task.plan == plan and task.priority == "high"


def test_it_offers_only_reachable_assignees(client, world):
    form = _client(client, world.org_a_editor).get(reverse("plans:task_add")).context["form"]
    assert set(form.fields["assignee"].queryset.values_list("code", flat=True)) == {"a", "a1"}


def test_it_assigns_to_all_member_agencies_at_once(client, world, today):
    world.a1.__class__.objects.create(name="Sở Tư pháp tỉnh A", code="a2", kind="agency", parent=world.a)
    c = _client(client, world.org_a_manager)
    response = c.post(
        reverse("plans:task_assign_many"),
        {
            "organization": world.a.pk,
            "title": "Báo cáo 6 tháng",
            "deadline": (today + datetime.timedelta(days=10)).isoformat(),
            "priority": "normal",
            "classification": 0,
            "all_members": "on",
        },
    )
    assert response.status_code == 302
    group_page = c.get(response["Location"])
    assert sorted(t.assignee.code for t in group_page.context["tasks"]) == ["a1", "a2"]
    assert group_page.context["percent"] == 0


def test_it_issues_and_closes_a_plan_after_confirmation(client, world, today):
    draft = services.do_create_plan(
        world.a,
        actor=world.org_a_editor,
        title="KH 6 tháng",
        period_from=today,
        period_to=today,
        document_number="3/KH",
    )
    assert _client(client, world.org_a_editor).get(reverse("plans:plan_issue", args=[draft.pk])).status_code == 403
    c = _client(client, world.org_a_manager)
    confirm = c.get(reverse("plans:plan_issue", args=[draft.pk]))
    assert confirm.status_code == 200 and "Ban hành" in confirm.content.decode()
    c.post(reverse("plans:plan_issue", args=[draft.pk]))
    c.post(reverse("plans:plan_close", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "closed"


def test_it_shows_plan_completion_per_agency(client, world, plan, task):
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    response = _client(client, world.org_a_manager).get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.context["percent"] == 100
    assert response.context["summary"][0]["assignee__name"] == "Sở Y tế tỉnh A"


def test_it_exports_the_task_list_to_excel(client, world, task):
    from io import BytesIO

    from openpyxl import load_workbook

    response = _client(client, world.org_a_manager).get(reverse("plans:task_issued"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == task.title and rows[1][2] == "Sở Y tế tỉnh A"
    assert len(rows) == 2


def test_it_shows_the_calendar_of_deadlines(client, world, task):
    response = _client(client, world.org_a1_editor).get(
        reverse("plans:calendar"), {"month": task.deadline.strftime("%Y-%m")}
    )
    assert task.title in response.content.decode()
    outsider = _client(client, world.org_b_editor).get(
        reverse("plans:calendar"), {"month": task.deadline.strftime("%Y-%m")}
    )
    assert task.title not in outsider.content.decode()


def test_it_creates_edits_and_deletes_a_program(client, world, today):
    c = _client(client, world.org_a_editor)
    data = {
        "organization": world.a.pk,
        "title": "Chương trình 2022–2026",
        "period_from": "2022-01-01",
        "period_to": "2021-12-31",
        "classification": 0,
    }
    response = c.post(reverse("plans:program_add"), data)
    assert response.status_code == 400 and not Program.objects.exists()
    data["period_to"] = "2026-12-31"
    c.post(reverse("plans:program_add"), data)
    program = Program.objects.get()
    c.post(reverse("plans:program_edit", args=[program.pk]), {**data, "legal_basis": "15/CTr"})
    program.refresh_from_db()
    assert program.legal_basis == "15/CTr"
    c.post(reverse("plans:program_delete", args=[program.pk]))
    assert not Program.objects.exists()


def test_it_finds_tasks_by_title_without_diacritics(client, world, today):
    make_task(world, title="Khắc phục tồn tại về khủng bố sinh học", deadline=today + datetime.timedelta(days=5))
    make_task(world, title="Tập huấn nghiệp vụ", deadline=today + datetime.timedelta(days=6))
    viewer = _client(client, world.org_a1_editor)
    for query in ("khung bo", "KHỦNG BỐ", "khac phuc"):
        found = viewer.get(reverse("plans:task_assigned"), {"q": query}).context["object_list"]
        assert [t.title for t in found] == ["Khắc phục tồn tại về khủng bố sinh học"], query


def test_it_counts_my_open_and_overdue_tasks_on_the_home_page(client, world, today):
    make_task(
        world,
        title="Quá hạn",
        assigned_on=today - datetime.timedelta(days=9),
        deadline=today - datetime.timedelta(days=1),
    )
    make_task(world, title="Sắp đến hạn", deadline=today + datetime.timedelta(days=3))
    make_task(world, title="Còn xa", deadline=today + datetime.timedelta(days=40))
    summary = _client(client, world.org_a1_editor).get("/").content.decode()
    assert "Việc của tôi" in summary or "My tasks" in summary
    from pckb.plans.templatetags.plans_tags import task_summary

    assert task_summary(world.org_a1_editor) == {
        "assigned_open": 3,
        "assigned_overdue": 1,
        "due_this_week": 1,
        "issued_overdue": 0,
    }
    assert task_summary(world.org_a_manager)["issued_overdue"] == 1
    assert task_summary(world.org_b_editor) == {
        "assigned_open": 0,
        "assigned_overdue": 0,
        "due_this_week": 0,
        "issued_overdue": 0,
    }


def test_it_proposes_the_users_own_committee_as_issuer(client, world):
    form = _client(client, world.org_a_manager).get(reverse("plans:task_assign_many")).context["form"]
    assert form.initial["organization"] == world.a
    assert (
        _client(client, world.superuser).get(reverse("plans:task_add")).context["form"].initial.get("organization")
        is None
    )
