"""The legal library: documents, their status (a repealed one names its replacement) and the public core."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, update_scoped

from ..choices import LegalDocumentType, LegalStatus
from ..models import LegalDocument

__all__ = [
    "LEGAL_FIELDS",
    "PUBLIC_CORE",
    "do_create_legal_document",
    "do_update_legal_document",
    "do_delete_legal_document",
    "seed_public_core",
]

LEGAL_FIELDS = (
    "doc_type",
    "number",
    "issued_on",
    "issuer",
    "subject",
    "effective_date",
    "status",
    "replaced_by",
    "is_public",
    "notes",
    "classification",
)

# The public core every committee reads (domain.md §1): metadata only, subjects in our own words.
# (type, number, issued on, issuer, subject, effective date, status, number of the replacing document)
PUBLIC_CORE: list[tuple[str, str, datetime.date, str, str, datetime.date | None, str, str]] = [
    (
        LegalDocumentType.LAW,
        "28/2013/QH13",
        datetime.date(2013, 6, 12),
        "Quốc hội",
        "Luật Phòng, chống khủng bố: nguyên tắc, tổ chức lực lượng, biện pháp phòng ngừa và chống khủng bố, "
        "chống tài trợ khủng bố, hợp tác quốc tế",
        datetime.date(2013, 10, 1),
        LegalStatus.AMENDED,
        "14/2022/QH15",
    ),
    (
        LegalDocumentType.LAW,
        "14/2022/QH15",
        datetime.date(2022, 11, 15),
        "Quốc hội",
        "Luật Phòng, chống rửa tiền; sửa đổi các quy định về chống tài trợ khủng bố của Luật Phòng, chống khủng bố",
        datetime.date(2023, 3, 1),
        LegalStatus.IN_FORCE,
        "",
    ),
    (
        LegalDocumentType.DECREE,
        "07/2014/NĐ-CP",
        datetime.date(2014, 1, 27),
        "Chính phủ",
        "Tổ chức, nhiệm vụ, quyền hạn và quan hệ phối hợp của Ban Chỉ đạo phòng, chống khủng bố các cấp",
        datetime.date(2014, 3, 25),
        LegalStatus.AMENDED,
        "62/2023/NĐ-CP",
    ),
    (
        LegalDocumentType.DECREE,
        "62/2023/NĐ-CP",
        datetime.date(2023, 8, 18),
        "Chính phủ",
        "Sửa đổi, bổ sung Nghị định 07/2014/NĐ-CP, chủ yếu về thành phần Ban Chỉ đạo phòng, chống khủng bố cấp tỉnh",
        None,
        LegalStatus.IN_FORCE,
        "",
    ),
    (
        LegalDocumentType.DECREE,
        "122/2013/NĐ-CP",
        datetime.date(2013, 10, 11),
        "Chính phủ",
        "Phong tỏa, niêm phong, tạm giữ tiền và tài sản liên quan đến khủng bố; đưa vào danh sách tổ chức, "
        "cá nhân liên quan đến khủng bố",
        None,
        LegalStatus.IN_FORCE,
        "",
    ),
    (
        LegalDocumentType.DECREE,
        "81/2019/NĐ-CP",
        datetime.date(2019, 11, 11),
        "Chính phủ",
        "Phòng, chống phổ biến vũ khí hủy diệt hàng loạt",
        None,
        LegalStatus.IN_FORCE,
        "",
    ),
    (
        LegalDocumentType.DECREE,
        "39/2021/NĐ-CP",
        datetime.date(2021, 3, 30),
        "Chính phủ",
        "Các mục tiêu quan trọng do Cảnh sát bảo vệ canh gác và các hành vi bị cấm tại khu vực mục tiêu",
        None,
        LegalStatus.IN_FORCE,
        "",
    ),
    (
        LegalDocumentType.DIRECTIVE,
        "25/2007/CT-TTg",
        datetime.date(2007, 11, 15),
        "Thủ tướng Chính phủ",
        "Tăng cường công tác phòng, chống khủng bố trong tình hình mới",
        None,
        LegalStatus.IN_FORCE,
        "",
    ),
    (
        LegalDocumentType.RESOLUTION,
        "147/NQ-CP",
        datetime.date(2025, 5, 22),
        "Chính phủ",
        "Chiến lược tổng thể quốc gia phòng ngừa, ứng phó các mối đe dọa an ninh phi truyền thống đến năm 2030, "
        "tầm nhìn đến năm 2045",
        None,
        LegalStatus.IN_FORCE,
        "",
    ),
]


def _check_replacement(document: LegalDocument, actor: Any) -> None:
    """The replacing document must be one the actor can read (the library's own or the public core)."""
    document.full_clean()
    if document.replaced_by_id is not None and not (
        LegalDocument.objects.visible_to(actor).filter(pk=document.replaced_by_id).exists()
    ):
        raise ValidationError({"replaced_by": [_("Not found, or you may not use it here.")]})


@transaction.atomic
def do_create_legal_document(organization: Any, *, actor: Any, **fields: Any) -> LegalDocument:
    """A document in the library of `organization` (editors and above)."""
    check_fields(fields, LEGAL_FIELDS)
    return create_scoped(
        LegalDocument, organization, fields, actor=actor, validate=lambda doc: _check_replacement(doc, actor)
    )


@transaction.atomic
def do_update_legal_document(document: LegalDocument, *, actor: Any, **fields: Any) -> LegalDocument:
    check_fields(fields, LEGAL_FIELDS)
    return update_scoped(document, fields, actor=actor, validate=lambda doc: _check_replacement(doc, actor))


@transaction.atomic
def do_delete_legal_document(document: LegalDocument, *, actor: Any) -> None:
    """Delete a document nothing refers to: a disseminated or replacing document stays (history)."""
    current = locked(LegalDocument, document, actor, "delete")
    if current.disseminations.exists():
        raise ValidationError(_("This document has been disseminated: it stays in the library."))
    if current.replaces.exists():
        raise ValidationError(_("Another document names this one as its replacement: it stays in the library."))
    audit.record_delete(current, audit.snapshot(current), actor=actor)
    current.delete()


@transaction.atomic
def seed_public_core(owner: Any, *, actor: Any) -> int:
    """The public core in the library of `owner` (the national committee); idempotent, returns what it added.

    Run by the demo and by `pckb manage seed_legal_core` once the national committee exists.
    """
    added = 0
    by_number: dict[str, LegalDocument] = {}
    # Replacements first: a document names its replacement, which must exist.
    for doc_type, number, issued_on, issuer, subject, effective, *_later in reversed(PUBLIC_CORE):
        existing = LegalDocument.objects.filter(organization=owner, doc_type=doc_type, number=number).first()
        if existing is None:
            existing = do_create_legal_document(
                owner,
                actor=actor,
                doc_type=doc_type,
                number=number,
                issued_on=issued_on,
                issuer=issuer,
                subject=subject,
                effective_date=effective,
                status=LegalStatus.IN_FORCE,
                is_public=True,
            )
            added += 1
        by_number[number] = existing
    for _type, number, *_rest, status, replacement in PUBLIC_CORE:
        doc = by_number[number]
        if status != LegalStatus.IN_FORCE and doc.status == LegalStatus.IN_FORCE and replacement in by_number:
            do_update_legal_document(doc, actor=actor, status=status, replaced_by=by_number[replacement])
    return added
