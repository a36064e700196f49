"""Kinds declared by the sending apps, and each user's delivery per kind (inbox, e-mail, daily digest)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from pckb.core.models import AuditEntry
from pckb.notifications import kinds
from pckb.notifications.digest import send_digests
from pckb.notifications.models import Notification, NotificationPreference
from pckb.notifications.services import do_set_notification_preferences, notify

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "notifications.md"


def send(users, *, kind="task.assigned", title="Nhiệm vụ mới: Rà soát", **extra):
    return notify(users, kind=kind, title=title, body="Hạn: 30/06/2026", url="/plans/tasks/1/", **extra)


def test_the_sending_apps_declare_their_kinds():
    assert kinds.get_kind("task.assigned").icon == "bi-clipboard-plus"
    assert str(kinds.kind_label("plan.issued")) == "Kế hoạch được ban hành"
    assert kinds.get_kind("general") is not None


def test_a_new_module_adds_a_kind_without_touching_the_notifications_app(world):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        send([world.org_a_editor], kind="inspection.scheduled")
    kinds.register_kind("inspection.scheduled", "Lịch kiểm tra", icon="bi-clipboard-check", recipients="Đơn vị")
    try:
        (row,) = send([world.org_a_editor], kind="inspection.scheduled")
        assert (row.kind_label, row.icon) == ("Lịch kiểm tra", "bi-clipboard-check")
    finally:
        kinds._KINDS.pop("inspection.scheduled")


def test_the_documentation_lists_every_registered_kind():
    documented = set(re.findall(r"^\| `([a-z.]+)` \|", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert documented == {kind.value for kind in kinds.all_kinds()}


def test_it_emails_at_once_by_default_and_never_the_actor(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rows = send([world.org_a_editor, world.org_a_manager], actor=world.org_a_manager)
    assert [r.recipient for r in rows] == [world.org_a_editor]
    assert [m.to for m in mail.outbox] == [["org_a_editor@example.test"]]


def test_it_keeps_a_digest_kind_for_the_daily_email(world, django_capture_on_commit_callbacks):
    do_set_notification_preferences(world.org_a_editor, {"task.assigned": "digest"}, actor=world.org_a_editor)
    with django_capture_on_commit_callbacks(execute=True):
        send([world.org_a_editor], title="Nhiệm vụ mới: Một")
        send([world.org_a_editor], title="Nhiệm vụ mới: Hai")
        send([world.org_a_editor], kind="task.overdue", title="Quá hạn: Ba")  # still e-mailed at once
    assert [m.subject for m in mail.outbox] == ["[PCKB] Quá hạn: Ba"]
    assert send_digests() == 1
    digest = mail.outbox[-1]
    assert digest.to == ["org_a_editor@example.test"]
    assert "Nhiệm vụ mới: Một" in digest.body and "Nhiệm vụ mới: Hai" in digest.body
    assert "Quá hạn: Ba" not in digest.body
    assert send_digests() == 0  # nothing is sent twice
    assert not Notification.objects.filter(delivery="digest", emailed_at__isnull=True).exists()


def test_in_app_only_and_the_accounts_email_switch_send_no_email(world, django_capture_on_commit_callbacks):
    do_set_notification_preferences(world.org_a_editor, {"task.assigned": "inbox"}, actor=world.org_a_editor)
    world.org_a_manager.email_notifications = False
    world.org_a_manager.save()
    do_set_notification_preferences(world.org_a_manager, {"task.assigned": "digest"}, actor=world.org_a_manager)
    with django_capture_on_commit_callbacks(execute=True):
        rows = send([world.org_a_editor, world.org_a_manager])
    assert len(rows) == 2 and mail.outbox == []
    assert send_digests() == 0
    assert set(Notification.objects.values_list("delivery", flat=True)) == {"inbox"}


def test_a_classified_digest_names_no_title(world):
    from pckb.core.choices import Classification
    from pckb.plans.models import Plan

    do_set_notification_preferences(world.org_a_manager, {"plan.issued": "digest"}, actor=world.org_a_manager)
    plan = Plan(organization=world.a, title="Mật", classification=Classification.SECRET, pk=1)
    send([world.org_a_manager], kind="plan.issued", title="Kế hoạch mật K7", target=plan)
    assert send_digests() == 1
    assert "Kế hoạch mật K7" not in mail.outbox[0].body


def test_the_settings_page_saves_a_choice_per_kind_audited(world, client):
    client.force_login(world.org_a_editor)
    page = client.get(reverse("notifications:settings"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhiệm vụ mới được giao" in html and "Bản tin tổng hợp hằng ngày qua thư điện tử" in html
    data = {kind.value: "email" for kind in kinds.all_kinds()} | {"task.reminder": "digest"}
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302
    assert list(NotificationPreference.objects.values_list("user__username", "kind", "delivery")) == [
        ("org_a_editor", "task.reminder", "digest")
    ]
    entry = AuditEntry.objects.get(event_type="accounts.user.notification_preferences")
    assert entry.after == {"notification_preferences": {"task.reminder": "digest"}}
    assert reverse("notifications:settings") in client.get(reverse("accounts:profile")).content.decode()


def test_the_settings_page_refuses_an_unknown_delivery_and_changes_nothing(world, client):
    client.force_login(world.org_a_editor)
    data = {kind.value: "email" for kind in kinds.all_kinds()} | {"task.reminder": "pigeon"}
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 400
    assert "Hãy chọn một giá trị hợp lệ" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_only_the_user_sets_their_own_preferences(world):
    from django.http import Http404

    with pytest.raises(Http404):
        do_set_notification_preferences(world.org_a_editor, {"task.assigned": "inbox"}, actor=world.org_a_admin)
    assert not NotificationPreference.objects.exists()
