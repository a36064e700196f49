"""The plans counts periodic reports fill their indicators from (plans/indicators.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pckb.core.indicators import compute
from pckb.plans.models import Plan, Task

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 12, 15), datetime.date(2026, 6, 14)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _task(world, assignee, *, assigned=datetime.date(2026, 1, 10), deadline=datetime.date(2026, 3, 1), done=None,
          status=None):
    return Task.objects.create(
        organization=world.a, assignee=assignee, title="Kiểm tra", assigned_on=assigned, deadline=deadline,
        status=status or ("done" if done else "assigned"), completed_at=_at(done) if done else None,
    )


def _count(code, org):
    return compute(f"plans.{code}", org, START, END)


def test_it_counts_tasks_received_done_and_overdue_by_the_assignees_subtree(world):
    _task(world, world.a1, done=datetime.date(2026, 2, 1))  # received, done in time
    _task(world, world.a1, done=datetime.date(2026, 7, 1))  # done after the period: overdue at its end
    _task(world, world.a1)  # still open, deadline passed
    _task(world, world.a1, deadline=datetime.date(2026, 9, 1))  # open, not yet due
    _task(world, world.a1, status="cancelled")
    _task(world, world.a1, assigned=datetime.date(2025, 11, 1))  # given before the period
    _task(world, world.b1)
    assert _count("tasks_received", world.a1) == 5
    assert _count("tasks_done", world.a1) == 1
    assert _count("tasks_overdue", world.a1) == 3
    assert _count("tasks_received", world.a) == 5 and _count("tasks_received", world.root) == 6


def test_it_counts_plans_issued_within_the_period_by_the_subtree(world):
    def plan(org, issued, status="issued"):
        return Plan.objects.create(
            organization=org, title="Kế hoạch", period_from=START, period_to=END, status=status,
            issued_at=_at(issued) if issued else None,
        )

    plan(world.a, datetime.date(2026, 1, 5))
    plan(world.a1, datetime.date(2026, 5, 5), status="closed")
    plan(world.a, datetime.date(2025, 1, 5))
    plan(world.a, None, status="draft")
    plan(world.b, datetime.date(2026, 1, 5))
    assert _count("plans_issued", world.a) == 2
    assert _count("plans_issued", world.root) == 3
