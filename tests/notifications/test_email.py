"""E-mail through a real SMTP server on loopback (aiosmtpd); Huey runs tasks inline under pytest."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from huey.contrib.djhuey import HUEY

from pckb.core.choices import Classification
from pckb.notifications.models import Notification
from pckb.notifications.services import notify
from pckb.organizations.models import Organization

from .conftest import CollectingHandler

pytestmark = pytest.mark.django_db

TITLE = "Nhiệm vụ mới: Rà soát phương án bảo vệ mục tiêu trọng điểm"


def send(recipients, capture, **kwargs):
    arguments = {
        "kind": "task.assigned",
        "title": TITLE,
        "body": "Hạn hoàn thành: 30/06/2026",
        "url": "/plans/tasks/42/",
    }
    arguments.update(kwargs)
    with capture(execute=True):
        return notify(recipients, **arguments)


@pytest.fixture(autouse=True)
def _empty_huey_schedule():
    HUEY.storage.flush_schedule()
    yield
    HUEY.storage.flush_schedule()


def test_it_emails_the_notification_with_subject_and_full_link(world, smtp_server, django_capture_on_commit_callbacks):
    created = send([world.org_a_editor], django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Subject"].strip() == f"[PCKB] {TITLE}"
    assert smtp_server.recipients[0] == ["org_a_editor@example.test"]
    text = message.get_content()
    assert "https://pckb.example.gov.vn/plans/tasks/42/" in text
    assert "Hạn hoàn thành: 30/06/2026" in text
    # Vietnamese text and the way to turn e-mails off.
    assert "Để không nhận các thư này nữa" in text
    assert "https://pckb.example.gov.vn/" in text.split("Để không nhận các thư này nữa")[1]
    assert Notification.objects.get(pk=created[0].pk).emailed_at is not None


def test_it_emails_each_recipient_separately(world, smtp_server, django_capture_on_commit_callbacks):
    send([world.org_a_editor, world.org_a_manager], django_capture_on_commit_callbacks)
    assert sorted(r[0] for r in smtp_server.recipients) == ["org_a_editor@example.test", "org_a_manager@example.test"]


def test_it_sends_no_email_to_a_user_who_turned_emails_off(world, smtp_server, django_capture_on_commit_callbacks):
    world.org_a_editor.email_notifications = False
    world.org_a_editor.save()
    created = send([world.org_a_editor, world.org_a_manager], django_capture_on_commit_callbacks)
    assert smtp_server.recipients == [["org_a_manager@example.test"]]
    # The in-app notification is there all the same.
    assert Notification.objects.filter(recipient=world.org_a_editor, title=TITLE, emailed_at__isnull=True).exists()
    assert len(created) == 2


def test_it_sends_no_email_to_a_user_without_an_address(world, smtp_server, django_capture_on_commit_callbacks):
    world.org_a_editor.email = ""
    world.org_a_editor.save()
    send([world.org_a_editor], django_capture_on_commit_callbacks)
    assert smtp_server.messages == []
    assert Notification.objects.filter(recipient=world.org_a_editor).count() == 1


def test_it_sends_no_email_when_the_sender_says_so(world, smtp_server, django_capture_on_commit_callbacks):
    send([world.org_a_editor], django_capture_on_commit_callbacks, send_email=False)
    assert smtp_server.messages == []
    assert Notification.objects.filter(recipient=world.org_a_editor).count() == 1


def test_it_sends_a_deduplicated_reminder_only_once(world, smtp_server, django_capture_on_commit_callbacks):
    for _ in range(2):
        send([world.org_a_editor], django_capture_on_commit_callbacks, kind="task.reminder", dedupe_key="task:42:due3")
    assert len(smtp_server.messages) == 1


def test_it_sends_nothing_when_the_transaction_rolls_back(world, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([world.org_a_editor], kind="general", title="X")
    # on_commit callbacks of a rolled-back transaction never run: nothing was handed to Huey yet.
    assert len(callbacks) == 1
    assert smtp_server.messages == []


def test_it_keeps_classified_content_out_of_emails(world, smtp_server, django_capture_on_commit_callbacks):
    class SecretTask:
        _meta = Organization._meta
        pk = 9
        classification = Classification.SECRET
        organization = None

    send([world.org_a_manager], django_capture_on_commit_callbacks, target=SecretTask())
    message = smtp_server.messages[0]
    assert TITLE not in message["Subject"]
    assert message["Subject"].strip() == "[PCKB] Bạn có thông báo mới"
    text = message.get_content()
    assert TITLE not in text and "Hạn hoàn thành" not in text
    assert "https://pckb.example.gov.vn/plans/tasks/42/" in text


def test_it_retries_when_the_smtp_server_is_unreachable(
    world, smtp_settings, smtp_port, django_capture_on_commit_callbacks
):
    # No server listens on the port yet: the send fails and Huey schedules a retry.
    created = send([world.org_a_editor], django_capture_on_commit_callbacks)
    assert Notification.objects.get(pk=created[0].pk).emailed_at is None
    scheduled = HUEY.scheduled()
    assert len(scheduled) == 1
    assert scheduled[0].retries == 4
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        HUEY.execute(scheduled[0], timestamp=scheduled[0].eta)  # as the consumer does when it is due
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    assert Notification.objects.get(pk=created[0].pk).emailed_at is not None


def test_it_keeps_the_subject_on_one_line(world, smtp_server, django_capture_on_commit_callbacks):
    send([world.org_a_editor], django_capture_on_commit_callbacks, title="Dòng một\r\nBcc: evil@example.test")
    message = smtp_server.messages[0]
    assert message["Subject"].strip() == "[PCKB] Dòng một Bcc: evil@example.test"
    assert message["Bcc"] is None
    assert smtp_server.recipients == [["org_a_editor@example.test"]]
