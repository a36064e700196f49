"""/api/v1/organizations/: scoping, filters, the tree rules and bad input (400 with field messages)."""

from __future__ import annotations

from pckb.core.models import AuditEntry
from pckb.organizations.models import Organization

URL = "/api/v1/organizations/"


def item(org: Organization) -> str:
    return f"{URL}{org.pk}/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_province_manager_lists_only_its_subtree(api, world) -> None:
    client = api(world.org_a_manager)
    assert ids(client.get(URL)) == {world.a.pk, world.a1.pk}
    assert ids(api(world.superuser).get(URL)) == {o.pk for o in (world.root, world.a, world.a1, world.b, world.b1)}


def test_another_provinces_organization_is_404_and_stays_unchanged(api, world) -> None:
    client = api(world.org_a_manager)
    assert client.get(item(world.b1)).status_code == 404
    assert client.patch(item(world.b1), {"name": "Đổi tên"}, format="json").status_code == 404
    assert client.delete(item(world.b1)).status_code == 404
    assert Organization.objects.get(pk=world.b1.pk).name == "Sở Y tế tỉnh B"


def test_it_exposes_the_fields_named_in_the_issue(api, world) -> None:
    row = api(world.org_a_viewer).get(item(world.a1)).json()
    assert set(row) == {
        "id",
        "name",
        "short_name",
        "code",
        "kind",
        "level",
        "parent",
        "admin_unit",
        "address",
        "phone",
        "email",
        "standing_org",
        "is_active",
        "sort_order",
        # The tree through time (#9).
        "valid_from",
        "valid_to",
        "successor",
        "former_names",
    }
    assert (row["parent"], row["kind"], row["code"]) == (world.a.pk, "agency", "a1")


def test_it_filters_by_parent_kind_and_folded_text(api, world) -> None:
    client = api(world.superuser)
    assert ids(client.get(URL, {"parent": world.root.pk})) == {world.a.pk, world.b.pk}
    assert ids(client.get(URL, {"kind": "agency"})) == {world.a1.pk, world.b1.pk}
    assert ids(client.get(URL, {"q": "so y te tinh a"})) == {world.a1.pk}
    assert ids(client.get(URL, {"q": "SỞ Y TẾ"})) == {world.a1.pk, world.b1.pk}


def test_it_answers_400_for_unknown_filter_values(api, world) -> None:
    response = api(world.superuser).get(URL, {"kind": "club", "parent": "abc", "is_active": "perhaps"})
    assert response.status_code == 400
    assert response.json() == {
        "kind": ["Hãy chọn một loại trong danh sách."],
        "parent": ["Tổ chức cấp trên phải là id (một số nguyên) của một tổ chức."],
        "is_active": ["Dùng true hoặc false."],
    }


def test_a_manager_creates_under_its_own_organization_with_an_audit_entry(api, world) -> None:
    response = api(world.org_a_manager).post(
        URL, {"parent": world.a.pk, "name": "Công an tỉnh A", "code": "CA-Tinh-A", "kind": "agency"}, format="json"
    )
    assert response.status_code == 201, response.content
    org = Organization.objects.get(pk=response.json()["id"])
    assert (org.code, org.parent_id, org.path) == ("ca-tinh-a", world.a.pk, f"{world.a.path}{org.pk}/")
    assert AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(org.pk)).count() == 1


def test_it_refuses_a_parent_outside_the_callers_scope_or_missing(api, world) -> None:
    client = api(world.org_a_manager)
    count = Organization.objects.count()
    for parent in (world.b.pk, 999_999):
        response = client.post(URL, {"parent": parent, "name": "X", "code": "x-1", "kind": "agency"}, format="json")
        assert response.status_code == 400
        # Hidden or missing: the same answer, which does not repeat the id.
        assert response.json() == {"parent": ["Không tìm thấy, hoặc bạn không được dùng mục này ở đây."]}
    # Visible but not managed (the national committee is above the manager's scope): a field error too.
    viewer = api(world.org_a_editor).post(URL, {"parent": world.a.pk, "name": "X", "code": "x-2", "kind": "agency"})
    assert viewer.status_code == 400
    assert viewer.json() == {"parent": ["Hãy chọn một tổ chức cấp trên mà bạn quản lý."]}
    assert Organization.objects.count() == count


