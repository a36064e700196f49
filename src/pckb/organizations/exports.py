"""A committee's roster on a date as its "Quyết định kiện toàn Ban Chỉ đạo" (Decree 30/2020).

`roster_context` is pure (plain values in, a DocumentContext out); `build_roster_context` reads the
members valid on the date and calls it. The register drafts and issues the document (core.register).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from pckb.core.documents import DocumentContext, DocumentType, Header, Section, Signer, Table
from pckb.core.register.compose import organization_header
from pckb.core.register.names import organization_name
from pckb.core.register.sources import register_document_source

from .choices import CommitteeRole
from .models import CommitteeMember, Organization

__all__ = ["MemberRow", "ROLE_TITLES", "roster_context", "build_roster_context", "roster_subject", "members_on"]

MEMBER_HEADINGS = ("TT", "Họ và tên", "Chức vụ, đơn vị", "Chức danh trong Ban Chỉ đạo")
# Printed in Vietnamese whatever the interface language: the decision is a legal text.
ROLE_TITLES = {
    CommitteeRole.CHAIR: "Trưởng ban",
    CommitteeRole.STANDING_VICE_CHAIR: "Phó Trưởng ban thường trực",
    CommitteeRole.VICE_CHAIR: "Phó Trưởng ban",
    CommitteeRole.MEMBER: "Thành viên",
    CommitteeRole.SECRETARY: "Thư ký",
}
PREAMBLE = (
    "Căn cứ Luật Phòng, chống khủng bố ngày 12 tháng 6 năm 2013;",
    "Căn cứ Nghị định số 07/2014/NĐ-CP ngày 27 tháng 01 năm 2014 của Chính phủ quy định tổ chức, hoạt động "
    "của Ban Chỉ đạo phòng, chống khủng bố các cấp và Nghị định số 62/2023/NĐ-CP ngày 18 tháng 8 năm 2023 "
    "của Chính phủ sửa đổi, bổ sung một số điều;",
    "Theo đề nghị của cơ quan thường trực Ban Chỉ đạo.",
)


@dataclass(frozen=True)
class MemberRow:
    """One member as printed in Article 1."""

    full_name: str
    position: str
    role: str


def roster_context(
    *, header: Header, committee_name: str, members: Iterable[MemberRow], date: datetime.date | None = None
) -> DocumentContext:
    """Article 1 lists the members with their roles; Articles 2 and 3 give duties and effect."""
    rows = tuple((str(n), member.full_name, member.position, member.role) for n, member in enumerate(members, start=1))
    table = Table(headings=MEMBER_HEADINGS, rows=rows, widths=(1, 5, 7, 5))
    articles = (
        Section(heading=f"Kiện toàn {committee_name} gồm các ông (bà) có tên sau:", table=table),
        Section(
            heading="Ban Chỉ đạo có nhiệm vụ, quyền hạn theo quy định tại Điều 13 Luật Phòng, chống khủng bố "
            "và Nghị định số 07/2014/NĐ-CP; thành viên Ban Chỉ đạo làm việc theo chế độ kiêm nhiệm."
        ),
        Section(
            heading="Quyết định này có hiệu lực kể từ ngày ký. Cơ quan thường trực Ban Chỉ đạo, các cơ quan, "
            "đơn vị liên quan và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
    )
    return DocumentContext(
        doc_type=DocumentType.DECISION,
        header=header,
        subject=roster_subject_for(committee_name),
        signer=Signer(full_name="", position=""),
        date=date,
        authority_heading=f"TRƯỞNG {committee_name.upper()}",
        preamble=PREAMBLE,
        enacting_words="QUYẾT ĐỊNH:",
        sections=articles,
    )


def roster_subject_for(committee_name: str) -> str:
    return f"Về việc kiện toàn {committee_name}"


def members_on(committee: Organization, on_date: datetime.date) -> Any:
    """The committee's members whose term covers `on_date`, in the roster's order."""
    return (
        CommitteeMember.objects.filter(organization=committee)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on_date))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
        .select_related("representing")
        .order_by("sort_order", "id")
    )


def _position(member: CommitteeMember, on_date: datetime.date) -> str:
    agency = organization_name(member.representing, on_date) if member.representing_id else ""
    if agency and agency.lower() not in member.title.lower():
        return f"{member.title}, {agency}" if member.title else agency
    return member.title


def build_roster_context(committee: Organization, on_date: datetime.date) -> DocumentContext:
    """The decision on the committee's composition as it stood on `on_date`."""
    name = organization_name(committee, on_date)
    rows = [
        MemberRow(
            full_name=member.full_name,
            position=_position(member, on_date),
            role=ROLE_TITLES.get(member.committee_role, member.get_committee_role_display()),
        )
        for member in members_on(committee, on_date)
    ]
    return roster_context(header=organization_header(committee), committee_name=name, members=rows, date=on_date)


def roster_subject(committee: Organization, on_date: datetime.date | None = None) -> str:
    return roster_subject_for(organization_name(committee, on_date))


register_document_source(
    Organization,
    doc_type=DocumentType.DECISION,
    build=lambda committee, document: build_roster_context(committee, document.source_date or document.date),
    subject=roster_subject,
    issuer=lambda committee: committee,
)
