"""The counts periodic reports read: missions, units, findings recorded and closed, per subtree and period."""

from __future__ import annotations

import datetime

import pytest

from pckb.core.indicators import compute
from pckb.inspections.models import Finding
from pckb.plans.models import Task
from pckb.plans.services import do_transition_task

from .factories import concluded, make_inspection, second_unit

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_missions_units_and_findings_of_the_subtree_in_the_period(world):
    concluded(world, findings=2)
    make_inspection(world, units=[world.a1, second_unit(world)], visit_from=datetime.date(2025, 4, 1),
                    visit_to=datetime.date(2025, 4, 2))
    assert compute("inspections.inspections_held", world.a, *YEAR) == 1
    assert compute("inspections.inspections_held", world.root, *YEAR) == 1
    assert compute("inspections.inspections_held", world.a, datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)) == 2
    assert compute("inspections.inspections_held", world.b, *YEAR) == 0
    assert compute("inspections.units_inspected", world.a, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)) == 2
    assert compute("inspections.findings_recorded", world.a, *YEAR) == 2
    assert compute("inspections.findings_recorded", world.b, *YEAR) == 0


def test_findings_closed_counts_tasks_verified_within_the_period(world):
    concluded(world, findings=2)
    task = Finding.objects.order_by("id").first().task
    do_transition_task(task, "done", actor=world.org_a1_editor)
    today = datetime.date.today()
    period = (today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))
    assert compute("inspections.findings_closed", world.a, *period) == 0
    do_transition_task(Task.objects.get(pk=task.pk), "verified", actor=world.org_a_manager)
    assert compute("inspections.findings_closed", world.a, *period) == 1
    assert compute("inspections.findings_closed", world.root, *period) == 1
    assert compute("inspections.findings_closed", world.a, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)) == 0
