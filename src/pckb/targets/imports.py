"""Excel import and export of the key target list, on the core import mechanism (core.imports).

The page is `targets:keytarget_import` (core's ImportView; its `pk` is the organisation whose list it
is: the owners are taken from its subtree), the API `POST /api/v1/key-targets/import`. The list's
export writes the same columns, so an exported file imports back unchanged.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook

from pckb.core.choices import Classification
from pckb.core.imports.columns import (
    BoolColumn,
    CellError,
    ChoiceColumn,
    Column,
    DateColumn,
    DecimalColumn,
    IntColumn,
    LookupColumn,
    OrganizationColumn,
    TextColumn,
    _text,
)
from pckb.core.imports.importers import ImportContext, Importer, register
from pckb.core.text import vn_fold
from pckb.geo.choices import AdminLevel
from pckb.geo.models import AdminUnit
from pckb.organizations.models import Organization

from .choices import Importance
from .codes import LAT_RANGE, LON_RANGE
from .models import KeyTarget, Scenario, TargetCategory, province_of
from .services.bulk import do_import_key_targets
from .services.codes import CODE_PATTERN

__all__ = ["KeyTargetImporter", "export_response", "export_rows"]


class CommuneColumn(Column):
    """A commune by code or name; names repeat across provinces, so the row's province decides."""

    kind = "commune"

    def _index(self, ctx: Any) -> tuple[dict[str, list[AdminUnit]], dict[int, AdminUnit]]:
        key = ("communes", self.key)
        if key not in ctx.cache:
            by_text: dict[str, list[AdminUnit]] = {}
            by_pk: dict[int, AdminUnit] = {}
            for unit in AdminUnit.objects.filter(level=AdminLevel.COMMUNE).select_related("parent__parent"):
                by_pk[unit.pk] = unit
                for text in {vn_fold(unit.code), vn_fold(unit.name)}:
                    by_text.setdefault(text, []).append(unit)
            ctx.cache[key] = (by_text, by_pk)
        return ctx.cache[key]

    def parse(self, raw: Any, ctx: Any) -> list[AdminUnit]:
        text = _text(raw)
        matches = self._index(ctx)[0].get(vn_fold(text), [])
        if not matches:
            raise CellError(_("unknown commune “{value}”").format(value=text))
        return matches

    def to_json(self, value: Any) -> Any:
        return value.pk if isinstance(value, AdminUnit) else None

    def from_json(self, value: Any, ctx: Any) -> Any:
        return self._index(ctx)[1].get(value) if value is not None else None

    def display(self, value: Any) -> str:
        return value.name if isinstance(value, AdminUnit) else ""

    def hint(self) -> str:
        return _("The commune's name or code, in the province of the row.")


class ScenariosColumn(Column):
    """Scenario names (or codes) separated by semicolons."""

    def _index(self, ctx: Any) -> dict[str, Scenario]:
        if ("scenarios", self.key) not in ctx.cache:
            index = {}
            for s in Scenario.objects.filter(is_active=True):
                index[vn_fold(s.code)] = index[vn_fold(s.name)] = s
            ctx.cache[("scenarios", self.key)] = index
        return ctx.cache[("scenarios", self.key)]

    def parse(self, raw: Any, ctx: Any) -> list[Scenario]:
        found = []
        for part in _text(raw).split(";"):
            if part.strip():
                scenario = self._index(ctx).get(vn_fold(part))
                if scenario is None:
                    raise CellError(_("“{value}” is not in the list").format(value=part.strip()))
                found.append(scenario)
        return found

    def to_json(self, value: Any) -> Any:
        return [s.pk for s in value or []]

    def from_json(self, value: Any, ctx: Any) -> Any:
        by_pk = {s.pk: s for s in self._index(ctx).values()}
        return [by_pk[pk] for pk in value or [] if pk in by_pk]

    def display(self, value: Any) -> str:
        return "; ".join(s.name for s in value or [])

    def hint(self) -> str:
        return _("Scenario names separated by semicolons.")


def _owners(ctx: ImportContext) -> Any:
    return Organization.objects.filter(path__startswith=ctx.target.path)


def _visible_organizations(ctx: ImportContext) -> Any:
    return Organization.objects.visible_to(ctx.user)


def _provinces(ctx: ImportContext) -> Any:
    return AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE).order_by("name")


def _code(obj: Any) -> list[str]:
    return [obj.code]


def _categories(ctx: ImportContext) -> Any:
    return TargetCategory.objects.filter(is_active=True)


