"""accounts.services: the rules hold whoever calls them (pages, API, commands)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pckb.accounts import services
from pckb.accounts.access import get_user_for_admin, is_user_admin, users_visible_to
from pckb.core.choices import Classification, Role
from pckb.core.models import AuditEntry
from pckb.core.testing import make_user
from pckb.organizations.models import Membership

pytestmark = pytest.mark.django_db

GOOD = "Hoa-sen-2026!"


def test_it_knows_who_administers_users(world):
    assert is_user_admin(world.superuser) and is_user_admin(world.org_a_admin)
    assert not is_user_admin(world.org_a_manager) and not is_user_admin(world.org_b_editor)


def test_it_scopes_users_by_memberships(world):
    seen = set(users_visible_to(world.org_a_viewer).values_list("username", flat=True))
    assert seen == {
        "org_a_admin",
        "org_a_manager",
        "org_a_editor",
        "org_a_viewer",
        "org_a_child_viewer",
        "org_a1_editor",
    }
    assert not users_visible_to(world.org_a_viewer, "admin").exists()
    assert users_visible_to(world.superuser).count() == 9


def test_it_answers_404_to_outsiders_and_403_to_readers(world):
    with pytest.raises(Http404):
        get_user_for_admin(world.org_b_editor, world.org_a_viewer.pk)
    with pytest.raises(Http404):
        get_user_for_admin(world.org_a_admin, world.superuser.pk)
    with pytest.raises(PermissionDenied):
        get_user_for_admin(world.org_a_viewer, world.org_a_editor.pk)
    assert get_user_for_admin(world.org_a_admin, world.org_a_editor.pk) == world.org_a_editor


def test_it_requires_a_first_membership_unless_superuser(world):
    with pytest.raises(ValidationError) as err:
        services.do_create_user("khong-to-chuc", GOOD, actor=world.org_a_admin)
    assert "organization" in err.value.message_dict
    user = services.do_create_user("he-thong", GOOD, actor=world.superuser)
    assert not user.memberships.exists()
    assert AuditEntry.objects.get().organization is None  # only superusers see it


def test_it_refuses_an_organisation_outside_the_scope(world):
    with pytest.raises(Http404):
        services.do_create_user("x", GOOD, actor=world.org_a_admin, organization=world.b, role=Role.VIEWER)
    with pytest.raises(Http404):
        services.do_add_membership(world.org_a_viewer, world.b1, Role.VIEWER, actor=world.org_a_admin)
    assert not Membership.objects.filter(
        organization__in=[world.b, world.b1], user__username__in=["x", "org_a_viewer"]
    ).exists()


def test_it_caps_clearance_and_role(world, monkeypatch):
    low_admin = make_user("low_admin", org=world.a, role=Role.ADMIN)
    with pytest.raises(ValidationError) as err:
        services.do_update_user(world.org_a_viewer, actor=low_admin, clearance=Classification.CONFIDENTIAL)
    assert err.value.message_dict == {
        "clearance": ["Bạn không thể cấp mức tiếp cận bí mật cao hơn mức của chính mình."]
    }
    from pckb.core import choices

    monkeypatch.setitem(choices.ROLE_FOR_ACTION, "admin", Role.MANAGER)
    with pytest.raises(ValidationError) as err:
        services.do_add_membership(world.org_a1_editor, world.a, Role.ADMIN, actor=world.org_a_manager)
    assert "role" in err.value.message_dict
    assert not AuditEntry.objects.exists()


def test_it_keeps_a_higher_clearance_an_administrator_does_not_touch(world):
    low_admin = make_user("low_admin", org=world.a, role=Role.ADMIN)
    services.do_update_user(world.org_a_manager, actor=low_admin, full_name="Phạm Thu", clearance=Classification.SECRET)
    world.org_a_manager.refresh_from_db()
    assert world.org_a_manager.full_name == "Phạm Thu" and world.org_a_manager.clearance == Classification.SECRET


def test_it_refuses_unknown_fields_naming_them(world):
    with pytest.raises(ValidationError) as err:
        services.do_update_user(world.org_a_viewer, actor=world.org_a_admin, is_superuser=True)
    assert list(err.value.message_dict) == ["is_superuser"]
    with pytest.raises(ValidationError) as err:
        services.do_update_profile(world.org_a_viewer, actor=world.org_a_viewer, clearance=2)
    assert list(err.value.message_dict) == ["clearance"]
    world.org_a_viewer.refresh_from_db()
    assert (world.org_a_viewer.is_superuser, world.org_a_viewer.clearance) == (False, 0)
    assert not AuditEntry.objects.exists()


def test_it_lets_users_change_only_their_own_profile(world):
    with pytest.raises(PermissionDenied):
        services.do_update_profile(world.org_a_viewer, actor=world.org_a_admin, full_name="X")


def test_it_files_a_removed_membership_under_its_organisation(world):
    membership = world.org_a_child_viewer.memberships.get()
    services.do_remove_membership(membership, actor=world.org_a_admin)
    entry = AuditEntry.objects.get()
    assert entry.action == "delete" and entry.organization == world.a1 and entry.before["role"] == Role.VIEWER
    assert AuditEntry.objects.visible_to(world.org_a_admin).filter(pk=entry.pk).exists()
    assert not AuditEntry.objects.visible_to(world.org_b_editor).filter(pk=entry.pk).exists()


def test_it_lets_an_administrator_set_a_password(world):
    services.do_set_password(world.org_a_viewer, GOOD, actor=world.org_a_admin)
    world.org_a_viewer.refresh_from_db()
    assert world.org_a_viewer.check_password(GOOD)
    with pytest.raises(Http404):
        services.do_set_password(world.org_a_viewer, GOOD, actor=world.org_b_editor)
    with pytest.raises(ValidationError):
        services.do_set_password(world.org_a_viewer, "123", actor=world.org_a_viewer)
