"""Own profile: details and the e-mail notification preference, audited; bad input explained."""

import pytest

from pckb.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_shows_the_profile_with_scope_and_clearance(client, world):
    client.force_login(world.org_a_manager)
    html = client.get("/accounts/profile/").content.decode()
    assert "Hồ sơ của tôi" in html and "Tối mật" in html
    assert "Ban Chỉ đạo PCKB tỉnh A" in html and "Người quản lý" in html
    assert 'name="clearance"' not in html  # managed by administrators only


def test_it_saves_details_and_the_notification_preference(client, world):
    client.force_login(world.org_a_viewer)
    data = {"full_name": "Lê Văn Cường", "title": "Cán bộ", "email": "cuong@example.test", "phone": "0987 654 321"}
    response = client.post("/accounts/profile/", data)  # the checkbox left unticked: no e-mails
    assert response.status_code == 302
    world.org_a_viewer.refresh_from_db()
    assert world.org_a_viewer.full_name == "Lê Văn Cường" and not world.org_a_viewer.email_notifications
    entry = AuditEntry.objects.get()
    assert entry.actor == world.org_a_viewer and entry.organization == world.a
    assert entry.before["email_notifications"] is True and entry.after["email_notifications"] is False
    assert "Đã lưu hồ sơ của bạn." in client.get("/accounts/profile/").content.decode()


def test_it_explains_a_wrong_email_and_changes_nothing(client, world):
    client.force_login(world.org_a_viewer)
    response = client.post(
        "/accounts/profile/", {"full_name": "X", "email": "khong-hop-le", "email_notifications": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhập một địa chỉ email hợp lệ." in html and 'id="id_email_error"' in html
    world.org_a_viewer.refresh_from_db()
    assert world.org_a_viewer.full_name == "" and world.org_a_viewer.email == "org_a_viewer@example.test"
    assert not AuditEntry.objects.exists()


def test_it_requires_signing_in(client):
    assert client.get("/accounts/profile/").status_code == 302