def test_it_refuses_a_duplicate_code_whatever_its_case(api, world) -> None:
    client = api(world.org_a_manager)
    count = Organization.objects.count()
    for code in ("a1", "A1"):
        response = client.post(URL, {"parent": world.a.pk, "name": "X", "code": code, "kind": "unit"}, format="json")
        assert response.status_code == 400, code
        assert response.json() == {"code": ["Đã có một tổ chức mang mã này."]}
    assert Organization.objects.count() == count


def test_it_refuses_bad_field_values_with_messages(api, world) -> None:
    response = api(world.org_a_manager).post(
        URL,
        {"parent": world.a.pk, "name": "", "code": "ok-code", "kind": "club", "email": "not-an-address",
         "admin_unit": 999_999},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"name", "kind", "email", "admin_unit"}
    assert body["admin_unit"] == ["Không tìm thấy, hoặc bạn không được dùng mục này ở đây."]


def test_moving_under_a_descendant_is_a_cycle_error_and_changes_nothing(api, world) -> None:
    response = api(world.superuser).patch(item(world.a), {"parent": world.a1.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "parent": ["Không thể chuyển một tổ chức vào dưới một tổ chức trực thuộc của chính nó."]
    }
    self_parent = api(world.superuser).patch(item(world.a), {"parent": world.a.pk}, format="json")
    assert self_parent.json() == {"parent": ["Một tổ chức không thể là cấp trên của chính nó."]}
    world.a.refresh_from_db()
    assert (world.a.parent_id, world.a.path) == (world.root.pk, f"/{world.root.pk}/{world.a.pk}/")


def test_a_move_needs_the_manager_role_on_the_new_parent_too(api, world) -> None:
    # org_a_manager manages a1 but not b: the move is refused on the parent field.
    response = api(world.org_a_manager).patch(item(world.a1), {"parent": world.b.pk}, format="json")
    assert response.status_code == 400
    world.a1.refresh_from_db()
    assert world.a1.parent_id == world.a.pk


def test_a_move_is_audited_and_rebases_the_subtree(api, world) -> None:
    unit = Organization.objects.create(name="Phòng 1", code="p1", kind="unit", parent=world.a1)
    client = api(world.superuser)
    response = client.patch(item(world.a1), {"parent": world.b.pk}, format="json")
    assert response.status_code == 200, response.content
    unit.refresh_from_db()
    assert unit.path == f"/{world.root.pk}/{world.b.pk}/{world.a1.pk}/{unit.pk}/"
    query = {"object_type": "organizations.organization", "object_id": world.a1.pk}
    events = client.get("/api/v1/audit-events/", query)
    moved = [e for e in events.json()["results"] if e["event_type"] == "organizations.organization.moved"]
    assert len(moved) == 1
    assert (moved[0]["before"]["parent"], moved[0]["after"]["parent"]) == (world.a.pk, world.b.pk)
    assert moved[0]["actor"] == "superuser"


def test_deleting_an_organization_with_sub_organizations_is_refused(api, world) -> None:
    response = api(world.superuser).delete(item(world.a))
    assert response.status_code == 400
    messages = response.json()["non_field_errors"]
    assert "Tổ chức có 1 tổ chức trực thuộc: hãy chuyển hoặc xóa trước." in messages
    assert Organization.objects.filter(pk=world.a.pk).exists()


def test_the_standing_agency_must_be_inside_the_committee(api, world) -> None:
    client = api(world.superuser)
    refused = client.patch(item(world.a), {"standing_org": world.b1.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "standing_org": ["Cơ quan thường trực phải là một cơ quan thành viên hoặc đơn vị của Ban Chỉ đạo này."]
    }
    accepted = client.patch(item(world.a), {"standing_org": world.a1.pk}, format="json")
    assert accepted.status_code == 200
    assert accepted.json()["standing_org"] == world.a1.pk


def test_english_clients_get_english_messages(api, world) -> None:
    response = api(world.org_a_manager).post(
        URL, {"parent": world.a.pk, "name": "X", "code": "a1", "kind": "unit"}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json() == {"code": ["An organization with this code already exists."]}
