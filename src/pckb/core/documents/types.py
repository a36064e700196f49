"""Document types, signing authorities and urgency marks of Decree 30/2020 (domain.md §2.1).

The values stored in the database are ASCII codes; what is printed on the paper (the type name in
capitals, the abbreviation in the symbol) is Vietnamese by law whatever the interface language, so it
lives in plain mappings here and is not translated.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["Authority", "DocumentType", "Urgency", "default_recipients"]


class DocumentType(models.TextChoices):
    """The kinds of outgoing document a committee issues (Decree 30/2020 Appendix III)."""

    REPORT = "BC", pgettext_lazy("document type", "Report")
    PLAN = "KH", pgettext_lazy("document type", "Plan")
    DECISION = "QD", pgettext_lazy("document type", "Decision")
    NOTICE = "TB", pgettext_lazy("document type", "Notice")
    MINUTES = "BB", pgettext_lazy("document type", "Minutes")
    SUBMISSION = "TTR", pgettext_lazy("document type", "Submission")
    SCHEME = "PA", pgettext_lazy("document type", "Scheme")
    PROGRAMME = "CTR", pgettext_lazy("document type", "Programme")
    GUIDANCE = "HD", pgettext_lazy("document type", "Guidance")
    INVITATION = "GM", pgettext_lazy("document type", "Invitation")
    DISPATCH = "CD", pgettext_lazy("document type", "Urgent dispatch")
    OFFICIAL_LETTER = "CV", pgettext_lazy("document type", "Official letter")

    @property
    def abbreviation(self) -> str:
        """The abbreviation printed in the symbol ("KH" in 01/KH-BCĐ); empty for a công văn."""
        return _ABBREVIATIONS[self]

    @property
    def printed_name(self) -> str:
        """The type name printed in capitals above the subject line ("KẾ HOẠCH"); empty for a công văn."""
        return _TITLES[self]

    @property
    def has_title(self) -> bool:
        """A công văn prints no type name: its subject goes under the number as "V/v ..."."""
        return bool(_TITLES[self])

    @property
    def uses_articles(self) -> bool:
        """A decision numbers its top-level parts "Điều 1.", "Điều 2." instead of "I.", "II."."""
        return self == DocumentType.DECISION


_ABBREVIATIONS: dict[str, str] = {
    DocumentType.REPORT: "BC",
    DocumentType.PLAN: "KH",
    DocumentType.DECISION: "QĐ",
    DocumentType.NOTICE: "TB",
    DocumentType.MINUTES: "BB",
    DocumentType.SUBMISSION: "TTr",
    DocumentType.SCHEME: "PA",
    DocumentType.PROGRAMME: "CTr",
    DocumentType.GUIDANCE: "HD",
    DocumentType.INVITATION: "GM",
    DocumentType.DISPATCH: "CĐ",
    DocumentType.OFFICIAL_LETTER: "",
}

_TITLES: dict[str, str] = {
    DocumentType.REPORT: "BÁO CÁO",
    DocumentType.PLAN: "KẾ HOẠCH",
    DocumentType.DECISION: "QUYẾT ĐỊNH",
    DocumentType.NOTICE: "THÔNG BÁO",
    DocumentType.MINUTES: "BIÊN BẢN",
    DocumentType.SUBMISSION: "TỜ TRÌNH",
    DocumentType.SCHEME: "PHƯƠNG ÁN",
    DocumentType.PROGRAMME: "CHƯƠNG TRÌNH",
    DocumentType.GUIDANCE: "HƯỚNG DẪN",
    DocumentType.INVITATION: "GIẤY MỜI",
    DocumentType.DISPATCH: "CÔNG ĐIỆN",
    DocumentType.OFFICIAL_LETTER: "",
}


class Authority(models.TextChoices):
    """Authority words before the signer's position (TM. = on behalf of a collective body, KT. = deputy
    signing for the head, TL. / TUQ. = signing by order / by authorisation, Q. = acting head)."""

    NONE = "", _("Signs in own name")
    ON_BEHALF = "TM.", _("On behalf of (TM.)")
    FOR_HEAD = "KT.", _("For the head (KT.)")
    BY_ORDER = "TL.", _("By order (TL.)")
    BY_AUTHORISATION = "TUQ.", _("By authorisation (TUQ.)")
    ACTING = "Q.", _("Acting (Q.)")


class Urgency(models.TextChoices):
    """Urgency mark printed under the number (Decree 30/2020 slot 10b); empty for an ordinary document."""

    NORMAL = "", _("Ordinary")
    URGENT = "khan", _("Urgent (Khẩn)")
    VERY_URGENT = "thuong_khan", _("Very urgent (Thượng khẩn)")
    FLASH = "hoa_toc", _("Flash (Hỏa tốc)")

    @property
    def mark(self) -> str:
        """The words printed in the box ("THƯỢNG KHẨN"); empty for an ordinary document."""
        return _URGENCY_MARKS[self]


_URGENCY_MARKS: dict[str, str] = {
    Urgency.NORMAL: "",
    Urgency.URGENT: "KHẨN",
    Urgency.VERY_URGENT: "THƯỢNG KHẨN",
    Urgency.FLASH: "HỎA TỐC",
}


# Distribution lists a clerk starts from; the register proposes them and the drafter edits them.
# The archive line ("Lưu: VT, ...") is added by the renderer from DocumentContext.filed_by.
_DEFAULT_RECIPIENTS: dict[str, tuple[str, ...]] = {
    DocumentType.REPORT: ("Ban Chỉ đạo phòng, chống khủng bố quốc gia (qua VPTT)", "Thường trực Tỉnh ủy, HĐND tỉnh"),
    DocumentType.PLAN: ("Thành viên Ban Chỉ đạo", "Các sở, ban, ngành, đoàn thể tỉnh", "UBND các xã, phường"),
    DocumentType.DECISION: ("Như Điều 3", "Ban Chỉ đạo phòng, chống khủng bố quốc gia (để b/c)"),
    DocumentType.NOTICE: ("Thành viên Ban Chỉ đạo", "Đơn vị được kiểm tra"),
    DocumentType.MINUTES: ("Các thành phần tham dự",),
    DocumentType.SUBMISSION: ("Như trên",),
    DocumentType.SCHEME: ("Thành viên Ban Chỉ đạo", "Các lực lượng tham gia"),
    DocumentType.PROGRAMME: ("Thành viên Ban Chỉ đạo", "Các sở, ban, ngành, đoàn thể tỉnh"),
    DocumentType.GUIDANCE: ("Các sở, ban, ngành, đoàn thể tỉnh", "UBND các xã, phường"),
    DocumentType.INVITATION: ("Như thành phần mời",),
    DocumentType.DISPATCH: ("Như trên", "Ban Chỉ đạo phòng, chống khủng bố quốc gia (để b/c)"),
    DocumentType.OFFICIAL_LETTER: ("Như trên",),
}


def default_recipients(doc_type: DocumentType | str) -> tuple[str, ...]:
    """The "Nơi nhận" lines proposed for a new document of this type (without the "Lưu: VT" line)."""
    return _DEFAULT_RECIPIENTS[DocumentType(doc_type)]
