"""The dated readiness checks other modules register: a `recent` query and a plain date function give
the same lists (the list filters read the first as one SQL subquery)."""

from __future__ import annotations

import datetime

import pytest

from pckb.targets import readiness
from pckb.targets.models import KeyTarget
from pckb.targets.readiness import filter_readiness, with_checks

from .factories import make_plan, make_target

pytestmark = pytest.mark.django_db

RECENT = datetime.date.today()


def _states(target_ids):
    qs = with_checks(KeyTarget.objects.all())
    return {
        state: set(filter_readiness(qs, state).values_list("pk", flat=True)) & set(target_ids)
        for state in ("attention", "ready")
    }


@pytest.mark.parametrize("with_recent", [True, False])
def test_a_dated_source_clears_only_the_targets_it_has_a_recent_record_of(world, monkeypatch, with_recent):
    drilled, not_drilled = make_target(world), make_target(world, name="Nhà ga khách")
    for target in (drilled, not_drilled):
        make_plan(world, target, approved=True)

    def dates(ids):
        return {pk: (RECENT if pk == drilled.pk else None) for pk in ids}

    def recent(since):
        return KeyTarget.objects.filter(pk=drilled.pk).values("pk")

    monkeypatch.setattr(readiness, "_SOURCES", {})
    readiness.register_readiness_source("drill", "Drilled", dates, recent if with_recent else None)
    states = _states([drilled.pk, not_drilled.pk])
    assert states["attention"] == {not_drilled.pk}
    assert states["ready"] <= {drilled.pk} and not_drilled.pk not in states["ready"]
