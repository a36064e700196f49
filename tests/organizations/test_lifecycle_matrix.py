"""Permission matrices of the rename, merge and dissolve pages and API actions (#9)."""

from __future__ import annotations

from typing import Any

from pckb.core.choices import Role
from pckb.core.testing import ScopedActionMatrix, ScopedAPIActionMatrix
from pckb.organizations.models import Organization

from .factories import make_org


class _Lifecycle:
    model = Organization
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Organization:
        return make_org(org, name="Sở Thông tin và Truyền thông tỉnh A", kind="agency")


class TestOrganizationRenamePage(_Lifecycle, ScopedActionMatrix):
    action_route = "organizations:organization_rename"

    def action_data(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"new_name": "Sở Chuyển đổi số tỉnh A", "effective_date": "01/03/2025", "confirmed": "1"}


class TestOrganizationMergePage(_Lifecycle, ScopedActionMatrix):
    action_route = "organizations:organization_merge"

    def action_data(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"into": world.a1.pk, "effective_date": "01/03/2025", "confirmed": "1"}


class TestOrganizationDissolvePage(_Lifecycle, ScopedActionMatrix):
    action_route = "organizations:organization_dissolve"

    def action_data(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"effective_date": "01/07/2025", "confirmed": "1"}


class TestOrganizationRenameAPI(_Lifecycle, ScopedAPIActionMatrix):
    endpoint = "/api/v1/organizations/"
    api_action = "rename"

    def action_body(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"new_name": "Sở Chuyển đổi số tỉnh A", "effective_date": "2025-03-01"}


class TestOrganizationMergeAPI(_Lifecycle, ScopedAPIActionMatrix):
    endpoint = "/api/v1/organizations/"
    api_action = "merge"

    def action_body(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"into": world.a1.pk, "effective_date": "2025-03-01"}


class TestOrganizationDissolveAPI(_Lifecycle, ScopedAPIActionMatrix):
    endpoint = "/api/v1/organizations/"
    api_action = "dissolve"

    def action_body(self, world: Any, obj: Organization) -> dict[str, Any]:
        return {"effective_date": "2025-07-01"}
