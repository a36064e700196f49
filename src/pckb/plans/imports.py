"""Excel import of a plan's tasks, declared on the core import mechanism (core.imports).

The page is `plans:plan_import` (core's ImportView), the API `POST /api/v1/plans/{id}/import-tasks`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core.imports.columns import ChoiceColumn, DateColumn, OrganizationColumn, TextColumn
from pckb.core.imports.importers import ImportContext, Importer, register
from pckb.organizations.models import Organization

from .choices import PlanStatus, TaskPriority
from .models import Plan, Task
from .services.tasks import do_create_task

__all__ = ["TaskImporter"]


def _assignable(ctx: ImportContext) -> Any:
    """The organisations the plan's committee may give tasks to: its own subtree."""
    return Organization.objects.filter(path__startswith=ctx.target.organization.path)


@register
class TaskImporter(Importer):
    """One task per row, issued by the plan's committee inside the plan, with the plan's classification."""

    key = "plans.task"
    title = _("Tasks")
    success_message = _("{count} task(s) imported.")
    target_model = Plan
    max_rows = 5000
    columns = (
        TextColumn("title", _("Title"), required=True, max_length=Task._meta.get_field("title").max_length, width=50),
        OrganizationColumn(
            "assignee",
            _("Assignee (code or name)"),
            required=True,
            queryset=_assignable,
            width=40,
            help=_("The lead organization, inside the plan's committee."),
        ),
        DateColumn("deadline", _("Deadline (dd/mm/yyyy)"), required=True, width=20),
        ChoiceColumn("priority", _("Priority"), choices=TaskPriority, default=TaskPriority.NORMAL, width=14),
        TextColumn("description", _("Description"), max_length=10_000, width=50),
    )

    def check_target(self, plan: Plan, user: Any) -> None:
        if plan.status == PlanStatus.CLOSED:
            raise ValidationError(_("This plan is closed: no new tasks can be added to it."))

    def create(self, values: dict[str, Any], ctx: ImportContext) -> Task:
        plan = ctx.target
        return do_create_task(
            plan.organization, actor=ctx.user, plan=plan, classification=plan.classification, **values
        )

    def example_rows(self, ctx: ImportContext) -> list[dict[str, Any]]:
        plan = ctx.target
        example = Organization.objects.filter(parent=plan.organization, is_active=True).order_by("name").first()
        return [
            {
                "title": str(_("Review the protection plans of key targets")),
                "assignee": f"{example.name} ({example.code})" if example else "",
                "deadline": max(plan.period_to, timezone.localdate()),
                "priority": str(TaskPriority.NORMAL.label),
                "description": "",
            }
        ]

    def filename(self, plan: Plan) -> str:
        return f"plan-{plan.pk}-tasks-template.xlsx"
