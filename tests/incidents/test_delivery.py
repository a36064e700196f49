"""Alerts leave the system for real: e-mail to a loopback SMTP server, a signed webhook to a loopback HTTP server."""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from pckb.incidents import services
from pckb.incidents.models import Alert
from pckb.incidents.services.webhooks import SIGNATURE_HEADER
from pckb.incidents.tasks import WebhookRefused, deliver_alert_webhook

from .factories import report

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gateway:
    """A gateway on loopback that accepts only bodies signed with its secret (401 otherwise)."""

    def __init__(self) -> None:
        self.secret = ""
        self.received: list[dict[str, Any]] = []
        self.refused = 0
        self.answer = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server hook
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(gateway.secret.encode(), body, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(expected, self.headers.get(SIGNATURE_HEADER, "")):
                    gateway.refused += 1
                    self.send_response(401)
                else:
                    gateway.received.append(json.loads(body))
                    self.send_response(gateway.answer)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", _free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/relay"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    server = Gateway()
    yield server
    server.server.shutdown()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box
    controller.stop()


def test_it_emails_and_posts_a_signed_webhook_when_an_exercise_is_reported(
    world, gateway, mailbox, django_capture_on_commit_callbacks
):
    world.org_a_editor.email = "trucban@a.example.vn"
    world.org_a_editor.save()
    _hook, gateway.secret = services.do_set_alert_webhook(world.a, actor=world.org_a_manager, url=gateway.url)
    with django_capture_on_commit_callbacks(execute=True):
        incident = report(world, is_exercise=True)
    # Every on-duty user of the alerted committee (editors and above) gets the e-mail, marked as a drill.
    assert sorted(m[0][0] for m in mailbox.messages) == sorted(
        [world.org_a_admin.email, world.org_a_manager.email, "trucban@a.example.vn"]
    )
    subject = email.message_from_string(mailbox.messages[0][1], policy=email.policy.default)["Subject"]
    assert "[DIỄN TẬP]" in subject
    assert gateway.refused == 0
    [payload] = gateway.received
    assert payload["incident"] == incident.pk and payload["exercise"] is True
    assert payload["title"].startswith("[DIỄN TẬP]")
    alert = Alert.objects.get(incident=incident)
    assert alert.webhook_delivered_at is not None and alert.webhook_status == "HTTP 200"


def test_a_gateway_refusal_is_recorded_and_raised_for_huey_to_retry(world, gateway):
    _hook, gateway.secret = services.do_set_alert_webhook(world.a, actor=world.org_a_manager, url=gateway.url)
    incident = report(world)
    gateway.answer = 503
    alert = Alert.objects.get(incident=incident)
    with pytest.raises(WebhookRefused):
        deliver_alert_webhook.call_local(alert.pk)
    alert.refresh_from_db()
    assert alert.webhook_status == "HTTP 503" and alert.webhook_delivered_at is None
    assert deliver_alert_webhook.retries == 5


def test_a_wrong_secret_is_refused_by_the_gateway(world, gateway):
    services.do_set_alert_webhook(world.a, actor=world.org_a_manager, url=gateway.url)
    gateway.secret = "not-the-secret"
    alert = Alert.objects.get(incident=report(world))
    with pytest.raises(WebhookRefused):
        deliver_alert_webhook.call_local(alert.pk)
    assert gateway.refused == 1 and not gateway.received


def test_a_new_secret_is_shown_once_and_only_when_asked(world):
    _hook, first = services.do_set_alert_webhook(world.a, actor=world.org_a_manager, url="https://gw.example.vn/a")
    _hook, again = services.do_set_alert_webhook(world.a, actor=world.org_a_manager, url="https://gw.example.vn/b")
    _hook, fresh = services.do_set_alert_webhook(world.a, actor=world.org_a_manager, new_secret=True)
    assert first and again == "" and fresh and fresh != first
