"""The demo seed: a program, an issued plan, 15–40 tasks in every state, through the services."""

from __future__ import annotations

import pytest

from pckb.core.models import AuditEntry
from pckb.plans.demo import seed
from pckb.plans.models import Plan, Program, Task, TaskUpdate

pytestmark = pytest.mark.django_db


def test_it_seeds_every_state_only_once(world, django_capture_on_commit_callbacks):
    world.a1.__class__.objects.create(name="Sở Tư pháp tỉnh A", code="a2", kind="agency", parent=world.a)
    with django_capture_on_commit_callbacks(execute=True):
        created = seed({"quangninh": world.a, "dienbien": world.b}, {"quangninh": world.org_a_manager})
    assert 15 <= created <= 40
    assert Program.objects.get().period_from.year == 2022
    plan = Plan.objects.get()
    assert plan.status == "issued" and plan.tasks.count() == created
    assert {"assigned", "in_progress", "done", "verified", "cancelled"} <= set(
        Task.objects.values_list("status", flat=True)
    )
    assert Task.objects.overdue().exists()
    assert TaskUpdate.objects.filter(kind="returned").exists() and TaskUpdate.objects.filter(kind="progress").exists()
    assert AuditEntry.objects.filter(event_type="plans.task.verified").exists()
    assert not Task.objects.filter(organization=world.b).exists()  # no manager login given for it
    assert seed({"quangninh": world.a}, {"quangninh": world.org_a_manager}) == 0
