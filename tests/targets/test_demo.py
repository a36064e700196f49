"""The key targets demo: targets inside their province, plans in every state, some overdue."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pckb.core.audit import verify_chain
from pckb.geo.outlines import point_in_province
from pckb.plans.models import Task
from pckb.targets.demo import TARGETS_PER_PROVINCE, seed
from pckb.targets.models import KeyTarget, ResponsePlan
from pckb.targets.readiness import attach_readiness, with_checks

from .factories import places

pytestmark = pytest.mark.django_db


def test_it_seeds_a_province_once_with_targets_inside_it_and_plans_in_every_state(world, media):
    world.a.admin_unit, world.a.level = places()["qn"], "province"
    world.a.save()
    created = seed({"quangninh": world.a}, {"quangninh": world.org_a_manager})
    assert created == TARGETS_PER_PROVINCE["22"] == KeyTarget.objects.count()
    assert 30 <= created <= 80
    for target in KeyTarget.objects.select_related("admin_unit"):
        assert point_in_province("22", float(target.latitude), float(target.longitude))
        assert target.admin_unit.parent_id == places()["qn"].pk and target.code.startswith("QNI-")
    assert {"draft", "approved", "superseded"} <= set(ResponsePlan.objects.values_list("status", flat=True))
    assert ResponsePlan.objects.filter(status="approved", next_review_due__lt=timezone.localdate()).exists()
    states = {t.readiness.state for t in attach_readiness(with_checks(KeyTarget.objects.all()))}
    assert states == {"ready", "due_soon", "attention"}
    follow_ups = Task.objects.filter(source_type__model="keytarget")
    assert follow_ups.count() >= 3  # the target pages' Tasks tabs are not all empty
    assert all(task.source.organization.path.startswith(world.a.path) for task in follow_ups)
    assert next(verify_chain(), None) is None
    assert seed({"quangninh": world.a}, {"quangninh": world.org_a_manager}) == 0
