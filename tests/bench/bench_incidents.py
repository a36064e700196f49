"""Benchmark of the incidents live board: 50 open boards polling every 5 seconds.

Run from the repository root (not collected by pytest):

    python tests/bench/bench_incidents.py                     # a fresh SQLite database in a temporary directory
    PCKB_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pckb_bench_incidents python tests/bench/bench_incidents.py

It builds a national committee and 34 provincial committees, reports 200 incidents through the service
(checklists, alerts, timelines), signs in 50 users (national and provincial staff, each with a board
open) and lets every board poll `board/live/?stamp=` for several rounds: idle rounds (nothing changed:
204) and rounds after a write in one province (the boards that see it render the fragment, the others
still get 204). Django's test client, no network; wall-clock and the process's CPU time per poll.
Budget: an idle poll p95 <= 20 ms; a changed poll p95 <= 100 ms (the list budget). The cost of 50 boards
polling every 5 s is 10 polls a second: the CPU column times 10 is the share of one core they take.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
WORK = Path(tempfile.mkdtemp(prefix="pckb-bench-incidents-"))
os.environ.setdefault("PCKB_DATA_DIR", str(WORK))
os.environ.setdefault("PCKB_DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("PCKB_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
os.environ.setdefault("PCKB_TESTING", "1")

IDLE_BUDGET_MS = 20.0
CHANGED_BUDGET_MS = 100.0
PROVINCES = 34
BOARDS = 50


def seed(incidents: int) -> tuple[list, list]:
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from pckb.core.choices import Role
    from pckb.geo.models import AdminUnit
    from pckb.incidents.services import do_report_incident
    from pckb.organizations.models import Membership, Organization
    from pckb.targets.models import Scenario

    create = Organization.objects.create
    root = create(name="Ban Chỉ đạo Quốc gia", code="root", kind="committee", level="national")
    provinces = []
    for i in range(PROVINCES):
        committee = create(name=f"Ban Chỉ đạo tỉnh {i}", code=f"p{i}", kind="committee", level="province", parent=root)
        police = create(name=f"Công an tỉnh {i}", code=f"ca{i}", kind="agency", parent=committee)
        committee.standing_org = police
        committee.save()
        provinces.append((committee, police))
    province_unit = AdminUnit.objects.create(level="province", code="99", name="Tỉnh thử")
    commune = AdminUnit.objects.create(level="commune", code="99999", name="Xã thử", parent=province_unit)
    users = get_user_model().objects
    admin = users.create_superuser("bench_admin", "admin@example.test", "bench-pass-1")
    # `flush` emptied the catalogue its migration seeds: one scenario with a five-step checklist will do.
    steps = [f"Bước xử lý ban đầu {i}" for i in range(1, 6)]
    scenarios = [Scenario.objects.create(code="bench", name="Tình huống thử", default_steps=steps)]
    rng = random.Random(7)
    now = timezone.now()
    for n in range(incidents):
        committee, police = provinces[n % PROVINCES]
        do_report_incident(
            police,
            actor=admin,
            scenario=rng.choice(scenarios),
            title=f"Vụ việc thử số {n}",
            occurred_at=now - datetime.timedelta(minutes=30 + n),
            reported_at=now - datetime.timedelta(minutes=20 + n),
            admin_unit=commune,
            severity=rng.choice([1, 2, 2, 3, 4]),
            is_exercise=n % 3 == 0,
            description="Mô tả sự việc để đo hiệu năng.",
        )
    viewers = []
    for n in range(BOARDS):
        user = users.create_user(f"board{n}", f"b{n}@example.test", "bench-pass-1")
        org = root if n < 4 else provinces[n % PROVINCES][0]
        Membership.objects.create(user=user, organization=org, role=Role.EDITOR)
        viewers.append(user)
    return viewers, provinces


def stamp_in(response) -> str:
    return re.search(r'data-stamp="([^"]+)"', response.content.decode()).group(1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()

    import django
    from django.core.management import call_command

    django.setup()
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    viewers, provinces = seed(args.incidents)
    print(f"seeded {args.incidents} incidents and {BOARDS} boards in {time.perf_counter() - started:.1f} s")

    from pckb.incidents.models import Incident
    from pckb.incidents.services import do_check_step

    live = reverse("incidents:board_live")
    boards = []
    for user in viewers:
        client = Client()
        client.force_login(user)
        page = client.get(reverse("incidents:board"))
        assert page.status_code == 200
        boards.append([client, stamp_in(page)])

    idle, idle_cpu, changed, changed_cpu, sizes = [], [], [], [], []
    for round_no in range(args.rounds):
        if round_no % 2:
            # Someone ticks a step in one province: the boards that see it must render again.
            committee, police = provinces[round_no % PROVINCES]
            incident = Incident.objects.filter(organization=police).first()
            step = incident.steps.filter(state="pending").first()
            if step is not None:
                do_check_step(step, actor=viewers[0].__class__.objects.get(username="bench_admin"))
        for board in boards:
            client, stamp = board
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(live, {"stamp": stamp})
            elapsed, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
            if response.status_code == 204:
                idle.append(elapsed)
                idle_cpu.append(cpu)
            else:
                assert response.status_code == 200, response.status_code
                changed.append(elapsed)
                changed_cpu.append(cpu)
                board[1] = stamp_in(response)
                sizes.append(len(response.content))

    failed = False
    print(f"{'poll':<10} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'bytes':>7}")
    for label, times, cpu, budget, size in (
        ("idle 204", idle, idle_cpu, IDLE_BUDGET_MS, 0),
        ("changed", changed, changed_cpu, CHANGED_BUDGET_MS, max(sizes, default=0)),
    ):
        if not times:
            continue
        p95 = percentile(times, 0.95)
        over = p95 > budget
        failed |= over
        flag = "  OVER BUDGET" if over else ""
        print(f"{label:<10} {len(times):>6} {statistics.median(times):8.1f} {p95:8.1f} {statistics.median(cpu):8.1f}"
              f" {size:>7}{flag}")
    share = statistics.median(idle_cpu) * (BOARDS / 5) / 10  # ms of CPU per second / 1000 ms, in %
    print(f"50 idle boards polling every 5 s: about {share:.1f} % of one core (median CPU per poll x 10 polls/s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
