"""`pckb manage audit_verify`: recompute the audit trail's keyed hash chain; exit 1 at the first broken entry.

A chain cannot show that its newest entries were cut off: the output ends with the head hash, which
monitoring keeps, and `--head HASH` (a head recorded earlier) fails when that entry is no longer there.

`--incremental` starts behind the sealed checkpoint of the previous incremental run (settings
PCKB_AUDIT_CHECKPOINT_FILE) and moves it to the new head, so that a daily run costs only the day's
entries at 10,000,000 entries; a weekly full run still re-reads everything.

The output is English on purpose: monitoring and scripts match on "OK:" / "BROKEN:" whatever the
server's language.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, no_translations
from django.utils import timezone

from pckb.core.audit import entry_hash, read_checkpoint, verify_chain, write_checkpoint
from pckb.core.audit_keys import AuditKeyError
from pckb.core.models import AuditEntry

PROBLEMS = {
    "hash": "content altered: the stored hash no longer matches the entry",
    "link": "chain broken: the previous entry was removed or altered",
    "key": "signed with an audit key this server does not have",
    "unkeyed": "an unsigned entry after signed ones: the chain was rebuilt without the key",
}


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit status 1 names the first altered or removed entry."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--head",
            default="",
            help="a head hash printed by an earlier run: fail if that entry is gone (the newest entries were cut)",
        )
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="verify only the entries after the last incremental run's sealed checkpoint, then move it",
        )
        parser.add_argument("--checkpoint", default="", help="checkpoint file (default: PCKB_AUDIT_CHECKPOINT_FILE)")

    def fail(self, message: str) -> None:
        self.stderr.write(f"BROKEN: {message}")
        sys.exit(1)

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint_file = Path(options["checkpoint"] or settings.PCKB_AUDIT_CHECKPOINT_FILE)
        start = None
        if options["incremental"]:
            try:
                start = read_checkpoint(checkpoint_file)
            except AuditKeyError as exc:
                self.fail(str(exc))
            anchor = AuditEntry.objects.filter(pk=start[0], hash=start[1]).first() if start else None
            if start is not None and (anchor is None or entry_hash(anchor) != anchor.hash):
                self.fail(f"the checkpointed entry {start[0]} was removed or altered")
        entries = AuditEntry.objects.filter(pk__gt=start[0]) if start else AuditEntry.objects.all()
        # Counted first: entries appended while we walk are verified too, but not promised in the count.
        count = entries.count()
        last = start
        try:
            for entry, problem in verify_chain(after=start):
                when = timezone.localtime(entry.time).isoformat(timespec="seconds")
                self.fail(f"audit entry {entry.pk} ({when}): {PROBLEMS.get(problem, problem)}")
        except AuditKeyError as exc:
            self.fail(str(exc))
        if options["head"] and not AuditEntry.objects.filter(hash=options["head"]).exists():
            self.fail(f"the earlier head {options['head']} is missing: newest entries were removed")
        newest = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        if options["incremental"] and newest is not None and newest != last:
            write_checkpoint(checkpoint_file, *newest)
        scope = f"after entry {start[0]}" if start else "in all"
        head = newest[1] if newest else "-"
        self.stdout.write(f"OK: {count} entries verified ({scope}); head {head}")
