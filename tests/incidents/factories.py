"""Incidents for the tests: reported through the service by an editor of a unit under province A."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pckb.core.testing_files import pdf_bytes
from pckb.incidents import services
from pckb.incidents.models import Alert, Incident
from pckb.organizations.models import Organization
from pckb.targets import services as target_services
from pckb.targets.models import KeyTarget, Scenario, TargetCategory
from pckb.targets.testing import places


def scenario(code: str = "suspicious-object") -> Scenario:
    return Scenario.objects.get(code=code)


def incident_fields(**fields: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "scenario": scenario(),
        "title": "Phát hiện vật nghi là thuốc nổ tại sảnh chờ",
        "occurred_at": now - datetime.timedelta(minutes=20),
        "reported_at": now - datetime.timedelta(minutes=10),
        "admin_unit": places()["halong"],
        "address": "Sảnh chờ tầng 1",
        "latitude": Decimal("20.950000"),
        "longitude": Decimal("107.080000"),
        "severity": 2,
        "description": "Một ba lô không người trông coi, có dây điện lộ ra ngoài.",
        **fields,
    }


def make_target(world: Any) -> KeyTarget:
    return target_services.do_create_key_target(
        world.a,
        actor=world.org_a_editor,
        name="Cảng hàng không quốc tế Vân Đồn",
        category=TargetCategory.objects.get(code="airport"),
        province=places()["qn"],
        admin_unit=places()["halong"],
        latitude=Decimal("21.120000"),
        longitude=Decimal("107.415000"),
    )


def approved_plan_target(world: Any, steps: list[str]) -> KeyTarget:
    """A target whose approved response plan has its own checklist for the suspicious-object scenario."""
    target = make_target(world)
    plan = target_services.do_create_response_plan(target, actor=world.org_a_editor, title="Phương án", kind="response")
    target_services.do_set_plan_scenario(plan, scenario(), steps, actor=world.org_a_editor)
    pdf = SimpleUploadedFile("phuong-an.pdf", pdf_bytes(), content_type="application/pdf")
    target_services.do_approve_response_plan(plan, actor=world.org_a_manager, attachment=pdf)
    return target


def report(
    world: Any, org: Organization | None = None, *, actor: Any = None, chosen: tuple = (), **fields: Any
) -> Incident:
    return services.do_report_incident(
        org or world.a1,
        actor=actor or world.org_a1_editor,
        alert_organizations=list(chosen),
        **incident_fields(**fields),
    )


def alert_to(world: Any, org: Organization) -> Alert:
    """An alert addressed to `org`: reported by a new unit under it (its committee's office is `org`'s)."""
    unit = Organization.objects.create(name=f"Đơn vị cơ sở {org.pk}", code=f"unit-{org.pk}", kind="agency", parent=org)
    incident = report(world, unit, actor=world.superuser)
    return incident.alerts.get(organization=org)
