"""User administration pages: who sees whom, creating and editing accounts, deactivation, memberships."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from pckb.core.choices import Classification, Role
from pckb.core.models import AuditEntry
from pckb.core.testing import PASSWORD, make_user
from pckb.organizations.models import Membership

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD_PASSWORD = "Hoa-sen-2026!"


def _new_user_data(world, **overrides):
    data = {
        "username": "nguyen.van.an",
        "full_name": "Nguyễn Văn An",
        "title": "Chuyên viên",
        "email": "an@example.test",
        "phone": "0912 345 678",
        "clearance": Classification.UNCLASSIFIED,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "organization": world.a1.pk,
        "role": Role.EDITOR,
    }
    data.update(overrides)
    return data


# --- who may see which page -------------------------------------------------------------------------


def test_it_lists_the_users_an_administrator_manages(world, as_user):
    html = as_user(world.org_a_admin).get("/accounts/users/").content.decode()
    for name in ("org_a_viewer", "org_a_child_viewer", "org_a1_editor", "org_a_admin"):
        assert name in html
    for name in ("org_b_editor", "org_b_manager", "superuser"):
        assert name not in html


def test_it_shows_the_superuser_every_user(world, as_user):
    html = as_user(world.superuser).get("/accounts/users/?status=active").content.decode()
    assert "org_b_editor" in html and "org_a_viewer" in html


def test_it_refuses_the_user_list_to_non_administrators(world, as_user, client):
    assert as_user(world.org_a_viewer).get("/accounts/users/").status_code == 403
    assert as_user(world.org_a_manager).get("/accounts/users/add/").status_code == 403
    assert client.get("/accounts/users/").status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"),
    [("org_a_admin", 200), ("superuser", 200), ("org_a_viewer", 403), ("org_b_editor", 404), ("org_b_admin", 404)],
)
@pytest.mark.parametrize("page", ["", "edit/", "deactivate/", "memberships/add/"])
def test_it_answers_each_user_page_by_role(world, as_user, org_b_admin, persona, status, page):
    actor = org_b_admin if persona == "org_b_admin" else getattr(world, persona)
    response = as_user(actor).get(f"/accounts/users/{world.org_a1_editor.pk}/{page}")
    assert response.status_code == status


def test_it_shows_a_user_with_roles_and_history(world, as_user):
    from pckb.accounts import services

    services.do_change_membership(world.org_a1_editor.memberships.get(), Role.MANAGER, actor=world.org_a_admin)
    html = as_user(world.org_a_admin).get(f"/accounts/users/{world.org_a1_editor.pk}/").content.decode()
    assert "Sở Y tế tỉnh A" in html and "Người quản lý" in html
    assert "Lịch sử" in html and "Người cập nhật" in html  # the role before, in the history


def test_it_filters_users_by_organisation_role_text_and_status(world, as_user):
    client = as_user(world.org_a_admin)
    html = client.get(f"/accounts/users/?organization={world.a1.pk}").content.decode()
    assert "org_a1_editor" in html and "org_a_child_viewer" in html and "org_a_viewer" not in html
    html = client.get(f"/accounts/users/?organization={world.a1.pk}&role={Role.EDITOR}").content.decode()
    assert "org_a1_editor" in html and "org_a_child_viewer" not in html
    html = client.get("/accounts/users/?search=CHILD").content.decode()
    assert "org_a_child_viewer" in html and "org_a1_editor" not in html
    world.org_a_viewer.is_active = False
    world.org_a_viewer.save()
    html = client.get("/accounts/users/?status=inactive").content.decode()
    assert "org_a_viewer" in html and "org_a1_editor" not in html


def test_it_does_not_offer_organisations_outside_the_scope_as_filter(world, as_user):
    response = as_user(world.org_a_admin).get(f"/accounts/users/?organization={world.b.pk}")
    html = response.content.decode()
    assert response.status_code == 200 and "Hãy chọn một giá trị hợp lệ." in html


def test_it_exports_the_user_list(world, as_user):
    from io import BytesIO

    from openpyxl import load_workbook

    response = as_user(world.org_a_admin).get("/accounts/users/?search=viewer&export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Tên đăng nhập"
    assert sorted(r[0] for r in rows[1:]) == ["org_a_child_viewer", "org_a_viewer"]


# --- creating and editing accounts ------------------------------------------------------------------


def test_it_creates_a_user_with_a_first_membership(world, as_user):
    response = as_user(world.org_a_admin).post("/accounts/users/add/", _new_user_data(world))
    user = User.objects.get(username="nguyen.van.an")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{user.pk}/"
    assert user.check_password(GOOD_PASSWORD) and user.full_name == "Nguyễn Văn An"
    assert user.memberships.get().organization == world.a1 and user.memberships.get().role == Role.EDITOR
    entries = AuditEntry.objects.filter(actor=world.org_a_admin).order_by("id")
    assert [e.object_type for e in entries] == ["accounts.user", "organizations.membership"]
    assert {e.organization_id for e in entries} == {world.a1.pk}
    assert "password" not in entries[0].after


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "abc12", "password2": "abc12"}, "password1", "Mật khẩu quá ngắn"),
        ({"password1": "password123", "password2": "password123"}, "password1", "Mật khẩu này quá phổ biến."),
        ({"password2": "Khac-hoan-toan-1"}, "password2", "Hai mật khẩu không khớp nhau."),
        ({"username": "org_a_viewer"}, "username", "Tên đăng nhập đã được sử dụng"),
        ({"username": "có dấu cách"}, "username", "Hãy nhập tên đăng nhập hợp lệ"),
        ({"email": "khong-phai-email"}, "email", "Nhập một địa chỉ email hợp lệ."),
        ({"organization": ""}, "organization", "Trường này là bắt buộc."),
        ({"role": ""}, "role", "Trường này là bắt buộc."),
    ],
)
def test_it_refuses_bad_input_for_a_new_user(world, as_user, overrides, field, message):
    before = User.objects.count()
    response = as_user(world.org_a_admin).post("/accounts/users/add/", _new_user_data(world, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and message in html
    assert User.objects.count() == before and not AuditEntry.objects.exists()


def test_it_offers_only_organisations_in_the_administrators_subtrees(world, as_user):
    response = as_user(world.org_a_admin).post("/accounts/users/add/", _new_user_data(world, organization=world.b.pk))
    assert response.status_code == 400
    assert "Hãy chọn một giá trị hợp lệ." in response.content.decode()
    assert not User.objects.filter(username="nguyen.van.an").exists()


def test_it_caps_the_clearance_at_the_administrators_own(world, as_user):
    low_admin = make_user("low_admin", org=world.a, role=Role.ADMIN)  # clearance: unclassified
    client = as_user(low_admin)
    html = client.get("/accounts/users/add/").content.decode()
    assert 'value="0"' in html and "Tối mật" not in html
    response = client.post("/accounts/users/add/", _new_user_data(world, clearance=Classification.SECRET))
    assert response.status_code == 400 and "Hãy chọn một giá trị hợp lệ." in response.content.decode()
    assert not User.objects.filter(username="nguyen.van.an").exists()
    # Editing cannot raise it either, while a user's higher current clearance is kept when untouched.
    response = client.post(
        f"/accounts/users/{world.org_a_viewer.pk}/edit/",
        {"username": "org_a_viewer", "clearance": Classification.CONFIDENTIAL},
    )
    assert response.status_code == 400
    world.org_a_viewer.refresh_from_db()
    assert world.org_a_viewer.clearance == Classification.UNCLASSIFIED


def test_it_edits_an_account(world, as_user):
    data = {
        "username": "org_a1_editor",
        "full_name": "Trần Thị Bình",
        "title": "Phó phòng",
        "email": "b@example.test",
        "phone": "",
        "clearance": Classification.CONFIDENTIAL,
    }
    response = as_user(world.org_a_admin).post(f"/accounts/users/{world.org_a1_editor.pk}/edit/", data)
    assert response.status_code == 302
    world.org_a1_editor.refresh_from_db()
    assert world.org_a1_editor.full_name == "Trần Thị Bình" and world.org_a1_editor.clearance == 1
    entry = AuditEntry.objects.get(object_type="accounts.user")
    assert entry.before["full_name"] == "" and entry.after["full_name"] == "Trần Thị Bình"
    assert entry.organization == world.a1


@pytest.mark.parametrize(("persona", "status"), [("org_b_admin", 404), ("org_b_editor", 404), ("org_a_viewer", 403)])
def test_it_keeps_others_from_editing_an_account(world, as_user, org_b_admin, persona, status):
    actor = org_b_admin if persona == "org_b_admin" else getattr(world, persona)
    data = {"username": "hacked", "full_name": "X", "clearance": 0}
    response = as_user(actor).post(f"/accounts/users/{world.org_a1_editor.pk}/edit/", data)
    assert response.status_code == status
    world.org_a1_editor.refresh_from_db()
    assert world.org_a1_editor.username == "org_a1_editor" and not AuditEntry.objects.exists()


# --- deactivation ----------------------------------------------------------------------------------


def test_it_deactivates_after_confirmation_and_reactivates(world, as_user, client):
    admin = as_user(world.org_a_admin)
    url = f"/accounts/users/{world.org_a_viewer.pk}/deactivate/"
    html = admin.get(url).content.decode()
    assert "Vô hiệu hóa người dùng" in html and 'class="btn btn-danger"' in html
    assert admin.post(url).status_code == 302
    world.org_a_viewer.refresh_from_db()
    assert not world.org_a_viewer.is_active
    assert client.post("/accounts/login/", {"username": "org_a_viewer", "password": PASSWORD}).status_code == 200
    entry = AuditEntry.objects.get(event_type="accounts.user.deactivated")
    assert entry.before == {"is_active": True} and entry.after == {"is_active": False}
    assert admin.post(f"/accounts/users/{world.org_a_viewer.pk}/reactivate/").status_code == 302
    world.org_a_viewer.refresh_from_db()
    assert world.org_a_viewer.is_active
    assert User.objects.filter(pk=world.org_a_viewer.pk).exists()  # never deleted


def test_it_does_not_let_an_administrator_deactivate_themselves(world, as_user):
    response = as_user(world.org_a_admin).post(f"/accounts/users/{world.org_a_admin.pk}/deactivate/")
    assert response.status_code == 403
    world.org_a_admin.refresh_from_db()
    assert world.org_a_admin.is_active


def test_the_detail_page_offers_the_allowed_steps_but_not_on_ones_own_account(world, as_user):
    admin = as_user(world.org_a_admin)
    other = admin.get(f"/accounts/users/{world.org_a_viewer.pk}/").content.decode()
    assert f'href="/accounts/users/{world.org_a_viewer.pk}/transition/?to=inactive"' in other
    own = admin.get(f"/accounts/users/{world.org_a_admin.pk}/").content.decode()
    assert "data-transition" not in own


@pytest.mark.parametrize(("persona", "status"), [("org_b_admin", 404), ("org_a_viewer", 403), ("org_a_admin", 302)])
def test_the_transition_page_of_a_user_answers_by_role(world, as_user, org_b_admin, persona, status):
    actor = org_b_admin if persona == "org_b_admin" else getattr(world, persona)
    url = f"/accounts/users/{world.org_a_editor.pk}/transition/"
    assert as_user(actor).post(url, {"to": "inactive", "comment": "Nghỉ hưu"}).status_code == status
    world.org_a_editor.refresh_from_db()
    assert world.org_a_editor.is_active is (status != 302)
    entries = AuditEntry.objects.filter(event_type="accounts.user.deactivated")
    assert [e.message for e in entries] == (["Nghỉ hưu"] if status == 302 else [])


@pytest.mark.parametrize(("persona", "status"), [("org_b_admin", 404), ("org_b_editor", 404), ("org_a_viewer", 403)])
def test_it_keeps_others_from_deactivating(world, as_user, org_b_admin, persona, status):
    actor = org_b_admin if persona == "org_b_admin" else getattr(world, persona)
    assert as_user(actor).post(f"/accounts/users/{world.org_a_editor.pk}/deactivate/").status_code == status
    world.org_a_editor.refresh_from_db()
    assert world.org_a_editor.is_active


# --- memberships -----------------------------------------------------------------------------------


def test_it_grants_changes_and_removes_a_role(world, as_user):
    admin = as_user(world.org_a_admin)
    user = world.org_a_child_viewer
    response = admin.post(
        f"/accounts/users/{user.pk}/memberships/add/", {"organization": world.a.pk, "role": Role.EDITOR}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, organization=world.a)
    assert membership.role == Role.EDITOR
    assert admin.post(f"/accounts/memberships/{membership.pk}/edit/", {"role": Role.MANAGER}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER
    html = admin.get(f"/accounts/memberships/{membership.pk}/remove/").content.decode()
    assert "Thu hồi vai trò" in html and "Ban Chỉ đạo PCKB tỉnh A" in html
    assert admin.post(f"/accounts/memberships/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    memberships = AuditEntry.objects.filter(object_type="organizations.membership").order_by("id")
    events = list(memberships.values_list("action", flat=True))
    assert events == ["create", "update", "delete"]
    assert set(AuditEntry.objects.values_list("organization_id", flat=True)) == {world.a.pk}


def test_it_refuses_a_duplicate_role_with_a_clear_error(world, as_user):
    response = as_user(world.org_a_admin).post(
        f"/accounts/users/{world.org_a1_editor.pk}/memberships/add/", {"organization": world.a1.pk, "role": Role.VIEWER}
    )
    assert response.status_code == 400
    with translation.override("vi"):
        message = str(Membership._meta.constraints[0].violation_error_message)
    assert message in response.content.decode()
    assert world.org_a1_editor.memberships.count() == 1


def test_it_refuses_an_organisation_outside_the_subtree(world, as_user):
    response = as_user(world.org_a_admin).post(
        f"/accounts/users/{world.org_a1_editor.pk}/memberships/add/", {"organization": world.b.pk, "role": Role.VIEWER}
    )
    assert response.status_code == 400 and "Hãy chọn một giá trị hợp lệ." in response.content.decode()
    assert not Membership.objects.filter(organization=world.b, user=world.org_a1_editor).exists()


@pytest.mark.parametrize(("persona", "status"), [("org_b_admin", 404), ("org_b_editor", 404), ("org_a_viewer", 403)])
@pytest.mark.parametrize("action", ["edit", "remove"])
def test_it_keeps_others_from_changing_a_role(world, as_user, org_b_admin, persona, status, action):
    actor = org_b_admin if persona == "org_b_admin" else getattr(world, persona)
    membership = world.org_a1_editor.memberships.get()
    client = as_user(actor)
    assert client.get(f"/accounts/memberships/{membership.pk}/{action}/").status_code == status
    assert client.post(f"/accounts/memberships/{membership.pk}/{action}/", {"role": Role.ADMIN}).status_code == status
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR and not AuditEntry.objects.exists()


def test_it_does_not_let_an_administrator_change_their_own_roles(world, as_user):
    membership = world.org_a_admin.memberships.get()
    assert as_user(world.org_a_admin).post(f"/accounts/memberships/{membership.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_offers_only_roles_up_to_the_administrators_own(world, as_user, monkeypatch):
    # Were managers allowed to manage memberships, they still could not hand out the administrator role.
    from pckb.core import choices

    monkeypatch.setitem(choices.ROLE_FOR_ACTION, "admin", Role.MANAGER)
    client = as_user(world.org_a_manager)
    url = f"/accounts/users/{world.org_a1_editor.pk}/memberships/add/"
    html = client.get(url).content.decode()
    assert f'value="{Role.MANAGER}"' in html and f'value="{Role.ADMIN}"' not in html
    response = client.post(url, {"organization": world.a.pk, "role": Role.ADMIN})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=world.org_a1_editor, organization=world.a).exists()


# --- the organisation search box -------------------------------------------------------------------


def test_it_searches_only_the_organisations_the_administrator_manages(world, as_user, org_b_admin):
    html = as_user(world.org_a_admin).get("/accounts/organizations/options/?q=so y te").content.decode()
    assert f'value="{world.a1.pk}"' in html and "Sở Y tế tỉnh A — Ban Chỉ đạo PCKB tỉnh A" in html
    assert f'value="{world.b1.pk}"' not in html and "1 kết quả" in html
    html = as_user(org_b_admin).get("/accounts/organizations/options/?q=tinh a").content.decode()
    assert f'value="{world.a.pk}"' not in html and f'value="{world.a1.pk}"' not in html
    assert as_user(world.org_a_manager).get("/accounts/organizations/options/?q=a").status_code == 403


def test_it_renders_the_organisation_field_with_a_search_box(world, as_user):
    html = as_user(world.org_a_admin).get(f"/accounts/users/{world.org_a1_editor.pk}/memberships/add/").content.decode()
    assert 'hx-get="/accounts/organizations/options/"' in html
    assert f'<option value="{world.a.pk}">Ban Chỉ đạo PCKB tỉnh A — Ban Chỉ đạo PCKB Quốc gia</option>' in html


def test_it_preselects_no_filter(world, as_user):
    html = as_user(world.org_a_admin).get("/accounts/users/").content.decode()
    role_select = html[html.index('name="role"') :]
    role_select = role_select[: role_select.index("</select>")]
    assert '<option value="" selected>' in role_select


def test_it_leaves_an_account_with_roles_elsewhere_to_a_higher_administrator(world, as_user):
    both = make_user("hai_tinh", org=world.a1, role=Role.VIEWER)
    Membership.objects.create(user=both, organization=world.b, role=Role.EDITOR)
    client = as_user(world.org_a_admin)
    html = client.get(f"/accounts/users/{both.pk}/").content.decode()
    assert f"/accounts/users/{both.pk}/edit/" not in html and "Sở Y tế tỉnh A" in html
    assert "Ban Chỉ đạo PCKB tỉnh B" not in html  # roles elsewhere are not shown either
    assert client.post(f"/accounts/users/{both.pk}/edit/", {"username": "x", "clearance": 0}).status_code == 403
    assert client.post(f"/accounts/users/{both.pk}/deactivate/").status_code == 403
    both.refresh_from_db()
    assert both.username == "hai_tinh" and both.is_active
    # Roles inside A remain A's business.
    response = client.post(
        f"/accounts/users/{both.pk}/memberships/add/", {"organization": world.a.pk, "role": Role.VIEWER}
    )
    assert response.status_code == 302 and both.memberships.count() == 3
    assert as_user(world.superuser).post(f"/accounts/users/{both.pk}/deactivate/").status_code == 302
