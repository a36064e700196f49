"""The demo of exercises and commendations: each province committee gets drills in every state and a
year's commendations, once."""

from __future__ import annotations

from typing import Any

from pckb.awards.demo import seed as seed_awards
from pckb.awards.models import Commendation, CommendationBatch
from pckb.core.audit import verify_chain
from pckb.exercises.demo import seed
from pckb.exercises.models import Exercise
from pckb.organizations.models import Membership
from pckb.plans.models import Task

from .factories import make_target


def test_it_seeds_drills_in_every_state_and_the_annual_commendations_once(world: Any) -> None:
    world.a.level = "province"
    world.a.save()
    for name in ("Cảng hàng không quốc tế Vân Đồn", "Quảng trường trung tâm"):
        make_target(world, world.a, name=name, listing_committee=world.a)
    users = {"a": world.org_a_admin, "a.congan": world.org_a1_editor}
    assert Membership.objects.filter(user=world.org_a1_editor, organization=world.a1).exists()
    assert seed({"a": world.a}, users) == 5
    assert set(Exercise.objects.values_list("status", flat=True)) == {"planned", "conducted", "evaluated"}
    assert {"tabletop", "full_scale"} <= set(Exercise.objects.filter(status="evaluated").values_list("kind", flat=True))
    assert Exercise.objects.filter(target__isnull=False, status="evaluated").count() == 2
    assert Task.objects.filter(source_id__in=Exercise.objects.values("pk")).count() == 5
    assert seed_awards({"a": world.a}, users) == 6
    assert set(Commendation.objects.values_list("status", flat=True)) == {"proposed", "approved", "rejected"}
    assert CommendationBatch.objects.get().commendations.count() == 3
    assert next(verify_chain(), None) is None
    assert seed({"a": world.a}, users) == 0 and seed_awards({"a": world.a}, users) == 0
