"""Benchmark of the task lists at national scale: 1,000,000 tasks in a tree of ~5,000 organisations.

Run from the repository root (not collected by pytest):

    python tests/bench/bench_tasks.py                  # PostgreSQL database pckb_bench_tasks
    PCKB_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/mybench python tests/bench/bench_tasks.py
    PCKB_DATABASE_URL=sqlite:///var/bench.sqlite3 python tests/bench/bench_tasks.py --tasks 200000

The data are generated once (fast bulk load: COPY on PostgreSQL) and reused by later runs. The
benchmark then measures the server time (Django's test client, no network) of the task list pages
("assigned", "issued", with and without filters) and of the API list, for a provincial manager, an
agency editor and the national administrator, and prints p50/p95 per case. Budget: p95 <= 100 ms.

Beside the wall time it prints the process CPU time (`time.process_time()`, the Python work of the
request) and the time spent waiting for SQL: on a machine shared with other work the wall time swings
with the load, while CPU time compares one version of the code with another (A/B) far more steadily.
`--only TEXT` measures the cases whose label contains TEXT (e.g. `--only issued`).

It then measures the same cases again with the tasks shared through a many-to-many field (one task
in ten has a supporting agency, and `Task.shared_scope_fields` is set to ("assignee", "supporters")
for the run), as a reporting round shared with many organisations will be: the lists must keep
their budget (`--no-m2m` skips this part).
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
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("PCKB_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pckb_bench_tasks")
os.environ.setdefault("PCKB_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
os.environ.setdefault("PCKB_CONN_MAX_AGE", "600")
# Plain static storage (no collectstatic manifest needed) and no Huey worker: only the views are measured.
os.environ.setdefault("PCKB_TESTING", "1")

BUDGET_MS = 100.0
PROVINCES = 34
MINISTRIES = 30
AGENCIES_PER_PROVINCE = 22
COMMUNES_PER_PROVINCE = 100
AGENCIES_PER_MINISTRY = 20
STATUSES = ["assigned"] * 25 + ["in_progress"] * 30 + ["done"] * 10 + ["verified"] * 30 + ["cancelled"] * 5
PRIORITIES = ["low"] * 2 + ["normal"] * 6 + ["high"] * 1 + ["urgent"] * 1


def ensure_database() -> None:
    """Create the PostgreSQL benchmark database if it does not exist yet."""
    url = os.environ["PCKB_DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _slash, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_tree() -> dict[str, list]:
    """~5,000 organisations with materialised paths, inserted in bulk with explicit ids."""
    from pckb.organizations.models import Organization

    rows: list[Organization] = []
    groups: dict[str, list] = {"provinces": [], "ministries": [], "province_children": {}, "ministry_children": {}}
    next_id = 1

    def add(name: str, code: str, kind: str, level: str, parent: Organization | None) -> Organization:
        nonlocal next_id
        path = f"{parent.path if parent else '/'}{next_id}/"
        org = Organization(
            id=next_id,
            name=name,
            code=code,
            kind=kind,
            level=level,
            parent_id=parent.id if parent else None,
            path=path,
            depth=path.count("/") - 2,
            search_name=code.replace("-", " "),
        )
        next_id += 1
        rows.append(org)
        return org

    root = add("Ban Chỉ đạo PCKB Quốc gia", "bench-root", "committee", "national", None)
    for p in range(PROVINCES):
        province = add(f"Ban Chỉ đạo PCKB tỉnh {p}", f"bench-p{p}", "committee", "province", root)
        groups["provinces"].append(province)
        children = [
            add(f"Sở {a} tỉnh {p}", f"bench-p{p}-a{a}", "agency", "province", province)
            for a in range(AGENCIES_PER_PROVINCE)
        ]
        children += [
            add(f"Ban Chỉ đạo PCKB xã {c} tỉnh {p}", f"bench-p{p}-c{c}", "committee", "commune", province)
            for c in range(COMMUNES_PER_PROVINCE)
        ]
        groups["province_children"][province.id] = children
    for m in range(MINISTRIES):
        ministry = add(f"Ban Chỉ đạo PCKB Bộ {m}", f"bench-m{m}", "committee", "ministry", root)
        groups["ministries"].append(ministry)
        groups["ministry_children"][ministry.id] = [
            add(f"Cục {a} Bộ {m}", f"bench-m{m}-a{a}", "agency", "ministry", ministry)
            for a in range(AGENCIES_PER_MINISTRY)
        ]
    Organization.objects.bulk_create(rows, batch_size=2000)
    groups["root"] = [root]
    groups["count"] = [len(rows)]
    return groups


def build_users(groups: dict) -> dict[str, object]:
    from pckb.accounts.models import User
    from pckb.core.choices import Role
    from pckb.organizations.models import Membership

    province = groups["provinces"][0]
    agency = groups["province_children"][province.id][0]
    spec = {
        "bench.province_manager": (province, Role.MANAGER),
        "bench.agency_editor": (agency, Role.EDITOR),
        "bench.national_admin": (groups["root"][0], Role.ADMIN),
    }
    users = {}
    for username, (org, role) in spec.items():
        user = User.objects.create_user(username=username, password="bench-pass-123", clearance=2)
        Membership.objects.create(user=user, organization=org, role=role)
        users[username] = user
    return users


def build_plans(groups: dict) -> dict[int, dict[int, int]]:
    """Four yearly plans (2024–2027) for each province and ministry committee: {org id: {year: plan id}}."""
    from pckb.plans.models import Plan

    plans = []
    for org in groups["provinces"] + groups["ministries"] + groups["root"]:
        for year in range(2024, 2028):
            plans.append(
                Plan(
                    organization_id=org.id,
                    title=f"Kế hoạch PCKB năm {year}",
                    kind="annual",
                    period_from=datetime.date(year, 1, 1),
                    period_to=datetime.date(year, 12, 31),
                    document_number=f"{org.id}/KH-BCĐ-{year}",
                    status="issued",
                )
            )
    Plan.objects.bulk_create(plans, batch_size=2000)
    by_org: dict[int, dict[int, int]] = {}
    for plan in Plan.objects.values("id", "organization_id", "period_from"):
        by_org.setdefault(plan["organization_id"], {})[plan["period_from"].year] = plan["id"]
    return by_org


def task_rows(groups: dict, plans: dict, total: int, rng: random.Random):
    """(issuer, assignee, plan, ...) tuples: 85 % from provinces, 10 % ministries, 5 % national."""
    from pckb.core.text import vn_fold

    start = datetime.date(2024, 1, 1)
    span = (datetime.date(2027, 12, 31) - start).days
    root = groups["root"][0]
    top = groups["provinces"] + groups["ministries"]
    now = datetime.datetime.now(tz=datetime.UTC).isoformat()
    for i in range(total):
        pick = rng.random()
        if pick < 0.85:
            issuer = groups["provinces"][i % PROVINCES]
            assignee = rng.choice(groups["province_children"][issuer.id])
        elif pick < 0.95:
            issuer = groups["ministries"][i % MINISTRIES]
            assignee = rng.choice(groups["ministry_children"][issuer.id])
        else:
            issuer, assignee = root, rng.choice(top)
        deadline = start + datetime.timedelta(days=rng.randrange(span))
        assigned_on = deadline - datetime.timedelta(days=rng.randrange(10, 120))
        status = rng.choice(STATUSES)
        progress = {"done": 100, "verified": 100, "in_progress": rng.randrange(0, 100, 10)}.get(status, 0)
        plan_id = plans.get(issuer.id, {}).get(deadline.year)
        yield (
            issuer.id,
            0,
            now,
            now,
            f"Nhiệm vụ {i}: rà soát, báo cáo công tác PCKB",
            vn_fold(f"Nhiệm vụ {i}: rà soát, báo cáo công tác PCKB"),
            "",
            assignee.id,
            assigned_on.isoformat(),
            deadline.isoformat(),
            rng.choice(PRIORITIES),
            status,
            "Hủy theo đề nghị" if status == "cancelled" else "",
            plan_id,
            "none",
            progress,
        )


TASK_COLUMNS = (
    "organization_id, classification, created_at, updated_at, title, search_text, description, assignee_id, "
    "assigned_on, deadline, priority, status, cancel_reason, plan_id, recurrence, progress"
)


def load_tasks(groups: dict, plans: dict, total: int) -> None:
    from django.db import connection

    rng = random.Random(20260101)  # noqa: S311 - reproducible test data
    rows = task_rows(groups, plans, total, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY plans_task ({TASK_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(TASK_COLUMNS.split(",")))
    insert = f"INSERT INTO plans_task ({TASK_COLUMNS}) VALUES ({placeholders})"  # noqa: S608 - constants only
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == 20000:
                cursor.executemany(insert, batch)
                batch = []
        if batch:
            cursor.executemany(insert, batch)


def generate(total: int) -> None:
    from django.db import transaction

    from pckb.plans.models import Task

    have = Task.objects.count()
    if have >= total:
        print(f"Reusing the {have:,} tasks already in the benchmark database.")
        refresh_statistics()
        return
    if have:
        sys.exit("The benchmark database holds a partial data set: drop it and run again.")
    began = time.perf_counter()
    with transaction.atomic():
        groups = build_tree()
        build_users(groups)
        plans = build_plans(groups)
        load_tasks(groups, plans, total)
    refresh_statistics()
    print(f"Generated {groups['count'][0]:,} organisations and {total:,} tasks in {time.perf_counter() - began:.0f} s.")


def refresh_statistics() -> None:
    """VACUUM ANALYZE after a bulk load, as autovacuum would do in time: without statistics the planner
    guesses (e.g. 490 rows for 398,437) and picks nested loops; without the visibility map no index-only scan."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def load_supporters() -> None:
    """One task in ten gets a supporting organisation (a sibling of its assignee), once, in bulk."""
    from django.db import connection, transaction

    from pckb.organizations.models import Organization
    from pckb.plans.models import Task

    through = Task.supporters.through
    if through.objects.exists():
        return
    began = time.perf_counter()
    children: dict[int, list[int]] = {}
    for org_id, parent_id in Organization.objects.exclude(parent=None).values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(org_id)
    rng = random.Random(20260102)  # noqa: S311 - reproducible test data
    table = through._meta.db_table
    # Read first, then COPY: the connection cannot stream a query while a COPY is in progress on it.
    picked = list(Task.objects.filter(id__endswith="7").values_list("id", "organization_id"))
    rows = [(task_id, rng.choice(children[issuer_id])) for task_id, issuer_id in picked if issuer_id in children]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (task_id, organization_id) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} (task_id, organization_id) VALUES (%s, %s)", rows)  # noqa: S608
    refresh_statistics()
    print(f"Shared {through.objects.count():,} tasks with a supporter in {time.perf_counter() - began:.0f} s.")


