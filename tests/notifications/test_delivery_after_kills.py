"""#8.4: no e-mail is lost when the worker is killed. A real `pckb worker` process, a real SMTP server on
loopback, 150 queued e-mails, three kill -9 of the worker while it sends; the sweep queues again what the
dead workers took from the queue. Every notification arrives, each under its own Message-ID."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from .conftest import free_port

pytestmark = pytest.mark.skipif(
    os.environ.get("PCKB_DATABASE_URL", "").startswith("postgres"), reason="a file database: the SQLite pass"
)

COUNT = 150
KILLS = 3
SETUP = f"""
import django; django.setup()
from pckb.accounts.models import User
from pckb.notifications.models import Notification
from pckb.notifications.tasks import send_notification_email
users = [User.objects.create_user(f"dau.moi.{{i}}", email=f"dau.moi.{{i}}@example.test") for i in range(3)]
rows = Notification.objects.bulk_create(
    Notification(recipient=users[i % 3], kind="general", title=f"Thông báo số {{i}}", delivery="email")
    for i in range({COUNT})
)
for row in Notification.objects.order_by("id"):
    send_notification_email(row.pk)
"""
SWEEP = "import django; django.setup(); from pckb.notifications.tasks import requeue_unsent_emails as r; r()"


class SlowCollector:
    """An SMTP server that takes a moment per message, so that the kills land while the worker sends."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        await asyncio.sleep(0.03)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def _env(data: Path, smtp_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PCKB_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="pckb.settings",
        PCKB_DATA_DIR=str(data),
        PCKB_HUEY_IMMEDIATE="0",
        PCKB_EMAIL_HOST="127.0.0.1",
        PCKB_EMAIL_PORT=str(smtp_port),
        PCKB_EMAIL_SWEEP_AFTER="2",
        PCKB_WORKER_THREADS="2",
    )
    return env


def _python(code: str, env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-c", "from pckb.cli import main; main()", "worker"], env=env, stdout=handle, stderr=handle
    )


def _unsent(data: Path) -> int:
    with sqlite3.connect(data / "pckb.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM notifications_notification WHERE emailed_at IS NULL").fetchone()[0]


def _wait_for(condition: Any, limit: float) -> bool:
    deadline = time.monotonic() + limit  # a bound on the wait, not an assertion about speed
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_it_delivers_every_email_once_per_message_id_through_three_worker_kills(tmp_path):
    data, log, smtp_port = tmp_path / "data", tmp_path / "worker.log", free_port()
    env = _env(data, smtp_port)
    _python("import django; django.setup(); from django.core.management import call_command as c; c('migrate')", env)
    _python(SETUP, env)
    collector = SlowCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    worker = None
    try:
        killed_at = []
        for _ in range(KILLS):
            worker = _worker(env, log)
            target = len(collector.messages) + 10
            assert _wait_for(lambda t=target: len(collector.messages) >= t, 120), log.read_text()[-2000:]
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
            killed_at.append(len(collector.messages))
        assert killed_at[-1] < COUNT  # the kills happened while e-mails were still queued
        worker = _worker(env, log)
        # The dead workers' jobs are gone from the queue: the sweep (every 5 minutes in production) finds them.
        for _ in range(60):
            if _unsent(data) == 0:
                break
            time.sleep(2.5)
            _python(SWEEP, env)
        assert _wait_for(lambda: _unsent(data) == 0, 60), log.read_text()[-2000:]
        assert _wait_for(lambda: len({m["Message-ID"] for m in collector.messages}) >= COUNT, 30)
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
        controller.stop()
    ids = [m["Message-ID"] for m in collector.messages]
    assert len(set(ids)) == COUNT  # none lost
    # A repeat can only be a message the SMTP server took just before its worker died: same Message-ID.
    assert len(ids) - COUNT <= KILLS
    subjects = {m["Subject"] for m in collector.messages}
    assert subjects == {f"[PCKB] Thông báo số {i}" for i in range(COUNT)}
    print(f"kills after {killed_at} messages; {len(ids)} deliveries, {len(set(ids))} distinct")
