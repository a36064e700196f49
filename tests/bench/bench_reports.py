"""Benchmark of periodic reports: the national roll-up over 5,000 organisations and the Word export.

Run from the repository root (not collected by pytest):

    python tests/bench/bench_reports.py                  # PostgreSQL database pckb_bench_reports
    PCKB_DATABASE_URL=sqlite:///var/bench-reports.sqlite3 python tests/bench/bench_reports.py

The data are generated once with bulk inserts and reused: a national committee, 34 province committees
with 146 units each (4,999 organisations), the standard templates (23 indicators), a province round per
province (146 reports each, most accepted), the national round to the 34 provinces (their reports
accepted), and a flat round from the national committee to all 4,964 units (the worst case of one
roll-up: 114,000 figures). Measured: `round_rollup` of the national round and of the flat round (totals,
compliance, with and without each unit's figures), `GET /api/v1/reporting-rounds/{id}/rollup` and the
round page for the national administrator, and the Word export of a province's report to the national
round (its annex lists its 146 units). Budgets: a national roll-up <= 1 s; its Word export <= 2 s.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PCKB_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pckb_bench_reports")
os.environ.setdefault("PCKB_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
os.environ.setdefault("PCKB_TESTING", "1")

ROLLUP_BUDGET_S = 1.0
EXPORT_BUDGET_S = 2.0
PROVINCES, UNITS = 34, 146
PERIOD = (datetime.date(2025, 12, 15), datetime.date(2026, 6, 14), datetime.date(2026, 6, 18))


def ensure_database() -> None:
    url = os.environ["PCKB_DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _round(org, template, label, recipients, rng, *, accepted_share=0.9):
    """A round with one report per recipient and a value per indicator, inserted in bulk."""
    from django.utils import timezone

    from pckb.reports.models import ReportingRound, ReportSubmission, SubmissionValue

    rnd = ReportingRound.objects.create(
        organization=org, template=template, period_label=label, period_start=PERIOD[0], period_end=PERIOD[1],
        due_date=PERIOD[2],
    )
    rnd.recipients.set(recipients)
    now = timezone.now()
    subs = ReportSubmission.objects.bulk_create(
        [
            ReportSubmission(
                round=rnd, organization=o, texts=["Nội dung báo cáo."] * len(template.sections),
                status="accepted" if rng.random() < accepted_share else rng.choice(["draft", "submitted", "returned"]),
                submitted_at=now, accepted_at=now,
            )
            for o in recipients
        ],
        batch_size=2000,
    )
    indicators = list(template.indicators.all())
    SubmissionValue.objects.bulk_create(
        [
            SubmissionValue(submission=s, indicator=i, computed=None, value=rng.randint(0, 50))
            for s in subs
            for i in indicators
        ],
        batch_size=5000,
    )
    return rnd


def build(rng: random.Random) -> None:
    from pckb.accounts.models import User
    from pckb.core.choices import Role
    from pckb.organizations.models import Membership, Organization
    from pckb.reports.models import ReportingRound
    from pckb.reports.standard import ensure_standard_templates

    if ReportingRound.objects.filter(period_label="bench flat").exists():
        return
    root = Organization.objects.create(name="Ban Chỉ đạo PCKB Quốc gia", code="bench-root", kind="committee")
    admin = User.objects.create_user(username="bench.national_admin", password="bench-pass-123", clearance=2)
    Membership.objects.create(user=admin, organization=root, role=Role.ADMIN)
    template = ensure_standard_templates(root, actor=admin)["six_month"]
    provinces, leaves = [], []
    for p in range(PROVINCES):
        committee = Organization.objects.create(
            name=f"Ban Chỉ đạo PCKB tỉnh {p}", code=f"bench-p{p}", kind="committee", parent=root
        )
        provinces.append(committee)
        units = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"Đơn vị {u} tỉnh {p}", code=f"bench-p{p}-{u}", kind="agency" if u < 20 else "committee",
                    parent=committee, path=f"{committee.path}", depth=committee.depth + 1,
                )
                for u in range(UNITS)
            ]
        )
        # bulk_create skips save(): each path ends with the unit's own id.
        for unit in units:
            unit.path = f"{committee.path}{unit.pk}/"
        Organization.objects.bulk_update(units, ["path"])
        leaves += units
        _round(committee, template, "bench province", units, rng)
    _round(root, template, "bench national", provinces, rng, accepted_share=1.0)
    _round(root, template, "bench flat", leaves, rng)


def measure(label: str, fn, runs: int) -> tuple[str, float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    times.sort()
    return label, statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ensure_database()
    setup()
    build(random.Random(14))

    from django.test import Client
    from django.urls import reverse

    from pckb.accounts.models import User
    from pckb.organizations.models import Organization
    from pckb.reports.exports import submission_docx
    from pckb.reports.models import ReportingRound
    from pckb.reports.rollup import round_rollup

    national = ReportingRound.objects.get(period_label="bench national")
    flat = ReportingRound.objects.get(period_label="bench flat")
    province = Organization.objects.get(code="bench-p0")
    report = national.submissions.get(organization=province)
    client = Client()
    client.force_login(User.objects.get(username="bench.national_admin"))
    print(f"organisations: {Organization.objects.count()}, reports in the flat round: {flat.submissions.count()}")

    def api(rnd):
        answer = client.get(f"/api/v1/reporting-rounds/{rnd.pk}/rollup", HTTP_ACCEPT="application/json")
        assert answer.status_code == 200, answer.status_code

    def page(rnd):
        answer = client.get(reverse("reports:round_detail", args=[rnd.pk]))
        assert answer.status_code == 200, answer.status_code

    cases = [
        ("national roll-up (34 provinces)", lambda: round_rollup(national, with_values=True), ROLLUP_BUDGET_S),
        ("flat roll-up, totals and compliance (4,964 units)", lambda: round_rollup(flat), ROLLUP_BUDGET_S),
        ("flat roll-up, every unit's figures (annex)", lambda: round_rollup(flat, with_values=True), EXPORT_BUDGET_S),
        ("API rollup, flat round", lambda: api(flat), ROLLUP_BUDGET_S),
        ("round page, national round", lambda: page(national), ROLLUP_BUDGET_S),
        ("round page, flat round (500 rows shown)", lambda: page(flat), ROLLUP_BUDGET_S),
        ("Word export, a province's report (146-unit annex)", lambda: submission_docx(report), EXPORT_BUDGET_S),
    ]
    rows = [(*measure(label, fn, args.runs), budget) for label, fn, budget in cases]
    failed = False
    print(f"{'case':55} {'p50':>8} {'p95':>8} {'budget':>8}")
    for label, p50, p95, budget in rows:
        flag = "" if p95 <= budget else "  OVER"
        failed |= bool(flag)
        print(f"{label:55} {p50:8.3f} {p95:8.3f} {budget:8.1f}{flag}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
