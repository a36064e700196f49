"""Excel bulk import of the legal library, on the core import mechanism (core.imports).

The page is `outreach:legaldocument_import` (core's ImportView; its `pk` is the organisation whose
library receives the rows), the API `POST /api/v1/legal-documents/import?organization=<id>`.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from pckb.core.choices import Classification
from pckb.core.imports.columns import BoolColumn, ChoiceColumn, DateColumn, LookupColumn, TextColumn
from pckb.core.imports.importers import ImportContext, Importer, register
from pckb.organizations.models import Organization

from .choices import LegalDocumentType, LegalStatus
from .models import LegalDocument
from .services import do_create_legal_document

__all__ = ["LegalDocumentImporter"]


def _replacements(ctx: ImportContext) -> Any:
    return LegalDocument.objects.visible_to(ctx.user).order_by("-issued_on")


@register
class LegalDocumentImporter(Importer):
    key = "outreach.legaldocument"
    title = gettext_lazy("Legal documents")
    target_model = Organization
    target_action = "add"
    max_rows = 2000
    success_message = gettext_lazy("{count} legal document(s) imported.")
    columns = (
        ChoiceColumn("doc_type", gettext_lazy("Type"), choices=LegalDocumentType, required=True, width=22),
        TextColumn("number", gettext_lazy("Number"), required=True, max_length=60, width=18),
        DateColumn("issued_on", gettext_lazy("Date issued"), required=True, min_year=1945),
        TextColumn("issuer", gettext_lazy("Issuing authority"), required=True, max_length=200, width=26),
        TextColumn("subject", gettext_lazy("Subject"), required=True, max_length=500, width=50),
        DateColumn("effective_date", gettext_lazy("Effective date"), min_year=1945),
        ChoiceColumn("status", gettext_lazy("Status"), choices=LegalStatus, default=LegalStatus.IN_FORCE),
        LookupColumn(
            "replaced_by",
            gettext_lazy("Replaced or amended by (number)"),
            queryset=_replacements,
            codes=lambda doc: [doc.number],
            label=lambda doc: doc.number,
            width=20,
        ),
        BoolColumn("is_public", gettext_lazy("Public core"), default=False),
        TextColumn("notes", gettext_lazy("Notes"), max_length=2000, width=30),
        ChoiceColumn("classification", gettext_lazy("Classification"), choices=Classification, default=0),
    )

    def organization_of(self, target: Organization) -> Organization:
        return target

    def success_url(self, target: Organization) -> str:
        return f"{reverse('outreach:legaldocument_list')}?organization={target.pk}"

    def create(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        return do_create_legal_document(ctx.target, actor=ctx.user, **values)

    def example_rows(self, ctx: ImportContext) -> list[dict[str, Any]]:
        return [
            {
                "doc_type": str(LegalDocumentType.PLAN.label),
                "number": "15/KH-BCĐ",
                "issued_on": "10/02/2026",
                "issuer": ctx.target.name,
                "subject": "Kế hoạch tuyên truyền, phổ biến pháp luật về phòng, chống khủng bố năm 2026",
                "status": str(LegalStatus.IN_FORCE.label),
            }
        ]
