"""The generic permission matrix (pckb.core.testing) applied to every page of key targets."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pckb.core.attachments import do_add_attachment
from pckb.core.choices import Role
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedChildFormMatrix,
    ScopedDeleteMatrix,
    ScopedDetailMatrix,
    ScopedDownloadMatrix,
    ScopedEditMatrix,
    ScopedListMatrix,
)
from pckb.organizations.models import Organization
from pckb.targets.models import KeyTarget, PlanScenario, ResponsePlan

from .factories import category, make_plan, make_target, pdf, places, scenario


def target_form(world: Any, org: Organization) -> dict[str, Any]:
    p = places()
    return {
        "organization": org.pk,
        "name": "Nhà máy nhiệt điện Quảng Ninh",
        "category": category("power-plant").pk,
        "province": p["qn"].pk,
        "admin_unit": p["bai_chay"].pk,
        "address": "Phường Hà Khánh",
        "latitude": "20.980000",
        "longitude": "107.120000",
        "importance": "national",
        "protection_force_size": 12,
        "scenarios": [scenario("arson").pk],
        "classification": 0,
    }


def draft_with_document(world: Any, org: Organization) -> ResponsePlan:
    plan = make_plan(world, make_target(world, org))
    do_add_attachment(plan, pdf(), actor=world.superuser)
    return plan


class TestKeyTargetPages(ScopedDetailMatrix, ScopedEditMatrix, ScopedAddMatrix):
    model = KeyTarget
    url_prefix = "targets:keytarget"
    below_add_status = 403  # the owner list is empty for a viewer: no dead-end form

    def make_object(self, world: Any, org: Organization) -> KeyTarget:
        return make_target(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return target_form(world, org)


class TestKeyTargetSheet(ScopedDetailMatrix):
    model = KeyTarget
    list_url = None
    covers = ("targets:keytarget_sheet",)

    def detail_url(self, obj: KeyTarget) -> str:
        return reverse("targets:keytarget_sheet", args=[obj.pk])

    def make_object(self, world: Any, org: Organization) -> KeyTarget:
        return make_target(world, org)


class TestKeyTargetRemove(ScopedActionMatrix):
    model = KeyTarget
    least_role = Role.MANAGER
    action_route = "targets:keytarget_transition"

    def action_url(self, obj: KeyTarget) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=removed"

    def action_data(self, world: Any, obj: KeyTarget) -> dict[str, Any]:
        return {"to": "removed", "comment": "Đơn vị đã chuyển trụ sở"}

    def make_object(self, world: Any, org: Organization) -> KeyTarget:
        return make_target(world, org)


class TestResponsePlanPages(ScopedDetailMatrix, ScopedEditMatrix, ScopedDeleteMatrix):
    model = ResponsePlan
    url_prefix = "targets:responseplan"
    list_url = None  # listed on the target's page

    def make_object(self, world: Any, org: Organization) -> ResponsePlan:
        return make_plan(world, make_target(world, org))

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"title": "Phương án bảo vệ (sửa đổi)", "review_cycle_months": 6, "classification": 0}


class TestResponsePlanAdd(ScopedChildFormMatrix):
    model = KeyTarget
    form_route = "targets:responseplan_add"
    child_model = ResponsePlan

    def make_object(self, world: Any, org: Organization) -> KeyTarget:
        return make_target(world, org)

    def child_data(self, world: Any, parent: KeyTarget) -> dict[str, Any]:
        return {"kind": "response", "title": "Phương án xử lý", "review_cycle_months": 12, "classification": 0}


class TestResponsePlanApprove(ScopedActionMatrix):
    model = ResponsePlan
    least_role = Role.MANAGER
    action_route = "targets:responseplan_approve"
    covers = ("targets:responseplan_transition",)

    def make_object(self, world: Any, org: Organization) -> ResponsePlan:
        return draft_with_document(world, org)


class TestPlanScenarioEdit(ScopedChildFormMatrix):
    model = ResponsePlan
    form_route = "targets:planscenario_edit"
    child_model = PlanScenario

    def make_object(self, world: Any, org: Organization) -> ResponsePlan:
        return make_plan(world, make_target(world, org))

    def child_data(self, world: Any, parent: ResponsePlan) -> dict[str, Any]:
        return {"scenario": scenario("drone").pk, "steps": "Theo dõi hướng bay\nBáo cáo Quân sự"}


class TestPlanScenarioRemove(ScopedActionMatrix):
    model = ResponsePlan
    action_route = "targets:planscenario_remove"

    def action_url(self, obj: ResponsePlan) -> str:
        return reverse(self.action_route, args=[obj.pk, scenario("bomb-threat").pk])

    def make_object(self, world: Any, org: Organization) -> ResponsePlan:
        return make_plan(world, make_target(world, org, scenarios=[scenario("bomb-threat")]))

    def state(self, obj: ResponsePlan) -> Any:
        return list(obj.scenarios.values_list("scenario__code", flat=True))


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestKeyTargetImport(ScopedChildFormMatrix):
    """Upload, preview, confirm: the list of an organisation, for those who may add targets there."""

    model = Organization
    form_route = "targets:keytarget_import"
    child_model = KeyTarget

    def make_object(self, world: Any, org: Organization) -> Organization:
        places()
        return org

    def child_data(self, world: Any, parent: Organization) -> dict[str, Any]:
        data = workbook(
            ["header"],
            ["", "Bến cảng Cái Lân", "seaport", "22", "Phường Bãi Cháy", "", 20.97, 107.05, "", parent.code],
        )
        return {"file": SimpleUploadedFile("muc-tieu.xlsx", data)}

    def submit(self, client: Any, url: str, data: dict[str, Any]) -> Any:
        preview = client.post(url, data)
        if preview.status_code != 200:
            return preview
        return client.post(url, {"confirm": preview.context["job"].pk})


class TestKeyTargetImportTemplate(ScopedDownloadMatrix):
    model = Organization
    download_route = "targets:keytarget_import"
    read_role = Role.EDITOR

    def download_url(self, obj: Organization) -> str:
        return f"{reverse(self.download_route, args=[obj.pk])}?template=xlsx"

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    def check_content(self, obj: Organization, content: bytes) -> None:
        assert content.startswith(b"PK")


class TestKeyTargetMap(ScopedListMatrix):
    """The map's points (GeoJSON) list only what the user may see; the page itself holds no data."""

    model = KeyTarget
    list_routes = ("targets:keytarget_points", "targets:keytarget_map")

    def make_object(self, world: Any, org: Organization) -> KeyTarget:
        return make_target(world, org)

    def list_url(self, route: str, obj: KeyTarget) -> str:
        # The page is checked through the points it loads (same filters, same scope).
        return reverse("targets:keytarget_points")

    def listed_marker(self, obj: KeyTarget) -> str:
        return f'"url":"{obj.get_absolute_url()}"'


class TestOwnerOptions(ScopedListMatrix):
    """The owner's search box offers the organisations the user may add targets to, and no other."""

    model = Organization
    least_role = Role.EDITOR
    below_status = 200  # a viewer's search box: nothing to choose
    list_routes = ("targets:owner_options",)

    def make_object(self, world: Any, org: Organization) -> Organization:
        return Organization.objects.create(name="Cảng vụ Hàng hải", code=f"{org.code}-cv", kind="agency", parent=org)

    def listed_marker(self, obj: Organization) -> str:
        return f'value="{obj.pk}"'


class TestOrganizationOptions(TestOwnerOptions):
    """The listing committee's and protection force's search box: the organisations the user sees."""

    least_role = Role.VIEWER
    list_routes = ("targets:organization_options",)
