"""The task tracker's rules, through the services every page and API call uses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pckb.core.models import AuditEntry
from pckb.notifications.models import Notification
from pckb.plans import services
from pckb.plans.models import Task, TaskGroup, TaskUpdate

from .conftest import make_task

pytestmark = pytest.mark.django_db


def _messages(err: ValidationError) -> str:
    return " ".join(err.messages)


def test_it_creates_an_audited_task_and_notifies_the_assignee(world, plan, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(world, deadline=today + datetime.timedelta(days=10), plan=plan)
    assert task.status == "assigned"
    assert AuditEntry.objects.filter(object_type="plans.task", object_id=str(task.pk), action="create").exists()
    notified = Notification.objects.filter(kind="task.assigned", object_id=str(task.pk))
    assert set(notified.values_list("recipient__username", flat=True)) == {"org_a1_editor"}
    assert "Nhiệm vụ" in notified.first().title


def test_it_refuses_a_deadline_before_the_assignment_date(world, today):
    with pytest.raises(ValidationError) as err:
        make_task(world, assigned_on=today, deadline=today - datetime.timedelta(days=1))
    assert "deadline" in err.value.message_dict
    assert Task.objects.count() == 0


def test_it_refuses_an_assignee_outside_the_issuers_tree(world, today):
    with pytest.raises(ValidationError) as err:
        make_task(world, assignee=world.b1, deadline=today)
    assert "Sở Y tế tỉnh B" in " ".join(err.value.message_dict["assignee"])
    assert Task.objects.count() == 0


def test_it_refuses_an_issuer_outside_the_actors_scope(world, today):
    with pytest.raises(Http404):
        services.do_create_task(world.a, actor=world.org_b_editor, title="x", assignee=world.a1, deadline=today)
    assert Task.objects.count() == 0


def test_it_refuses_a_supporter_outside_the_issuers_tree(world, today):
    with pytest.raises(ValidationError) as err:
        make_task(world, deadline=today, supporters=[world.b1])
    assert "supporters" in err.value.message_dict


def test_it_refuses_a_record_above_the_actors_clearance(world, today):
    with pytest.raises(ValidationError) as err:
        make_task(world, deadline=today, classification=2)
    assert "classification" in err.value.message_dict


def test_it_lets_only_the_issuer_change_title_and_deadline(world, task, today):
    with pytest.raises(PermissionDenied):
        services.do_update_task(task, actor=world.org_a1_editor, title="Đổi tên", deadline=today)
    task.refresh_from_db()
    assert task.title.startswith("Rà soát")
    updated = services.do_update_task(task, actor=world.org_a_editor, deadline=today + datetime.timedelta(days=3))
    assert updated.deadline == today + datetime.timedelta(days=3)
    entry = AuditEntry.objects.filter(object_type="plans.task", action="update").latest("id")
    assert entry.before["deadline"] != entry.after["deadline"]


def test_it_hides_the_task_from_outsiders(world, task):
    with pytest.raises(Http404):
        services.do_transition_task(task, "in_progress", actor=world.org_b_editor)
    with pytest.raises(Http404):
        services.do_report_progress(task, 10, actor=world.org_b_manager)
    task.refresh_from_db()
    assert task.status == "assigned" and task.progress == 0


def test_it_walks_the_whole_life_of_a_task(world, task, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.do_report_progress(task, 40, "Đã rà soát 4/10 mục tiêu", actor=world.org_a1_editor)
        task.refresh_from_db()
        assert (task.status, task.progress) == ("in_progress", 40)
        services.do_transition_task(task, "done", actor=world.org_a1_editor)
        services.do_transition_task(task, "in_progress", "Thiếu biên bản", actor=world.org_a_manager)
        services.do_transition_task(task, "done", actor=world.org_a1_editor)
        services.do_transition_task(task, "verified", actor=world.org_a_manager)
    task.refresh_from_db()
    assert task.status == "verified" and task.verified_at is not None
    kinds = list(task.updates.order_by("id").values_list("kind", flat=True))
    assert kinds == ["progress", "done", "returned", "done", "verified"]
    events = set(
        AuditEntry.objects.filter(object_type="plans.task", action="transition").values_list("event_type", flat=True)
    )
    assert {"plans.task.done", "plans.task.in_progress", "plans.task.verified"} <= events
    a1_kinds = set(Notification.objects.filter(recipient=world.org_a1_editor).values_list("kind", flat=True))
    assert {"task.returned", "task.verified"} <= a1_kinds
    assert Notification.objects.filter(recipient=world.org_a_manager, kind="task.done").exists()


def test_it_refuses_a_transition_not_allowed_from_the_current_status(world, task):
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    services.do_transition_task(task, "verified", actor=world.org_a_manager)
    with pytest.raises(ValidationError) as err:
        services.do_transition_task(task, "assigned", actor=world.org_a_manager)
    assert "to" in err.value.message_dict
    task.refresh_from_db()
    assert task.status == "verified"


def test_it_lets_only_the_issuers_manager_verify(world, task):
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    for actor in (world.org_a_editor, world.org_a1_editor):
        with pytest.raises(PermissionDenied):
            services.do_transition_task(task, "verified", actor=actor)
    task.refresh_from_db()
    assert task.status == "done"


def test_it_requires_a_comment_to_send_back_or_cancel(world, task):
    with pytest.raises(ValidationError) as err:
        services.do_cancel_task(task, "  ", actor=world.org_a_editor)
    assert "comment" in err.value.message_dict
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    with pytest.raises(ValidationError):
        services.do_transition_task(task, "in_progress", "", actor=world.org_a_manager)
    task.refresh_from_db()
    assert task.status == "done"


def test_it_keeps_the_viewer_read_only(world, task):
    with pytest.raises(PermissionDenied):
        services.do_transition_task(task, "done", actor=world.org_a_child_viewer)
    with pytest.raises(PermissionDenied):
        services.do_report_progress(task, 10, actor=world.org_a_viewer)


@pytest.mark.parametrize("percent", [101, -1, "abc"])
def test_it_refuses_progress_out_of_range(world, task, percent):
    with pytest.raises(ValidationError) as err:
        services.do_report_progress(task, percent, actor=world.org_a1_editor)
    assert "percent" in err.value.message_dict
    assert TaskUpdate.objects.count() == 0


def test_it_requires_a_comment_when_progress_goes_down(world, task):
    services.do_report_progress(task, 60, actor=world.org_a1_editor)
    with pytest.raises(ValidationError) as err:
        services.do_report_progress(task, 30, actor=world.org_a1_editor)
    assert "60%" in _messages(err.value)
    services.do_report_progress(task, 30, "Phát sinh thêm mục tiêu", actor=world.org_a1_editor)
    task.refresh_from_db()
    assert task.progress == 30


def test_it_does_not_complete_a_task_at_100_percent(world, task):
    services.do_report_progress(task, 100, actor=world.org_a1_editor)
    task.refresh_from_db()
    assert task.status == "in_progress"


def test_it_creates_the_next_occurrence_of_a_recurring_task_once(world, today):
    deadline = datetime.date(today.year, 1, 31)
    task = make_task(world, assigned_on=deadline.replace(day=1), deadline=deadline, recurrence="monthly")
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    services.do_transition_task(task, "in_progress", "Làm lại", actor=world.org_a_manager)
    services.do_transition_task(task, "done", actor=world.org_a1_editor)
    following = Task.objects.filter(recurrence_parent=task)
    assert following.count() == 1
    assert following.get().deadline == datetime.date(today.year, 2, 28 if today.year % 4 else 29)
    assert following.get().status == "assigned" and following.get().recurrence == "monthly"


def test_it_derives_overdue_from_deadline_and_status(world, today):
    late = make_task(
        world, assigned_on=today - datetime.timedelta(days=10), deadline=today - datetime.timedelta(days=1)
    )
    on_time = make_task(world, deadline=today)
    done_late = make_task(
        world, assigned_on=today - datetime.timedelta(days=10), deadline=today - datetime.timedelta(days=2)
    )
    services.do_transition_task(done_late, "done", actor=world.org_a1_editor)
    assert late.is_overdue and not on_time.is_overdue
    assert list(Task.objects.overdue(today)) == [late]
    flags = dict(Task.objects.with_overdue(today).values_list("pk", "is_overdue"))
    assert flags == {late.pk: True, on_time.pk: False, done_late.pk: False}
    assert not Task.objects.overdue(today - datetime.timedelta(days=5)).exists()


def test_it_assigns_to_many_under_one_group_all_or_nothing(world, today):
    a2 = world.a1.__class__.objects.create(name="Sở Tư pháp tỉnh A", code="a2", kind="agency", parent=world.a)
    group = services.do_assign_task_to_many(
        world.a, [world.a1, a2], actor=world.org_a_editor, title="Báo cáo sơ kết", deadline=today
    )
    assert sorted(group.tasks.values_list("assignee__code", flat=True)) == ["a1", "a2"]
    with pytest.raises(ValidationError) as err:
        services.do_assign_task_to_many(
            world.a, [world.a1, world.b1], actor=world.org_a_editor, title="Báo cáo", deadline=today
        )
    assert "assignees" in err.value.message_dict
    assert TaskGroup.objects.count() == 1 and Task.objects.count() == 2


def test_it_deletes_only_tasks_of_a_draft_plan(world, task, today):
    with pytest.raises(ValidationError):
        services.do_delete_task(task, actor=world.org_a_editor)
    assert Task.objects.filter(pk=task.pk).exists()
    draft = services.do_create_plan(
        world.a, actor=world.org_a_editor, title="Dự thảo", period_from=today, period_to=today
    )
    draft_task = make_task(world, deadline=today, plan=draft)
    services.do_delete_task(draft_task, actor=world.org_a_editor)
    assert not Task.objects.filter(pk=draft_task.pk).exists()


def test_it_issues_a_plan_by_a_manager_only_and_notifies_assignees(world, today, django_capture_on_commit_callbacks):
    draft = services.do_create_plan(
        world.a, actor=world.org_a_editor, title="KH", period_from=today, period_to=today, document_number="1/KH"
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_task(world, deadline=today, plan=draft)
    assert not Notification.objects.exists()  # a draft plan's tasks are announced when it is issued
    with pytest.raises(PermissionDenied):
        services.do_issue_plan(draft, actor=world.org_a_editor)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.do_issue_plan(draft, actor=world.org_a_manager)
    assert issued.status == "issued" and issued.issued_by == world.org_a_manager
    assert Notification.objects.filter(kind="plan.issued", recipient=world.org_a1_editor).exists()
    assert AuditEntry.objects.filter(event_type="plans.plan.issued", object_id=str(draft.pk)).exists()
    with pytest.raises(ValidationError):
        services.do_issue_plan(issued, actor=world.org_a_manager)


def test_it_refuses_new_tasks_on_a_closed_plan(world, plan, today):
    services.do_close_plan(plan, actor=world.org_a_manager)
    with pytest.raises(ValidationError) as err:
        make_task(world, deadline=today, plan=plan)
    assert "plan" in err.value.message_dict


def test_it_refuses_a_program_period_ending_before_it_starts(world, today):
    with pytest.raises(ValidationError) as err:
        services.do_create_program(
            world.a,
            actor=world.org_a_editor,
            title="CT",
            period_from=today,
            period_to=today - datetime.timedelta(days=1),
        )
    assert "period_to" in err.value.message_dict
