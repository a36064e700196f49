"""Who hears about a round: opening, submitting, the decision, and the daily reminders."""

from __future__ import annotations

import datetime

import pytest

from pckb.core.workflow import do_transition
from pckb.notifications.models import Notification
from pckb.reports.services import send_round_reminders

from .factories import make_round

pytestmark = pytest.mark.django_db


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_opening_submitting_and_returning_notify_the_other_side(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rnd = make_round(world)
    assert _kinds(world.org_a1_editor) == ["report.requested"]
    sub = rnd.submissions.get()
    with django_capture_on_commit_callbacks(execute=True):
        do_transition(sub, "submitted", actor=world.org_a1_editor)
    assert "report.submitted" in _kinds(world.org_a_manager)
    assert "report.submitted" not in _kinds(world.org_a_editor)  # the committee's managers only
    with django_capture_on_commit_callbacks(execute=True):
        do_transition(sub, "returned", actor=world.org_a_manager, comment="Thiếu số liệu")
    returned = Notification.objects.get(recipient=world.org_a1_editor, kind="report.returned")
    assert returned.body == "Thiếu số liệu"


def test_the_daily_reminders_come_once_before_and_once_after_the_due_date(world):
    rnd = make_round(world)
    due = rnd.due_date
    assert send_round_reminders(due - datetime.timedelta(days=10)) == 0
    assert send_round_reminders(due - datetime.timedelta(days=2)) > 0
    assert send_round_reminders(due - datetime.timedelta(days=1)) == 0  # once per report and due date
    assert send_round_reminders(due + datetime.timedelta(days=1)) > 0
    assert send_round_reminders(due + datetime.timedelta(days=2)) == 0
    assert {"report.reminder", "report.late"} <= set(_kinds(world.org_a1_editor))
    do_transition(rnd.submissions.get(), "submitted", actor=world.org_a1_editor)
    rnd2 = make_round(world, template=rnd.template, period_label="Kỳ khác")
    do_transition(rnd2.submissions.get(), "submitted", actor=world.org_a1_editor)
    assert send_round_reminders(due + datetime.timedelta(days=1)) == 0  # submitted: nothing to remind
