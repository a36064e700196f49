"""`pckb manage audit_rotate_key`: start signing the audit trail with a new key, recorded in the chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from pckb.core.audit import do_rotate_audit_key
from pckb.core.audit_keys import AuditKeyError, key_file


class Command(BaseCommand):
    help = "Add a new current audit key (older keys stay to verify older entries) and record the rotation."

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entry = do_rotate_audit_key()
        except AuditKeyError as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"OK: {entry.message} Keys in {key_file()}; back that file up apart from the database.")
