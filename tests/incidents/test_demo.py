"""The incidents demo: closed false alarms with lessons, a closed drill, an open drill with pending alerts."""

from __future__ import annotations

import pytest

from pckb.core.audit import verify_chain
from pckb.incidents.demo import seed
from pckb.incidents.models import Alert, Incident
from pckb.plans.models import Task
from pckb.targets.demo import seed as seed_targets
from pckb.targets.testing import places

pytestmark = pytest.mark.django_db


def test_it_seeds_closed_false_alarms_a_drill_and_an_open_drill_with_pending_acknowledgements(world, media):
    world.a.admin_unit, world.a.level = places()["qn"], "province"
    world.a.save()
    seed_targets({"quangninh": world.a}, {"quangninh": world.org_a_manager})
    assert seed({"quangninh": world.a}, {"quangninh": world.org_a_manager}) == 4
    closed = Incident.objects.filter(status="closed")
    assert closed.filter(is_exercise=False).count() == 2 and closed.filter(is_exercise=True).count() == 1
    assert all(i.summary for i in closed)
    live = Incident.objects.get(status="responding")
    assert live.is_exercise and live.steps.filter(state="done").count() == 2
    assert Alert.objects.filter(incident=live, acknowledged_at__isnull=True).exists()
    assert Alert.objects.filter(incident=live, acknowledged_at__isnull=False).exists()
    assert Task.objects.filter(source_id__in=closed.values("pk")).count() == 2
    assert next(verify_chain(), None) is None
    assert seed({"quangninh": world.a}, {"quangninh": world.org_a_manager}) == 0
