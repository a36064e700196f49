"""Demo data of key targets: 30–80 targets per demo province, with plans in every state.

Called by the demo loader as `seed(committees, users)` after the plans demo. Targets, plans, scenarios
and approvals go through the services, acted by the province committee's administrator (a manager
and more) and the police agency's editor, so codes, the audit trail and supersession are the real
ones. Coordinates are random points inside the province's outline (geo.outlines, seeded: the same
demo every time); names are invented from the category and a commune of the province.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from pckb.core.attachments import do_add_attachment
from pckb.core.scoping import can
from pckb.geo.choices import AdminLevel
from pckb.geo.models import AdminUnit
from pckb.geo.outlines import outlines, random_point_in_province
from pckb.organizations.models import Organization

from . import services
from .models import KeyTarget, ResponsePlan, Scenario, TargetCategory, add_months

__all__ = ["seed", "TARGETS_PER_PROVINCE"]

TARGETS_PER_PROVINCE = {"22": 64, "24": 42, "11": 34, "79": 78}

# Invented names per category: "{place}" is a commune or ward of the province.
NAMES = {
    "party-state-hq": ["Trụ sở Hội đồng nhân dân và Ủy ban nhân dân {place}", "Trụ sở Đảng ủy {place}"],
    "historic-site": ["Khu di tích lịch sử {place}", "Nhà tưởng niệm liệt sĩ {place}", "Đền thờ danh nhân {place}"],
    "industrial-zone": ["Khu công nghiệp {place}", "Cụm công nghiệp {place}"],
    "airport": ["Sân bay chuyên dùng {place}"],
    "seaport": ["Bến cảng tổng hợp {place}", "Cảng thủy nội địa {place}"],
    "border-gate": ["Cửa khẩu {place}"],
    "bank": ["Chi nhánh ngân hàng thương mại {place}", "Phòng giao dịch Kho bạc {place}"],
    "telecom": ["Trạm phát sóng truyền hình {place}", "Trung tâm viễn thông {place}"],
    "power-plant": ["Trạm biến áp 220 kV {place}", "Nhà máy điện {place}"],
    "mass-event-venue": ["Quảng trường trung tâm {place}", "Nhà thi đấu đa năng {place}", "Sân vận động {place}"],
    "transport-hub": ["Bến xe khách {place}", "Ga đường sắt {place}"],
    "water-supply": ["Nhà máy nước {place}", "Hồ chứa nước {place}"],
    "hospital": ["Bệnh viện đa khoa {place}"],
}
# Border gates only where the province has a land border (Quảng Ninh, Điện Biên).
BORDER_PROVINCES = {"22", "11"}
PLAN_STATES = ["approved", "approved", "superseded", "draft", "overdue", "due_soon", "none", "approved"]


def _pdf(name: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _approve(plan: ResponsePlan, manager: Any) -> ResponsePlan:
    do_add_attachment(plan, _pdf("phuong-an-da-ky.pdf"), actor=manager)
    return services.do_approve_response_plan(plan, actor=manager)


def _backdate(plan: ResponsePlan, approved_on: datetime.date) -> None:
    # The demo needs plans approved months ago; services only approve "today", so the two derived
    # dates are moved back here (demo data only, never done by the application).
    ResponsePlan.objects.filter(pk=plan.pk).update(
        approved_on=approved_on, next_review_due=add_months(approved_on, plan.review_cycle_months)
    )


def _plans(target: KeyTarget, state: str, editor: Any, manager: Any, today: datetime.date) -> None:
    if state == "none":
        return
    title = f"Phương án bảo vệ {target.name}"
    plan = services.do_create_response_plan(
        target, actor=editor, kind="protection", title=title, review_cycle_months=12
    )
    if state == "draft":
        return
    plan = _approve(plan, manager)
    if state == "overdue":
        _backdate(plan, today - datetime.timedelta(days=400))
    elif state == "due_soon":
        _backdate(plan, add_months(today, -12) + datetime.timedelta(days=20))
    elif state == "superseded":
        _backdate(plan, today - datetime.timedelta(days=300))
        second = services.do_create_response_plan(
            target, actor=editor, kind="protection", title=f"{title} (sửa đổi, bổ sung)", review_cycle_months=12
        )
        _approve(second, manager)
        services.do_create_response_plan(target, actor=editor, kind="response", title=f"Phương án xử lý {target.name}")


def _seed_province(committee: Organization, manager: Any, editor: Any, rng: random.Random, today: datetime.date) -> int:
    code = committee.admin_unit.code if committee.admin_unit_id else ""
    if code not in TARGETS_PER_PROVINCE or code not in outlines():
        return 0
    province = committee.admin_unit
    communes = list(AdminUnit.objects.current().filter(level=AdminLevel.COMMUNE, parent=province).order_by("code"))
    agencies = list(Organization.objects.filter(parent=committee, is_active=True).current().order_by("pk"))
    if not communes or not agencies:
        return 0
    categories = {c.code: c for c in TargetCategory.objects.all()}
    scenarios = list(Scenario.objects.all())
    kinds = [k for k in NAMES if k != "border-gate" or code in BORDER_PROVINCES]
    used: set[str] = set()
    for index in range(TARGETS_PER_PROVINCE[code]):
        kind = kinds[index % len(kinds)]
        commune = rng.choice(communes)
        name = rng.choice(NAMES[kind]).format(place=commune.name)
        if name in used:
            name = f"{name} (cơ sở {index + 1})"
        used.add(name)
        latitude, longitude = random_point_in_province(code, rng)
        owner = agencies[index % len(agencies)] if index % 3 else committee
        target = services.do_create_key_target(
            owner,
            actor=manager,
            name=name,
            category=categories[kind],
            province=province,
            admin_unit=commune,
            address=f"{commune.name}, {province.name}",
            latitude=Decimal(f"{latitude:.6f}"),
            longitude=Decimal(f"{longitude:.6f}"),
            importance=("national", "provincial", "provincial", "local")[index % 4],
            listing_decision_number=f"{100 + index // 20}/QĐ-BCĐ",
            listing_decision_date=datetime.date(2025, 9, 15),
            listing_committee=committee,
            protection_force=agencies[0],
            protection_force_size=rng.randint(4, 40),
            protection_force_dedicated=index % 2 == 0,
            scenarios=rng.sample(scenarios, k=1 + index % 3),
        )
        author = editor if can(editor, "change", owner) else manager
        state = PLAN_STATES[index % len(PLAN_STATES)]
        _plans(target, state, author, manager, today)
        if state in FOLLOW_UPS and index < 3 * len(PLAN_STATES):
            _follow_up(target, state, committee, manager, today)
    return TARGETS_PER_PROVINCE[code]


# Tasks the committee gives about a target (its page's "New task for this target"), per plan state.
FOLLOW_UPS = {
    "overdue": ("Rà soát, cập nhật phương án bảo vệ {name}", 20),
    "none": ("Xây dựng phương án bảo vệ {name}, trình Ban Chỉ đạo phê duyệt", 45),
    "due_soon": ("Chuẩn bị rà soát định kỳ phương án bảo vệ {name}", 30),
}


def _follow_up(target: KeyTarget, state: str, committee: Organization, manager: Any, today: datetime.date) -> None:
    from pckb.plans.services import do_create_task

    title, days = FOLLOW_UPS[state]
    assignee = target.organization if target.organization_id != committee.pk else target.protection_force
    do_create_task(
        committee,
        actor=manager,
        source=target,
        announce=False,
        title=title.format(name=target.name),
        description="Báo cáo kết quả về Cơ quan Thường trực Ban Chỉ đạo.",
        assignee=assignee,
        assigned_on=today - datetime.timedelta(days=5),
        deadline=today + datetime.timedelta(days=days),
        priority="high" if state == "overdue" else "normal",
    )


@transaction.atomic
def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """Seed each demo province committee whose administrator login is in `users`; returns targets made."""
    today = timezone.localdate()
    rng = random.Random(20250701)
    total = 0
    for login, committee in committees.items():
        manager = users.get(login)
        if (
            manager is None
            or committee.level != "province"
            or KeyTarget.objects.filter(listing_committee=committee).exists()
        ):
            continue
        editor = users.get(f"{login}.congan", manager)
        total += _seed_province(committee, manager, editor, rng, today)
    return total
