"""The key target counts periodic reports fill their indicators from (targets/indicators.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pckb.core.indicators import compute
from pckb.targets.models import KeyTarget, ResponsePlan

from .factories import make_plan, make_target

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 12, 15), datetime.date(2026, 6, 14)


def _count(code, org, end=END):
    return compute(f"targets.{code}", org, START, end)


def test_it_counts_the_subtrees_targets_on_the_list_at_the_periods_end(world):
    make_target(world, world.a)
    make_target(world, world.a1)
    removed = make_target(world, world.a1)
    make_target(world, world.b1, actor=world.superuser)
    KeyTarget.objects.update(created_at=timezone.make_aware(datetime.datetime(2025, 1, 1)))  # listed before
    KeyTarget.objects.filter(pk=removed.pk).update(status="removed", removed_on=END + datetime.timedelta(days=3))
    assert _count("targets_listed", world.a) == 3  # removed after the period: on the list then
    assert _count("targets_listed", world.a1) == 2
    KeyTarget.objects.filter(pk=removed.pk).update(removed_on=END - datetime.timedelta(days=3))
    assert _count("targets_listed", world.a) == 2
    assert _count("targets_listed", world.root) == 3
    make_target(world, world.a)  # entered today: not on the list at the end of a past period
    assert _count("targets_listed", world.a) == 2


def test_it_counts_targets_whose_approved_plan_was_current_at_the_periods_end(world):
    current = make_target(world, world.a1)
    make_plan(world, current, approved=True)
    late = make_target(world, world.a1)
    plan = make_plan(world, late, approved=True)
    make_target(world, world.a1)  # no plan
    today = timezone.localdate()
    ResponsePlan.objects.filter(pk=plan.pk).update(next_review_due=today - datetime.timedelta(days=1))
    assert _count("targets_plan_current", world.a, end=today) == 1
    assert _count("targets_plan_current", world.a, end=today - datetime.timedelta(days=400)) == 0
