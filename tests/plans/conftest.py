"""Fixtures of the plans tests: a plan of committee A with tasks assigned to its agency a1."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pckb.plans import services


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def plan(world, today):
    plan = services.do_create_plan(
        world.a,
        actor=world.org_a_manager,
        title="Kế hoạch PCKB năm 2026",
        kind="annual",
        period_from=today.replace(month=1, day=1),
        period_to=today.replace(month=12, day=31),
        document_number="12/KH-BCĐ",
    )
    return services.do_issue_plan(plan, actor=world.org_a_manager)


@pytest.fixture
def task(world, plan, today):
    """A task of committee A's issued plan, assigned to its member agency a1."""
    return services.do_create_task(
        world.a,
        actor=world.org_a_editor,
        title="Rà soát phương án bảo vệ mục tiêu trọng điểm",
        assignee=world.a1,
        deadline=today + datetime.timedelta(days=30),
        plan=plan,
    )


def make_task(world, *, deadline, assignee=None, actor=None, **fields):
    return services.do_create_task(
        world.a,
        actor=actor or world.org_a_editor,
        title=fields.pop("title", "Nhiệm vụ"),
        assignee=assignee or world.a1,
        deadline=deadline,
        **fields,
    )
