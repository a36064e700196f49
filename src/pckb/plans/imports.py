"""Excel import of a plan's tasks: a template workbook, a validated preview, then all-or-nothing creation.

Rows are read into plain dicts (JSON-safe, kept in the session between preview and confirmation)
and every problem is reported with its row number, in the user's language.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from pckb.core.exports import XLSX_TYPE
from pckb.core.text import nfc, vn_fold
from pckb.organizations.models import Organization

from .choices import TaskPriority
from .models import Plan, Task
from .services.tasks import do_create_task

__all__ = ["ImportResult", "parse_tasks_workbook", "do_import_plan_tasks", "template_response", "MAX_ROWS"]

MAX_ROWS = 5000
HEADERS = ("title", "assignee", "deadline", "priority", "description")


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _priority_lookup() -> dict[str, str]:
    """Priority by code or by its label in either language ("cao", "khẩn", "high")."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    for value, label in TaskPriority.choices:
        lookup[vn_fold(value)] = value
        for lang in ("vi", "en"):
            with translation.override(lang):
                lookup[vn_fold(str(label))] = value
    return lookup


def _organizations(plan: Plan) -> tuple[dict[str, Organization], dict[str, list[Organization]]]:
    by_code: dict[str, Organization] = {}
    by_name: dict[str, list[Organization]] = {}
    for org in Organization.objects.filter(path__startswith=plan.organization.path, is_active=True):
        by_code[org.code.lower()] = org
        for name in {org.name, org.short_name} - {""}:
            by_name.setdefault(vn_fold(name), []).append(org)
    return by_code, by_name


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def _cells(row: tuple[Any, ...]) -> list[Any]:
    values = list(row[: len(HEADERS)])
    return values + [None] * (len(HEADERS) - len(values))


def parse_tasks_workbook(upload: Any, plan: Plan) -> ImportResult:
    """Read the first sheet (a header row, then one task per row) and check every row."""
    result = ImportResult()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a broken file
        result.errors.append(_("The file could not be read as an Excel workbook (.xlsx)."))
        return result
    sheet = workbook.worksheets[0]
    by_code, by_name = _organizations(plan)
    priorities = _priority_lookup()
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        title, assignee, deadline, priority, description = _cells(row)
        if all(v in (None, "") for v in (title, assignee, deadline, priority, description)):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(_("The file has more than {max} rows.").format(max=MAX_ROWS))
            break
        problems = []
        title = nfc(str(title or ""))
        if not title:
            problems.append(_("the title is empty"))
        name = nfc(str(assignee or ""))
        org = by_code.get(name.lower())
        if org is None:
            matches = by_name.get(vn_fold(name), [])
            org = matches[0] if len(matches) == 1 else None
            if not name:
                problems.append(_("the assignee is empty"))
            elif len(matches) > 1:
                problems.append(_("several organizations are named “{name}”: use its code").format(name=name))
            elif org is None:
                problems.append(_("organization “{name}” not found").format(name=name))
        due = _date(deadline)
        if due is None:
            problems.append(_("the deadline “{value}” is not a date dd/mm/yyyy").format(value=deadline or ""))
        level = priorities.get(vn_fold(str(priority or "")) or "normal")
        if level is None:
            problems.append(_("unknown priority “{value}”").format(value=priority))
        if problems:
            result.errors.append(_("Row {row}: {problems}.").format(row=number, problems="; ".join(problems)))
            continue
        result.rows.append(
            {
                "row": number,
                "title": title,
                "assignee_id": org.pk,
                "assignee_name": org.name,
                "deadline": due.isoformat(),
                "deadline_display": due.strftime("%d/%m/%Y"),
                "priority": level,
                "description": nfc(str(description or "")),
            }
        )
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no task rows under the header row."))
    return result


@transaction.atomic
def do_import_plan_tasks(plan: Plan, rows: list[dict[str, Any]], *, actor: Any) -> list[Task]:
    """Create every row's task in the plan, or none: the first invalid row rolls everything back."""
    orgs = Organization.objects.in_bulk([row["assignee_id"] for row in rows])
    created, errors = [], []
    for row in rows:
        try:
            created.append(
                do_create_task(
                    plan.organization,
                    actor=actor,
                    plan=plan,
                    title=row["title"],
                    description=row["description"],
                    assignee=orgs.get(row["assignee_id"]),
                    deadline=datetime.date.fromisoformat(row["deadline"]),
                    priority=row["priority"],
                    classification=plan.classification,
                )
            )
        except ValidationError as err:
            errors.append(_("Row {row}: {problems}").format(row=row["row"], problems="; ".join(err.messages)))
    if errors:
        raise ValidationError(errors)
    return created


def template_response(plan: Plan) -> HttpResponse:
    """The workbook to fill in: the header, one example row, and the organisations one may assign to."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = _("Tasks")[:31]
    labels = [_("Title"), _("Assignee (code or name)"), _("Deadline (dd/mm/yyyy)"), _("Priority"), _("Description")]
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = Organization.objects.filter(parent=plan.organization, is_active=True).order_by("name").first()
    sheet.append(
        [
            _("Review the protection plans of key targets"),
            example.code if example else "",
            max(plan.period_to, timezone.localdate()).strftime("%d/%m/%Y"),
            str(TaskPriority.NORMAL.label),
            "",
        ]
    )
    for column, width in zip("ABCDE", (50, 30, 20, 14, 50), strict=True):
        sheet.column_dimensions[column].width = width
    orgs = wb.create_sheet(_("Organizations")[:31])
    orgs.append([_("Code"), _("Name")])
    for org in Organization.objects.filter(path__startswith=plan.organization.path, is_active=True).order_by("path"):
        orgs.append([org.code, org.name])
    buf = BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-tasks-template.xlsx"'
    return response
