"""`pckb manage audit_verify`: recompute the audit trail's hash chain; exit 1 at the first broken entry.

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

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        # Counted first: entries appended while we walk are verified too, but not promised in the count.
        count = AuditEntry.objects.count()
        for entry, problem in verify_chain():
            when = timezone.localtime(entry.time).isoformat(timespec="seconds")
            self.stderr.write(f"BROKEN: audit entry {entry.pk} ({when}): {PROBLEMS.get(problem, problem)}")
            sys.exit(1)
        self.stdout.write(f"OK: {count} entries verified")
