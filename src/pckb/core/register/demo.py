"""Demo data of the document register, seeded per demo committee by the plans demo (pckb.plans.demo).

Through the services, acted by the committee's manager: the committee's header, its plan's "Kế hoạch"
and its roster's decision issued with register numbers 01 and 02, and a report left as a draft.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from pckb.organizations.choices import CommitteeRole
from pckb.organizations.models import CommitteeMember

from .compose import proposed_header
from .services import (
    do_create_document,
    do_draft_document,
    do_issue_document,
    do_save_header_settings,
    do_update_document,
)

__all__ = ["seed_documents"]


def _parent_line(committee: Any) -> str:
    unit = committee.admin_unit
    return f"UBND {unit.name.upper()}" if unit is not None else proposed_header(committee)["parent_line"]


def _signer(committee: Any) -> dict[str, str]:
    chair = (
        CommitteeMember.objects.filter(organization=committee, committee_role=CommitteeRole.CHAIR)
        .order_by("sort_order", "pk")
        .first()
    )
    return {
        "signer_name": chair.full_name if chair else "Nguyễn Văn An",
        "signer_position": "Trưởng ban",
        "signer_authority": "TM.",
        "signer_body": "Ban Chỉ đạo",
    }


def seed_documents(committee: Any, manager: Any, plan: Any) -> int:
    """Header, two issued documents (the plan's and the roster's) and one draft; returns the count."""
    header = proposed_header(committee)
    do_save_header_settings(
        committee,
        actor=manager,
        parent_line=_parent_line(committee),
        body_name=header["body_name"],
        symbol="BCĐ",
        place_name=header["place_name"] or "Hà Nội",
    )
    signer = _signer(committee)
    plan_document = do_update_document(do_draft_document(plan, actor=manager), actor=manager, **signer)
    do_issue_document(plan_document, actor=manager)
    roster = do_draft_document(committee, actor=manager, source_date=timezone.localdate())
    do_issue_document(do_update_document(roster, actor=manager, **signer), actor=manager)
    do_create_document(
        committee,
        actor=manager,
        doc_type="BC",
        subject=f"Sơ kết công tác phòng, chống khủng bố 6 tháng đầu năm {timezone.localdate().year}",
        body="Ban Chỉ đạo báo cáo kết quả thực hiện công tác phòng, chống khủng bố 6 tháng đầu năm như sau.",
        **signer,
    )
    return 3
