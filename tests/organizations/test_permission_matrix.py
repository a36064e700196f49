"""The generic permission matrix (pckb.core.testing) applied to the organisation pages and API."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pckb.core.choices import Role
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedAPIMatrix,
    ScopedDeleteMatrix,
    ScopedDetailMatrix,
    ScopedEditMatrix,
    ScopedListMatrix,
    ScopedViewMatrix,
)
from pckb.organizations.models import CommitteeMember, Organization

from .factories import make_member, make_org, next_code


class TestOrganizationPages(ScopedViewMatrix):
    model = Organization
    url_prefix = "organizations:organization"
    least_role = Role.MANAGER
    outsider_add_status = 404  # the add page looks the parent up first
    below_add_status = 403

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit")

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"name": "Phòng Tham mưu tổng hợp", "code": next_code("edited"), "kind": "unit"}

    def add_url(self, world: Any, org: Organization) -> str:
        return reverse("organizations:organization_add") + f"?parent={org.pk}"

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"parent": org.pk, "name": "Sở Xây dựng tỉnh A", "code": next_code("added"), "kind": "agency"}


class TestCommitteeMemberPages(ScopedEditMatrix, ScopedDeleteMatrix, ScopedAddMatrix):
    model = CommitteeMember
    url_prefix = "organizations:committeemember"
    least_role = Role.MANAGER
    outsider_add_status = 404  # the add page looks the committee up first
    below_add_status = 403

    def make_object(self, world: Any, org: Organization) -> CommitteeMember:
        return make_member(org, full_name="Trần Thị Bình", committee_role="vice_chair")

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"full_name": "Trần Thị Bình", "committee_role": "chair", "title": "Phó Chủ tịch UBND", "sort_order": 1}

    def add_url(self, world: Any, org: Organization) -> str:
        return reverse("organizations:committeemember_add") + f"?committee={org.pk}"


class TestOrganizationAPI(ScopedAPIMatrix):
    model = Organization
    endpoint = "/api/v1/organizations/"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit")

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"parent": org.pk, "name": "Sở Xây dựng tỉnh A", "code": next_code("api"), "kind": "agency"}

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"name": "Phòng Tham mưu tổng hợp"}


class TestCommitteeMemberAPI(ScopedAPIMatrix):
    model = CommitteeMember
    endpoint = "/api/v1/committee-members/"
    least_role = Role.MANAGER
    below_create_status = 403  # the committee is visible to its viewers and editors, not theirs to change

    def make_object(self, world: Any, org: Organization) -> CommitteeMember:
        return make_member(org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"organization": org.pk, "full_name": "Lê Văn Cường", "committee_role": "member"}

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Giám đốc Sở Y tế", "representing": world.a1.pk}


class TestOrganizationMove(ScopedEditMatrix):
    model = Organization
    least_role = Role.MANAGER
    covers = ("organizations:organization_move",)

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit")

    def edit_url(self, obj: Organization) -> str:
        return reverse("organizations:organization_move", args=[obj.pk])

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"parent": world.a1.pk}


class TestOrganizationDeactivation(ScopedActionMatrix):
    model = Organization
    least_role = Role.MANAGER
    action_route = "organizations:organization_deactivate"

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit")


class TestOrganizationReactivation(ScopedActionMatrix):
    model = Organization
    least_role = Role.MANAGER
    action_route = "organizations:organization_reactivate"

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit", is_active=False)


class TestOrganizationChildren(ScopedDetailMatrix):
    """The sub-organisations of an organisation, loaded into its page (htmx)."""

    model = Organization
    covers = ("organizations:organization_children",)
    list_url = None

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit")

    def detail_url(self, obj: Organization) -> str:
        return reverse("organizations:organization_children", args=[obj.pk])


class TestOrganizationOptions(ScopedListMatrix):
    """The parent search box offers the organisations the user manages, and no other."""

    model = Organization
    least_role = Role.MANAGER
    list_routes = ("organizations:organization_options",)

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit")

    def listed_marker(self, obj: Organization) -> str:
        return f'value="{obj.pk}"'
    below_status = 200  # an empty search box, nothing to choose


class TestOrganizationTransition(ScopedActionMatrix):
    """The one transition page of an organisation (`?to=`); deactivate and reactivate are its aliases."""

    model = Organization
    least_role = Role.MANAGER
    action_route = "organizations:organization_transition"

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Phòng Tham mưu", kind="unit")

    def action_url(self, obj: Organization) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=inactive"

    def action_data(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"to": "inactive"}
