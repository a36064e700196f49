"""Benchmark of key targets: importing 10,000 rows from Excel, and the lists, API and map with 12,000 targets.

Run from the repository root (not collected by pytest):

    python tests/bench/bench_targets.py                  # PostgreSQL database pckb_bench_targets
    PCKB_DATABASE_URL=sqlite:///var/bench-targets.sqlite3 python tests/bench/bench_targets.py

The data (34 province committees with 10 agencies each, 12,000 targets spread over the provinces'
communes, a third of them with an approved plan, some overdue) are generated once with bulk inserts
and reused. The import of a 10,000-row workbook is measured end to end through the import mechanism
(the bounds, every row checked, then created by the bulk service with its audit entries) inside a
transaction that is rolled back, so every run starts from the same 12,000. Budgets: the import
<= 15 s; list pages and API lists p95 <= 100 ms; the map's points (every visible target) p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PCKB_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pckb_bench_targets")
os.environ.setdefault("PCKB_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
os.environ.setdefault("PCKB_CONN_MAX_AGE", "600")
os.environ.setdefault("PCKB_TESTING", "1")  # plain static files, Huey immediate (the import runs inline)

IMPORT_BUDGET_S = 15.0
LIST_BUDGET_MS = 100.0
MAP_BUDGET_MS = 1000.0
TARGETS = 12_000
AGENCIES = 10


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


def build(rng: random.Random) -> None:
    """Committees, agencies, users and 12,000 targets (bulk), once."""
    from pckb.accounts.models import User
    from pckb.core.choices import Role
    from pckb.core.text import vn_fold
    from pckb.geo.models import AdminUnit
    from pckb.geo.outlines import outlines, random_point_in_province
    from pckb.geo.services import load_admin_units
    from pckb.organizations.models import Membership, Organization
    from pckb.targets.codes import province_abbreviation
    from pckb.targets.models import KeyTarget, ResponsePlan, Scenario, TargetCategory, TargetCodeCounter, add_months

    if KeyTarget.objects.count() >= TARGETS:
        return
    if not AdminUnit.objects.filter(level="province").exists():
        load_admin_units(current_only=True)
    provinces = list(AdminUnit.objects.current().filter(level="province", code__in=list(outlines())).order_by("code"))
    root = Organization.objects.create(name="Ban Chỉ đạo PCKB Quốc gia", code="bench-root", kind="committee")
    committees, agencies = [], {}
    for p in provinces:
        committee = Organization.objects.create(
            name=f"Ban Chỉ đạo PCKB {p.name}", code=f"bench-{p.code}", kind="committee", parent=root, admin_unit=p
        )
        committees.append(committee)
        agencies[committee.pk] = [
            Organization.objects.create(
                name=f"Sở {a} {p.name}", code=f"bench-{p.code}-{a}", kind="agency", parent=committee
            )
            for a in range(AGENCIES)
        ]
    spec = {
        "bench.national_admin": (root, Role.ADMIN),
        "bench.province_manager": (committees[0], Role.MANAGER),
        "bench.agency_editor": (agencies[committees[0].pk][0], Role.EDITOR),
    }
    for username, (org, role) in spec.items():
        user = User.objects.create_user(username=username, password="bench-pass-123", clearance=2)
        Membership.objects.create(user=user, organization=org, role=role)
    categories = list(TargetCategory.objects.all())
    scenarios = list(Scenario.objects.all())
    communes = {p.pk: list(AdminUnit.objects.current().filter(parent=p, level="commune")) for p in provinces}
    today = datetime.date.today()
    rows, numbers = [], {}
    for i in range(TARGETS):
        committee = committees[i % len(committees)]
        province = provinces[i % len(provinces)]
        prefix = province_abbreviation(province.code)
        numbers[prefix] = numbers.get(prefix, 0) + 1
        lat, lon = random_point_in_province(province.code, rng)
        name = f"{rng.choice(categories).name} số {i}"
        code = f"{prefix}-{numbers[prefix]:04d}"
        rows.append(
            KeyTarget(
                organization=rng.choice(agencies[committee.pk] + [committee]),
                code=code,
                name=name,
                search_name=vn_fold(f"{name} {code}"),
                category=rng.choice(categories),
                province=province,
                admin_unit=rng.choice(communes[province.pk]),
                latitude=round(lat, 6),
                longitude=round(lon, 6),
                importance=rng.choice(["national", "provincial", "local"]),
            )
        )
    created = KeyTarget.objects.bulk_create(rows, batch_size=2000)
    TargetCodeCounter.objects.bulk_create([TargetCodeCounter(prefix=k, last=v) for k, v in numbers.items()])
    through = KeyTarget.scenarios.through
    through.objects.bulk_create(
        [through(keytarget_id=t.pk, scenario_id=s.pk) for t in created for s in rng.sample(scenarios, 2)],
        batch_size=5000,
    )
    plans = []
    for t in created[::3]:
        approved = today - datetime.timedelta(days=rng.randrange(0, 500))
        plans.append(
            ResponsePlan(
                organization_id=t.organization_id,
                target=t,
                title=f"Phương án bảo vệ {t.name}",
                status="approved",
                approved_on=approved,
                next_review_due=add_months(approved, 12),
            )
        )
    ResponsePlan.objects.bulk_create(plans, batch_size=2000)
    # A live database has statistics (autovacuum, or SQLite's optimize); freshly bulk-loaded tables do
    # not, and the planner would then guess 5 approved plans instead of 4,000.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def workbook(rng: random.Random, rows: int) -> bytes:
    """10,000 rows for the first province's committee, in the import template's columns."""
    from openpyxl import Workbook

    from pckb.geo.models import AdminUnit
    from pckb.geo.outlines import random_point_in_province
    from pckb.organizations.models import Organization
    from pckb.targets.imports import KeyTargetImporter
    from pckb.targets.models import TargetCategory

    committee = Organization.objects.get(code="bench-01")
    province = committee.admin_unit
    communes = list(AdminUnit.objects.current().filter(parent=province, level="commune").values_list("name", flat=True))
    owners = [f"{o.name} ({o.code})" for o in Organization.objects.filter(parent=committee)]
    categories = list(TargetCategory.objects.values_list("name", flat=True))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Mục tiêu")
    sheet.append([str(c.header) for c in KeyTargetImporter.columns])
    for i in range(rows):
        lat, lon = random_point_in_province(province.code, rng)
        values = {
            "name": f"Mục tiêu nhập thử số {i}",
            "category": rng.choice(categories),
            "province": province.name,
            "admin_unit": rng.choice(communes),
            "address": f"Số {i}, {province.name}",
            "latitude": round(lat, 6),
            "longitude": round(lon, 6),
            "importance": "Cấp tỉnh",
            "organization": rng.choice(owners),
            "protection_force_size": 10,
            "scenarios": "Đe dọa đánh bom; Bắt giữ con tin",
        }
        sheet.append([values.get(c.key) for c in KeyTargetImporter.columns])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure_import(rng: random.Random, rows: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one import; CPU compares runs on a loaded machine."""
    from django.db import transaction

    from pckb.accounts.models import User
    from pckb.core.imports.importers import get_importer
    from pckb.core.imports.jobs import start_import
    from pckb.core.imports.models import ImportStatus
    from pckb.organizations.models import Organization
    from pckb.targets.models import KeyTarget

    data = workbook(rng, rows)
    user = User.objects.get(username="bench.province_manager")
    committee = Organization.objects.get(code="bench-01")
    importer = get_importer("targets.keytarget")
    before = KeyTarget.objects.count()
    with transaction.atomic():
        started, cpu = time.perf_counter(), time.process_time()
        job = start_import(importer, committee, user, data, filename="bench.xlsx", auto_commit=True)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        job.refresh_from_db()
        created = KeyTarget.objects.count() - before
        transaction.set_rollback(True)
    if job.status != ImportStatus.DONE or created != rows:
        raise SystemExit(f"the import did not complete: {job.status} {created} {job.errors[:3]}")
    return elapsed, cpu


