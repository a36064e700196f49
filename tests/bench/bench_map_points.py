"""Benchmark of a map's points endpoint (core.views_map.MapPointsView) with 12,000 points.

Run from the repository root (not collected by pytest):

    python tests/bench/bench_map_points.py                    # a fresh SQLite database in a temporary directory
    PCKB_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pckb_bench_map python tests/bench/bench_map_points.py

No app has coordinates yet (key targets will), so the benchmark creates a table of its own for a
scoped model shaped like one (`BenchTarget`: owner, classification, name, readiness, latitude,
longitude), 12,000 rows spread over 34 provincial committees, and an endpoint like a module's:
scope, `.values()` of the needed columns, one `feature()` per row, JSON. It measures the server time
(Django's test client, no network) for the national administrator (every point) and a provincial
manager (one province's), and prints p50/p95 wall-clock and the CPU time of the process (the budget
is on wall-clock time; the CPU column tells a slow endpoint from a busy machine). Budget: p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
WORK = Path(tempfile.mkdtemp(prefix="pckb-bench-map-"))
os.environ.setdefault("PCKB_DATA_DIR", str(WORK))
os.environ.setdefault("PCKB_DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("PCKB_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
os.environ.setdefault("PCKB_TESTING", "1")

BUDGET_MS = 100.0
PROVINCES = 34
urlpatterns: list = []  # filled in main(), once Django is set up (this module is the URLconf)


def make_model():
    from django.db import connection, models

    from pckb.core.models import OrgScopedModel

    class BenchTarget(OrgScopedModel):
        name = models.CharField(max_length=200)
        readiness = models.CharField(max_length=20)
        latitude = models.FloatField(null=True)
        longitude = models.FloatField(null=True)

        class Meta:
            app_label = "core"
            db_table = "bench_map_target"

    with connection.schema_editor() as editor:
        editor.create_model(BenchTarget)
    return BenchTarget


def make_view(model):
    from pckb.core.views_map import MapPointsView, detail_url_maker

    detail = detail_url_maker("organizations:organization_detail")  # any detail page with a pk
    colours = {"ready": "success", "partly": "warning", "not_ready": "danger"}

    class Points(MapPointsView):
        fields = ("pk", "name", "readiness")

        def feature(self, row):
            return {
                "title": row["name"],
                "url": detail(row["pk"]),
                "colour": colours.get(row["readiness"], "secondary"),
            }

    Points.model = model
    return Points.as_view()


def seed(model, points: int) -> tuple[object, object]:
    import random

    from django.contrib.auth import get_user_model

    from pckb.core.choices import Role
    from pckb.organizations.models import Membership, Organization

    create = Organization.objects.create
    root = create(name="Ban Chỉ đạo Quốc gia", code="root", kind="committee", level="national")
    provinces = [
        create(name=f"Ban Chỉ đạo tỉnh {i}", code=f"p{i}", kind="committee", level="province", parent=root)
        for i in range(PROVINCES)
    ]
    rng = random.Random(1)
    model.objects.bulk_create(
        [
            model(
                organization=provinces[i % PROVINCES],
                name=f"Mục tiêu trọng điểm số {i}",
                readiness=rng.choice(["ready", "ready", "partly", "not_ready"]),
                latitude=rng.uniform(8.5, 23.3),
                longitude=rng.uniform(102.2, 109.4),
            )
            for i in range(points)
        ],
        batch_size=2000,
    )
    users = get_user_model().objects
    national = users.create_superuser("bench_admin", "admin@example.test", "bench-pass-1")
    provincial = users.create_user("bench_province", "p@example.test", "bench-pass-1")
    Membership.objects.create(user=provincial, organization=provinces[0], role=Role.MANAGER)
    return national, provincial


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=12_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from django.test import Client
    from django.urls import clear_url_caches, include, path

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    model = make_model()
    national, provincial = seed(model, args.points)

    urlpatterns[:] = [path("bench/points/", make_view(model)), path("", include("pckb.urls"))]
    settings.ROOT_URLCONF = __name__
    clear_url_caches()

    failed = False
    print(f"{'user':<16} {'points':>7} {'bytes':>9} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8}")
    for user in (national, provincial):
        client = Client()
        client.force_login(user)
        response = client.get("/bench/points/")  # warm-up (scope caches, first query plan)
        count = len(response.json()["features"])
        times, cpu = [], []
        for _ in range(args.requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get("/bench/points/")
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        times.sort()
        p50 = statistics.median(times)
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        over = p95 > BUDGET_MS
        failed |= over
        flag = "  OVER BUDGET" if over else ""
        size = len(response.content)
        print(f"{user.username:<16} {count:>7} {size:>9} {p50:8.1f} {p95:8.1f} {statistics.median(cpu):8.1f}{flag}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
