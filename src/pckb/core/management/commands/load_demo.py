"""`pckb manage load_demo`: the demo committees, agencies, rosters and logins (see pckb.demo)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Load the demo data: the national committee, the Bộ Dân tộc và Tôn giáo (ex Ủy ban Dân tộc) committee, "
        "the committees of Quảng Ninh, Bắc Ninh, Điện Biên and TP. Hồ Chí Minh with their member agencies, "
        "rosters and commune committees, and the demo logins (password pckb-demo). Does nothing when the "
        "demo is already loaded. Loads the current administrative units first if there are none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--without-plans",
            action="store_true",
            help="skip the programs, plans and tasks of the plans module",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from pckb.demo.loader import DemoAlreadyLoaded, load_demo
        from pckb.organizations.demo.data import DEMO_LOGINS, DEMO_PASSWORD

        try:
            result = load_demo(log=self.stdout.write, with_plans=not options["without_plans"])
        except DemoAlreadyLoaded:
            self.stdout.write("The demo data is already loaded; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {result.seconds:.1f} s: {result.organizations} organisations, "
                f"{result.roster_entries} roster entries, {len(DEMO_LOGINS)} logins (password {DEMO_PASSWORD})."
            )
        )
