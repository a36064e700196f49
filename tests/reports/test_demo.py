"""The reports demo: the standard templates, a closed 2025 annual round, an open 2026 round in every state."""

from __future__ import annotations

import pytest

from pckb.core.audit import verify_chain
from pckb.organizations.models import Organization
from pckb.reports.demo import seed
from pckb.reports.models import ReportingRound, ReportSubmission, ReportTemplate
from pckb.reports.rollup import child_round_for, rollup_by_code, round_rollup

pytestmark = pytest.mark.django_db


def test_it_seeds_the_templates_and_both_rounds_once_with_reports_in_every_state(world):
    for n in range(6):
        Organization.objects.create(name=f"Sở số {n} tỉnh A", code=f"a-so-{n}", kind="agency", parent=world.a)
    committees = {"quocgia": world.root, "quangninh": world.a, "bacninh": world.b}
    users = {"quocgia": world.superuser, "quangninh": world.org_a_admin, "bacninh": world.org_b_manager}
    made = seed(committees, users)
    assert made == ReportSubmission.objects.count() > 0
    assert ReportTemplate.objects.filter(status="published").count() == 2
    closed = ReportingRound.objects.filter(period_label="Năm 2025")
    assert closed.count() == 3 and set(closed.values_list("status", flat=True)) == {"closed"}
    assert set(ReportSubmission.objects.filter(round__in=closed).values_list("status", flat=True)) == {"accepted"}
    open_2026 = ReportSubmission.objects.filter(round__period_label="6 tháng đầu năm 2026")
    assert set(open_2026.values_list("status", flat=True)) == {
        "draft", "submitted", "returned", "resubmitted", "accepted"
    }
    national = ReportingRound.objects.get(organization=world.root, period_label="Năm 2025")
    a_report = national.submissions.get(organization=world.a)
    # The province's figures are its units' accepted totals (the roll-up of its own round).
    totals = rollup_by_code(round_rollup(child_round_for(a_report)))
    figures = {v.indicator.code: v.value for v in a_report.values.select_related("indicator")}
    rolled = {code: total for code, total in totals.items() if total is not None and code in figures}
    assert rolled and all(figures[code] == total for code, total in rolled.items())
    late = [s for s in ReportSubmission.objects.filter(round__in=closed) if s.is_late]
    assert late == []
    assert next(verify_chain(), None) is None
    assert seed(committees, users) == 0


def test_the_command_publishes_the_two_standard_templates_of_the_national_committee_once(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("seed_report_templates", stdout=out)
    published = ReportTemplate.objects.filter(organization=world.root, status="published")
    assert published.count() == 2 and "2 standard template(s)" in out.getvalue()
    call_command("seed_report_templates", stdout=out)
    assert ReportTemplate.objects.filter(organization=world.root).count() == 2  # nothing made twice
    with pytest.raises(CommandError, match="No national committee"):
        call_command("seed_report_templates", organization="no-such-code", stdout=out)
