"""The API's permission matrix: key targets, response plans (and their approval), the import action."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pckb.core.choices import Role
from pckb.core.testing import ScopedAPIActionMatrix, ScopedAPIMatrix
from pckb.organizations.models import Organization
from pckb.targets.models import KeyTarget, ResponsePlan

from .factories import category, make_plan, make_target, places, scenario
from .test_permission_matrix import draft_with_document, workbook


class TestKeyTargetAPI(ScopedAPIMatrix):
    model = KeyTarget
    endpoint = "/api/v1/key-targets/"
    deletable = False  # a target leaves the list by its transition, with the reason

    def make_object(self, world: Any, org: Organization) -> KeyTarget:
        return make_target(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        p = places()
        return {
            "organization": org.pk,
            "name": "Ga hành khách Cảng tàu Tuần Châu",
            "category": category("seaport").pk,
            "province": p["qn"].pk,
            "admin_unit": p["bai_chay"].pk,
            "latitude": "20.930000",
            "longitude": "106.990000",
            "importance": "provincial",
            "scenarios": [scenario("bomb-threat").pk],
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"address": "Đảo Tuần Châu", "protection_force_size": 20}


class TestKeyTargetRemoveAPI(ScopedAPIActionMatrix):
    model = KeyTarget
    endpoint = "/api/v1/key-targets/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> KeyTarget:
        return make_target(world, org)

    def action_body(self, world: Any, obj: KeyTarget) -> dict[str, Any]:
        return {"to": "removed", "comment": "Đã giải thể"}


class TestResponsePlanAPI(ScopedAPIMatrix):
    model = ResponsePlan
    endpoint = "/api/v1/response-plans/"

    def make_object(self, world: Any, org: Organization) -> ResponsePlan:
        return make_plan(world, make_target(world, org))

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        target = make_target(world, org)
        return {"target": target.pk, "kind": "response", "title": "Phương án xử lý tình huống"}

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Phương án xử lý (sửa đổi)", "review_cycle_months": 24}


class TestResponsePlanApproveAPI(ScopedAPIActionMatrix):
    model = ResponsePlan
    endpoint = "/api/v1/response-plans/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> ResponsePlan:
        return draft_with_document(world, org)

    def action_body(self, world: Any, obj: ResponsePlan) -> dict[str, Any]:
        return {"to": "approved"}


class TestKeyTargetImportAPI(ScopedAPIActionMatrix):
    """`POST /key-targets/import?organization=<id>`: editors of the organisation whose list it is."""

    model = Organization
    endpoint = "/api/v1/key-targets/"
    api_action = "import"
    body_format = "multipart"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    @classmethod
    def covered_routes(cls) -> set[str]:
        return {"keytarget-import-targets"}

    def item(self, obj: Any) -> str:
        return f"/api/v1/organizations/{obj.pk}/"

    def listed_ids(self, user: Any) -> set[int]:
        from pckb.core.testing import _api_client

        response = _api_client(user).get("/api/v1/organizations/", {"page_size": 500})
        return {row["id"] for row in response.json()["results"]}

    def action_item(self, obj: Organization) -> str:
        return f"{self.endpoint}import?organization={obj.pk}"

    def action_body(self, world: Any, obj: Organization) -> dict[str, Any]:
        data = workbook(
            ["header"],
            ["", "Bến cảng Cái Lân", "seaport", "22", "Phường Bãi Cháy", "", 20.97, 107.05, "", obj.code],
        )
        return {"file": SimpleUploadedFile("muc-tieu.xlsx", data)}

    def state(self, obj: Organization) -> Any:
        return KeyTarget.objects.count()

    def audit_count(self, obj: Organization) -> int:
        from pckb.core.models import AuditEntry

        return AuditEntry.objects.filter(object_type="targets.keytarget").count()
