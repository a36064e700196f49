"""Commendations of the tests: proposals of province A's committee and their decision batch."""

from __future__ import annotations

from typing import Any

from pckb.awards import services
from pckb.awards.models import Commendation, CommendationBatch


def proposal_fields(world: Any, org: Any, **fields: Any) -> dict[str, Any]:
    return {
        "recipient_kind": "collective",
        "recipient_organization": org,
        "form": "province_certificate",
        "issuing_authority": "Chủ tịch Ủy ban nhân dân tỉnh",
        "reason": "Hoàn thành xuất sắc nhiệm vụ diễn tập phòng, chống khủng bố năm 2025",
        "year": 2025,
        **fields,
    }


def make_commendation(world: Any, org: Any = None, *, approved: bool = False, **fields: Any) -> Commendation:
    org = org or world.a
    commendation = services.do_propose_commendation(org, actor=world.superuser, **proposal_fields(world, org, **fields))
    if approved:
        commendation = services.do_approve_commendation(commendation, actor=world.superuser)
    return commendation


def make_batch(world: Any, org: Any = None) -> CommendationBatch:
    org = org or world.a
    chosen = [make_commendation(world, org, approved=True)]
    return services.do_create_batch(
        org, actor=world.superuser, title="Khen thưởng tổng kết năm 2025", year=2025, commendations=chosen
    )
