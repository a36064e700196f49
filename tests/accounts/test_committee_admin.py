"""A committee's administrators run their own users: accounts, roles up to their own, passwords, locking."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from pckb.core.choices import Classification, Role
from pckb.core.models import AuditEntry
from pckb.core.testing import PASSWORD
from pckb.organizations.models import Membership

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Hoa-sen-2026!"
LOGIN = "/accounts/login/"


def _focal_point(world, **overrides):
    data = {
        "username": "dau.moi.yte",
        "full_name": "Phạm Thị Hoa",
        "title": "Chuyên viên",
        "email": "hoa@example.test",
        "phone": "",
        "clearance": Classification.UNCLASSIFIED,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "organization": world.a1.pk,
        "role": Role.EDITOR,
    }
    data.update(overrides)
    return data


def test_a_provincial_administrator_creates_a_focal_point_of_one_of_its_agencies(world, as_user):
    admin = as_user(world.org_a_admin)
    assert "/accounts/users/add/" in admin.get("/accounts/users/").content.decode()
    response = admin.post("/accounts/users/add/", _focal_point(world))
    user = User.objects.get(username="dau.moi.yte")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{user.pk}/"
    membership = user.memberships.get()
    assert (membership.organization, membership.role) == (world.a1, Role.EDITOR)
    assert Client().post(LOGIN, {"username": "dau.moi.yte", "password": NEW_PASSWORD}).status_code == 302


def test_it_grants_roles_inside_the_subtree_only(world, as_user):
    admin = as_user(world.org_a_admin)
    url = f"/accounts/users/{world.org_a_child_viewer.pk}/memberships/add/"
    assert admin.post(url, {"organization": world.a.pk, "role": Role.EDITOR}).status_code == 302
    assert Membership.objects.get(user=world.org_a_child_viewer, organization=world.a).role == Role.EDITOR
    before = Membership.objects.count()
    response = admin.post(url, {"organization": world.b1.pk, "role": Role.EDITOR})
    assert response.status_code == 400 and "Hãy chọn một giá trị hợp lệ." in response.content.decode()
    response = admin.post("/accounts/users/add/", _focal_point(world, organization=world.b1.pk))
    assert response.status_code == 400
    assert Membership.objects.count() == before and not User.objects.filter(username="dau.moi.yte").exists()


def test_it_grants_no_role_above_the_administrators_own(world, as_user, monkeypatch):
    # An administrator holds the highest role; were managers allowed to administer users, they still
    # could not create an administrator.
    from pckb.core import choices

    monkeypatch.setitem(choices.ROLE_FOR_ACTION, "admin", Role.MANAGER)
    response = as_user(world.org_a_manager).post("/accounts/users/add/", _focal_point(world, role=Role.ADMIN))
    assert response.status_code == 400
    assert not User.objects.filter(username="dau.moi.yte").exists()


def test_it_sets_a_new_password_and_lifts_a_lockout(world, as_user, client, django_capture_on_commit_callbacks):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "org_a1_editor", "password": "sai"})
    assert client.post(LOGIN, {"username": "org_a1_editor", "password": PASSWORD}).status_code != 302  # locked
    admin = as_user(world.org_a_admin)
    detail = admin.get(f"/accounts/users/{world.org_a1_editor.pk}/").content.decode()
    url = f"/accounts/users/{world.org_a1_editor.pk}/password/"
    assert url in detail
    assert "Mật khẩu mới" in admin.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(event_type="accounts.user.password_changed")
    assert entry.actor == world.org_a_admin and entry.organization == world.a1
    assert Client().post(LOGIN, {"username": "org_a1_editor", "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password1": NEW_PASSWORD, "password2": "Khac-hoan-toan-1"}, "password2", "Hai mật khẩu không khớp nhau."),
        ({"password1": "abc12", "password2": "abc12"}, "password1", "Mật khẩu quá ngắn"),
        ({"password1": "", "password2": ""}, "password1", "Trường này là bắt buộc."),
    ],
)
def test_it_refuses_a_bad_new_password(world, as_user, data, field, message):
    response = as_user(world.org_a_admin).post(f"/accounts/users/{world.org_a1_editor.pk}/password/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    world.org_a1_editor.refresh_from_db()
    assert world.org_a1_editor.check_password(PASSWORD) and not AuditEntry.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("org_b_admin", 404), ("org_a_viewer", 403), ("org_a_admin", 403)])
def test_others_and_oneself_cannot_set_a_password_here(world, as_user, org_b_admin, persona, status):
    actor = org_b_admin if persona == "org_b_admin" else getattr(world, persona)
    target = world.org_a_admin if persona == "org_a_admin" else world.org_a1_editor  # own: the profile page
    client = as_user(actor)
    url = f"/accounts/users/{target.pk}/password/"
    assert client.get(url).status_code == status
    assert client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == status
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and not AuditEntry.objects.exists()


def test_it_locks_an_account_of_its_agency(world, as_user):
    assert as_user(world.org_a_admin).post(f"/accounts/users/{world.org_a1_editor.pk}/deactivate/").status_code == 302
    world.org_a1_editor.refresh_from_db()
    assert not world.org_a1_editor.is_active
    assert Client().post(LOGIN, {"username": "org_a1_editor", "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize("page", ["", "edit/", "password/", "deactivate/", "memberships/add/"])
def test_an_administrator_of_another_province_gets_404(world, as_user, org_b_admin, page):
    client = as_user(org_b_admin)
    assert client.get(f"/accounts/users/{world.org_a1_editor.pk}/{page}").status_code == 404
    if page:  # the detail page only reads
        response = client.post(f"/accounts/users/{world.org_a1_editor.pk}/{page}", {"role": Role.VIEWER})
        assert response.status_code == 404
    world.org_a1_editor.refresh_from_db()
    assert world.org_a1_editor.is_active and world.org_a1_editor.memberships.count() == 1
