"""`pckb manage seed_report_templates`: the published 6-month and annual report templates of the national committee."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pckb.core.management.seeding import national_owner_and_actor
from pckb.reports.standard import ensure_standard_templates


class Command(BaseCommand):
    help = (
        "Create the two standard report templates (6-month and annual) of the national committee, published; "
        "templates already there are left alone. Run once after creating the committee."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organization", help="code of the owning committee (default: the root of the tree)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner, actor = national_owner_and_actor(options["organization"])
        templates = ensure_standard_templates(owner, actor=actor)
        self.stdout.write(f"{len(templates)} standard template(s) of {owner.name} are published.")
