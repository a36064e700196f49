"""Incidents through two browsers.

An agency editor reports a suspicious object at a key target; the provincial standing office's live
board shows it within 5 seconds without a reload; the standing office acknowledges and the reporter's
page shows it; the military command, also alerted, does not acknowledge, and after the (shortened)
escalation delay its manager is alerted; the checklist is ticked; the incident is closed with a summary
and one lesson becomes a task. E-mails go to a real SMTP server on loopback, and the webhook to a real
HTTP server on loopback that checks the signature.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import hashlib
import hmac
import json
import socket
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from pckb.core.choices import Role
from pckb.core.testing import PASSWORD, make_user, make_world
from pckb.incidents.models import Alert, Incident
from pckb.incidents.services import do_set_alert_webhook, escalate_due_alerts
from pckb.incidents.services.webhooks import SIGNATURE_HEADER
from pckb.notifications.models import Notification
from pckb.organizations.models import Organization
from pckb.plans.models import Task
from pckb.targets.models import KeyTarget, TargetCategory
from pckb.targets.services import do_create_key_target
from pckb.targets.testing import places

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        return [m for m in self.messages if address in m["To"]]


class Gateway:
    """The province's SMS gateway on loopback: it accepts only bodies signed with its secret."""

    def __init__(self) -> None:
        self.secret, self.received, self.refused = "", [], 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server hook
                body = self.rfile.read(int(self.headers["Content-Length"]))
                good = "sha256=" + hmac.new(gateway.secret.encode(), body, hashlib.sha256).hexdigest()
                if hmac.compare_digest(good, self.headers.get(SIGNATURE_HEADER, "")):
                    gateway.received.append(json.loads(body))
                    self.send_response(204)
                else:
                    gateway.refused += 1
                    self.send_response(401)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", _port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def mailbox(settings: Any) -> Any:
    port = _port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def gateway() -> Any:
    server = Gateway()
    yield server
    server.server.shutdown()


@pytest.fixture
def province(transactional_db, settings, tmp_path, gateway):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PCKB_INCIDENT_POLL_SECONDS = 2
    world = make_world()
    p = places()
    office = Organization.objects.create(name="Công an tỉnh A", code="ca-a", kind="agency", parent=world.a)
    world.a.standing_org = office
    world.a.save()
    military = Organization.objects.create(
        name="Bộ Chỉ huy Quân sự tỉnh A", code="bch-a", kind="agency", parent=world.a
    )
    people = {
        "office": make_user("vptt_a", org=office, role=Role.EDITOR, full_name="Trần Thị Trực"),
        "military": make_user("bchqs_a", org=military, role=Role.EDITOR, full_name="Lê Văn Ban"),
        "military_manager": make_user("bchqs_a_ld", org=military, role=Role.MANAGER, full_name="Phạm Chỉ Huy"),
    }
    _hook, gateway.secret = do_set_alert_webhook(military, actor=world.superuser, url=gateway.url)
    target = do_create_key_target(
        world.a1,
        actor=world.superuser,
        name="Bảo tàng tỉnh A",
        category=TargetCategory.objects.get(code="historic-site"),
        province=p["qn"],
        admin_unit=p["halong"],
        address="Số 1 đường Trần Quốc Nghiễn",
        latitude=Decimal("20.951000"),
        longitude=Decimal("107.080000"),
    )
    return world, people, military, target


