"""Signing in and out, the generic failure message, lockout after repeated failures, password change."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from pckb.core.models import AuditEntry
from pckb.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
GENERIC = "Tên đăng nhập hoặc mật khẩu không đúng."


def test_it_shows_an_accessible_login_form(client):
    html = client.get(LOGIN).content.decode()
    assert '<label class="form-label" for="id_username">Tên đăng nhập' in html
    assert 'autocomplete="current-password"' in html and 'lang="vi"' in html


def test_it_signs_in_and_goes_to_the_overview(client, world):
    response = client.post(LOGIN, {"username": "org_a_viewer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Xin chào" in client.get("/").content.decode()
    entry = AuditEntry.objects.get()
    assert entry.action == "login" and entry.actor == world.org_a_viewer and entry.organization == world.a


def test_it_goes_back_to_the_page_asked_for(client, world):
    response = client.post(
        f"{LOGIN}?next=/audit/", {"username": "org_a_viewer", "password": PASSWORD, "next": "/audit/"}
    )
    assert response["Location"] == "/audit/"


@pytest.mark.parametrize(
    ("username", "password"),
    [("org_a_viewer", "wrong-password"), ("nobody-here", PASSWORD), ("", ""), ("inactive", PASSWORD)],
)
def test_it_gives_one_generic_message_for_every_failure(client, world, username, password):
    get_user_model().objects.create_user("inactive", password=PASSWORD, is_active=False)
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 200
    html = response.content.decode()
    if username and password:
        assert GENERIC in html
        assert "inactive" not in html.split("<main", 1)[1].split('value="', 1)[0]
    else:
        assert "Trường này là bắt buộc." in html
    assert "_auth_user_id" not in client.session


def test_it_locks_the_account_after_repeated_failures(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(LOGIN, {"username": "org_a_viewer", "password": "sai"}).status_code == 200
    response = client.post(LOGIN, {"username": "org_a_viewer", "password": "sai"})
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(LOGIN, {"username": "org_a_viewer", "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Other accounts are not affected.
    assert client.post(LOGIN, {"username": "org_a_editor", "password": PASSWORD}).status_code == 302


def test_it_signs_out_only_with_a_post(client, world):
    client.force_login(world.org_a_viewer)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/").status_code == 302


def test_it_changes_the_password_and_records_it(client, world):
    client.force_login(world.org_a_viewer)
    data = {"old_password": PASSWORD, "new_password1": "Trống-đồng-2026", "new_password2": "Trống-đồng-2026"}
    response = client.post("/accounts/password/", data)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert client.get("/").status_code == 200  # still signed in
    world.org_a_viewer.refresh_from_db()
    assert world.org_a_viewer.check_password("Trống-đồng-2026")
    entry = AuditEntry.objects.get(event_type="accounts.user.password_changed")
    assert entry.actor == world.org_a_viewer and entry.organization == world.a
    assert "Trống" not in str(entry.after) and "password" not in (entry.after or {})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"old_password": "sai", "new_password1": "Trống-đồng-2026", "new_password2": "Trống-đồng-2026"}, "cũ"),
        ({"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"}, "quá ngắn"),
        ({"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"}, "quá phổ biến"),
        (
            {"old_password": PASSWORD, "new_password1": "Trống-đồng-2026", "new_password2": "khác-hẳn-2026"},
            "không giống nhau",
        ),
    ],
)
def test_it_refuses_a_bad_password_change_with_a_clear_error(client, world, data, message):
    client.force_login(world.org_a_viewer)
    response = client.post("/accounts/password/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.org_a_viewer.refresh_from_db()
    assert world.org_a_viewer.check_password(PASSWORD)
    assert not AuditEntry.objects.exists()
