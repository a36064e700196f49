"""`pckb backup` and `pckb restore`: the database and the uploaded files in one verifiable archive.

The archive is a tar file holding `manifest.json` (format, time, database engine, audit head, and the
SHA-256 and size of every other member), the database (`database/pckb.sqlite3` taken with SQLite's
online backup API, or `database/pckb.dump` from `pg_dump --format=custom`) and `media/…`. A restore
checks every member against the manifest before it touches anything, refuses a non-empty target
unless forced, and runs `audit_verify` against the restored database. The audit key and the secret
key are deliberately not in the archive: a stolen backup must not be enough to forge the trail.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import dj_database_url
from django.utils import timezone

__all__ = ["BackupError", "Restored", "make_backup", "restore_backup", "read_manifest"]

FORMAT = "pckb-backup/1"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in plain words for an operator."""


@dataclass(frozen=True)
class Restored:
    database: str
    files: int
    audit_report: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(url: str) -> str:
    engine = dj_database_url.parse(url)["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"unsupported database engine: {engine}")


def _sqlite_path(url: str) -> Path:
    name = dj_database_url.parse(url)["NAME"]
    if not name or name == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(name)


def _pg_url(url: str) -> str:
    # libpq understands postgresql:// URLs; dj-database-url also accepts postgres:// and pgsql://.
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme in {"postgres", "pgsql", "postgis"} else url


def _run(command: list[str], what: str) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools are needed for {what})")
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[:2000]}")


def _audit_head(url: str) -> dict[str, Any]:
    """Count and head hash of the audit trail, read straight from the database file or server."""
    query = "SELECT count(*), (SELECT hash FROM core_auditentry ORDER BY id DESC LIMIT 1) FROM core_auditentry"
    if _engine(url) == "sqlite":
        with sqlite3.connect(f"file:{_sqlite_path(url)}?mode=ro", uri=True) as conn:
            count, head = conn.execute(query).fetchone()
    else:
        import psycopg

        with psycopg.connect(_pg_url(url)) as conn:
            count, head = conn.execute(query).fetchone()
    return {"count": count, "head": head or ""}


def make_backup(output: Path, *, database_url: str, media_root: Path) -> dict[str, Any]:
    """Write the archive to `output` (a new file) and return its manifest."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} already exists: choose a new file name")
    engine = _engine(database_url)
    with tempfile.TemporaryDirectory(prefix="pckb-backup-") as tmp:
        staging = Path(tmp)
        (staging / "database").mkdir()
        if engine == "sqlite":
            source_path = _sqlite_path(database_url)
            if not source_path.exists():
                raise BackupError(f"no database at {source_path}")
            db_member = "database/pckb.sqlite3"
            source = sqlite3.connect(source_path)
            target = sqlite3.connect(staging / db_member)
            try:
                with target:
                    source.backup(target)  # consistent even while the application writes (WAL)
            finally:
                source.close()
                target.close()
        else:
            db_member = "database/pckb.dump"
            _run(
                ["pg_dump", "--format=custom", "--no-owner", f"--file={staging / db_member}", _pg_url(database_url)],
                "pg_dump",
            )
        members: dict[str, Path] = {db_member: staging / db_member}
        media_root = Path(media_root)
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    members[str(PurePosixPath("media", *path.relative_to(media_root).parts))] = path
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "engine": engine,
            "database": db_member,
            "audit": _audit_head(database_url)
            if engine == "postgresql"
            else _audit_head(f"sqlite:///{staging / db_member}"),
            "files": {name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members.items()},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name, recursive=False)
        os.replace(partial, output)  # an interrupted backup never looks complete
    return manifest


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, json.JSONDecodeError, UnicodeDecodeError):
        raise BackupError("the archive has no readable manifest: it is not a PCKB backup or it is damaged")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the archive is not a PCKB backup of a known format")
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def _extract_checked(archive: Path, into: Path) -> dict[str, Any]:
    """Extract every member after checking names, types, sizes and hashes against the manifest."""
    try:
        tar = tarfile.open(archive, "r")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"cannot read the archive: {exc}")
    with tar:
        manifest = read_manifest(tar)
        expected = manifest.get("files") or {}
        seen: set[str] = set()
        try:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"unexpected member in the archive: {member.name}")
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while source is not None and (chunk := source.read(CHUNK)):
                        digest.update(chunk)
                        out.write(chunk)
                info = expected[member.name]
                if digest.hexdigest() != info.get("sha256") or member.size != info.get("size"):
                    raise BackupError(f"damaged archive: {member.name} does not match its recorded hash")
                seen.add(member.name)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"damaged archive: {exc}")
        missing = set(expected) - seen
        if missing:
            raise BackupError(f"damaged archive: missing {', '.join(sorted(missing))}")
    return manifest


def _database_is_empty(url: str) -> bool:
    if _engine(url) == "sqlite":
        path = _sqlite_path(url)
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] == 0
    import psycopg

    with psycopg.connect(_pg_url(url)) as conn:
        row = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone()
    return row[0] == 0


def _verify_restored(url: str) -> str:
    """`audit_verify` in a fresh process pointed at the restored database (its own settings and connection)."""
    env = {**os.environ, "PCKB_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "pckb.settings"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "audit_verify"], capture_output=True, text=True, env=env, check=False
    )
    report = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise BackupError(f"the restored audit trail does not verify: {report[-2000:]}")
    return report


def restore_backup(archive: Path, *, database_url: str, media_root: Path, force: bool = False) -> Restored:
    """Restore an archive into `database_url` and `media_root`; nothing is touched if the archive is damaged."""
    engine = _engine(database_url)
    with tempfile.TemporaryDirectory(prefix="pckb-restore-") as tmp:
        staging = Path(tmp)
        manifest = _extract_checked(Path(archive), staging)
        if manifest.get("engine") != engine:
            raise BackupError(f"this is a backup of a {manifest.get('engine')} database; the target is {engine}")
        if not force and not _database_is_empty(database_url):
            raise BackupError("the target database is not empty: restore into an empty one, or pass --force")
        dump = staging / manifest["database"]
        if engine == "sqlite":
            path = _sqlite_path(database_url)
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(dump, path.with_name(path.name + ".restoring"))
            os.replace(path.with_name(path.name + ".restoring"), path)
        else:
            command = ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_pg_url(database_url)}"]
            if force:
                command[1:1] = ["--clean", "--if-exists"]
            _run([*command, str(dump)], "pg_restore")
            import psycopg

            # pg_restore brings no planner statistics: without them national lists take seconds.
            with psycopg.connect(_pg_url(database_url), autocommit=True) as conn:
                conn.execute("ANALYZE")
        media_root = Path(media_root)
        files = 0
        source_media = staging / "media"
        if source_media.is_dir():
            for path in source_media.rglob("*"):
                if path.is_file():
                    target = media_root / path.relative_to(source_media)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
                    files += 1
        report = _verify_restored(database_url)
    return Restored(database=engine, files=files, audit_report=report)
