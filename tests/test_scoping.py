"""The one permission mechanism: subtree memberships, roles, classification, 404/403 helper."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pckb.core.choices import Classification, Role
from pckb.core.scoping import can, check_write_scope, get_object_for_user, scope_paths, writable_organizations
from pckb.core.testing import make_user
from pckb.organizations.models import CommitteeMember, Organization

pytestmark = pytest.mark.django_db


def _codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_it_shows_a_member_its_subtree_only(world):
    assert _codes(Organization.objects.visible_to(world.org_a_viewer)) == ["a", "a1"]
    assert _codes(Organization.objects.visible_to(world.org_a_child_viewer)) == ["a1"]
    assert _codes(Organization.objects.visible_to(world.org_b_editor)) == ["b", "b1"]


def test_it_shows_the_superuser_everything(world):
    assert _codes(Organization.objects.visible_to(world.superuser)) == ["a", "a1", "b", "b1", "root"]


def test_it_requires_the_role_for_the_action(world):
    assert _codes(Organization.objects.visible_to(world.org_a_viewer, "change")) == []
    assert _codes(Organization.objects.visible_to(world.org_a_editor, "change")) == ["a", "a1"]
    assert _codes(Organization.objects.visible_to(world.org_a_editor, "manage")) == []
    assert _codes(Organization.objects.visible_to(world.org_a_manager, "manage")) == ["a", "a1"]


def test_it_shows_nothing_to_anonymous_or_inactive_users(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Organization.objects.visible_to(AnonymousUser()).exists()
    world.org_a_admin.is_active = False
    world.org_a_admin.save()
    assert scope_paths(world.org_a_admin) == []


def test_it_follows_a_moved_subtree(world):
    a1 = world.a1
    a1.parent = world.b
    a1.save()
    assert Organization.objects.get(code="a1").path == f"{world.b.path}{a1.pk}/"
    viewer = type(world.org_a_viewer).objects.get(pk=world.org_a_viewer.pk)  # fresh membership cache
    assert _codes(Organization.objects.visible_to(viewer)) == ["a"]
    outsider = type(world.org_b_editor).objects.get(pk=world.org_b_editor.pk)
    assert "a1" in _codes(Organization.objects.visible_to(outsider))


def test_it_hides_records_above_the_users_clearance(world):
    secret = CommitteeMember.objects.create(
        organization=world.a, full_name="Nguyễn Văn Mật", committee_role="member", classification=Classification.SECRET
    )
    plain = CommitteeMember.objects.create(organization=world.a, full_name="Trần Thị Thường", committee_role="member")
    assert set(CommitteeMember.objects.visible_to(world.org_a_viewer)) == {plain}
    assert set(CommitteeMember.objects.visible_to(world.org_a_manager)) == {plain, secret}
    with pytest.raises(Http404):
        get_object_for_user(world.org_a_viewer, CommitteeMember, secret.pk)


def test_it_answers_404_for_invisible_and_403_for_read_only(world):
    member = CommitteeMember.objects.create(organization=world.a, full_name="Lê Văn Ba", committee_role="member")
    with pytest.raises(Http404):
        get_object_for_user(world.org_b_editor, CommitteeMember, member.pk, "change")
    with pytest.raises(Http404):
        get_object_for_user(world.org_a_viewer, CommitteeMember, 999999)
    with pytest.raises(Http404):
        get_object_for_user(world.org_a_viewer, CommitteeMember, "not-a-number")
    with pytest.raises(PermissionDenied):
        get_object_for_user(world.org_a_viewer, CommitteeMember, member.pk, "change")
    assert get_object_for_user(world.org_a_editor, CommitteeMember, member.pk, "change") == member


def test_it_refuses_writes_outside_the_scope(world):
    check_write_scope(world.org_a_editor, world.a1, "add")
    with pytest.raises(Http404):
        check_write_scope(world.org_a_editor, world.b, "add")
    with pytest.raises(Http404):
        check_write_scope(world.org_a_viewer, world.a, "change")
    assert can(world.superuser, "admin", world.b)
    assert _codes(writable_organizations(world.org_a1_editor)) == ["a1"]


def test_it_merges_nested_memberships(world):
    user = make_user("double", org=world.a, role=Role.VIEWER)
    from pckb.organizations.models import Membership

    Membership.objects.create(user=user, organization=world.a1, role=Role.EDITOR)
    assert scope_paths(user, "view") == [world.a.path]
    assert _codes(Organization.objects.visible_to(user, "change")) == ["a1"]


def test_it_speaks_vietnamese_to_an_english_browser_until_english_is_chosen(client, world):
    client.force_login(world.org_a_viewer)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.headers["Content-Language"] == "vi"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="vi").headers["Content-Language"] == "en"


def test_it_keeps_the_api_schema_for_signed_in_users(client, world):
    assert client.get("/api/v1/schema/").status_code == 401
    client.force_login(world.org_a_viewer)
    assert client.get("/api/v1/schema/").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/organizations", "/api/v1/organizations/", "/api/v1/admin-units"])
def test_it_answers_api_paths_with_or_without_a_trailing_slash(client, world, path):
    client.force_login(world.org_a_viewer)
    assert client.get(path).status_code == 200