@contextlib.contextmanager
def profiled(directory: str, name: str) -> Iterator[None]:
    """cProfile the block into `directory/<name>.prof` when a directory is given (--profile)."""
    if not directory:
        yield
        return
    import cProfile

    Path(directory).mkdir(parents=True, exist_ok=True)
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(str(Path(directory) / f"{name.replace(' ', '_').replace(',', '')}.prof"))


def timed(client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the imported workbook")
    parser.add_argument("--repeat", type=int, default=20, help="requests per case")
    parser.add_argument("--only", default="", help="run only the cases whose label contains this (or 'import')")
    parser.add_argument("--profile", default="", help="write cProfile statistics of each case to this directory")
    args = parser.parse_args()
    ensure_database()
    setup()
    rng = random.Random(42)
    started = time.perf_counter()
    build(rng)
    print(f"data ready in {time.perf_counter() - started:.1f} s")
    from django.test import Client

    from pckb.accounts.models import User
    from pckb.targets.models import KeyTarget

    print(f"{KeyTarget.objects.count()} key targets")
    failed = False
    if args.only in ("", "import"):
        with profiled(args.profile, "import"):
            seconds, cpu = measure_import(rng, args.rows)
        print(f"import of {args.rows} rows: {seconds:.2f} s, {cpu:.2f} s CPU here (budget {IMPORT_BUDGET_S:.0f} s)")
        failed |= seconds > IMPORT_BUDGET_S
    cases = [
        ("list", "/targets/", LIST_BUDGET_MS),
        ("list, needs attention", "/targets/?needs_attention=true", LIST_BUDGET_MS),
        ("list, search", "/targets/?q=tram+bien+ap", LIST_BUDGET_MS),
        ("list, ready", "/targets/?readiness=ready", LIST_BUDGET_MS),
        ("API", "/api/v1/key-targets/", LIST_BUDGET_MS),
        ("API, needs attention", "/api/v1/key-targets/?needs_attention=true", LIST_BUDGET_MS),
        ("map points", "/targets/map/points/", MAP_BUDGET_MS),
    ]
    cases = [c for c in cases if args.only in c[0] and args.only != "import"]
    print(f"{'user':<24} {'case':<24} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'budget':>8}")
    for username in ("bench.national_admin", "bench.province_manager", "bench.agency_editor"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, url, budget in cases:
            client.get(url)  # warm up
            cpu = time.process_time()
            with profiled(args.profile, f"{username}-{label}"):
                times = sorted(timed(client, url, args.repeat))
            cpu = (time.process_time() - cpu) * 1000 / args.repeat
            p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
            flag = "  OVER" if p95 > budget else ""
            print(f"{username:<24} {label:<24} {p50:8.1f} {p95:8.1f} {cpu:8.1f} {budget:8.0f}{flag}")
            failed |= p95 > budget
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
