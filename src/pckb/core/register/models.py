"""The document register ("sổ văn bản đi"): outgoing documents, their per-body counters, headers, templates.

An `OutgoingDocument` is a draft until it is issued; issuing gives it the next number of its issuing
body for the year, renders the .docx once and stores it with its SHA-256 and the context it was
rendered from. An issued document never changes: a correction is a new document that `replaces` it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..documents.types import Authority, DocumentType, Urgency
from ..models import OrgScopedModel
from .choices import DocumentStatus

__all__ = ["OutgoingDocument", "DocumentCounter", "DocumentHeaderSettings", "DocumentTemplate"]

DUPLICATE_NUMBER = _("This issuing body already has a document with this number in this year.")


def issued_file_path(instance: OutgoingDocument, filename: str) -> str:
    # Scoped by issuing body and year; the random part keeps names unguessable and never clashing.
    return f"documents/{instance.organization_id}/{instance.year or 'draft'}/{get_random_string(24)}.docx"


def template_file_path(instance: DocumentTemplate, filename: str) -> str:
    return f"document-templates/{instance.organization_id}/{instance.doc_type}-{get_random_string(16)}.docx"


class OutgoingDocument(OrgScopedModel):
    """One document a body issues (the register's row): numbered per issuing body and calendar year.

    `organization` is the issuing body. `number`, `year`, `symbol` and `date` are set when it is issued;
    `file`, `sha256` and `context` keep exactly what was issued.
    """

    doc_type = models.CharField(_("document type"), max_length=8, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, editable=False)
    symbol = models.CharField(
        _("number and symbol"), max_length=60, blank=True, editable=False, help_text=_("e.g. 07/BC-BCĐ")
    )
    date = models.DateField(_("date"), null=True, blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=500, blank=True, help_text=_("The subject line (trích yếu)."))
    body = models.TextField(
        _("content"),
        blank=True,
        help_text=_("The text of a document without a source record; one paragraph per line."),
    )
    signer_name = models.CharField(_("signer"), max_length=150, blank=True, help_text=_("Full name."))
    signer_position = models.CharField(
        _("signer's position"), max_length=200, blank=True, help_text=_("e.g. Trưởng ban, Phó Trưởng ban")
    )
    signer_authority = models.CharField(
        _("authority words"), max_length=8, blank=True, choices=Authority.choices, default=Authority.NONE
    )
    signer_body = models.CharField(
        _("on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("The body after the authority words, e.g. Ban Chỉ đạo."),
    )
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("The “Nơi nhận” lines, one per line."))
    urgency = models.CharField(_("urgency"), max_length=16, blank=True, choices=Urgency.choices, default=Urgency.NORMAL)
    drafting_unit = models.CharField(
        _("drafting unit"),
        max_length=20,
        blank=True,
        help_text=_("Abbreviation of the unit that drafted an official letter, e.g. VPTT: “123/BCĐ-VPTT”."),
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("source type")
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_date = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("The day the source is shown as it was (a roster).")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, editable=False
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacements",
        editable=False,
        verbose_name=_("replaces"),
    )
    file = models.FileField(_("file"), upload_to=issued_file_path, max_length=255, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    context = models.JSONField(_("issued content"), null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=pgettext_lazy("document", "issued by"),
    )

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"],
                name="outgoingdocument_number_per_body_year",
                violation_error_message=DUPLICATE_NUMBER,
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "year", "number"], name="outgoingdoc_register"),
            models.Index(fields=["source_type", "source_id"], name="outgoingdoc_source"),
        ]

    def __str__(self) -> str:
        name = self.subject or self.get_doc_type_display()
        return f"{self.symbol} – {name}" if self.symbol else str(name)

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", args=[self.pk])

    @property
    def register_label(self) -> str:
        """What the register shows as the document's name: its number and symbol, or "Draft"."""
        from django.utils.translation import gettext

        return self.symbol or gettext("Draft")

    @property
    def is_draft(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def source_label(self) -> str:
        return f"{self.source_type.app_label}.{self.source_type.model}" if self.source_type_id else ""

    @property
    def replaced_by(self) -> OutgoingDocument | None:
        """The issued document that corrected this one (drafts of a correction do not count)."""
        return self.replacements.exclude(status=DocumentStatus.DRAFT).first()

    @property
    def download_url(self) -> str:
        return reverse("documents:document_file", args=[self.pk]) if self.file else ""

    @property
    def file_name(self) -> str:
        code = self.symbol.replace("/", "-") if self.symbol else f"du-thao-{self.pk}"
        return f"{code}.docx"


class DocumentCounter(models.Model):
    """The last number a body gave in a year. Locked (SELECT … FOR UPDATE) by each issue, so that
    several application servers never give the same number twice and never skip one."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="documentcounter_body_year")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_number}"


class DocumentHeaderSettings(OrgScopedModel):
    """How one issuing body heads its documents (Decree 30/2020 slots 1–4)."""

    parent_line = models.CharField(
        _("parent body line"), max_length=200, blank=True, help_text=_("e.g. UBND TỈNH BẮC NINH; empty when none.")
    )
    body_name = models.CharField(
        _("body name"), max_length=200, help_text=_("In capitals, e.g. BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ")
    )
    symbol = models.CharField(_("symbol"), max_length=30, help_text=_("e.g. BCĐ or BCĐPCKB"))
    place_name = models.CharField(_("place name"), max_length=100, help_text=_("For the date line, e.g. Bắc Ninh"))

    class Meta:
        verbose_name = _("document header")
        verbose_name_plural = _("document headers")
        constraints = [models.UniqueConstraint(fields=["organization"], name="documentheader_one_per_body")]

    def __str__(self) -> str:
        return self.body_name

    def get_absolute_url(self) -> str:
        return reverse("documents:header_edit", args=[self.organization_id])


class DocumentTemplate(OrgScopedModel):
    """A .docx an issuing body uploaded to replace the default layout of one document type.

    Accepted only after it rendered a sample context; the newest active one per type is used.
    """

    doc_type = models.CharField(_("document type"), max_length=8, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=template_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("documents:template_upload", args=[self.organization_id])
