"""Inbox, open, mark all read, e-mail preference and the header badge, as a signed-in user sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from pckb.core.models import AuditEntry
from pckb.notifications.context_processors import unread
from pckb.notifications.models import Notification
from pckb.notifications.services import notify

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def make(user, title="Thông báo", **kwargs):
    arguments = {"kind": "task.assigned", "title": title, "url": "/plans/tasks/1/", "send_email": False}
    arguments.update(kwargs)
    return notify([user], **arguments)[0]


@pytest.fixture
def editor_client(client, world):
    client.force_login(world.org_a_editor)
    return client


def test_it_sends_visitors_to_the_login_page(client, world):
    n = make(world.org_a_editor)
    for url in (INBOX, reverse("notifications:open", args=[n.pk]), reverse("notifications:badge")):
        response = client.get(url)
        assert response.status_code == 302
        assert "next=" in response["Location"]
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_it_shows_only_the_users_own_notifications_newest_first(editor_client, world):
    older = make(world.org_a_editor, "Nhiệm vụ cũ")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    make(world.org_a_editor, "Nhiệm vụ mới nhất")
    make(world.org_b_editor, "Việc của tỉnh B")
    response = editor_client.get(INBOX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Việc của tỉnh B" not in html
    assert html.index("Nhiệm vụ mới nhất") < html.index("Nhiệm vụ cũ")
    assert [n.title for n in response.context["object_list"]] == ["Nhiệm vụ mới nhất", "Nhiệm vụ cũ"]


def test_it_shows_the_unread_count_in_the_context_and_marks_unread_rows(editor_client, world):
    make(world.org_a_editor, "Chưa xem")
    seen = make(world.org_a_editor, "Đã xem")
    Notification.objects.filter(pk=seen.pk).update(read_at=timezone.now())
    response = editor_client.get(INBOX)
    assert response.context["unread_notifications"] == 1
    html = response.content.decode()
    # Screen readers hear "Chưa đọc:" before the unread title only.
    assert html.count('<span class="visually-hidden">Chưa đọc: </span>') == 1
    unread_row = html[: html.index("Chưa xem")]
    assert unread_row.rindex("Chưa đọc:") > unread_row.rindex("<li")
    assert "Bạn có 1 thông báo chưa đọc." in html


def test_it_counts_unread_notifications_on_every_page_for_the_header(client, world):
    make(world.org_a_editor)
    make(world.org_a_editor)
    make(world.org_b_editor)
    client.force_login(world.org_a_editor)
    response = client.get(reverse("notifications:badge"))
    assert response.context["unread_notifications"] == 2
    assert ">2<" in response.content.decode()
    client.force_login(world.org_a_viewer)
    response = client.get(reverse("notifications:badge"))
    assert response.context["unread_notifications"] == 0
    assert "badge" not in response.content.decode().split('hx-swap="outerHTML">')[1]


def test_it_filters_by_read_state_and_kind(editor_client, world):
    make(world.org_a_editor, "Giao việc A", kind="task.assigned")
    make(world.org_a_editor, "Nhắc hạn B", kind="task.reminder")
    read = make(world.org_a_editor, "Trả lại C", kind="task.returned")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())

    def titles(query):
        return {n.title for n in editor_client.get(INBOX, query).context["object_list"]}

    assert titles({"status": "unread"}) == {"Giao việc A", "Nhắc hạn B"}
    assert titles({"status": "read"}) == {"Trả lại C"}
    assert titles({"kind": "task.reminder"}) == {"Nhắc hạn B"}
    assert titles({"q": "trả lại"}) == {"Trả lại C"}
    assert titles({}) == {"Giao việc A", "Nhắc hạn B", "Trả lại C"}


def test_it_explains_a_bad_filter_value_instead_of_failing(editor_client, world):
    make(world.org_a_editor)
    response = editor_client.get(INBOX, {"kind": "không-có"})
    assert response.status_code == 200
    html = response.content.decode()
    # The field is flagged for screen readers and the translated message names the bad value.
    assert 'aria-invalid="true"' in html
    error = html.split('id="id_kind_error">')[1].split("</div>")[0]
    assert "Hãy chọn" in error and "không-có" in error


def test_it_pages_the_inbox(editor_client, world):
    for i in range(30):
        make(world.org_a_editor, f"Thông báo số {i}")
    first = editor_client.get(INBOX)
    assert len(first.context["object_list"]) == 25
    second = editor_client.get(INBOX, {"page": 2})
    assert len(second.context["object_list"]) == 5
    assert "Hiển thị 26–30 trên tổng 30" in second.content.decode()


def test_it_answers_htmx_with_the_table_only(editor_client, world):
    make(world.org_a_editor, "Chỉ bảng")
    response = editor_client.get(INBOX, {"status": "unread"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="table"')
    assert "Chỉ bảng" in html
    assert "<html" not in html


def test_it_exports_the_inbox_to_excel(editor_client, world):
    make(world.org_a_editor, "Xuất Excel")
    response = editor_client.get(INBOX, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_marks_read_when_opened_and_goes_to_the_target(editor_client, world):
    n = make(world.org_a_editor, url="/plans/tasks/77/")
    response = editor_client.get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/plans/tasks/77/"
    assert Notification.objects.get(pk=n.pk).read_at is not None
    assert editor_client.get(INBOX).context["unread_notifications"] == 0


def test_it_gives_404_when_another_user_opens_a_notification(client, world):
    n = make(world.org_a_editor)
    for outsider in (world.org_b_editor, world.org_a_admin, world.superuser):
        client.force_login(outsider)
        assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 404
        assert client.post(reverse("notifications:open", args=[n.pk])).status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None
    assert client.get(reverse("notifications:open", args=[999999])).status_code == 404


def test_it_never_redirects_outside_the_site(editor_client, world):
    n = make(world.org_a_editor)
    Notification.objects.filter(pk=n.pk).update(url="https://evil.example/")
    response = editor_client.get(reverse("notifications:open", args=[n.pk]))
    assert response["Location"] == INBOX
    response = editor_client.post(reverse("notifications:mark_all_read"), {"next": "//evil.example/"})
    assert response["Location"] == INBOX


def test_it_marks_all_as_read_with_a_post(editor_client, world):
    make(world.org_a_editor)
    make(world.org_a_editor)
    theirs = make(world.org_b_editor)
    assert editor_client.get(reverse("notifications:mark_all_read")).status_code == 405
    assert Notification.objects.for_user(world.org_a_editor).unread().count() == 2
    response = editor_client.post(reverse("notifications:mark_all_read"), follow=True)
    assert response.redirect_chain[-1][0] == INBOX
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in response.content.decode()
    assert response.context["unread_notifications"] == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_it_lets_a_user_turn_emails_off_and_on_for_themself(editor_client, world):
    response = editor_client.get(INBOX)
    assert response.context["preference_form"]["email_notifications"].value() is True
    response = editor_client.post(reverse("notifications:preferences"), follow=True)
    assert "Đã tắt thông báo qua thư điện tử." in response.content.decode()
    world.org_a_editor.refresh_from_db()
    assert world.org_a_editor.email_notifications is False
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(world.org_a_editor.pk)).count() == 1
    editor_client.post(reverse("notifications:preferences"), {"email_notifications": "on"})
    world.org_a_editor.refresh_from_db()
    assert world.org_a_editor.email_notifications is True
    assert world.org_a_viewer.email_notifications is True
    assert editor_client.get(reverse("notifications:preferences")).status_code == 405


def test_it_renders_the_inbox_with_a_fixed_number_of_queries(editor_client, world, django_assert_max_num_queries):
    for i in range(3):
        make(world.org_a_editor, f"Ít {i}", target=world.a1)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(INBOX)
    for i in range(20):
        make(world.org_a_editor, f"Nhiều {i}", target=world.a1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(INBOX)


def test_it_lets_every_role_manage_its_own_inbox(client, world):
    # Notifications are personal: a viewer or a child-organisation viewer reads and marks its own.
    for user in (world.org_a_viewer, world.org_a_child_viewer):
        n = make(user, "Việc của người xem")
        client.force_login(user)
        assert "Việc của người xem" in client.get(INBOX).content.decode()
        assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 302
        assert Notification.objects.get(pk=n.pk).read_at is not None


def test_it_counts_unread_with_one_query_and_zero_for_visitors(world, django_assert_num_queries):
    make(world.org_a_editor)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request) == {"unread_notifications": 0}
    request = RequestFactory().get("/")
    request.user = world.org_a_editor
    with django_assert_num_queries(1):
        assert unread(request) == {"unread_notifications": 1}
        assert unread(request) == {"unread_notifications": 1}
