"""Demo commendations of each demo province from the annual review of last year: collectives and named
officials proposed by the committee and its police, most approved (one batch with its decision drafted),
one rejected with its reason, two still awaiting a decision.

Called by the demo loader as `seed(committees, users)` after the exercises (a drill is linked as an
achievement). Everything goes through the services.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from pckb.core.register.services import do_draft_document
from pckb.exercises.models import Exercise
from pckb.organizations.models import Membership, Organization

from . import services
from .models import Commendation

__all__ = ["seed"]

# Invented officials (names and titles written for the demo).
OFFICIALS = [
    ("Nguyễn Đức Thắng", "Trưởng phòng An ninh nội địa"),
    ("Phạm Thị Thu Hà", "Phó Chánh Văn phòng thường trực Ban Chỉ đạo"),
    ("Lò Văn Khánh", "Đội trưởng Đội đặc nhiệm"),
]


def _member_org(user: Any, fallback: Organization) -> Organization:
    membership = Membership.objects.filter(user=user).select_related("organization").first() if user else None
    return membership.organization if membership else fallback


def _seed_province(login: str, committee: Organization, manager: Any, users: dict[str, Any]) -> int:
    year = timezone.localdate().year - 1
    police_user = users.get(f"{login}.congan")
    police = _member_org(police_user, committee)
    health = _member_org(users.get(f"{login}.yte"), committee)
    chair = f"Chủ tịch Ủy ban nhân dân {committee.admin_unit.name if committee.admin_unit_id else 'tỉnh'}"
    drill = Exercise.objects.filter(organization=committee, status="evaluated", kind="full_scale").first()
    common = {"year": year, "issuing_authority": chair}
    made = []

    def propose(org: Organization, actor: Any, **fields: Any) -> Commendation:
        commendation = services.do_propose_commendation(org, actor=actor, **{**common, **fields})
        made.append(commendation)
        return commendation

    approved = [
        propose(
            committee,
            manager,
            recipient_kind="collective",
            recipient_organization=police,
            form="province_certificate",
            reason=f"Có thành tích xuất sắc trong công tác phòng, chống khủng bố năm {year}, chủ trì "
            "tổ chức thành công diễn tập thực binh bảo vệ mục tiêu trọng điểm.",
            achievements=[drill] if drill else [],
        ),
        propose(
            committee,
            manager,
            recipient_kind="collective",
            recipient_organization=health,
            form="commendation_letter",
            issuing_authority=f"Trưởng {committee.name}",
            reason="Bảo đảm tốt công tác y tế, cấp cứu trong các cuộc diễn tập và sự kiện lớn của địa phương.",
        ),
        propose(
            committee,
            manager,
            recipient_kind="individual",
            recipient_organization=committee,
            recipient_name=OFFICIALS[1][0],
            recipient_title=OFFICIALS[1][1],
            form="province_certificate",
            reason="Tham mưu hiệu quả cho Ban Chỉ đạo trong xây dựng kế hoạch và tổng kết công tác năm.",
        ),
    ]
    rejected = propose(
        committee,
        manager,
        recipient_kind="individual",
        recipient_organization=police,
        recipient_name=OFFICIALS[2][0],
        recipient_title=OFFICIALS[2][1],
        form="pm_certificate",
        reason="Nhiều năm liền hoàn thành xuất sắc nhiệm vụ.",
    )
    proposer = police_user or manager
    propose(
        police,
        proposer,
        recipient_kind="individual",
        recipient_organization=police,
        recipient_name=OFFICIALS[0][0],
        recipient_title=OFFICIALS[0][1],
        form="commendation_letter",
        issuing_authority=f"Giám đốc {police.name}",
        reason="Trực tiếp chỉ huy lực lượng xử lý tình huống trong diễn tập thực binh, bảo đảm an toàn tuyệt đối.",
    )
    propose(
        police,
        proposer,
        recipient_kind="collective",
        recipient_organization=police,
        form="commendation_letter",
        issuing_authority=f"Giám đốc {police.name}",
        reason="Hoàn thành tốt nhiệm vụ bảo vệ mục tiêu trọng điểm trong dịp Tết Nguyên đán.",
    )
    for commendation in approved:
        services.do_approve_commendation(commendation, actor=manager)
    services.do_reject_commendation(
        rejected,
        actor=manager,
        comment="Chưa đủ tiêu chuẩn đề nghị Bằng khen của Thủ tướng; đề nghị xét Bằng khen cấp tỉnh năm sau.",
    )
    batch = services.do_create_batch(
        committee,
        actor=manager,
        title=f"Khen thưởng tổng kết công tác phòng, chống khủng bố năm {year}",
        year=year,
        commendations=approved,
    )
    do_draft_document(batch, actor=manager)
    return len(made)


@transaction.atomic
def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """Seed each demo province committee whose administrator login is in `users`; returns commendations made."""
    total = 0
    for login, committee in committees.items():
        manager = users.get(login)
        if manager is None or committee.level != "province":
            continue
        if Commendation.objects.filter(organization=committee).exists():
            continue
        total += _seed_province(login, committee, manager, users)
    return total
