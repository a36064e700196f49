"""Daily reminders: 7, 3 and 1 day(s) before the deadline and once when overdue, never twice."""

from __future__ import annotations

import datetime

import pytest

from pckb.core.scheduling import local_crontab
from pckb.notifications.models import Notification
from pckb.plans import services
from pckb.plans.services import send_task_reminders

from .conftest import make_task

pytestmark = pytest.mark.django_db


def _reminders(user, kind="task.reminder"):
    return list(
        Notification.objects.filter(recipient=user, kind=kind).order_by("id").values_list("dedupe_key", flat=True)
    )


def test_it_reminds_once_per_threshold_and_once_when_overdue(world, today):
    deadline = today + datetime.timedelta(days=8)
    task = make_task(world, deadline=deadline)
    day = today
    for _ in range(12):
        send_task_reminders(day)
        send_task_reminders(day)  # a second run the same day sends nothing new
        day += datetime.timedelta(days=1)
    keys = _reminders(world.org_a1_editor)
    assert keys == [f"task:{task.pk}:due{n}:{deadline.isoformat()}" for n in (7, 3, 1)]
    assert _reminders(world.org_a1_editor, "task.overdue") == [f"task:{task.pk}:overdue:{deadline.isoformat()}"]
    # Editors and managers of the assignee only: not its viewers, not the issuer.
    assert not Notification.objects.filter(recipient__in=[world.org_a_child_viewer, world.org_a_editor]).exists()


def test_it_sends_nothing_for_finished_or_cancelled_tasks(world, today):
    done = make_task(world, deadline=today + datetime.timedelta(days=3))
    services.do_transition_task(done, "done", actor=world.org_a1_editor)
    cancelled = make_task(world, deadline=today + datetime.timedelta(days=1))
    services.do_cancel_task(cancelled, "Không còn cần thiết", actor=world.org_a_editor)
    assert send_task_reminders(today) == 0


def test_it_catches_up_a_threshold_missed_while_the_worker_was_down(world, today):
    task = make_task(world, deadline=today + datetime.timedelta(days=2))
    assert send_task_reminders(today) == 1
    assert _reminders(world.org_a1_editor) == [f"task:{task.pk}:due3:{task.deadline.isoformat()}"]
    assert send_task_reminders(today + datetime.timedelta(days=1)) == 1  # now due in 1 day
    assert send_task_reminders(today + datetime.timedelta(days=1)) == 0


def test_it_reminds_again_after_the_deadline_moves(world, today):
    task = make_task(world, deadline=today + datetime.timedelta(days=1))
    send_task_reminders(today)
    services.do_update_task(task, actor=world.org_a_editor, deadline=today + datetime.timedelta(days=7))
    assert send_task_reminders(today) == 1


def test_it_runs_the_periodic_job_at_seven_in_vietnam(settings):
    check = local_crontab(hour=7, minute=0)
    # Huey passes naive UTC times: 00:00 UTC is 07:00 in Hanoi.
    assert check(datetime.datetime(2026, 5, 4, 0, 0))
    assert not check(datetime.datetime(2026, 5, 4, 7, 0))
