"""Benchmark of the loaders: the administrative units into an empty database, then the whole demo.

Run from the repository root (not collected by pytest):

    python tests/bench/bench_loading.py                        # a fresh SQLite database in a temporary directory
    PCKB_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pckb_bench_loading python tests/bench/bench_loading.py

The database must be empty (the SQLite default always is; a PostgreSQL one is emptied with `flush`).
Budgets: loading the shipped administrative units (34 provinces, 3,321 communes and the historical
units) <= 10 s; the demo's organisations, rosters and logins <= 10 s; its plans and tasks, with their
notifications, <= 20 s. The first two were timed assertions in the test suite, where they failed under
load; here they are measured on their own.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
WORK = Path(tempfile.mkdtemp(prefix="pckb-bench-loading-"))
os.environ.setdefault("PCKB_DATA_DIR", str(WORK))
os.environ.setdefault("PCKB_DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
os.environ.setdefault("PCKB_TESTING", "1")

BUDGETS = {"administrative units": 10.0, "demo organisations and users": 10.0, "demo plans and tasks": 20.0}


def main() -> int:
    import django
    from django.core.management import call_command
    from django.db import transaction

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    from pckb.demo.loader import load_demo
    from pckb.geo.services import load_admin_units
    from pckb.plans.demo import seed

    measured: dict[str, tuple[float, float]] = {}  # case -> (wall-clock s, CPU s of this process)

    def measure(case: str, load: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = load()
        measured[case] = (time.perf_counter() - wall, time.process_time() - cpu)
        return result

    measure("administrative units", load_admin_units)
    demo = measure("demo organisations and users", lambda: load_demo(with_plans=False))
    with transaction.atomic():  # as inside load_demo
        measure("demo plans and tasks", lambda: seed(dict(demo.committees), dict(demo.users)))

    failed = False
    # The budget is on wall-clock time; the CPU column tells a slow loader from a busy machine.
    print(f"{'case':<30} {'seconds':>8} {'cpu s':>8} {'budget':>8}")
    for case, (seconds, cpu) in measured.items():
        over = seconds > BUDGETS[case]
        failed |= over
        print(f"{case:<30} {seconds:>8.2f} {cpu:>8.2f} {BUDGETS[case]:>8.1f}{'  OVER BUDGET' if over else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
