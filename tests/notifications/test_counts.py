"""How many notifications one action gives: never to its actor, at most one per recipient."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pckb.notifications.models import Notification
from pckb.organizations.models import Organization
from pckb.plans import services

pytestmark = pytest.mark.django_db


def _agencies(world, n):
    """`n` agencies of province A without staff accounts: their notifications go to A's staff."""
    return [
        Organization.objects.create(
            name=f"Sở {i} tỉnh A", code=f"a-s{i}", kind="agency", level="province", parent=world.a
        )
        for i in range(n)
    ]


def _counts(world):
    names = ("org_a_admin", "org_a_manager", "org_a_editor", "org_a_viewer", "org_a_child_viewer", "org_a1_editor")
    return {name: Notification.objects.filter(recipient=getattr(world, name)).count() for name in names}


def _deadline():
    return timezone.localdate() + datetime.timedelta(days=30)


def test_issuing_a_plan_with_20_tasks_gives_each_recipient_one_notification(
    world, django_capture_on_commit_callbacks
):
    plan = services.do_create_plan(
        world.a, actor=world.org_a_manager, title="Kế hoạch PCKB 2026", kind="annual",
        period_from=datetime.date(2026, 1, 1), period_to=datetime.date(2026, 12, 31), document_number="7/KH",
    )
    for assignee in [*_agencies(world, 19), world.a1]:
        services.do_create_task(
            world.a, actor=world.org_a_editor, title="Rà soát", assignee=assignee, deadline=_deadline(), plan=plan
        )
    assert Notification.objects.count() == 0  # a draft plan's tasks wait for the plan to be issued
    with django_capture_on_commit_callbacks(execute=True):
        services.do_issue_plan(plan, actor=world.org_a_admin)
    assert _counts(world) == {
        "org_a_admin": 0,  # the actor
        "org_a_manager": 1,  # the provincial manager answers for the 19 agencies without staff
        "org_a_editor": 1,
        "org_a_viewer": 0,  # viewers are not asked to act
        "org_a_child_viewer": 0,
        "org_a1_editor": 1,  # a1's own staff, about a1's task only
    }
    manager = Notification.objects.get(recipient=world.org_a_manager)
    assert manager.kind == "plan.issued" and manager.body.count("•") == 19
    assert manager.url == f"/plans/tasks/assigned/?plan={plan.pk}"
    agency = Notification.objects.get(recipient=world.org_a1_editor)
    assert "Sở Y tế tỉnh A" in agency.body and "•" not in agency.body


def test_assigning_to_20_agencies_at_once_is_one_notification_per_recipient_with_the_group_link(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        group = services.do_assign_task_to_many(
            world.a, [*_agencies(world, 19), world.a1], actor=world.org_a_manager, title="Báo cáo quý",
            deadline=_deadline(),
        )
    assert group.tasks.count() == 20
    assert _counts(world) == {
        "org_a_admin": 1, "org_a_manager": 0, "org_a_editor": 1, "org_a_viewer": 0, "org_a_child_viewer": 0,
        "org_a1_editor": 1,
    }
    editor = Notification.objects.get(recipient=world.org_a_editor)
    assert editor.title.startswith("19 nhiệm vụ mới") and editor.body.count("•") == 19
    assert editor.url == f"/plans/tasks/assigned/?group={group.pk}"
    agency = Notification.objects.get(recipient=world.org_a1_editor)
    assert agency.url == group.tasks.get(assignee=world.a1).get_absolute_url()


def test_sending_a_task_back_does_not_notify_the_one_who_sent_it_back(world, django_capture_on_commit_callbacks):
    (agency,) = _agencies(world, 1)  # no staff: its notifications go to A's staff, the manager among them
    task = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Rà soát", assignee=agency, deadline=_deadline()
    )
    services.do_transition_task(task, "done", actor=world.org_a_editor)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_transition_task(task, "in_progress", "Thiếu biên bản", actor=world.org_a_manager)
    assert _counts(world) == {
        "org_a_admin": 1, "org_a_manager": 0, "org_a_editor": 1, "org_a_viewer": 0, "org_a_child_viewer": 0,
        "org_a1_editor": 0,
    }
    assert set(Notification.objects.values_list("kind", flat=True)) == {"task.returned"}


def test_a_single_task_notifies_the_assignee_but_not_its_issuer(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.do_create_task(
            world.a, actor=world.org_a_editor, title="Rà soát", assignee=world.a, deadline=_deadline()
        )
    counts = _counts(world)
    assert (counts["org_a_editor"], counts["org_a_admin"], counts["org_a_manager"]) == (0, 1, 1)