def cases() -> list[tuple[str, str]]:
    return [
        ("assigned", "/plans/tasks/assigned/"),
        ("assigned, filtered", "/plans/tasks/assigned/?status=in_progress&overdue=true"),
        ("assigned, text search", "/plans/tasks/assigned/?q=b%C3%A1o+c%C3%A1o&deadline_after=2026-01-01"),
        ("issued", "/plans/tasks/issued/"),
        ("issued, deadline range", "/plans/tasks/issued/?deadline_after=2026-06-01&deadline_before=2026-06-30"),
        ("API list", "/api/v1/tasks/"),
        ("API, overdue", "/api/v1/tasks/?overdue=true"),
        ("API, status+deadline", "/api/v1/tasks/?status=assigned&deadline_after=2026-01-01&deadline_before=2026-03-31"),
    ]


class SqlTimer:
    """Sums the wall time of the SQL statements run while it is installed (a connection execute wrapper)."""

    def __init__(self) -> None:
        self.total = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - began


Result = tuple[str, str, list[float], list[float], list[float]]  # user, case, wall, cpu, sql (ms, sorted)


def percentile(times: list[float], share: float) -> float:
    return times[max(0, int(round(share * len(times))) - 1)]


def measure(requests: int, suffix: str = "", only: str = "") -> list[Result]:
    from django.db import connection
    from django.test import Client

    from pckb.accounts.models import User

    results = []
    for username in ("bench.province_manager", "bench.agency_editor", "bench.national_admin"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for label, url in cases():
            if only not in label:
                continue
            for _warm in range(2):
                client.get(url)
            wall, cpu, sql = [], [], []
            for _n in range(requests):
                timer = SqlTimer()
                with connection.execute_wrapper(timer):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    cpu.append((time.process_time() - began_cpu) * 1000)
                    wall.append((time.perf_counter() - began) * 1000)
                sql.append(timer.total * 1000)
                if response.status_code != 200:
                    sys.exit(f"{url} answered {response.status_code} for {username}")
            results.append((username, label + suffix, sorted(wall), sorted(cpu), sorted(sql)))
    return results


def report(results: list[Result]) -> bool:
    width = max(len(label) for _u, label, *_times in results)
    print(f"\n{'user':<24} {'case':<{width}} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} {'sql p50':>8}")
    ok = True
    for username, label, wall, cpu, sql in results:
        p95 = percentile(wall, 0.95)
        flag = "" if p95 <= BUDGET_MS else "  over budget"
        ok = ok and not flag
        print(
            f"{username:<24} {label:<{width}} {statistics.median(wall):8.1f} {p95:8.1f}"
            f" {statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f} {statistics.median(sql):8.1f}{flag}"
        )
    print(f"\nBudget p95 <= {BUDGET_MS:.0f} ms (wall): {'met' if ok else 'NOT met'}.")
    print("cpu: this process's CPU time per request (Python); sql: wall time waiting for the database.")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000, help="how many tasks to generate (default 1,000,000)")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per case (default 30)")
    parser.add_argument("--no-m2m", action="store_true", help="skip the run with many-to-many sharing")
    parser.add_argument("--only", default="", help="measure only the cases whose label contains this text")
    args = parser.parse_args()
    ensure_database()
    setup_django()
    from django.db import connection

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    generate(args.tasks)
    results = measure(args.requests, only=args.only)
    if not args.no_m2m:
        from pckb.plans.models import Task

        load_supporters()
        Task.shared_scope_fields = ("assignee", "supporters")
        results += measure(args.requests, " (M2M sharing)", only=args.only)
    sys.exit(0 if report(results) else 1)


if __name__ == "__main__":
    main()
