"""`pckb manage seed_legal_core`: put the public core (the law, the decrees) in the national committee's library."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pckb.core.management.seeding import national_owner_and_actor
from pckb.outreach.services import seed_public_core


class Command(BaseCommand):
    help = (
        "Add the public core of the legal library (Law 28/2013/QH13 and the decrees) to the national "
        "committee's library; documents already there are left alone. Run once after creating the committee."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organization", help="code of the owning committee (default: the root of the tree)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner, actor = national_owner_and_actor(options["organization"])
        added = seed_public_core(owner, actor=actor)
        self.stdout.write(f"{added} document(s) added to the library of {owner.name}.")
