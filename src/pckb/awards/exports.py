"""A decision batch as its "Quyết định khen thưởng" (Decree 30/2020), issued through the register.

`decision_context` is pure (plain values in, a DocumentContext out); `build_decision_context` reads a
batch and its commendations. Issuing the decision writes its number and date on each commendation.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from pckb.core.documents import DocumentContext, DocumentType, Header, Section, Signer, Table
from pckb.core.register.compose import organization_header
from pckb.core.register.names import organization_name
from pckb.core.register.sources import register_document_source

from .choices import RecipientKind
from .models import CommendationBatch
from .services import do_record_decision

__all__ = ["RecipientRow", "decision_context", "build_decision_context", "decision_subject"]

HEADINGS = ("TT", "Tập thể, cá nhân được khen thưởng", "Hình thức", "Thành tích")
# Printed in Vietnamese whatever the interface language: the decision is a legal text.
FORM_TEXT = {
    "pm_certificate": "Bằng khen của Thủ tướng Chính phủ",
    "minister_certificate": "Bằng khen của Bộ trưởng",
    "province_certificate": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "commendation_letter": "Giấy khen",
    "other": "Khen thưởng",
}
PREAMBLE = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Luật Phòng, chống khủng bố ngày 12 tháng 6 năm 2013;",
    "Xét đề nghị của các cơ quan, đơn vị và của cơ quan thường trực Ban Chỉ đạo.",
)


@dataclass(frozen=True)
class RecipientRow:
    recipient: str
    form: str
    reason: str


def decision_context(
    *, header: Header, body_name: str, year: int, rows: Iterable[RecipientRow], date: datetime.date | None = None
) -> DocumentContext:
    """Article 1 commends the listed collectives and individuals; Articles 2 and 3 give effect."""
    table = Table(
        headings=HEADINGS,
        rows=tuple((str(n), r.recipient, r.form, r.reason) for n, r in enumerate(rows, start=1)),
        widths=(1, 6, 4, 7),
    )
    articles = (
        Section(
            heading=f"Khen thưởng các tập thể, cá nhân có thành tích trong công tác phòng, chống khủng bố năm {year}:",
            table=table,
        ),
        Section(heading="Quyết định này có hiệu lực kể từ ngày ký."),
        Section(
            heading="Cơ quan thường trực Ban Chỉ đạo, các cơ quan, đơn vị và các tập thể, cá nhân có tên tại "
            "Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
    )
    return DocumentContext(
        doc_type=DocumentType.DECISION,
        header=header,
        subject=decision_subject_for(year),
        signer=Signer(full_name="", position=""),
        date=date,
        authority_heading=f"TRƯỞNG {body_name.upper()}",
        preamble=PREAMBLE,
        enacting_words="QUYẾT ĐỊNH:",
        sections=articles,
    )


def decision_subject_for(year: int) -> str:
    return f"Về việc khen thưởng thành tích trong công tác phòng, chống khủng bố năm {year}"


def _recipient(commendation: Any, on_date: datetime.date) -> str:
    if commendation.recipient_kind == RecipientKind.INDIVIDUAL:
        unit_org = commendation.recipient_organization
        unit = organization_name(unit_org, on_date) if unit_org is not None else ""
        parts = [f"Ông (bà) {commendation.recipient_name}", commendation.recipient_title, unit]
        return ", ".join(part for part in parts if part)
    return organization_name(commendation.recipient_organization, on_date)


def build_decision_context(batch: CommendationBatch, document: Any = None) -> DocumentContext:
    on_date = getattr(document, "date", None) or timezone.localdate()
    rows = [
        RecipientRow(_recipient(c, on_date), FORM_TEXT.get(c.form, c.form), c.reason)
        for c in batch.commendations.select_related("recipient_organization").order_by("recipient_kind", "pk")
    ]
    return decision_context(
        header=organization_header(batch.organization),
        body_name=organization_name(batch.organization, on_date),
        year=batch.year,
        rows=rows,
        date=getattr(document, "date", None),
    )


def decision_subject(batch: CommendationBatch, on_date: Any = None) -> str:
    return decision_subject_for(batch.year)


def take_decision_number(batch: CommendationBatch, document: Any, actor: Any) -> None:
    do_record_decision(batch, document.symbol, document.date, actor=actor)


register_document_source(
    CommendationBatch,
    doc_type=DocumentType.DECISION,
    build=build_decision_context,
    subject=decision_subject,
    on_issue=take_decision_number,
)
