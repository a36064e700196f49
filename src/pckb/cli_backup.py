"""`pckb backup` and `pckb restore` (the work is in pckb.core.backup; this is the command line)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["add_parsers", "cmd_backup", "cmd_restore"]


def _target(args: argparse.Namespace) -> tuple[str, Path]:
    from django.conf import settings

    return args.database_url or settings.DATABASE_URL, Path(args.media_root or settings.MEDIA_ROOT)


def cmd_backup(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from pckb.cli import _setup_django
    from pckb.core.backup import BackupError, make_backup

    _setup_django()
    database_url, media_root = _target(args)
    output = Path(args.output or f"pckb-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar")
    try:
        manifest = make_backup(output, database_url=database_url, media_root=media_root)
    except BackupError as exc:
        print(f"Backup failed: {exc}", flush=True)
        return 1
    files = len(manifest["files"]) - 1
    print(
        f"Backup written to {output}: {manifest['engine']} database, {files} uploaded file(s), "
        f"{manifest['audit']['count']} audit entries (head {manifest['audit']['head'] or '-'}).",
        flush=True,
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pckb.cli import _setup_django
    from pckb.core.backup import BackupError, restore_backup

    _setup_django()
    database_url, media_root = _target(args)
    try:
        restored = restore_backup(
            Path(args.archive), database_url=database_url, media_root=media_root, force=args.force
        )
    except BackupError as exc:
        print(f"Restore refused: {exc}", flush=True)
        return 1
    print(f"Restored the {restored.database} database and {restored.files} uploaded file(s).", flush=True)
    print(restored.audit_report, flush=True)
    return 0


def add_parsers(sub: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", help="database to use instead of PCKB_DATABASE_URL")
    common.add_argument("--media-root", help="uploaded files directory instead of PCKB_MEDIA_ROOT")

    backup = sub.add_parser(
        "backup",
        parents=[common],
        help="write the database and the uploaded files into one archive with a manifest of hashes",
        description="Back up the database (SQLite online backup, or pg_dump for PostgreSQL) and the uploaded "
        "files into one tar archive whose manifest records the SHA-256 of every member and the audit head. "
        "The secret key and the audit key are not included: keep them separately.",
    )
    backup.add_argument("output", nargs="?", help="archive to write (default: pckb-backup-<date>-<time>.tar)")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="restore an archive made by `pckb backup`, then verify the audit trail",
        description="Check every member of the archive against its manifest (a damaged archive is refused "
        "before anything is touched), restore the database and the uploaded files, then run audit_verify on "
        "the restored database. The target database must be empty unless --force is given.",
    )
    restore.add_argument("archive", help="the archive written by `pckb backup`")
    restore.add_argument("--force", action="store_true", help="overwrite a database that already has data")
    restore.set_defaults(func=cmd_restore)
