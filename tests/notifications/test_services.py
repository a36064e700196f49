"""notify, recipients_in and the inbox services."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import Http404

from pckb.core.choices import Classification, Role
from pckb.core.models import AuditEntry
from pckb.core.testing import make_user
from pckb.notifications.models import Notification
from pckb.notifications.services import (
    do_mark_all_notifications_read,
    do_mark_notification_read,
    do_set_email_notifications,
    notify,
    recipients_in,
)
from pckb.organizations.models import Membership, Organization

pytestmark = pytest.mark.django_db


def test_it_creates_one_notification_per_recipient(world):
    created = notify(
        [world.org_a_editor, world.org_a_manager],
        kind="task.assigned",
        title="Nhiệm vụ mới: Rà soát mục tiêu trọng điểm",
        body="Hạn: 30/06/2026",
        url="/plans/tasks/42/",
    )
    assert len(created) == 2
    assert all(n.pk for n in created)
    rows = Notification.objects.order_by("recipient__username")
    assert [n.recipient for n in rows] == [world.org_a_editor, world.org_a_manager]
    assert {n.title for n in rows} == {"Nhiệm vụ mới: Rà soát mục tiêu trọng điểm"}
    assert all(n.read_at is None for n in rows)


def test_it_skips_duplicates_by_dedupe_key(world):
    key = "task:42:due7:2026-12-01"
    first = notify([world.org_a_editor], kind="task.reminder", title="Còn 7 ngày", dedupe_key=key)
    second = notify([world.org_a_editor, world.org_a_manager], kind="task.reminder", title="Còn 7 ngày", dedupe_key=key)
    assert len(first) == 1
    assert [n.recipient for n in second] == [world.org_a_manager]
    assert notify([world.org_a_editor], kind="task.reminder", title="Còn 7 ngày", dedupe_key=key) == []
    assert Notification.objects.filter(recipient=world.org_a_editor, dedupe_key=key).count() == 1
    assert Notification.objects.count() == 2


def test_it_lets_the_database_refuse_a_duplicate_key_written_concurrently(world):
    notify([world.org_a_editor], kind="task.reminder", title="A", dedupe_key="k1")
    # A concurrent sender that bypassed the check: the constraint keeps one row per (recipient, key).
    Notification.objects.bulk_create(
        [Notification(recipient=world.org_a_editor, kind="task.reminder", title="B", dedupe_key="k1")],
        ignore_conflicts=True,
    )
    assert Notification.objects.filter(dedupe_key="k1").count() == 1


def test_it_allows_many_notifications_without_a_key(world):
    for _ in range(2):
        notify([world.org_a_editor], kind="general", title="Thông báo")
    assert Notification.objects.filter(recipient=world.org_a_editor).count() == 2


def test_it_notifies_each_user_once_and_skips_inactive_users(world):
    world.org_a_viewer.is_active = False
    world.org_a_viewer.save()
    created = notify([world.org_a_editor, world.org_a_editor, world.org_a_viewer], kind="general", title="Một lần")
    assert [n.recipient for n in created] == [world.org_a_editor]


def test_it_accepts_a_queryset_of_recipients(world):
    created = notify(recipients_in(world.a), kind="task.assigned", title="Giao việc")
    assert {n.recipient for n in created} == {world.org_a_editor, world.org_a_manager, world.org_a_admin}


def test_it_records_the_target_and_its_organization(world):
    created = notify([world.org_a_editor], kind="general", title="Về đơn vị", target=world.a1)
    n = Notification.objects.get(pk=created[0].pk)
    assert (n.object_type, n.object_id) == ("organizations.organization", str(world.a1.pk))
    member = Membership.objects.get(user=world.org_a1_editor)
    created = notify([world.org_a_editor], kind="general", title="Về thành viên", target=member)
    n = Notification.objects.get(pk=created[0].pk)
    assert n.organization == world.a1
    assert (n.object_type, n.object_id) == ("organizations.membership", str(member.pk))


def test_it_keeps_an_explicit_organization(world):
    created = notify([world.org_a_editor], kind="general", title="X", organization=world.a)
    assert Notification.objects.get(pk=created[0].pk).organization == world.a


def test_it_does_not_notify_users_below_the_targets_classification(world):
    class SecretThing:
        _meta = Organization._meta
        pk = 7
        classification = Classification.SECRET
        organization = None

    created = notify(
        [world.org_a_editor, world.org_a_manager, world.superuser],
        kind="general",
        title="Tối mật",
        target=SecretThing(),
    )
    assert {n.recipient for n in created} == {world.org_a_manager, world.superuser}
    assert {n.classification for n in created} == {Classification.SECRET}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "task.unknown"}, "Unknown notification kind"),
        ({"title": "  "}, "needs a title"),
        ({"url": "https://evil.example/phish"}, "links only to a page of this site"),
        ({"url": "//evil.example/phish"}, "links only to a page of this site"),
        ({"url": "/" + "a" * 600}, "longer than"),
    ],
)
def test_it_refuses_a_bad_call_and_creates_nothing(world, kwargs, message):
    arguments = {"kind": "general", "title": "X", **kwargs}
    with pytest.raises(ValueError, match=message):
        notify([world.org_a_editor], **arguments)
    assert not Notification.objects.exists()


def test_it_creates_nothing_when_the_callers_transaction_rolls_back(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([world.org_a_editor], kind="general", title="X")
        raise RuntimeError("the task assignment failed")
    assert not Notification.objects.exists()


def test_it_returns_editors_and_managers_of_the_organization_only(world):
    assert set(recipients_in(world.a)) == {world.org_a_editor, world.org_a_manager, world.org_a_admin}
    assert set(recipients_in(world.a, max_role=Role.MANAGER)) == {world.org_a_editor, world.org_a_manager}
    assert set(recipients_in(world.a, min_role=Role.MANAGER, max_role=Role.MANAGER)) == {world.org_a_manager}
    # a1 has its own editor: A's staff (ancestor) and viewers are not asked.
    assert list(recipients_in(world.a1)) == [world.org_a1_editor]
    assert set(recipients_in(world.b)) == {world.org_b_editor, world.org_b_manager}


def test_it_skips_inactive_users_in_recipients(world):
    world.org_a1_editor.is_active = False
    world.org_a1_editor.save()
    assert set(recipients_in(world.a1)) == {world.org_a_editor, world.org_a_manager, world.org_a_admin}


def test_it_falls_back_to_the_nearest_ancestor_with_members(world):
    unit = Organization.objects.create(name="Phòng Nghiệp vụ", code="a1-unit", kind="unit", parent=world.a1)
    assert list(recipients_in(unit)) == [world.org_a1_editor]
    # b1 has nobody: its committee b answers, never root's or a's staff.
    assert set(recipients_in(world.b1)) == {world.org_b_editor, world.org_b_manager}
    make_user("b1_viewer", org=world.b1, role=Role.VIEWER)
    assert set(recipients_in(world.b1)) == {world.org_b_editor, world.org_b_manager}
    assert list(recipients_in(world.root)) == []


def test_it_marks_one_notification_read_for_its_recipient_only(world):
    n = notify([world.org_a_editor], kind="general", title="X")[0]
    with pytest.raises(Http404):
        do_mark_notification_read(n, actor=world.org_b_editor)
    n.refresh_from_db()
    assert n.read_at is None
    do_mark_notification_read(n, actor=world.org_a_editor)
    first = Notification.objects.get(pk=n.pk).read_at
    assert first is not None
    do_mark_notification_read(n, actor=world.org_a_editor)
    assert Notification.objects.get(pk=n.pk).read_at == first


def test_it_marks_all_of_the_actors_notifications_read(world):
    notify([world.org_a_editor, world.org_b_editor], kind="general", title="X")
    notify([world.org_a_editor], kind="general", title="Y")
    assert do_mark_all_notifications_read(actor=world.org_a_editor) == 2
    assert not Notification.objects.for_user(world.org_a_editor).unread().exists()
    assert Notification.objects.for_user(world.org_b_editor).unread().count() == 1


def test_it_audits_the_email_preference_change(world):
    user = world.org_a_editor
    do_set_email_notifications(user, False, actor=user)
    user.refresh_from_db()
    assert user.email_notifications is False
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert entry.actor == user
    assert (entry.before["email_notifications"], entry.after["email_notifications"]) == (True, False)
    # No change, no entry.
    do_set_email_notifications(user, False, actor=user)
    assert AuditEntry.objects.filter(object_type="accounts.user").count() == 1


def test_it_lets_nobody_change_another_users_email_preference(world):
    with pytest.raises(Http404):
        do_set_email_notifications(world.org_a_editor, False, actor=world.org_a_admin)
    world.org_a_editor.refresh_from_db()
    assert world.org_a_editor.email_notifications is True
    assert not AuditEntry.objects.exists()
