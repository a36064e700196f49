"""Demo exercises of each demo province: a table-top and a full-scale drill at key targets, evaluated,
with improvement items given as tasks; a drill at the police headquarters awaiting its evaluation; two
planned ones on the activities calendar.

Called by the demo loader as `seed(committees, users)` after the key targets. Everything goes through
the services, acted by the province committee's administrator (a manager and more).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from pckb.organizations.models import Membership, Organization
from pckb.targets.models import KeyTarget, Scenario

from . import services
from .models import Exercise

__all__ = ["seed"]

TABLETOP_OBJECTIVES = [
    "Kích hoạt Sở chỉ huy và cơ chế báo cáo, thông tin giữa các lực lượng",
    "Đánh giá tình huống, đề xuất phương án xử lý với Trưởng Ban Chỉ đạo",
    "Phân công nhiệm vụ cho các sở, ngành thành viên",
    "Thông tin báo chí và định hướng dư luận",
]
FULL_SCALE_OBJECTIVES = [
    "Tiếp nhận tin báo và triển khai lực lượng đến hiện trường trong 15 phút",
    "Phong tỏa, sơ tán người và phương tiện khỏi khu vực nguy hiểm",
    "Trinh sát, kiểm tra và xử lý vật nghi nổ",
    "Cấp cứu, vận chuyển người bị thương",
    "Khôi phục hoạt động bình thường của mục tiêu",
]
INITIAL_RESPONSE_OBJECTIVES = [
    "Tổ bảo vệ phát hiện, báo cáo và cách ly vật khả nghi",
    "Sơ tán cán bộ, khách đến làm việc theo lối thoát hiểm",
]


def _member_org(user: Any, fallback: Organization) -> Organization:
    membership = Membership.objects.filter(user=user).select_related("organization").first() if user else None
    return membership.organization if membership else fallback


def _rate(exercise: Exercise, ratings: str, manager: Any, evaluated_on: datetime.date, **texts: str) -> Exercise:
    rows = [
        {"description": o.description, "rating": rating, "observation": observation}
        for o, rating, observation in zip(
            exercise.objectives.all(), ratings, OBSERVATIONS * 3, strict=False
        )
    ]
    exercise = services.do_update_exercise(
        exercise, actor=manager, objectives=rows, evaluated_on=evaluated_on, **texts
    )
    return services.do_evaluate_exercise(exercise, actor=manager, comment="Đã tổ chức họp rút kinh nghiệm.")


OBSERVATIONS = [
    "Các lực lượng nắm chắc nhiệm vụ, thực hiện đúng quy trình.",
    "Còn chậm ở khâu báo cáo ban đầu, mất khoảng 10 phút để thống nhất thông tin.",
    "Phối hợp giữa các lực lượng còn lúng túng ở giai đoạn đầu.",
    "Thực hiện tốt, đúng thời gian dự kiến.",
    "Trang bị thông tin liên lạc chưa bảo đảm, một số máy bộ đàm mất sóng.",
]


def _seed_province(committee: Organization, manager: Any, police: Organization, health: Organization) -> int:
    today = timezone.localdate()
    targets = list(
        KeyTarget.objects.filter(listing_committee=committee, status="active").order_by("code")[:12]
    )
    airport_or_port = next((t for t in targets if t.category.code in ("airport", "seaport", "transport-hub")), None)
    venue = next((t for t in targets if t.category.code in ("mass-event-venue", "historic-site")), None)
    first = airport_or_port or (targets[0] if targets else None)
    second = venue or (targets[1] if len(targets) > 1 else None)
    others = list(
        Organization.objects.filter(parent=committee, is_active=True, kind="agency")
        .current()
        .exclude(pk__in=[police.pk, health.pk])
        .order_by("pk")[:3]
    )
    scenarios = {s.code: s for s in Scenario.objects.all()}
    place_of = lambda target: target.address if target else committee.name  # noqa: E731

    tabletop = services.do_create_exercise(
        committee,
        actor=manager,
        title="Diễn tập phần cơ chế xử lý tình huống đe dọa đánh bom"
        + (f" tại {first.name}" if first else ""),
        kind="tabletop",
        date=today - datetime.timedelta(days=120),
        place=f"Hội trường {committee.name}",
        target=first,
        scenario=scenarios.get("bomb-threat"),
        description="Diễn tập trên bản đồ, sa bàn theo kịch bản nhận tin báo có bom tại mục tiêu.",
        objectives=TABLETOP_OBJECTIVES,
        participants=[
            {"organization": police, "force_count": 18},
            {"organization": health, "force_count": 6},
            *({"organization": org, "force_count": 4} for org in others),
        ],
    )
    services.do_conduct_exercise(tabletop, actor=manager)
    _rate(
        tabletop,
        "PSSM",
        manager,
        tabletop.date + datetime.timedelta(days=5),
        strengths="Các thành viên Ban Chỉ đạo nắm vững nhiệm vụ được phân công.\n"
        "Sở chỉ huy được kích hoạt nhanh, đúng phương án.",
        areas_for_improvement="Quy trình cung cấp thông tin cho báo chí chưa được xây dựng.\n"
        "Danh bạ liên lạc khẩn cấp của các sở, ngành chưa cập nhật.",
    )
    items = [
        (committee, "Xây dựng quy trình cung cấp thông tin báo chí khi xảy ra tình huống khủng bố", 45),
        (police, "Cập nhật danh bạ liên lạc khẩn cấp của các thành viên Ban Chỉ đạo", 20),
    ]
    for owner, title, days in items:
        services.do_add_improvement_item(
            tabletop, actor=manager, title=title, assignee=owner, deadline=today + datetime.timedelta(days=days)
        )

    full = services.do_create_exercise(
        committee,
        actor=manager,
        title="Diễn tập thực binh phương án chống khủng bố, giải cứu con tin"
        + (f" tại {second.name}" if second else ""),
        kind="full_scale",
        date=today - datetime.timedelta(days=35),
        end_date=today - datetime.timedelta(days=34),
        place=place_of(second),
        target=second,
        scenario=scenarios.get("hostage") or scenarios.get("bomb-threat"),
        description="Tình huống giả định: một nhóm đối tượng khống chế con tin, đe dọa kích nổ tại khu vực đông người.",
        objectives=FULL_SCALE_OBJECTIVES,
        participants=[
            {"organization": police, "force_count": 150},
            {"organization": health, "force_count": 24},
            *({"organization": org, "force_count": 12 + 8 * n} for n, org in enumerate(others)),
        ],
    )
    services.do_conduct_exercise(full, actor=manager, comment="Diễn tập diễn ra an toàn, đúng kịch bản.")
    _rate(
        full,
        "SPMSP",
        manager,
        full.date + datetime.timedelta(days=7),
        strengths="Lực lượng chuyên trách có mặt tại hiện trường sau 12 phút.\nCông tác y tế, cấp cứu bảo đảm.",
        areas_for_improvement="Trang bị thông tin liên lạc chưa đồng bộ giữa các lực lượng.\n"
        "Khu vực tập kết người sơ tán chưa được bố trí trước.",
    )
    for owner, title, days in [
        (police, "Trang bị bổ sung máy bộ đàm dùng chung cho lực lượng xử lý ban đầu", 60),
        (health, "Bổ sung cơ số thuốc, trang thiết bị cấp cứu thảm họa tại bệnh viện tuyến tỉnh", 90),
        (others[0] if others else committee, "Bố trí khu vực tập kết người sơ tán trong phương án bảo vệ mục tiêu", 30),
    ]:
        services.do_add_improvement_item(
            full, actor=manager, title=title, assignee=owner, deadline=today + datetime.timedelta(days=days)
        )

    initial = services.do_create_exercise(
        police,
        actor=manager,
        title=f"Diễn tập xử lý ban đầu tại trụ sở {police.name}",
        kind="initial_response",
        date=today - datetime.timedelta(days=6),
        place=f"Trụ sở {police.name}",
        scenario=scenarios.get("suspicious-object") or scenarios.get("bomb-threat"),
        objectives=INITIAL_RESPONSE_OBJECTIVES,
        participants=[{"organization": police, "force_count": 35}],
    )
    services.do_conduct_exercise(initial, actor=manager)

    services.do_create_exercise(
        committee,
        actor=manager,
        title="Diễn tập chức năng phối hợp thông tin giữa Sở chỉ huy và hiện trường",
        kind="functional",
        date=today + datetime.timedelta(days=12),
        place=f"Hội trường {committee.name}",
        target=first,
        scenario=scenarios.get("bomb-threat"),
        objectives=TABLETOP_OBJECTIVES[:2],
        participants=[{"organization": police, "force_count": 20}, {"organization": health, "force_count": 5}],
    )
    services.do_create_exercise(
        committee,
        actor=manager,
        title="Diễn tập thực binh bảo vệ mục tiêu trọng điểm năm nay",
        kind="full_scale",
        date=today + datetime.timedelta(days=40),
        place=place_of(targets[2] if len(targets) > 2 else None),
        target=targets[2] if len(targets) > 2 else None,
        objectives=FULL_SCALE_OBJECTIVES[:3],
        participants=[{"organization": police, "force_count": 120}],
    )
    return 5


@transaction.atomic
def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """Seed each demo province committee whose administrator login is in `users`; returns exercises made."""
    total = 0
    for login, committee in committees.items():
        manager = users.get(login)
        if manager is None or committee.level != "province":
            continue
        if Exercise.objects.filter(organization=committee).exists():
            continue
        police = _member_org(users.get(f"{login}.congan"), committee)
        health = _member_org(users.get(f"{login}.yte"), committee)
        total += _seed_province(committee, manager, police, health)
    return total