@register
class KeyTargetImporter(Importer):
    key = "targets.keytarget"
    title = gettext_lazy("Key targets")
    target_model = Organization
    target_action = "add"
    max_rows = 12_000
    success_message = gettext_lazy("{count} key target(s) imported.")
    columns = (
        TextColumn("code", gettext_lazy("Code (empty: assigned)"), max_length=20, width=14),
        TextColumn("name", gettext_lazy("Name"), required=True, max_length=300, width=40),
        LookupColumn(
            "category",
            gettext_lazy("Category"),
            required=True,
            queryset=_categories,
            codes=lambda c: [c.code],
            width=30,
        ),
        LookupColumn(
            "province",
            pgettext_lazy("place", "Province"),
            required=True,
            queryset=_provinces,
            codes=lambda p: [p.code],
            width=22,
        ),
        CommuneColumn("admin_unit", pgettext_lazy("place", "Commune"), required=True, width=24),
        TextColumn("address", gettext_lazy("Address"), max_length=500, width=36),
        DecimalColumn("latitude", gettext_lazy("Latitude"), required=True, width=12),
        DecimalColumn("longitude", gettext_lazy("Longitude"), required=True, width=12),
        ChoiceColumn("importance", gettext_lazy("Importance"), choices=Importance, default=Importance.PROVINCIAL),
        OrganizationColumn(
            "organization", gettext_lazy("Owner organization"), required=True, queryset=_owners, width=36
        ),
        TextColumn("listing_decision_number", gettext_lazy("Listing decision number"), max_length=50),
        DateColumn("listing_decision_date", gettext_lazy("Listing decision date"), min_year=1945),
        OrganizationColumn("listing_committee", gettext_lazy("Listing committee"), queryset=_visible_organizations),
        OrganizationColumn("protection_force", gettext_lazy("Protection force"), queryset=_visible_organizations),
        IntColumn("protection_force_size", gettext_lazy("Protection force size"), min_value=0, max_value=100_000),
        BoolColumn("protection_force_dedicated", gettext_lazy("Dedicated protection force"), default=False),
        ScenariosColumn("scenarios", gettext_lazy("Scenarios"), width=40),
        TextColumn("notes", gettext_lazy("Notes"), max_length=2000, width=30),
        ChoiceColumn("classification", gettext_lazy("Classification"), choices=Classification, default=0),
    )

    def organization_of(self, target: Organization) -> Organization:
        return target

    def success_url(self, target: Organization) -> str:
        return f"{reverse('targets:keytarget_list')}?organization={target.pk}"

    def clean_row(self, values: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        for name, (low, high) in (("latitude", LAT_RANGE), ("longitude", LON_RANGE)):
            value = values.get(name)
            if value is not None and not low <= value <= high:
                errors.setdefault(name, []).append(_("outside Vietnam ({low}–{high})").format(low=low, high=high))
            elif value is not None:
                values[name] = value.quantize(Decimal("0.000001"))
        province, communes = values.get("province"), values.get("admin_unit") or []
        inside = [u for u in communes if province is not None and province_of(u) == province.pk]
        if province is not None and communes and not inside:
            errors.setdefault("admin_unit", []).append(
                _("“{unit}” is not in {province}").format(unit=communes[0].name, province=province.name)
            )
        values["admin_unit"] = next((u for u in inside if u.is_current), inside[0] if inside else None)
        code = (values.get("code") or "").strip().upper()
        if code:
            if not CODE_PATTERN.match(code):
                errors.setdefault("code", []).append(_("a code looks like QNI-0042"))
            elif code in self._codes(ctx):
                errors.setdefault("code", []).append(_("the code “{code}” already exists").format(code=code))
            self._codes(ctx).add(code)
            values["code"] = code
        if errors:
            raise ValidationError(errors)
        return values

    def _codes(self, ctx: ImportContext) -> set[str]:
        """The codes in use, and those met earlier in the file (a second one is a duplicate)."""
        if "codes" not in ctx.cache:
            ctx.cache["codes"] = set(KeyTarget.objects.values_list("code", flat=True))
        return ctx.cache["codes"]

    def create_all(
        self, rows: Iterable[tuple[int, dict[str, Any]]], ctx: ImportContext, progress: Callable[[int], None]
    ) -> list[dict[str, Any]]:
        rows = list(rows)
        errors = do_import_key_targets(rows, actor=ctx.user)
        progress(len(rows))
        return errors

    def create(self, values: dict[str, Any], ctx: ImportContext) -> Any:
        errors = do_import_key_targets([(0, values)], actor=ctx.user)
        if errors:
            raise ValidationError(errors[0]["messages"])

    def example_rows(self, ctx: ImportContext) -> list[dict[str, Any]]:
        return [
            {
                "name": "Trụ sở Ủy ban nhân dân tỉnh",
                "category": "Trụ sở cơ quan Đảng, Nhà nước",
                "province": "Tỉnh Quảng Ninh",
                "admin_unit": "Phường Hạ Long",
                "latitude": 20.951,
                "longitude": 107.08,
                "importance": str(Importance.PROVINCIAL.label),
                "organization": f"{ctx.target.name} ({ctx.target.code})",
                "protection_force_dedicated": str(_("Yes")),
            }
        ]


def _label(org: Organization | None) -> str:
    return f"{org.name} ({org.code})" if org is not None else ""


def export_rows(targets: Iterable[KeyTarget]) -> Iterable[list[Any]]:
    """Each target as the import's cells, in the import's column order."""
    importer = KeyTargetImporter()
    importance = importer.column("importance")
    classification = importer.column("classification")
    for t in targets:
        yield [
            t.code,
            t.name,
            t.category.name,
            t.province.name,
            t.admin_unit.name,
            t.address,
            float(t.latitude),
            float(t.longitude),
            importance.display(t.importance),
            _label(t.organization),
            t.listing_decision_number,
            t.listing_decision_date if isinstance(t.listing_decision_date, datetime.date) else None,
            _label(t.listing_committee),
            _label(t.protection_force),
            t.protection_force_size,
            str(_("Yes") if t.protection_force_dedicated else _("No")),
            "; ".join(s.name for s in t.scenarios.all()),
            t.notes,
            classification.display(t.classification),
        ]


def export_response(queryset: Any, limit: int) -> HttpResponse:
    """The filtered list (at most `limit` rows) as a workbook with the import's header row."""
    qs = queryset.select_related(
        "category", "province", "admin_unit", "organization", "listing_committee", "protection_force"
    ).prefetch_related("scenarios")[:limit]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(KeyTargetImporter.title)[:31])
    sheet.append([str(c.header) for c in KeyTargetImporter.columns])
    for row in export_rows(qs):
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="key-targets.xlsx"'
    return response
