"""Excel import and export of a checklist's criteria, on the core import mechanism (core.imports).

The page is `inspections:checklist_import` (core's ImportView, into a draft checklist), the export
`inspections:checklist_export` (the same columns, so an exported checklist re-imports unchanged into a
new draft).
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook

from pckb.core.exports import XLSX_TYPE
from pckb.core.imports.columns import BoolColumn, DecimalColumn, IntColumn, TextColumn
from pckb.core.imports.importers import ImportContext, Importer, register

from .choices import ChecklistStatus, UnitKind
from .models import Checklist, Criterion
from .services.checklists import PUBLISHED_IS_FINAL, do_add_criterion

__all__ = ["CriterionImporter", "checklist_workbook_response"]


@register
class CriterionImporter(Importer):
    """One criterion per row, added to a draft checklist in the order of the rows."""

    key = "inspections.criterion"
    title = _("Criteria")
    success_message = _("{count} criterion(s) imported.")
    target_model = Checklist
    max_rows = 500
    columns = (
        IntColumn("number", pgettext_lazy("criterion", "Number"), min_value=1, max_value=9999, width=10),
        TextColumn("group", _("Group"), required=True, max_length=200, width=30),
        TextColumn("text", _("Criterion"), required=True, max_length=2000, width=60),
        TextColumn("guidance", _("Guidance"), max_length=2000, width=40),
        DecimalColumn("weight", _("Weight"), default=Decimal("1"), width=10),
        BoolColumn("evidence_required", _("Evidence required"), default=False, width=14),
        TextColumn(
            "unit_kinds",
            _("Kinds of unit (codes, comma-separated)"),
            max_length=200,
            width=30,
            help=_("Empty for every kind; otherwise among: committee, agency, commune, bank, telecom, historic_site."),
        ),
    )

    def organization_of(self, checklist: Checklist) -> Any:
        if checklist.organization is None:  # the built-in checklist is published: it takes no rows
            raise ValidationError(PUBLISHED_IS_FINAL)
        return checklist.organization

    def check_target(self, checklist: Checklist, user: Any) -> None:
        if checklist.status != ChecklistStatus.DRAFT:
            raise ValidationError(PUBLISHED_IS_FINAL)

    def clean_row(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        kinds = [k.strip() for k in (values.get("unit_kinds") or "").replace(";", ",").split(",") if k.strip()]
        unknown = [k for k in kinds if k not in UnitKind.values]
        if unknown:
            raise ValidationError(_("Unknown kind of unit: {kinds}.").format(kinds=", ".join(unknown)))
        weight = values.get("weight")
        if weight is not None and not Decimal("0.1") <= weight <= Decimal("100"):
            raise ValidationError(_("The weight must be between 0.1 and 100."))
        return {**values, "unit_kinds": kinds}

    def create(self, values: dict[str, Any], ctx: ImportContext) -> Criterion:
        fields = {k: v for k, v in values.items() if v is not None and not (k == "number" and not v)}
        return do_add_criterion(ctx.target, actor=ctx.user, **fields)

    def example_rows(self, ctx: ImportContext) -> list[dict[str, Any]]:
        return [
            {
                "number": 1,
                "group": "I. Lãnh đạo, chỉ đạo",
                "text": "Đã quán triệt các văn bản chỉ đạo của cấp trên trong năm.",
                "guidance": "Xem biên bản hội nghị quán triệt.",
                "weight": Decimal("2"),
                "evidence_required": True,
                "unit_kinds": "",
            }
        ]

    def filename(self, checklist: Checklist) -> str:
        return f"checklist-{checklist.pk}-criteria-template.xlsx"


def checklist_workbook_response(checklist: Checklist) -> HttpResponse:
    """The checklist's criteria with the import's header row (Yes/No as the template writes them)."""
    from django.utils.translation import gettext

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(CriterionImporter.title)[:31])
    sheet.append([str(c.header) for c in CriterionImporter.columns])
    for c in checklist.criteria.all():
        sheet.append([
            c.number, c.group, c.text, c.guidance, float(c.weight),
            gettext("Yes") if c.evidence_required else gettext("No"), ", ".join(c.unit_kinds or []),
        ])
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="checklist-{checklist.pk}-v{checklist.version}.xlsx"'
    return response
