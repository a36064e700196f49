"""The `pckb` command: init, manage and demo (which runs serve and worker), and the health check.

`init` runs in-process on the test database. `manage` and `demo` run as real child processes on a
throw-away SQLite database in a temporary data directory, as a user would start them.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from pckb import cli
from pckb.core.choices import Classification
from pckb.core.models import AuditEntry
from pckb.geo.models import AdminUnit

STRONG = "Mat-khau-2026-rat-dai"


def pckb(*args):
    """Run `pckb <args>` in-process and return its exit code."""
    with pytest.raises(SystemExit) as stopped:
        cli.main(list(args))
    return stopped.value.code


def child_environment(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PCKB_", "DJANGO_"))}
    environment["PCKB_DATA_DIR"] = str(tmp_path / "data")
    return environment


def command(*args):
    return [sys.executable, "-c", "import sys; from pckb.cli import main; main(sys.argv[1:])", *args]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=2.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local test server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def wait_until_up(url, process, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            return get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise AssertionError("did not stop within 30 s after SIGTERM:\n" + output[-3000:])
    return process.returncode, output


# ------------------------------------------------------------------------------------------------ init


@pytest.mark.django_db
def test_it_creates_the_first_administrator_without_prompting(capsys):
    code = pckb(
        "init",
        "--no-input",
        "--admin-username",
        "quantri",
        "--admin-email",
        "quantri@example.test",
        "--admin-password",
        STRONG,
        "--admin-full-name",
        "Nguyễn Văn Quản",
        "--current-units-only",
    )

    assert code == 0
    admin = get_user_model().objects.get(username="quantri")
    assert admin.is_superuser and admin.is_staff and admin.is_active
    assert admin.clearance == Classification.SECRET
    assert admin.full_name == "Nguyễn Văn Quản"
    assert admin.check_password(STRONG)
    assert AdminUnit.objects.current().filter(level="province").count() == 34
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(admin.pk), action="create").exists()
    assert "Created the administrator 'quantri'" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_changes_nothing_when_run_again(capsys):
    args = ["init", "--no-input", "--admin-username", "quantri", "--current-units-only"]
    assert pckb(*args, "--admin-password", STRONG) == 0
    units = AdminUnit.objects.count()
    entries = AuditEntry.objects.count()

    assert pckb(*args, "--admin-password", "another-password-2026") == 0

    admin = get_user_model().objects.get(username="quantri")
    assert get_user_model().objects.count() == 1
    assert admin.check_password(STRONG)  # never overwritten
    assert AdminUnit.objects.count() == units
    assert AuditEntry.objects.count() == entries
    assert "already exists; nothing changed" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_refuses_a_weak_password_and_creates_nobody(capsys):
    code = pckb("init", "--no-input", "--admin-password", "123", "--current-units-only")

    assert code == 2
    assert not get_user_model().objects.exists()
    out = capsys.readouterr().out
    assert "The password was refused" in out
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("123")
    for message in refused.value.messages:  # in whatever language is active, as the command printed them
        assert message in out


@pytest.mark.django_db
def test_it_asks_for_a_password_when_there_is_no_input(capsys, monkeypatch):
    monkeypatch.delenv("PCKB_ADMIN_PASSWORD", raising=False)

    code = pckb("init", "--no-input", "--current-units-only")

    assert code == 2
    assert not get_user_model().objects.exists()
    assert "--admin-password" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_prompts_for_missing_values_on_a_terminal(monkeypatch):
    answers = iter(["chihuy", "chihuy@example.test"])
    passwords = iter(["short", "short", STRONG, "typo-" + STRONG, STRONG, STRONG])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(passwords))
    monkeypatch.delenv("PCKB_ADMIN_PASSWORD", raising=False)

    assert pckb("init", "--current-units-only") == 0

    admin = get_user_model().objects.get(username="chihuy")
    assert admin.email == "chihuy@example.test"
    assert admin.check_password(STRONG)


# ---------------------------------------------------------------------------------- help and manage


def test_it_explains_its_commands(capsys):
    assert pckb("--help") == 0
    out = capsys.readouterr().out
    for name in ("demo", "init", "serve", "worker", "manage"):
        assert re.search(rf"^\s+{name}\s", out, re.MULTILINE), name


def test_it_prints_the_help_and_fails_without_a_command(capsys):
    assert pckb() == 2
    assert "usage: pckb" in capsys.readouterr().out


def test_it_runs_any_django_command(tmp_path):
    result = subprocess.run(
        command("manage", "check"), env=child_environment(tmp_path), capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_reports_an_unknown_django_command(tmp_path):
    result = subprocess.run(
        command("manage", "no_such_command"), env=child_environment(tmp_path), capture_output=True, text=True
    )

    assert result.returncode == 1
    assert "Unknown command: 'no_such_command'" in result.stderr


# ------------------------------------------------------------------------------------------- healthz


@pytest.mark.django_db
def test_it_answers_the_health_check(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


# --------------------------------------------------------------------------------------- serve, demo


def test_it_runs_the_demo_with_its_worker_and_stops_both(tmp_path):
    port = free_port()
    demo = subprocess.Popen(
        command("demo", "--port", str(port), "--workers", "1"),
        env=child_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # It migrates and loads the whole demo (tree, plans, documents, key targets) before it answers.
        status, _ = wait_until_up(f"http://127.0.0.1:{port}/healthz", demo, seconds=400)
        assert status == 200
        status, login_page = get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200
        # Assets come from our own server (whitenoise, hashed names from the manifest), never a CDN.
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', login_page)
        assert assets
        for asset in assets:
            assert get(f"http://127.0.0.1:{port}{asset}")[0] == 200, asset
        assert (tmp_path / "data" / "static" / "staticfiles.json").exists()
    finally:
        code, output = stop(demo)

    assert code == 0, output[-3000:]
    assert f"PCKB demo: open http://127.0.0.1:{port}/" in output
    assert "quangninh.congan" in output and "pckb-demo" in output
    assert "Huey consumer started" in output  # the worker ran beside the web server
    assert "Stopped." in output
    # Every page warns that this is a demo (`pckb demo` sets PCKB_DEMO for the server).
    assert "pckb-demo-banner" in login_page
