"""Organisation pages: the tree and its search, the tabs, the forms with their errors, delete rules."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pckb.core.models import AuditEntry
from pckb.geo.models import AdminUnit
from pckb.organizations import services
from pckb.organizations.models import CommitteeMember, Membership, Organization

from .factories import make_member, make_org

LIST = reverse("organizations:organization_list")


def signed_in(client, user):
    client.force_login(user)
    return client


def detail(org, tab: str = "") -> str:
    return org.get_absolute_url() + (f"?tab={tab}" if tab else "")


def test_a_province_manager_sees_only_its_subtree_in_the_tree(client, world) -> None:
    body = signed_in(client, world.org_a_manager).get(LIST).content.decode()
    assert f'href="{detail(world.a)}"' in body
    assert f'href="{detail(world.a1)}"' in body
    for hidden in (world.root, world.b, world.b1):
        assert f'href="{detail(hidden)}"' not in body
    assert "2 tổ chức trong phạm vi của bạn" in body


def test_the_tree_starts_at_the_top_for_a_superuser_and_loads_deeper_levels_on_demand(client, world) -> None:
    response = signed_in(client, world.superuser).get(LIST)
    assert [root.code for root in response.context["roots"]] == ["root"]
    assert [c.code for c in response.context["roots"][0].loaded_children] == ["a", "b"]
    body = response.content.decode()
    assert f'href="{detail(world.a1)}"' not in body  # third level: loaded when "a" is opened
    assert reverse("organizations:organization_children", args=[world.a.pk]) in body
    children = client.get(reverse("organizations:organization_children", args=[world.a.pk]))
    assert f'href="{detail(world.a1)}"' in children.content.decode()


def test_the_tree_page_costs_the_same_queries_with_many_branches(client, world, django_assert_max_num_queries) -> None:
    signed_in(client, world.superuser)
    client.get(LIST)
    for i in range(30):
        make_org(world.root, kind="committee", name=f"Ban Chỉ đạo PCKB tỉnh {i}")
    with django_assert_max_num_queries(12):
        client.get(LIST)


def test_opening_a_branch_outside_the_scope_is_404(client, world) -> None:
    url = reverse("organizations:organization_children", args=[world.b.pk])
    response = signed_in(client, world.org_a_manager).get(url)
    assert response.status_code == 404


def test_a_search_without_accents_shows_matches_with_their_visible_path(client, world) -> None:
    response = signed_in(client, world.superuser).get(LIST, {"q": "so y te"})
    rows = {org.code: org.path_display for org in response.context["object_list"]}
    assert rows == {
        "a1": "Ban Chỉ đạo PCKB Quốc gia › Ban Chỉ đạo PCKB tỉnh A",
        "b1": "Ban Chỉ đạo PCKB Quốc gia › Ban Chỉ đạo PCKB tỉnh B",
    }
    # A viewer of province A does not learn the names above its scope.
    client.force_login(world.org_a_viewer)
    rows = {org.code: org.path_display for org in client.get(LIST, {"q": "so y te"}).context["object_list"]}
    assert rows == {"a1": "Ban Chỉ đạo PCKB tỉnh A"}


def test_filters_by_kind_and_an_htmx_request_gets_the_table_only(client, world) -> None:
    response = signed_in(client, world.superuser).get(LIST, {"kind": "agency"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert f'href="{detail(world.a1)}"' in body
    assert f'href="{detail(world.b1)}"' in body
    assert f'href="{detail(world.a)}"' not in body


def test_a_bad_filter_value_is_shown_as_a_translated_error(client, world) -> None:
    response = signed_in(client, world.superuser).get(LIST, {"kind": "club"})
    assert response.status_code == 200
    assert "Hãy chọn một loại trong danh sách." in response.content.decode()


def test_the_excel_export_has_every_organization_of_the_scope(client, world) -> None:
    response = signed_in(client, world.org_a_viewer).get(LIST, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tên", "Tên viết tắt", "Mã")
    assert [r[0] for r in rows[1:]] == ["Ban Chỉ đạo PCKB tỉnh A", "Sở Y tế tỉnh A"]


def test_the_detail_page_shows_only_the_ancestors_the_user_may_see(client, world) -> None:
    body = signed_in(client, world.org_a_viewer).get(detail(world.a1)).content.decode()
    assert f'href="{detail(world.a)}"' in body
    assert f'href="{detail(world.root)}"' not in body
    assert "Ban Chỉ đạo PCKB Quốc gia" not in body
    assert reverse("organizations:organization_edit", args=[world.a1.pk]) not in body  # a viewer gets no buttons


def test_the_roster_tab_lists_current_members_by_role_and_past_members_apart(client, world) -> None:
    past = datetime.date.today() - datetime.timedelta(days=10)
    make_member(world.a, full_name="Thành viên", committee_role="member")
    make_member(world.a, full_name="Trưởng ban", committee_role="chair")
    make_member(world.a, full_name="Phó ban thường trực", committee_role="standing_vice_chair")
    make_member(world.a, full_name="Người đã thôi", committee_role="chair", valid_to=past)
    response = signed_in(client, world.org_a_manager).get(detail(world.a, "roster"))
    current = [m.full_name for m in response.context["roster_current"]]
    assert current == ["Trưởng ban", "Phó ban thường trực", "Thành viên"]
    assert [m.full_name for m in response.context["roster_past"]] == ["Người đã thôi"]
    assert reverse("organizations:committeemember_add") + f"?committee={world.a.pk}" in response.content.decode()


def test_the_staff_tab_lists_the_roles_held_in_the_organization(client, world) -> None:
    body = signed_in(client, world.org_a_viewer).get(detail(world.a, "staff")).content.decode()
    for username in ("org_a_admin", "org_a_manager", "org_a_editor", "org_a_viewer"):
        assert username in body
    assert "org_a1_editor" not in body
    assert "Người quản lý" in body


def test_a_move_through_the_page_is_audited_and_shown_in_history(client, world) -> None:
    signed_in(client, world.superuser)
    response = client.post(reverse("organizations:organization_move", args=[world.a1.pk]), {"parent": world.b.pk})
    assert response.status_code == 302
    world.a1.refresh_from_db()
    assert world.a1.parent == world.b
    history = client.get(detail(world.a1, "history")).content.decode()
    assert "Ban Chỉ đạo PCKB tỉnh A → Ban Chỉ đạo PCKB tỉnh B" in history
    assert AuditEntry.objects.get(object_id=str(world.a1.pk)).event_type == "organizations.organization.moved"


def test_a_move_into_its_own_subtree_shows_a_field_error_and_changes_nothing(client, world) -> None:
    signed_in(client, world.superuser)
    response = client.post(reverse("organizations:organization_move", args=[world.a.pk]), {"parent": world.a1.pk})
    assert response.status_code == 400
    # The own subtree is not even offered: the choice is refused by the form.
    assert "Hãy chọn một tổ chức cấp trên mà bạn quản lý." in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.parent == world.root
    assert not AuditEntry.objects.exists()


def test_a_move_outside_the_managers_scope_is_refused(client, world) -> None:
    signed_in(client, world.org_a_manager)
    response = client.post(reverse("organizations:organization_move", args=[world.a1.pk]), {"parent": world.b.pk})
    assert response.status_code == 400
    assert "Hãy chọn một tổ chức cấp trên mà bạn quản lý." in response.content.decode()
    other = client.post(reverse("organizations:organization_move", args=[world.b1.pk]), {"parent": world.a.pk})
    assert other.status_code == 404
    assert Organization.objects.get(pk=world.a1.pk).parent_id == world.a.pk
    assert Organization.objects.get(pk=world.b1.pk).parent_id == world.b.pk


def test_the_edit_page_shows_a_duplicate_code_error(client, world) -> None:
    signed_in(client, world.org_a_manager)
    url = reverse("organizations:organization_edit", args=[world.a1.pk])
    response = client.post(url, {"name": "Sở Y tế", "code": "B1", "kind": "agency"})
    assert response.status_code == 400
    assert "Đã có một tổ chức mang mã này." in response.content.decode()
    world.a1.refresh_from_db()
    assert (world.a1.name, world.a1.code) == ("Sở Y tế tỉnh A", "a1")


def test_the_add_page_refuses_a_parent_that_is_not_a_number_or_not_visible(client, world) -> None:
    signed_in(client, world.org_a_manager)
    assert client.get(reverse("organizations:organization_add") + "?parent=abc").status_code == 404
    assert client.get(reverse("organizations:organization_add") + f"?parent={world.b.pk}").status_code == 404
    assert client.get(reverse("organizations:organization_add") + f"?parent={world.a.pk}").status_code == 200


def test_the_admin_unit_field_offers_current_provinces_and_keeps_the_choice(client, world, current_units) -> None:
    dien_bien = AdminUnit.objects.current().get(level="province", code="11")
    commune = AdminUnit.objects.current().filter(parent=dien_bien).first()
    signed_in(client, world.org_a_manager)
    url = reverse("organizations:organization_edit", args=[world.a.pk])
    data = {"name": world.a.name, "code": "a", "kind": "committee", "level": "province", "admin_unit": commune.pk}
    assert client.post(url, data).status_code == 302
    body = client.get(url).content.decode()
    assert f'<option value="{commune.pk}" selected>{commune.name}, Tỉnh Điện Biên</option>' in body
    assert body.count("<option") < 100  # not the 3,355 units: the rest comes from the search box
    assert reverse("geo:adminunit_options") in body


def test_the_roster_form_shows_a_date_range_error_and_saves_nothing(client, world) -> None:
    signed_in(client, world.org_a_manager)
    url = reverse("organizations:committeemember_add") + f"?committee={world.a.pk}"
    data = {"full_name": "Lê Văn Cường", "committee_role": "member", "sort_order": 1,
            "valid_from": "2026-05-01", "valid_to": "2026-04-01"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not CommitteeMember.objects.exists()


def test_the_roster_of_an_agency_does_not_exist(client, world) -> None:
    signed_in(client, world.org_a_manager)
    url = reverse("organizations:committeemember_add") + f"?committee={world.a1.pk}"
    assert client.get(url).status_code == 404


def test_delete_of_an_organization_in_use_explains_why_and_offers_deactivation(client, world) -> None:
    signed_in(client, world.superuser)
    page = client.get(reverse("organizations:organization_delete", args=[world.a.pk])).content.decode()
    assert "Không thể xóa tổ chức này" in page
    assert "Tổ chức có 1 tổ chức trực thuộc: hãy chuyển hoặc xóa trước." in page
    assert reverse("organizations:organization_deactivate", args=[world.a.pk]) in page
    response = client.post(reverse("organizations:organization_delete", args=[world.a.pk]), follow=True)
    assert "Tổ chức có 1 tổ chức trực thuộc" in response.content.decode()
    assert Organization.objects.filter(pk=world.a.pk).exists()


def test_deactivation_asks_first_then_keeps_the_organization_readable(client, world) -> None:
    leaf = make_org(world.a, kind="agency", code="leaf")
    Membership.objects.create(user=world.org_a_viewer, organization=leaf, role=10)
    signed_in(client, world.org_a_manager)
    url = reverse("organizations:organization_deactivate", args=[leaf.pk])
    assert "Ngừng hoạt động tổ chức?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    leaf.refresh_from_db()
    assert not leaf.is_active
    assert client.get(detail(leaf)).status_code == 200
    assert client.post(reverse("organizations:organization_reactivate", args=[leaf.pk])).status_code == 302
    leaf.refresh_from_db()
    assert leaf.is_active


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_pages_render_in_both_languages(client, world, lang) -> None:
    client.cookies["django_language"] = lang
    signed_in(client, world.org_a_manager)
    services.do_update_organization(world.a1, actor=world.superuser, phone="1")
    for url in (LIST, detail(world.a1), detail(world.a, "roster"), detail(world.a1, "history"),
                reverse("organizations:organization_add") + f"?parent={world.a.pk}",
                reverse("organizations:organization_move", args=[world.a1.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode()


def test_the_parent_search_box_offers_only_organizations_the_user_manages(client, world) -> None:
    url = reverse("organizations:organization_options")
    body = signed_in(client, world.org_a_manager).get(url, {"q": "so y te"}).content.decode()
    assert f'value="{world.a1.pk}"' in body
    assert f'value="{world.b1.pk}"' not in body
    client.force_login(world.org_a_editor)
    assert "<option value=\"\"" in client.get(url).content.decode()
    assert f'value="{world.a1.pk}"' not in client.get(url).content.decode()


def test_deactivation_is_404_for_outsiders_and_403_for_viewers(client, world) -> None:
    url = reverse("organizations:organization_deactivate", args=[world.a1.pk])
    assert signed_in(client, world.org_b_manager).post(url).status_code == 404
    client.force_login(world.org_a_viewer)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    world.a1.refresh_from_db()
    assert world.a1.is_active


@pytest.mark.parametrize(("persona", "offered"), [("org_a_manager", True), ("org_a_editor", False)])
def test_the_detail_page_offers_deactivation_through_the_state_machine(client, world, persona, offered) -> None:
    leaf = make_org(world.a, kind="agency", code="leaf")
    page = signed_in(client, getattr(world, persona)).get(detail(leaf)).content.decode()
    url = reverse("organizations:organization_transition", args=[leaf.pk])
    assert (f'href="{url}?to=inactive"' in page) is offered
    assert 'data-transition="active"' not in page


def test_deactivation_through_the_transition_page_keeps_the_comment_and_audits_once(client, world) -> None:
    leaf = make_org(world.a, kind="agency", code="leaf")
    url = reverse("organizations:organization_transition", args=[leaf.pk])
    signed_in(client, world.org_a_manager)
    assert client.post(url, {"to": "active"}).status_code == 400  # already active: not in the table
    assert client.post(url, {"to": "inactive", "comment": "Sáp nhập vào Sở Y tế"}).status_code == 302
    leaf.refresh_from_db()
    assert not leaf.is_active
    [entry] = AuditEntry.objects.filter(object_id=str(leaf.pk), action="transition")
    assert (entry.event_type, entry.message) == ("organizations.organization.deactivated", "Sáp nhập vào Sở Y tế")
    assert (entry.before, entry.after) == ({"is_active": True}, {"is_active": False})
    page = client.get(detail(leaf)).content.decode()
    assert f'href="{url}?to=active"' in page


def test_deactivation_with_active_sub_organizations_is_refused_on_the_page(client, world) -> None:
    url = reverse("organizations:organization_deactivate", args=[world.a.pk])
    response = signed_in(client, world.superuser).post(url)
    assert response.status_code == 400
    assert "Hãy ngừng hoạt động hoặc chuyển các tổ chức trực thuộc còn hoạt động trước." in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.is_active and not AuditEntry.objects.filter(action="transition").exists()


def test_the_tree_counts_direct_and_all_sub_organizations(client, world) -> None:
    make_org(world.a1, kind="unit", code="u1")
    make_org(world.a1, kind="unit", code="u2")
    response = signed_in(client, world.superuser).get(LIST)
    [root] = response.context["roots"]
    a = next(c for c in root.loaded_children if c.code == "a")
    assert (root.children_count, root.descendants_count) == (2, 6)
    assert (a.children_count, a.descendants_count) == (1, 3)
    assert "1 tổ chức trực thuộc trực tiếp, tổng cộng 3" in response.content.decode()


def test_a_manager_is_not_offered_to_move_retire_or_delete_the_top_of_his_scope(client, world) -> None:
    signed_in(client, world.org_a_manager)
    own = client.get(detail(world.a)).content.decode()
    below = client.get(detail(world.a1)).content.decode()
    for name in ("organization_move", "organization_transition", "organization_delete"):
        assert reverse(f"organizations:{name}", args=[world.a.pk]) not in own
        assert reverse(f"organizations:{name}", args=[world.a1.pk]) in below
    for name in ("organization_move", "organization_deactivate", "organization_delete"):
        url = reverse(f"organizations:{name}", args=[world.a.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"parent": world.root.pk}).status_code == 403
    assert reverse("organizations:organization_edit", args=[world.a.pk]) in own  # its details stay his
    world.a.refresh_from_db()
    assert world.a.is_active and world.a.parent_id == world.root.pk
    assert not AuditEntry.objects.exists()


def test_the_staff_tab_links_to_user_pages_only_for_administrators(client, world) -> None:
    user_page = f'href="{reverse("accounts:user_detail", args=[world.org_a_editor.pk])}"'
    assert user_page not in signed_in(client, world.org_a_manager).get(detail(world.a, "staff")).content.decode()
    assert user_page in signed_in(client, world.org_a_admin).get(detail(world.a, "staff")).content.decode()
