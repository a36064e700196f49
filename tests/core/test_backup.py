"""`pckb backup` / `pckb restore`: round trips on SQLite and PostgreSQL, damaged archives refused.

These run the real command in a subprocess against real database files and servers (the test
database of pytest-django lives in a transaction or in memory, which pg_dump and SQLite's backup
cannot see).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

# The SQLite round trips use their own files: once, in the SQLite pass of the suite, is enough.
sqlite_pass = pytest.mark.skipif(
    os.environ.get("PCKB_DATABASE_URL", "").startswith("postgres"), reason="SQLite cases run in the SQLite pass"
)
PCKB = [sys.executable, "-c", "from pckb.cli import main; main()"]


def run(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PCKB_DATABASE_URL": database_url, "PCKB_MEDIA_ROOT": str(media_root)}
    return subprocess.run([*PCKB, *args], capture_output=True, text=True, env=env, check=False, timeout=600)


def init_database(database_url: str, media_root: Path) -> None:
    result = run(
        "init", "--no-input", "--current-units-only", "--admin-username", "root",
        "--admin-email", "root@example.test", "--admin-password", "Backup-test-pass-1",
        database_url=database_url, media_root=media_root,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (media_root / "plans").mkdir(parents=True)
    (media_root / "plans" / "kế-hoạch.pdf").write_bytes(b"%PDF-1.4\n% a scanned plan\n%%EOF\n")


def audit_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, hash FROM core_auditentry ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("backup")
    source = base / "source.sqlite3"
    media = base / "media"
    init_database(f"sqlite:///{source}", media)
    archive = base / "pckb.tar"
    result = run("backup", str(archive), database_url=f"sqlite:///{source}", media_root=media)
    assert result.returncode == 0, result.stdout + result.stderr
    return {"base": base, "source": source, "media": media, "archive": archive, "output": result.stdout}


@sqlite_pass
def test_it_round_trips_sqlite_with_its_files_and_a_verified_audit_trail(sqlite_backup, tmp_path):
    target = tmp_path / "restored.sqlite3"
    media = tmp_path / "media"
    result = run("restore", str(sqlite_backup["archive"]), database_url=f"sqlite:///{target}", media_root=media)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK:" in result.stdout
    assert audit_rows(target) == audit_rows(sqlite_backup["source"])
    assert len(audit_rows(target)) >= 1
    restored_file = media / "plans" / "kế-hoạch.pdf"
    assert restored_file.read_bytes() == (sqlite_backup["media"] / "plans" / "kế-hoạch.pdf").read_bytes()
    with tarfile.open(sqlite_backup["archive"]) as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json"
    assert "database/pckb.sqlite3" in names and "media/plans/kế-hoạch.pdf" in names
    assert "secret_key" not in " ".join(names)


def _damaged_copy(archive: Path, into: Path, member: str) -> Path:
    """A copy of the archive with one byte of `member`'s content flipped."""
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member).offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 10] ^= 0xFF
    damaged = into / "damaged.tar"
    damaged.write_bytes(bytes(data))
    return damaged


@sqlite_pass
def test_it_refuses_a_damaged_archive_and_touches_nothing(sqlite_backup, tmp_path):
    damaged = _damaged_copy(sqlite_backup["archive"], tmp_path, "media/plans/kế-hoạch.pdf")
    target = tmp_path / "restored.sqlite3"
    media = tmp_path / "media"
    result = run("restore", str(damaged), database_url=f"sqlite:///{target}", media_root=media)
    assert result.returncode == 1
    assert "damaged archive" in result.stdout
    assert not target.exists() and not media.exists()


@sqlite_pass
def test_it_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.tar"
    with tarfile.open(bogus, "w") as tar:
        tar.add(__file__, arcname="notes.py")
    result = run("restore", str(bogus), database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", media_root=tmp_path / "m")
    assert result.returncode == 1
    assert "not a PCKB backup" in result.stdout


@sqlite_pass
def test_it_refuses_to_overwrite_a_database_with_data_unless_forced(sqlite_backup, tmp_path):
    target = tmp_path / "busy.sqlite3"
    target.write_bytes(sqlite_backup["source"].read_bytes())
    with sqlite3.connect(target) as conn:
        conn.execute("DELETE FROM geo_adminunit WHERE id IN (SELECT id FROM geo_adminunit LIMIT 5)")
    before = audit_rows(target), _count_units(target)
    url = f"sqlite:///{target}"
    refused = run("restore", str(sqlite_backup["archive"]), database_url=url, media_root=tmp_path / "m")
    assert refused.returncode == 1 and "not empty" in refused.stdout
    assert (audit_rows(target), _count_units(target)) == before
    forced = run("restore", str(sqlite_backup["archive"]), "--force", database_url=url, media_root=tmp_path / "m")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert audit_rows(target) == audit_rows(sqlite_backup["source"])


def _count_units(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM geo_adminunit").fetchone()[0]


@sqlite_pass
def test_it_detects_a_tampered_audit_trail_after_restore(sqlite_backup, tmp_path):
    """A backup of an already-altered trail restores, but the restore says the trail is broken."""
    altered = tmp_path / "altered.sqlite3"
    altered.write_bytes(sqlite_backup["source"].read_bytes())
    with sqlite3.connect(altered) as conn:
        conn.execute(
            "UPDATE core_auditentry SET object_repr = 'forged' WHERE id = (SELECT min(id) FROM core_auditentry)"
        )
    archive = tmp_path / "altered.tar"
    made = run("backup", str(archive), database_url=f"sqlite:///{altered}", media_root=tmp_path / "none")
    assert made.returncode == 0, made.stdout + made.stderr
    result = run("restore", str(archive), database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}", media_root=tmp_path / "m")
    assert result.returncode == 1
    assert "does not verify" in result.stdout and "BROKEN" in result.stdout


def _pg_admin_url() -> str | None:
    url = os.environ.get("PCKB_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.mark.postgres
@pytest.mark.skipif(_pg_admin_url() is None, reason="runs in the PostgreSQL pass of the suite")
def test_it_round_trips_postgresql(tmp_path):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(_pg_admin_url().replace("postgres://", "postgresql://", 1))
    suffix = uuid.uuid4().hex[:8]
    names = [f"pckb_backup_src_{suffix}", f"pckb_backup_dst_{suffix}"]
    admin = make_conninfo(**{**params, "dbname": "postgres"})
    urls = [make_conninfo(**{**params, "dbname": name}) for name in names]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        source_url, target_url = (_as_url(params, name) for name in names)
        init_database(source_url, tmp_path / "media")
        archive = tmp_path / "pg.tar"
        made = run("backup", str(archive), database_url=source_url, media_root=tmp_path / "media")
        assert made.returncode == 0, made.stdout + made.stderr
        restored = run("restore", str(archive), database_url=target_url, media_root=tmp_path / "restored-media")
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "OK:" in restored.stdout
        query = "SELECT id, hash FROM core_auditentry ORDER BY id"
        with psycopg.connect(urls[0]) as src, psycopg.connect(urls[1]) as dst:
            assert src.execute(query).fetchall() == dst.execute(query).fetchall()
            assert dst.execute("SELECT count(*) FROM geo_adminunit").fetchone()[0] > 3000
        assert (tmp_path / "restored-media" / "plans" / "kế-hoạch.pdf").exists()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _as_url(params: dict, dbname: str) -> str:
    user = params.get("user", "postgres")
    password = f":{params['password']}" if params.get("password") else ""
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    return f"postgresql://{user}{password}@{host}:{port}/{dbname}"
