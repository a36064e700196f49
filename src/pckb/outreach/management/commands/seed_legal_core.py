"""`pckb manage seed_legal_core`: put the public core (the law, the decrees) in the national committee's library."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pckb.organizations.models import Organization
from pckb.outreach.services import seed_public_core


class Command(BaseCommand):
    help = (
        "Add the public core of the legal library (Law 28/2013/QH13 and the decrees) to the national "
        "committee's library; documents already there are left alone. Run once after creating the committee."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organization", help="code of the owning committee (default: the root of the tree)")

    def handle(self, *args: Any, **options: Any) -> None:
        roots = Organization.objects.filter(parent__isnull=True, is_active=True)
        owner = roots.filter(code=options["organization"]).first() if options["organization"] else roots.first()
        if owner is None:
            raise CommandError("No national committee yet: create the organisation tree first.")
        # The audit trail names an administrator, as for every other write.
        actor = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("No administrator yet: run `pckb init` first.")
        added = seed_public_core(owner, actor=actor)
        self.stdout.write(f"{added} document(s) added to the library of {owner.name}.")
