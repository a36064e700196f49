"""`pckb manage audit_verify`: recompute the audit trail's hash chain; exit 1 at the first broken entry.

A chain cannot show that its newest entries were cut off: the output ends with the head hash, which
monitoring keeps, and `--head HASH` (a head recorded earlier) fails when that entry is no longer there.

The output is English on purpose: monitoring and scripts match on "OK:" / "BROKEN:" whatever the
server's language.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, no_translations
from django.utils import timezone

from pckb.core.audit import verify_chain
from pckb.core.models import AuditEntry

PROBLEMS = {
    "hash": "content altered: the stored hash no longer matches the entry",
    "link": "chain broken: the previous entry was removed or altered",
}


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit status 1 names the first altered or removed entry."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--head",
            default="",
            help="a head hash printed by an earlier run: fail if that entry is gone (the newest entries were cut)",
        )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        # Counted first: entries appended while we walk are verified too, but not promised in the count.
        count = AuditEntry.objects.count()
        for entry, problem in verify_chain():
            when = timezone.localtime(entry.time).isoformat(timespec="seconds")
            self.stderr.write(f"BROKEN: audit entry {entry.pk} ({when}): {PROBLEMS.get(problem, problem)}")
            sys.exit(1)
        if options["head"] and not AuditEntry.objects.filter(hash=options["head"]).exists():
            self.stderr.write(f"BROKEN: the earlier head {options['head']} is missing: newest entries were removed")
            sys.exit(1)
        head = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or "-"
        self.stdout.write(f"OK: {count} entries verified; head {head}")
