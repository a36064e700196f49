"""Roll-up arithmetic: up a generated tree, the national total is the sum over the leaves (nothing twice)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pckb.core.workflow import do_transition
from pckb.organizations.models import Organization
from pckb.reports import services
from pckb.reports.choices import Compliance
from pckb.reports.rollup import aggregate, compliance_of, round_rollup

from .factories import make_round, make_template

pytestmark = pytest.mark.django_db
_codes = itertools.count()

# A committee's units: a leaf is a reporting unit's figure, a list a committee with its own units.
TREES = st.recursive(
    st.integers(min_value=0, max_value=500),
    lambda children: st.lists(children, min_size=1, max_size=3),
    max_leaves=9,
)


def _leaves(node: Any) -> list[int]:
    return [node] if isinstance(node, int) else [v for child in node for v in _leaves(child)]


def _org(parent: Organization, node: Any) -> Organization:
    n = next(_codes)
    kind = "agency" if isinstance(node, int) else "committee"
    return Organization.objects.create(name=f"Đơn vị {n}", code=f"gen-{n}", kind=kind, parent=parent)


def _report(world: Any, committee: Organization, children: list[Any], template: Any) -> Any:
    """Open the committee's round, have each unit report (a committee by taking its own roll-up), accept."""
    units = [_org(committee, child) for child in children]
    rnd = make_round(world, committee, recipients=units, template=template)
    for unit, child in zip(units, children, strict=True):
        sub = rnd.submissions.get(organization=unit)
        if isinstance(child, int):
            services.do_update_submission(
                sub, actor=world.superuser, values={"trainings": child, "largest_drill": child}
            )
        else:
            _report(world, unit, child, template)
            services.do_apply_rollup(sub, actor=world.superuser)
        do_transition(sub, "submitted", actor=world.superuser)
        do_transition(sub, "accepted", actor=world.superuser)
    return rnd


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tree=TREES.filter(lambda t: isinstance(t, list)))
def test_the_national_total_is_the_sum_over_the_leaves(world, tree):
    template = make_template(world)
    national = Organization.objects.create(name="BCĐ thử", code=f"gen-root-{next(_codes)}", kind="committee",
                                           parent=world.root)
    rnd = _report(world, national, tree, template)
    totals = {t.indicator.code: t.total for t in round_rollup(rnd).totals}
    leaves = _leaves(tree)
    assert totals["trainings"] == Decimal(sum(leaves))
    assert totals["largest_drill"] == Decimal(max(leaves))


def test_only_accepted_reports_count_and_units_without_a_figure_are_left_out(world):
    rnd = make_round(world, world.root, recipients=[world.a, world.b])
    a, b = rnd.submissions.get(organization=world.a), rnd.submissions.get(organization=world.b)
    services.do_update_submission(a, actor=world.superuser, values={"trainings": 5})
    services.do_update_submission(b, actor=world.superuser, values={"trainings": 7})
    do_transition(a, "submitted", actor=world.superuser)
    do_transition(a, "accepted", actor=world.superuser)
    do_transition(b, "submitted", actor=world.superuser)
    totals = {t.indicator.code: t for t in round_rollup(rnd).totals}
    assert totals["trainings"].total == Decimal(5) and totals["trainings"].reported_by == 1
    assert totals["largest_drill"].total is None


def test_the_aggregation_rules():
    t = [datetime.datetime(2026, 6, d, tzinfo=datetime.UTC) for d in (1, 3, 2)]
    entries = [(Decimal(4), t[0]), (Decimal(9), t[1]), (None, t[2]), (Decimal(6), t[2])]
    assert aggregate("sum", entries) == Decimal(19)
    assert aggregate("max", entries) == Decimal(9)
    assert aggregate("latest", entries) == Decimal(9)
    assert aggregate("sum", [(None, t[0])]) is None


def test_compliance_says_late_missing_returned_and_on_time():
    due = datetime.date(2026, 6, 18)
    late = datetime.datetime(2026, 6, 20, 3, tzinfo=datetime.UTC)
    early = datetime.datetime(2026, 6, 17, 3, tzinfo=datetime.UTC)
    assert compliance_of("submitted", late, due, due) == Compliance.LATE
    assert compliance_of("accepted", early, due, due) == Compliance.ON_TIME
    assert compliance_of("draft", None, due, datetime.date(2026, 6, 19)) == Compliance.MISSING
    assert compliance_of("draft", None, due, due) == Compliance.PENDING
    assert compliance_of("returned", early, due, due) == Compliance.RETURNED


def test_the_rollup_names_units_as_they_were_at_the_periods_end(world):
    from pckb.organizations.models import OrganizationName

    OrganizationName.objects.create(
        organization=world.a1, name="Sở Y tế tỉnh A (tên cũ)", valid_to=datetime.date(2026, 3, 1)
    )
    early = make_round(world, period_end=datetime.date(2026, 2, 14), due_date=datetime.date(2026, 2, 18))
    late = make_round(world, template=early.template)
    assert [r.name for r in round_rollup(early).rows] == ["Sở Y tế tỉnh A (tên cũ)"]
    assert [r.name for r in round_rollup(late).rows] == ["Sở Y tế tỉnh A"]
