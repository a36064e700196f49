"""Demo data of the task tracker: a 2022–2026 program and an issued 2026 plan per demo committee.

Called by the demo loader as `seed(committees, users)`. Everything goes through the services, acted
by the committee's manager (and the agencies' own editors where the demo has them), so the audit
trail, the timelines and the notifications are the real ones.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from pckb.core.choices import Role
from pckb.core.register.demo import seed_documents
from pckb.organizations.models import Membership, Organization

from . import services
from .models import Program

__all__ = ["seed", "seed_history", "TASK_TITLES"]

TASK_TITLES = [
    "Rà soát, cập nhật phương án bảo vệ mục tiêu trọng điểm",
    "Tổ chức tuyên truyền, phổ biến Luật Phòng, chống khủng bố",
    "Báo cáo sơ kết 6 tháng công tác phòng, chống khủng bố",
    "Kiểm tra công tác bảo đảm an ninh, an toàn tại trụ sở",
    "Tập huấn kỹ năng xử lý tình huống khủng bố cho lực lượng bảo vệ",
    "Rà soát hệ thống camera giám sát tại khu vực công cộng",
    "Xây dựng kế hoạch diễn tập phương án chống khủng bố",
    "Kiểm tra an ninh mạng hệ thống thông tin của đơn vị",
    "Phối hợp kiểm tra an toàn tại các điểm tập trung đông người",
    "Cập nhật danh sách đầu mối liên lạc phòng, chống khủng bố",
    "Báo cáo kết quả thực hiện nhiệm vụ năm",
    "Rà soát quy chế phối hợp giữa các cơ quan thành viên",
]
# One of these per task, in turn: every state appears, some tasks are overdue, one is sent back.
SCENARIOS = ["assigned", "in_progress", "done", "verified", "overdue", "cancelled", "late_progress", "returned"]


def _editor_of(organization: Organization, fallback: Any) -> Any:
    """A user who may act for the agency: its own editor if the demo has one, else the committee's manager."""
    membership = (
        Membership.objects.filter(organization=organization, role__gte=Role.EDITOR, user__is_active=True)
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else fallback


def _seed_committee(committee: Organization, manager: Any, today: datetime.date) -> int:
    # Merged and dissolved bodies take no new tasks (their 2024 tasks are seed_history's).
    agencies = list(Organization.objects.filter(parent=committee, is_active=True).current().order_by("name"))
    if not agencies:
        return 0
    year = today.year
    program = services.do_create_program(
        committee,
        actor=manager,
        title="Chương trình phòng, chống khủng bố giai đoạn 2022–2026",
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(max(2026, year), 12, 31),
        legal_basis="15/CTr-BCĐ",
        description="Chương trình hành động thực hiện Chiến lược phòng, chống khủng bố.",
    )
    plan = services.do_create_plan(
        committee,
        actor=manager,
        program=program,
        title=f"Kế hoạch công tác phòng, chống khủng bố năm {year}",
        kind="annual",
        period_from=datetime.date(year, 1, 1),
        period_to=datetime.date(year, 12, 31),
        document_number=f"{committee.pk:02d}/KH-BCĐ",
        document_date=datetime.date(year, 1, 15),
    )
    count = max(15, min(40, 2 * len(agencies)))
    created = []
    for i in range(count):
        scenario = SCENARIOS[i % len(SCENARIOS)]
        late = scenario in ("overdue", "late_progress")
        deadline = today + datetime.timedelta(days=(-5 - 3 * i) if late else (5 + 4 * i) % 90 + 1)
        created.append(
            (
                scenario,
                services.do_create_task(
                    committee,
                    actor=manager,
                    title=TASK_TITLES[i % len(TASK_TITLES)],
                    description="Thực hiện theo Kế hoạch của Ban Chỉ đạo; báo cáo kết quả về Cơ quan Thường trực.",
                    assignee=agencies[i % len(agencies)],
                    assigned_on=min(deadline, today) - datetime.timedelta(days=30),
                    deadline=deadline,
                    priority=("normal", "high", "normal", "urgent", "low")[i % 5],
                    plan=plan,
                ),
            )
        )
    services.do_issue_plan(plan, actor=manager)
    for scenario, task in created:
        _play(scenario, task, manager)
    seed_documents(committee, manager, plan)  # the plan's Kế hoạch, the roster's decision, a draft report
    return count


def _play(scenario: str, task: Any, manager: Any) -> None:
    editor = _editor_of(task.assignee, manager)
    if scenario in ("in_progress", "late_progress", "done", "verified", "returned"):
        services.do_report_progress(task, 30, "Đã triển khai tới các phòng, đơn vị trực thuộc.", actor=editor)
        services.do_report_progress(task, 60, "Đang tổng hợp kết quả.", actor=editor)
    if scenario in ("done", "verified", "returned"):
        services.do_report_progress(task, 100, "Đã hoàn thành, gửi kèm báo cáo.", actor=editor)
        services.do_transition_task(task, "done", "Đề nghị Ban Chỉ đạo xem xét.", actor=editor)
    if scenario == "verified":
        services.do_transition_task(task, "verified", actor=manager)
    elif scenario == "returned":
        services.do_transition_task(task, "in_progress", "Bổ sung số liệu, biểu mẫu kèm theo.", actor=manager)
    elif scenario == "cancelled":
        services.do_cancel_task(task, "Nội dung đã được lồng ghép vào nhiệm vụ khác.", actor=manager)


HISTORY_TASKS = (
    # (title, assigned on, deadline, scenario)
    (
        "Rà soát an ninh mạng các cổng thông tin điện tử của tỉnh",
        datetime.date(2024, 3, 11),
        datetime.date(2024, 5, 31),
        "verified",
    ),
    (
        "Báo cáo kết quả phòng, chống khủng bố trên không gian mạng năm 2024",
        datetime.date(2024, 10, 2),
        datetime.date(2024, 12, 15),
        "done",
    ),
)


def seed_history(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """2024 tasks of the bodies that the 2025 reorganisation merged or dissolved (organizations.demo.history).

    The province committee gave them to its Sở Thông tin và Truyền thông (now read by the Sở Khoa học và
    Công nghệ's users) and to the police of the dissolved district; all dated within their lifetimes.
    """
    created = 0
    for login, committee in committees.items():
        manager = users.get(login)
        if manager is None or committee.parent_id is None:  # the provinces': the national tree holds them too
            continue
        bodies = Organization.objects.historical().filter(path__startswith=committee.path).exclude(kind="committee")
        for org in bodies.order_by("path"):
            # Issued by the province committee, which still exists: it records the reports it received then.
            for title, assigned_on, deadline, scenario in HISTORY_TASKS:
                _historical_task(committee, org, manager, title, assigned_on, deadline, scenario)
                created += 1
    return created


def _historical_task(issuer: Organization, assignee: Organization, manager: Any, *args: Any) -> None:
    title, assigned_on, deadline, scenario = args
    task = services.do_create_task(
        issuer, actor=manager, title=title, assignee=assignee, assigned_on=assigned_on, deadline=deadline
    )
    services.do_report_progress(task, 100, "Đã hoàn thành, gửi kèm báo cáo.", actor=manager)
    services.do_transition_task(task, "done", "Đề nghị Ban Chỉ đạo xem xét.", actor=manager)
    if scenario == "verified":
        services.do_transition_task(task, "verified", actor=manager)


@transaction.atomic
def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """Seed each demo committee whose manager login is in `users`; returns the number of tasks created."""
    today = timezone.localdate()
    total = 0
    for login, committee in committees.items():
        manager = users.get(login)
        if manager is None or Program.objects.filter(organization=committee).exists():
            continue
        total += _seed_committee(committee, manager, today)
    return total + seed_history(committees, users)
