"""Settings read from the environment: the secret key kept in the data dir, SQLite in WAL mode.

Each case runs Python in a child process with its own PCKB_* environment: settings are read once per
process, and the test process itself runs with test settings.
"""

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pckb

PROBE = """
import json
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy = cursor.fetchone()[0]
print(json.dumps({
    "secret_key": settings.SECRET_KEY,
    "journal_mode": journal,
    "busy_timeout": busy,
    "database": str(settings.DATABASES["default"]["NAME"]),
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "huey": settings.HUEY["huey_class"],
    "huey_immediate": settings.HUEY["immediate"],
}))
"""


def probe(data_dir, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PCKB_")}
    environment.update({"PCKB_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "pckb.settings", **env})
    code = "import django; django.setup()\n" + PROBE
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_generates_the_secret_key_once_into_the_data_dir(tmp_path):
    first = probe(tmp_path)
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert len(first["secret_key"]) >= 50
    assert key_file.read_text().strip() == first["secret_key"]
    # Readable by its owner only: anyone who reads it can forge sessions.
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert probe(tmp_path)["secret_key"] == first["secret_key"]


def test_it_prefers_the_secret_key_from_the_environment(tmp_path):
    settings = probe(tmp_path, PCKB_SECRET_KEY="from-the-environment-" + "x" * 40)
    assert settings["secret_key"] == "from-the-environment-" + "x" * 40
    assert not (tmp_path / "secret_key").exists()


def test_it_keeps_the_embedded_database_in_the_data_dir_in_wal_mode(tmp_path):
    settings = probe(tmp_path)
    assert settings["database"] == str(tmp_path / "pckb.sqlite3")
    assert settings["journal_mode"] == "wal"
    assert settings["busy_timeout"] == 10000
    assert (tmp_path / "pckb.sqlite3").exists()


def test_it_has_safe_defaults_and_reads_the_environment(tmp_path):
    defaults = probe(tmp_path)
    assert defaults["debug"] is False
    assert defaults["allowed_hosts"] == ["localhost", "127.0.0.1"]
    # The embedded default keeps the task queue in SQLite and really queues (no inline execution).
    assert defaults["huey"] == "huey.SqliteHuey"
    assert defaults["huey_immediate"] is False

    configured = probe(tmp_path, PCKB_DEBUG="true", PCKB_ALLOWED_HOSTS="pckb.example.vn,10.0.0.5")
    assert configured["debug"] is True
    assert configured["allowed_hosts"] == ["pckb.example.vn", "10.0.0.5"]


def test_it_documents_every_environment_variable_in_the_readme():
    package = Path(pckb.__file__).parent
    readme = (package.parent.parent / "README.md").read_text(encoding="utf-8")
    used = set()
    for module in ("settings.py", "cli.py"):
        used |= set(re.findall(r"PCKB_[A-Z0-9_]*[A-Z0-9]", (package / module).read_text(encoding="utf-8")))

    undocumented = sorted(name for name in used if f"`{name}`" not in readme)

    assert not undocumented, f"add these to README.md, Configuration: {undocumented}"
