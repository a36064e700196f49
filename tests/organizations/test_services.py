"""The organisation services: rights, tree rules, validation and the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pckb.core.audit import snapshot
from pckb.core.models import AuditEntry
from pckb.organizations import services
from pckb.organizations.models import CommitteeMember, Membership, Organization

from .factories import make_member, make_org


def entries(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id"))


def test_it_creates_under_a_managed_parent_with_a_normalised_code_and_audit(world) -> None:
    org = services.do_create_organization(
        actor=world.org_a_manager, parent=world.a, name="  Công an tỉnh A ", code=" CA-Tinh-A ", kind="agency"
    )
    assert (org.name, org.code, org.parent, org.depth) == ("Công an tỉnh A", "ca-tinh-a", world.a, 2)
    [entry] = entries(org)
    assert (entry.action, entry.actor, entry.organization_id) == ("create", world.org_a_manager, org.pk)


@pytest.mark.parametrize("persona", ["org_a_editor", "org_a_viewer", "org_b_manager", "org_a_child_viewer"])
def test_it_needs_the_manager_role_on_the_parent_to_create(world, persona) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_create_organization(actor=getattr(world, persona), parent=world.a, name="X", code="x", kind="unit")
    assert err.value.message_dict == {"parent": ["Hãy chọn một tổ chức cấp trên mà bạn quản lý."]}
    assert not Organization.objects.filter(code="x").exists()


def test_only_a_superuser_creates_at_the_top(world) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_create_organization(actor=world.org_a_admin, parent=None, name="X", code="x", kind="committee")
    assert "parent" in err.value.message_dict
    top = services.do_create_organization(actor=world.superuser, parent=None, name="X", code="x", kind="committee")
    assert top.path == f"/{top.pk}/"


def test_it_refuses_a_duplicate_code_and_a_bad_kind(world) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_create_organization(actor=world.superuser, parent=world.a, name="X", code="A1", kind="club")
    assert err.value.message_dict == {
        "code": ["Đã có một tổ chức mang mã này."],
        "kind": ["Giá trị 'club' không phải là lựa chọn hợp lệ."],
    }


def test_it_refuses_to_add_under_an_inactive_parent(world) -> None:
    Organization.objects.filter(pk=world.a1.pk).update(is_active=False)
    world.a1.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        services.do_create_organization(actor=world.superuser, parent=world.a1, name="X", code="x", kind="unit")
    assert "parent" in err.value.message_dict


def test_an_update_is_audited_with_before_and_after(world) -> None:
    services.do_update_organization(world.a1, actor=world.org_a_manager, phone="0203 3825 111", short_name="SYT")
    world.a1.refresh_from_db()
    assert (world.a1.phone, world.a1.short_name) == ("0203 3825 111", "SYT")
    assert world.a1.search_name == "so y te tinh a syt a1"
    [entry] = entries(world.a1)
    assert (entry.before["phone"], entry.after["phone"]) == ("", "0203 3825 111")


def test_an_update_outside_the_scope_is_404_and_below_manager_403(world) -> None:
    before = snapshot(world.b1)
    with pytest.raises(Http404):
        services.do_update_organization(world.b1, actor=world.org_a_manager, name="X")
    with pytest.raises(PermissionDenied):
        services.do_update_organization(world.a1, actor=world.org_a1_editor, name="X")
    world.b1.refresh_from_db()
    assert snapshot(world.b1) == before
    assert not AuditEntry.objects.exists()


def test_a_move_is_audited_as_moved_and_rebases_descendants(world) -> None:
    unit = make_org(world.a1, kind="unit", code="phong-1")
    services.do_move_organization(world.a1, world.b, actor=world.superuser)
    unit.refresh_from_db()
    assert unit.path == f"{world.b.path}{world.a1.pk}/{unit.pk}/"
    assert unit.depth == 3
    [entry] = entries(world.a1)
    assert entry.event_type == services.MOVED_EVENT
    assert (entry.before["parent"], entry.after["parent"]) == (world.a.pk, world.b.pk)
    assert entry.message == "Ban Chỉ đạo PCKB tỉnh A → Ban Chỉ đạo PCKB tỉnh B"
    assert entry.organization_path == f"{world.b.path}{world.a1.pk}/"


def test_a_move_needs_the_manager_role_on_both_sides(world) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_move_organization(world.a1, world.b, actor=world.org_a_manager)
    assert err.value.message_dict == {"parent": ["Hãy chọn một tổ chức cấp trên mà bạn quản lý."]}
    with pytest.raises(Http404):
        services.do_move_organization(world.b1, world.a, actor=world.org_a_manager)
    world.a1.refresh_from_db()
    world.b1.refresh_from_db()
    assert (world.a1.parent_id, world.b1.parent_id) == (world.a.pk, world.b.pk)


def test_a_move_into_its_own_subtree_is_a_cycle_error(world) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_move_organization(world.a, world.a1, actor=world.superuser)
    assert err.value.message_dict == {
        "parent": ["Không thể chuyển một tổ chức vào dưới một tổ chức trực thuộc của chính nó."]
    }
    with pytest.raises(ValidationError):
        services.do_move_organization(world.a, world.a, actor=world.superuser)
    with pytest.raises(ValidationError):
        services.do_move_organization(world.a, world.root, actor=world.superuser)  # already there
    world.a.refresh_from_db()
    assert world.a.parent_id == world.root.pk
    assert not AuditEntry.objects.exists()


def test_delete_is_refused_while_anything_refers_to_it(world) -> None:
    leaf = make_org(world.a, kind="agency", code="leaf")
    make_member(world.a, representing=leaf)
    Membership.objects.create(user=world.org_a_viewer, organization=leaf, role=10)
    with pytest.raises(ValidationError) as err:
        services.do_delete_organization(leaf, actor=world.org_a_manager)
    assert err.value.messages == [
        "1 người dùng đang có vai trò trong tổ chức.",
        "Tổ chức được ghi là cơ quan đại diện của 1 thành viên Ban Chỉ đạo.",
    ]
    assert Organization.objects.filter(pk=leaf.pk).exists()
    assert not AuditEntry.objects.exists()


def test_delete_of_a_free_organization_is_audited(world) -> None:
    leaf = make_org(world.a, kind="agency", code="leaf")
    pk = leaf.pk
    services.do_delete_organization(leaf, actor=world.org_a_manager)
    assert not Organization.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(object_id=str(pk))
    assert (entry.action, entry.before["code"]) == ("delete", "leaf")


def test_deactivation_and_reactivation_follow_the_tree(world) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_deactivate_organization(world.a, actor=world.superuser)
    assert err.value.messages == ["Hãy ngừng hoạt động hoặc chuyển các tổ chức trực thuộc còn hoạt động trước."]
    services.do_deactivate_organization(world.a1, actor=world.org_a_manager)
    services.do_deactivate_organization(world.a, actor=world.superuser)
    with pytest.raises(ValidationError):
        services.do_reactivate_organization(world.a1, actor=world.superuser)  # its parent is inactive
    services.do_reactivate_organization(world.a, actor=world.superuser)
    services.do_reactivate_organization(world.a1, actor=world.superuser)
    assert [e.event_type for e in entries(world.a1)] == [
        "organizations.organization.deactivated",
        "organizations.organization.reactivated",
    ]


def test_roster_entries_need_a_committee_dates_in_order_and_an_agency_of_the_committee(world) -> None:
    with pytest.raises(ValidationError) as err:
        services.do_add_committee_member(
            world.a, actor=world.org_a_manager, full_name="Lê Văn Cường", committee_role="member",
            valid_from=datetime.date(2026, 5, 1), valid_to=datetime.date(2026, 4, 1), representing=world.b1,
        )
    assert err.value.message_dict == {
        "valid_to": ["Ngày kết thúc không được trước ngày bắt đầu."],
        "representing": ["Hãy chọn một cơ quan thành viên hoặc đơn vị của Ban Chỉ đạo này."],
    }
    with pytest.raises(ValidationError) as err:
        services.do_add_committee_member(world.a1, actor=world.superuser, full_name="X", committee_role="member")
    assert err.value.message_dict == {"organization": ["Danh sách thành viên chỉ thuộc về một Ban Chỉ đạo."]}
    assert not CommitteeMember.objects.exists()


def test_roster_changes_need_the_manager_role_and_are_audited(world) -> None:
    with pytest.raises(PermissionDenied):
        services.do_add_committee_member(world.a, actor=world.org_a_editor, full_name="X", committee_role="member")
    with pytest.raises(Http404):
        services.do_add_committee_member(world.a, actor=world.org_b_manager, full_name="X", committee_role="member")
    member = services.do_add_committee_member(
        world.a, actor=world.org_a_manager, full_name="Lê Văn Cường", committee_role="chair", representing=world.a1
    )
    services.do_update_committee_member(member, actor=world.org_a_manager, title="Phó Chủ tịch UBND tỉnh")
    pk = member.pk
    services.do_remove_committee_member(member, actor=world.org_a_manager)
    trail = AuditEntry.objects.filter(object_type="organizations.committeemember", object_id=str(pk)).order_by("id")
    assert [(e.action, e.actor) for e in trail] == [("create", world.org_a_manager)] + [
        ("update", world.org_a_manager),
        ("delete", world.org_a_manager),
    ]
    assert not CommitteeMember.objects.filter(pk=pk).exists()


def test_delete_names_the_records_of_other_modules_that_refer_to_it(world) -> None:
    from django.utils import translation

    from pckb.plans.models import Program

    leaf = make_org(world.a, kind="committee", code="leaf")
    Program.objects.create(
        organization=leaf,
        title="Chương trình PCKB giai đoạn 2022–2026",
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2026, 12, 31),
    )
    with translation.override("en"), pytest.raises(ValidationError) as err:
        services.do_delete_organization(leaf, actor=world.org_a_manager)
    assert err.value.messages == ["1 record of “programs” refers to it."]
    assert Organization.objects.filter(pk=leaf.pk).exists()
