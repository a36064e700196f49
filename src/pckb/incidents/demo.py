"""Demo data of incidents, per demo province: two closed false alarms, a closed drill, and one open
drill whose alerts are partly acknowledged.

Called by the demo loader as `seed(committees, users)` after the key targets demo. Everything goes
through the services (report, checklist, acknowledgement, transitions, notes, a lesson as a task),
acted by the staff of the organisations concerned, so the timeline and audit trail are the real ones.
Descriptions speak of events and places only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pckb.core.choices import Role
from pckb.organizations.models import Membership, Organization
from pckb.targets.models import KeyTarget, Scenario

from . import services
from .choices import IncidentStatus
from .models import Incident

__all__ = ["seed"]

CLOSED_CASES = [
    {
        "scenario": "bomb-threat",
        "category": "bank",
        "title": "Cuộc gọi báo có bom tại {target}",
        "days_ago": 38,
        "address": "Sảnh giao dịch tầng 1",
        "severity": 2,
        "description": (
            "Lúc 9 giờ 15, tổng đài của {target} nhận cuộc gọi từ số máy ẩn báo có bom đặt trong sảnh giao dịch. "
            "Đơn vị đã tạm dừng giao dịch và hướng dẫn khách ra khỏi tòa nhà theo lối thoát hiểm."
        ),
        "summary": (
            "Lực lượng chuyên trách kiểm tra toàn bộ tòa nhà, không phát hiện vật nổ. Xác định là tin báo giả; "
            "giao dịch trở lại bình thường sau 2 giờ. Hồ sơ cuộc gọi đã chuyển cơ quan điều tra."
        ),
        "lesson": "Tập huấn lại quy trình tiếp nhận cuộc gọi đe dọa cho nhân viên tổng đài ngân hàng",
        "skip": {4: "Không phát hiện vật nghi vấn nên không cần phối hợp rà phá"},
    },
    {
        "scenario": "suspicious-object",
        "category": "transport-hub",
        "title": "Phát hiện vali không người trông coi tại {target}",
        "days_ago": 12,
        "address": "Khu vực quầy bán vé",
        "severity": 2,
        "description": (
            "Nhân viên bảo vệ phát hiện một vali màu đen để cạnh quầy bán vé, không người trông coi quá 30 phút. "
            "Khu vực quầy vé được tạm phong tỏa."
        ),
        "summary": (
            "Tổ rà phá kiểm tra bằng thiết bị chuyên dụng: vali chứa quần áo, không có vật nguy hiểm. Đã bàn giao "
            "cho bộ phận tìm đồ thất lạc; khu vực mở lại sau 50 phút."
        ),
        "lesson": "Bổ sung biển hướng dẫn và loa nhắc hành khách không để hành lý không người trông coi",
        "skip": {},
    },
]
DRILL_CLOSED = {
    "scenario": "hostage",
    "category": "mass-event-venue",
    "title": "Diễn tập xử lý tình huống bắt giữ con tin tại {target}",
    "days_ago": 60,
    "address": "Khán đài A",
    "severity": 3,
    "description": "Diễn tập thực binh theo kế hoạch năm: giả định nhóm đối tượng khống chế con tin tại khu khán đài.",
    "summary": "Các lực lượng phối hợp đúng phương án; thời gian triển khai vành đai 11 phút, đạt yêu cầu.",
}
DRILL_OPEN = {
    "scenario": "suspicious-object",
    "category": "seaport",
    "title": "Diễn tập: phát hiện vật nghi là chất nổ tại {target}",
    "minutes_ago": 25,
    "address": "Bãi chờ hàng xuất, cổng số 2",
    "severity": 3,
    "description": (
        "Tình huống giả định: nhân viên kiểm soát phát hiện thùng hàng có dây điện lộ ra tại khu vực chờ xuất "
        "cảng. Thực hiện các bước xử lý ban đầu theo phương án."
    ),
}


def _staff(org: Organization) -> Any:
    """An editor or more of the organisation itself (its focal point or its committee's administrator)."""
    row = (
        Membership.objects.filter(organization=org, role__gte=Role.EDITOR, user__is_active=True)
        .select_related("user")
        .order_by("-role", "pk")
        .first()
    )
    return row.user if row else None


def _target(committee: Organization, category: str) -> KeyTarget | None:
    return (
        KeyTarget.objects.filter(listing_committee=committee, category__code=category, status="active")
        .select_related("organization", "admin_unit")
        .order_by("code")
        .first()
    )


def _report(committee: Organization, case: dict, *, exercise: bool, chosen: list, fallback: Any) -> Incident | None:
    target = _target(committee, case["category"])
    if target is None:
        return None
    reporter = target.organization
    actor = _staff(reporter) or fallback
    now = timezone.now()
    ago = datetime.timedelta(days=case.get("days_ago", 0), minutes=case.get("minutes_ago", 0))
    return services.do_report_incident(
        reporter,
        actor=actor,
        alert_organizations=chosen,
        scenario=Scenario.objects.get(code=case["scenario"]),
        title=case["title"].format(target=target.name),
        occurred_at=now - ago - datetime.timedelta(minutes=6),
        reported_at=now - ago,
        admin_unit=target.admin_unit,
        address=case["address"],
        latitude=target.latitude,
        longitude=target.longitude,
        target=target,
        severity=case["severity"],
        is_exercise=exercise,
        description=case["description"].format(target=target.name),
    )


def _acknowledge(incident: Incident, skip: set[int] = frozenset()) -> None:
    for alert in incident.alerts.select_related("organization").order_by("pk"):
        user = _staff(alert.organization)
        if user is not None and alert.organization_id not in skip:
            services.do_acknowledge_alert(alert, actor=user)


def _run_checklist(incident: Incident, actor: Any, *, upto: int | None = None, skip: dict | None = None) -> None:
    for step in incident.steps.order_by("position")[: upto or 50]:
        reason = (skip or {}).get(step.position, "")
        services.do_check_step(step, actor=actor, done=not reason, reason=reason)


def _close(incident: Incident, actor: Any, summary: str) -> None:
    services.INCIDENT_WORKFLOW.do(incident, IncidentStatus.RESPONDING, actor=actor)
    services.INCIDENT_WORKFLOW.do(incident, IncidentStatus.CONTAINED, actor=actor)
    services.INCIDENT_WORKFLOW.do(incident, IncidentStatus.CLOSED, actor=actor, comment=summary)


def _military(committee: Organization) -> list[Organization]:
    return list(Organization.objects.filter(parent=committee, name__startswith="Bộ Chỉ huy Quân sự")[:1])


def _seed_province(committee: Organization, manager: Any) -> int:
    made = 0
    today = timezone.localdate()
    for case in CLOSED_CASES:
        incident = _report(committee, case, exercise=False, chosen=[], fallback=manager)
        if incident is None:
            continue
        actor = _staff(incident.organization) or manager
        _acknowledge(incident)
        _run_checklist(incident, actor, skip=case["skip"])
        services.do_add_note(incident, "Đã báo cáo nhanh Thường trực Ban Chỉ đạo qua điện thoại.", actor=actor)
        _close(incident, actor, case["summary"])
        services.do_create_lesson_task(
            incident,
            actor=manager,
            title=case["lesson"],
            assignee=incident.organization,
            deadline=today + datetime.timedelta(days=45),
        )
        made += 1
    drill = _report(committee, DRILL_CLOSED, exercise=True, chosen=_military(committee), fallback=manager)
    if drill is not None:
        actor = _staff(drill.organization) or manager
        _acknowledge(drill)
        _run_checklist(drill, actor)
        _close(drill, actor, DRILL_CLOSED["summary"])
        made += 1
    live = _report(committee, DRILL_OPEN, exercise=True, chosen=_military(committee), fallback=manager)
    if live is not None:
        actor = _staff(live.organization) or manager
        # The province's standing office has acknowledged; the military command and the national
        # committee have not yet (the board shows them pending, then escalated).
        standing = services.standing_office(committee)
        _acknowledge(live, skip={a.organization_id for a in live.alerts.all() if a.organization_id != standing.pk})
        services.INCIDENT_WORKFLOW.do(live, IncidentStatus.RESPONDING, actor=actor)
        _run_checklist(live, actor, upto=2)
        note = "Tổ công tác Công an tỉnh đang trên đường đến hiện trường."
        services.do_add_note(live, note, actor=_staff(standing) or manager)
        made += 1
    return made


def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """Seed each demo province committee (its administrator login in `users`); returns incidents made."""
    total = 0
    for login, committee in committees.items():
        manager = users.get(login)
        if manager is None or committee.level != "province":
            continue
        if Incident.objects.filter(organization__path__startswith=committee.path).exists():
            continue
        total += _seed_province(committee, manager)
    return total