def test_an_incident_reported_in_one_browser_is_acknowledged_escalated_and_closed(
    browser, live_url, province, mailbox, gateway
):
    world, people, military, target = province
    options = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "viewport": {"width": 1366, "height": 900}}
    reporter, office = browser.new_context(**options), browser.new_context(**options)
    a, b = reporter.new_page(), office.new_page()
    for p in (a, b):
        p.set_default_timeout(15_000)
    try:
        login(b, live_url, "vptt_a", PASSWORD)
        b.goto(f"{live_url}/incidents/board/")
        expect(b.get_by_text("Không có vụ việc nào trong phạm vi của bạn.")).to_be_visible()

        # The agency editor reports from the target (the link pre-fills the place).
        login(a, live_url, "org_a1_editor", PASSWORD)
        a.goto(f"{live_url}/incidents/add/?target={target.pk}&admin_unit={target.admin_unit_id}")
        a.select_option("select[name='scenario']", label="Phát hiện vật nghi là bom, mìn, chất nổ")
        a.fill("input[name='title']", "Ba lô nghi chứa chất nổ tại sảnh Bảo tàng tỉnh A")
        occurred = timezone.localtime() - datetime.timedelta(minutes=10)
        a.fill("input[name='occurred_at']", occurred.strftime("%d/%m/%Y %H:%M"))
        a.fill("input[name='address']", "Sảnh chính, tầng 1")
        a.fill("textarea[name='description']", "Ba lô không người trông coi cạnh quầy vé, có dây điện lộ ra ngoài.")
        a.get_by_label("Bộ Chỉ huy Quân sự tỉnh A").check()
        a.get_by_role("button", name="Lưu").click()
        expect(a.locator("h1")).to_have_text("Ba lô nghi chứa chất nổ tại sảnh Bảo tàng tỉnh A")
        incident = Incident.objects.get()

        # The standing office's board shows it without a reload, within 5 seconds.
        card = b.locator(f"[data-incident='{incident.pk}']")
        expect(card).to_be_visible(timeout=5_000)
        expect(card.locator("[data-unacknowledged]")).to_have_text("2")
        screenshot(b, "incidents-board-live")

        # The standing office acknowledges with one click; the reporter's page shows it by itself.
        card.locator("a").click()
        b.locator("[data-acknowledge]").click()
        expect(b.locator(f"[data-alert='{world.a.standing_org_id}']")).to_have_attribute("data-state", "acknowledged")
        expect(a.locator(f"[data-alert='{world.a.standing_org_id}']")).to_have_attribute(
            "data-state", "acknowledged", timeout=8_000
        )

        # The military command does not acknowledge: after the delay its managers are alerted.
        assert escalate_due_alerts(timezone.now() + datetime.timedelta(hours=1)) == 1
        escalated = Alert.objects.get(incident=incident, organization=military)
        assert escalated.escalated_at is not None and escalated.acknowledged_at is None
        assert Notification.objects.filter(kind="incident.escalation", recipient=people["military_manager"]).exists()
        expect(a.locator(f"[data-alert='{military.pk}']")).to_have_attribute("data-state", "escalated", timeout=8_000)

        # The checklist is ticked, the incident contained and closed with its summary.
        while a.locator("[data-tick]").count():
            a.locator("[data-tick]").first.click()
            a.wait_for_load_state("domcontentloaded")
        expect(a.locator("[data-progress]")).to_have_text("4/4")
        a.locator("[data-transition='contained']").click()
        a.locator("[data-transition='closed']").click()
        a.fill("textarea[name='comment']", "Tổ rà phá xác định ba lô chứa đồ cá nhân thất lạc, không có vật nổ.")
        a.get_by_role("button", name="Kết thúc vụ việc").click()
        expect(a.get_by_role("paragraph").filter(has_text="Tổ rà phá xác định ba lô")).to_be_visible()

        # One lesson becomes a task whose source is the incident.
        a.get_by_role("link", name="Giao nhiệm vụ rút kinh nghiệm").click()
        a.fill("input[name='title']", "Bố trí camera quan sát khu vực quầy vé bảo tàng")
        a.select_option("select[name='assignee']", label="Sở Y tế tỉnh A")
        a.fill("input[name='deadline']", (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y"))
        a.keyboard.press("Escape")  # close the date picker over the button
        a.get_by_role("button", name="Lưu").click()
        expect(a.get_by_role("link", name="Bố trí camera quan sát khu vực quầy vé bảo tàng")).to_be_visible()
        screenshot(a, "incidents-closed")
    finally:
        reporter.close()
        office.close()

    incident.refresh_from_db()
    assert incident.status == "closed" and incident.summary
    task = Task.objects.get()
    assert (task.source_type, task.source_id) == (ContentType.objects.get_for_model(Incident), incident.pk)
    # E-mails on the loopback SMTP server: the alert to both offices' staff, the escalation to the manager.
    assert mailbox.to("vptt_a@example.test") and mailbox.to("bchqs_a@example.test")
    subjects = [m["Subject"] for m in mailbox.to("bchqs_a_ld@example.test")]
    assert any("Cảnh báo chưa được xác nhận" in s for s in subjects), subjects
    # The webhook reached the gateway, correctly signed, for the military command only.
    assert gateway.refused == 0
    assert [r["organization"] for r in gateway.received] == [military.pk]
    assert KeyTarget.objects.get(pk=target.pk).incidents.count() == 1
