"""/api/v1/notifications/: one's own notifications only; another user's is a 404."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pckb.accounts.tokens import do_create_token
from pckb.notifications.models import Notification
from pckb.notifications.services import notify

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"


def make(user, title="Thông báo", **kwargs):
    arguments = {"kind": "task.assigned", "title": title, "url": "/plans/tasks/1/", "send_email": False}
    arguments.update(kwargs)
    return notify([user], **arguments)[0]


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_requires_authentication(world):
    make(world.org_a_editor)
    assert APIClient().get(LIST).status_code == 401


def test_it_accepts_a_bearer_token(world):
    make(world.org_a_editor, "Qua token")
    _token, key = do_create_token(world.org_a_editor, actor=world.org_a_editor, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.get(LIST)
    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == ["Qua token"]


def test_it_lists_only_the_users_own_notifications(world):
    mine = make(world.org_a_editor, "Của tôi", target=world.a1)
    make(world.org_b_editor, "Của người khác")
    response = api_for(world.org_a_editor).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == mine.pk
    assert row["title"] == "Của tôi"
    assert row["kind"] == "task.assigned"
    assert row["url"] == "/plans/tasks/1/"
    assert row["object_type"] == "organizations.organization"
    assert row["object_id"] == str(world.a1.pk)
    assert row["is_read"] is False and row["read_at"] is None
    # The superuser sees all organisations, but still only their own inbox.
    assert api_for(world.superuser).get(LIST).json()["count"] == 0


def test_it_filters_unread_and_kind(world):
    make(world.org_a_editor, "Giao việc", kind="task.assigned")
    reminder = make(world.org_a_editor, "Nhắc hạn", kind="task.reminder")
    Notification.objects.filter(pk=reminder.pk).update(read_at=timezone.now())
    client = api_for(world.org_a_editor)

    def titles(query):
        response = client.get(LIST, query)
        assert response.status_code == 200
        return [r["title"] for r in response.json()["results"]]

    assert titles({"unread": "true"}) == ["Giao việc"]
    assert titles({"unread": "false"}) == ["Nhắc hạn"]
    assert titles({"kind": "task.reminder"}) == ["Nhắc hạn"]
    assert sorted(titles({})) == ["Giao việc", "Nhắc hạn"]


@pytest.mark.parametrize("query", [{"kind": "task.bogus"}, {"unread": "maybe"}])
def test_it_answers_a_bad_filter_with_400_and_the_field(world, query):
    make(world.org_a_editor)
    response = api_for(world.org_a_editor).get(LIST, query)
    assert response.status_code == 400
    assert list(response.json()) == list(query)


def test_it_retrieves_own_and_hides_others(world):
    mine = make(world.org_a_editor, "Của tôi")
    theirs = make(world.org_b_editor, "Của tỉnh B")
    client = api_for(world.org_a_editor)
    assert client.get(f"{LIST}{mine.pk}/").json()["title"] == "Của tôi"
    response = client.get(f"{LIST}{theirs.pk}/")
    assert response.status_code == 404
    assert "Của tỉnh B" not in response.content.decode()
    assert client.get(f"{LIST}999999/").status_code == 404


def test_it_marks_one_read(world):
    mine = make(world.org_a_editor)
    response = api_for(world.org_a_editor).post(f"{LIST}{mine.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_it_gives_404_and_changes_nothing_when_marking_anothers(world):
    theirs = make(world.org_a_editor)
    for other in (world.org_b_editor, world.org_a_manager, world.superuser):
        assert api_for(other).post(f"{LIST}{theirs.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_it_marks_all_own_read(world):
    make(world.org_a_editor)
    make(world.org_a_editor)
    theirs = make(world.org_b_editor)
    response = api_for(world.org_a_editor).post(f"{LIST}read-all/")
    assert response.status_code == 200
    assert response.json() == {"updated": 2}
    assert not Notification.objects.for_user(world.org_a_editor).unread().exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert api_for(world.org_a_editor).post(f"{LIST}read-all/").json() == {"updated": 0}


def test_it_offers_no_way_to_create_change_or_delete(world):
    mine = make(world.org_a_editor)
    client = api_for(world.org_a_editor)
    assert client.post(LIST, {"kind": "general", "title": "Giả mạo"}, format="json").status_code == 405
    assert client.patch(f"{LIST}{mine.pk}/", {"title": "Sửa"}, format="json").status_code == 405
    assert client.delete(f"{LIST}{mine.pk}/").status_code == 405
    assert Notification.objects.get().title == "Thông báo"


def test_it_lets_a_viewer_mark_its_own_notification_read(world):
    mine = make(world.org_a_viewer)
    assert api_for(world.org_a_viewer).post(f"{LIST}{mine.pk}/read/").status_code == 200
    assert Notification.objects.get(pk=mine.pk).read_at is not None
