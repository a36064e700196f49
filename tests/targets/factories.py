"""Places and records of the key target tests: two provinces with communes, a target, a plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pckb.core.testing_files import pdf_bytes
from pckb.targets import services
from pckb.targets.models import KeyTarget, ResponsePlan, Scenario, TargetCategory
from pckb.targets.testing import places, unit  # noqa: F401 - re-exported for the tests


def category(code: str = "airport") -> TargetCategory:
    return TargetCategory.objects.get(code=code)


def scenario(code: str = "bomb-threat") -> Scenario:
    return Scenario.objects.get(code=code)


def target_fields(**fields: Any) -> dict[str, Any]:
    p = places()
    return {
        "name": "Cảng hàng không quốc tế Vân Đồn",
        "category": category(),
        "province": p["qn"],
        "admin_unit": p["halong"],
        "address": "Xã Vân Đồn, tỉnh Quảng Ninh",
        "latitude": Decimal("21.120000"),
        "longitude": Decimal("107.415000"),
        "importance": "national",
        **fields,
    }


def make_target(world: Any, org: Any = None, *, actor: Any = None, **fields: Any) -> KeyTarget:
    return services.do_create_key_target(org or world.a, actor=actor or world.org_a_editor, **target_fields(**fields))


def pdf(name: str = "phuong-an.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def make_plan(world: Any, target: KeyTarget, *, approved: bool = False, **fields: Any) -> ResponsePlan:
    plan = services.do_create_response_plan(
        target, actor=world.org_a_editor, **{"title": "Phương án bảo vệ", "kind": "protection", **fields}
    )
    if approved:
        plan = services.do_approve_response_plan(plan, actor=world.org_a_manager, attachment=pdf())
    return plan
