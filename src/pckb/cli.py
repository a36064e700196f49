"""The `pckb` command: demo, init, serve, worker and manage (any Django command).

    pckb demo [--port 8000] [--bind 127.0.0.1]   the demo with its data, web server and worker
    pckb init [--admin-username ...] [--no-input] database, administrative units, first administrator
    pckb serve [--bind 127.0.0.1:8000] [--workers N] the web application (gunicorn + whitenoise)
    pckb worker                                   the background worker (Huey consumer)
    pckb backup [ARCHIVE]                         database + uploaded files into one verified archive
    pckb restore ARCHIVE [--force]                restore it, then verify the audit trail
    pckb manage <command> ...                     any Django management command

Settings come from PCKB_* environment variables (see README.md, "Configuration").
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from pckb.cli_backup import add_parsers as add_backup_parsers

__all__ = ["main", "build_parser", "ensure_administrator", "collectstatic_if_needed"]

DEFAULT_PORT = 8000
STOP_TIMEOUT_SECONDS = 15


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
    import django

    django.setup()


def _say(message: str = "") -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------------------------- helpers


def _migrate() -> None:
    from django.core.management import call_command

    _say("Applying database migrations…")
    call_command("migrate", interactive=False, verbosity=0)


def _static_fingerprint() -> str:
    """A digest of every static file the finders see (path, size, mtime): changes when an asset changes."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{int(stat.st_mtime)}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collectstatic_if_needed() -> bool:
    """Run collectstatic when the manifest is missing or the assets changed since; True if it ran.

    Without an up-to-date manifest, whitenoise's manifest storage answers 500 for pages that
    reference a new asset, so this runs before any server starts.
    """
    from django.conf import settings
    from django.core.management import call_command

    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" not in backend:
        return False
    root = settings.STATIC_ROOT
    stamp = root / ".pckb-fingerprint"
    fingerprint = _static_fingerprint()
    if (root / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return False
    _say("Collecting static files…")
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


def _load_admin_units(*, current_only: bool = False) -> None:
    from pckb.geo.services import load_admin_units

    started = time.monotonic()
    _say("Loading administrative units" + (" (current only)…" if current_only else "…"))
    load_admin_units(current_only=current_only)
    _say(f"  done in {time.monotonic() - started:.1f} s")


def ensure_administrator(username: str, email: str, password: str, *, full_name: str = "") -> tuple[Any, bool]:
    """The first administrator: superuser with secret clearance. Returns (user, created); never overwrites."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from pckb.core import audit
    from pckb.core.choices import Classification

    user_model = get_user_model()
    existing = user_model.objects.filter(username=username).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        user = user_model.objects.create_superuser(username=username, email=email, password=password)
        user.full_name = full_name
        user.clearance = Classification.SECRET
        user.save(update_fields=["full_name", "clearance"])
        audit.record_create(user, actor=None, message="First administrator created by `pckb init`.")
    return user, True


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _self_command(*args: str) -> list[str]:
    """This same `pckb` program as a child process (works without the console script on PATH)."""
    return [sys.executable, "-c", "import sys; from pckb.cli import main; main(sys.argv[1:])", *args]


def _supervise(children: dict[str, tuple[list[str], int]]) -> int:
    """Run the children until one stops or we get SIGINT/SIGTERM; then stop them all cleanly.

    `children` maps a name to (command, the signal that stops it gracefully): gunicorn drains on
    SIGTERM, the Huey consumer finishes its running tasks on SIGINT.
    """
    stop_requested: list[int] = []

    def request_stop(signum: int, _frame: Any) -> None:
        stop_requested.append(signum)

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes = {name: (subprocess.Popen(command), stop_signal) for name, (command, stop_signal) in children.items()}
    exit_code = 0
    try:
        while not stop_requested:
            for name, (process, _sig) in processes.items():
                if process.poll() is not None:
                    _say(f"The {name} stopped (exit code {process.returncode}); stopping the rest.")
                    exit_code = process.returncode or 1
                    stop_requested.append(0)
                    break
            time.sleep(0.2)
    finally:
        _say("Stopping…")
        for process, stop_signal in processes.values():
            if process.poll() is None:
                process.send_signal(stop_signal)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for name, (process, _sig) in processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _say(f"The {name} did not stop in {STOP_TIMEOUT_SECONDS} s; killing it.")
                process.kill()
                process.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _say("Stopped.")
    return exit_code


# -------------------------------------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    # Before Django reads its settings: every page then shows the demo banner.
    os.environ["PCKB_DEMO"] = "1"
    if not _port_is_free(args.bind, args.port):
        _say(f"Port {args.port} on {args.bind} is already in use; choose another one with --port.")
        return 2
    started = time.monotonic()
    _setup_django()
    _migrate()
    collectstatic_if_needed()

    from django.core.management import call_command

    from pckb.demo.loader import demo_present
    from pckb.organizations.demo.data import DEMO_LOGINS, DEMO_PASSWORD
    from pckb.organizations.models import Organization

    if not Organization.objects.exists():
        _load_admin_units(current_only=args.current_units_only)
        _say("Loading the demo data…")
        call_command("load_demo")
    elif demo_present():
        _say("The demo data is already loaded.")
    else:
        _say("The database already has organisations of its own: no demo data loaded, the logins below may not exist.")
    from django.db import connections

    connections.close_all()

    url = f"http://{args.bind}:{args.port}/"
    width = max(len(login.username) for login in DEMO_LOGINS)
    _say("")
    _say("=" * 78)
    _say(f"  PCKB demo: open {url}   (ready in {time.monotonic() - started:.0f} s)")
    _say(f"  Every demo login uses the password: {DEMO_PASSWORD}")
    _say("=" * 78)
    for login in DEMO_LOGINS:
        _say(f"  {login.username.ljust(width)}  {login.role_label:<13}  {login.organization_name}")
    _say("  and an editor login per member agency and commune committee, e.g. quangninh.taichinh")
    _say("=" * 78)
    _say("  Press Ctrl-C to stop.")
    _say("")
    return _supervise(
        {
            "web server": (
                _self_command(
                    "serve",
                    "--bind",
                    f"{args.bind}:{args.port}",
                    "--workers",
                    str(args.workers),
                    "--skip-collectstatic",
                ),
                signal.SIGTERM,
            ),
            "worker": (_self_command("worker"), signal.SIGINT),
        }
    )


def _prompt(label: str, default: str = "") -> str:
    suffix = f" [{default}]" if default else ""
    answer = input(f"{label}{suffix}: ").strip()
    return answer or default


def _validated_password(password: str, username: str, email: str) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user=get_user_model()(username=username, email=email))
    except ValidationError as err:
        return list(err.messages)
    return []


def cmd_init(args: argparse.Namespace) -> int:
    _setup_django()
    _migrate()
    from django.contrib.auth import get_user_model

    # The loader is idempotent: running it again only brings the units up to the bundled data.
    _load_admin_units(current_only=args.current_units_only)

    interactive = not args.no_input and sys.stdin.isatty()
    username = args.admin_username or (_prompt("Administrator username", "admin") if interactive else "admin")
    if get_user_model().objects.filter(username=username).exists():
        _say(f"The administrator {username!r} already exists; nothing changed.")
        return 0
    email = args.admin_email if args.admin_email is not None else (_prompt("E-mail", "") if interactive else "")
    password = args.admin_password or os.environ.get("PCKB_ADMIN_PASSWORD", "")
    while not password and interactive:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            _say("The two passwords differ; try again.")
            continue
        problems = _validated_password(first, username, email)
        if problems:
            _say("\n".join(problems))
            continue
        password = first
    if not password:
        _say("A password is needed: pass --admin-password (or set PCKB_ADMIN_PASSWORD) with --no-input.")
        return 2
    problems = _validated_password(password, username, email)
    if problems:
        _say("The password was refused:\n  " + "\n  ".join(problems))
        return 2
    ensure_administrator(username, email, password, full_name=args.admin_full_name)
    _say(f"Created the administrator {username!r} (superuser, clearance: secret).")
    return 0


def _default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    if not args.skip_collectstatic:
        collectstatic_if_needed()
    from django.db import connections

    # Forked workers must not share a connection opened by the master.
    connections.close_all()

    from gunicorn.app.base import BaseApplication

    options = {
        "bind": args.bind,
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread",
        "timeout": args.timeout,
        "accesslog": "-",
        "errorlog": "-",
        "forwarded_allow_ips": os.environ.get("PCKB_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "proc_name": "pckb",
        # gunicorn's control socket lives at one path per user: several servers on a host would clash.
        "control_socket_disable": True,
    }

    class PckbApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from pckb.wsgi import application

            return application

    _say(f"Serving PCKB on http://{args.bind}/ with {args.workers} worker(s) × {args.threads} thread(s).")
    PckbApplication().run()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if settings.REDIS_URL:
        parts = urlsplit(settings.REDIS_URL)
        storage = f"Redis at {parts.hostname}:{parts.port or 6379}"  # never print a password
    else:
        storage = f"SQLite at {settings.HUEY['filename']}"
    _say(f"Background worker (Huey) starting; queue storage: {storage}.")
    # One handler of our own: run_huey then adds none, and the root handler does not print each line twice.
    logger = logging.getLogger("huey")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    call_command("run_huey")
    return 0


# ---------------------------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pckb",
        description="PCKB, the work-management system of the counter-terrorism steering committees.",
        epilog="Configuration comes from PCKB_* environment variables; see README.md.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="run the demo: migrate, load demo data if the database is empty, serve with the worker",
        description="Start the demo on this machine: migrate the database, load the administrative units "
        "and the demo data when there is no organisation yet, print the URL and the demo logins, then serve "
        "the application with the background worker beside it. Ctrl-C stops both.",
    )
    demo.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to serve on (default: %(default)s)")
    demo.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    demo.add_argument("--workers", type=int, default=2, help="web server processes (default: %(default)s)")
    demo.add_argument(
        "--current-units-only",
        action="store_true",
        help="load only the current administrative units (skip the pre-2025 historical ones)",
    )
    demo.set_defaults(func=cmd_demo)

    init = sub.add_parser(
        "init",
        help="prepare a new installation: migrate, load administrative units, create the first administrator",
        description="Prepare the database of a new installation: apply migrations, load the administrative "
        "units and create the first administrator (a superuser with secret clearance). Running it again "
        "changes nothing. Missing values are asked for when the input is a terminal.",
    )
    init.add_argument("--admin-username", help="username of the first administrator (default: admin)")
    init.add_argument("--admin-email", help="e-mail address of the first administrator")
    init.add_argument("--admin-password", help="password (or set PCKB_ADMIN_PASSWORD)")
    init.add_argument("--admin-full-name", default="", help="full name shown in the interface")
    init.add_argument("--no-input", action="store_true", help="never prompt; fail when a value is missing")
    init.add_argument("--current-units-only", action="store_true", help="load only the current administrative units")
    init.set_defaults(func=cmd_init)

    serve = sub.add_parser(
        "serve",
        help="serve the web application with gunicorn (static files by whitenoise)",
        description="Serve the web application with gunicorn; whitenoise serves the static files. "
        "Collects static files first when they changed. Put nginx in front of it in production.",
    )
    serve.add_argument("--bind", default="127.0.0.1:8000", help="address:port to listen on (default: %(default)s)")
    serve.add_argument(
        "--workers", type=int, default=_default_workers(), help="worker processes (default: 2 × CPUs + 1, at most 9)"
    )
    serve.add_argument("--threads", type=int, default=4, help="threads per worker process (default: %(default)s)")
    serve.add_argument("--timeout", type=int, default=60, help="seconds before a stuck request's worker restarts")
    serve.add_argument("--skip-collectstatic", action="store_true", help=argparse.SUPPRESS)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser(
        "worker",
        help="run the background worker (Huey consumer: reminders, e-mail, exports)",
        description="Run the background worker. The queue lives in SQLite in the data directory by default, "
        "in Redis when PCKB_REDIS_URL is set. Run one per installation (or more with Redis).",
    )
    worker.set_defaults(func=cmd_worker)

    add_backup_parsers(sub)

    sub.add_parser(
        "manage",
        help="run any Django management command, e.g. `pckb manage audit_verify`",
        description="Run any Django management command: `pckb manage help` lists them.",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        # Passed through untouched: Django parses its own options (including --help).
        from django.core.management import execute_from_command_line

        execute_from_command_line(["pckb manage", *argv[1:]])
        return
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        raise SystemExit(2)
    raise SystemExit(args.func(args))
