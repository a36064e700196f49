"""`pckb manage load_admin_units [--current-only]`: load or refresh the administrative units."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pckb.geo.services import load_admin_units


class Command(BaseCommand):
    help = (
        "Load the administrative units shipped with PCKB: the 34 provinces and 3,321 communes in force "
        "since 1 July 2025, and the pre-merger provinces, districts and communes as historical units. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--current-only",
            action="store_true",
            help="Skip the historical (pre-1 July 2025) units: faster, for tests and quick set-ups.",
        )

    def handle(self, *args: Any, current_only: bool = False, **options: Any) -> None:
        started = time.perf_counter()
        result = load_admin_units(current_only=current_only)
        created = ", ".join(f"{level}: {n}" for level, n in result.created.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrative units created ({created}), updated: {result.updated}, "
                f"unchanged: {result.unchanged} in {time.perf_counter() - started:.1f} s."
            )
        )
