"""The generic permission matrix (pckb.core.testing) applied to the organisation pages and API."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pckb.core.choices import Role
from pckb.core.testing import ScopedAddMatrix, ScopedAPIMatrix, ScopedDeleteMatrix, ScopedEditMatrix, ScopedViewMatrix
from pckb.organizations.models import CommitteeMember, Organization

from .factories import make_member, make_org, next_code


class TestOrganizationPages(ScopedViewMatrix):
    model = Organization
    url_prefix = "organizations:organization"
    least_role = Role.MANAGER

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

    def make_object(self, world: Any, org: Organization) -> CommitteeMember:
        return make_member(org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"organization": org.pk, "full_name": "Lê Văn Cường", "committee_role": "member"}

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Giám đốc Sở Y tế", "representing": world.a1.pk}
