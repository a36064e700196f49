"""Programs and plans: create, update, issue, close, delete (drafts)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction

from ..choices import PlanStatus
from ..models import Plan, Program
from .common import create_scoped, locked, reject_unknown, require, update_scoped
from .notifying import notify_plan_issued

__all__ = [
    "PROGRAM_FIELDS",
    "PLAN_FIELDS",
    "do_create_program",
    "do_update_program",
    "do_delete_program",
    "do_create_plan",
    "do_update_plan",
    "do_issue_plan",
    "do_close_plan",
    "do_delete_plan",
]

PROGRAM_FIELDS = ("title", "period_from", "period_to", "legal_basis", "description", "classification")
PLAN_FIELDS = (
    "program",
    "title",
    "kind",
    "period_from",
    "period_to",
    "document_number",
    "document_date",
    "description",
    "attachment",
    "classification",
)
MANAGER_ONLY = _("Only a manager of the issuing committee can do this.")


@transaction.atomic
def do_create_program(organization: Any, *, actor: Any, **fields: Any) -> Program:
    reject_unknown(fields, PROGRAM_FIELDS)
    return create_scoped(Program, organization, fields, actor=actor)


@transaction.atomic
def do_update_program(program: Program, *, actor: Any, **fields: Any) -> Program:
    reject_unknown(fields, PROGRAM_FIELDS)
    return update_scoped(program, fields, actor=actor)


@transaction.atomic
def do_delete_program(program: Program, *, actor: Any) -> None:
    program = locked(Program, program, actor, "delete")
    if program.plans.exists():
        raise ValidationError(_("This program still has plans: delete or move them first."))
    audit.record_delete(program, audit.snapshot(program), actor=actor)
    program.delete()


@transaction.atomic
def do_create_plan(organization: Any, *, actor: Any, **fields: Any) -> Plan:
    """A new plan, always a draft: issuing it is a separate, audited step."""
    reject_unknown(fields, PLAN_FIELDS)
    return create_scoped(Plan, organization, fields, actor=actor)


@transaction.atomic
def do_update_plan(plan: Plan, *, actor: Any, **fields: Any) -> Plan:
    reject_unknown(fields, PLAN_FIELDS)
    current = locked(Plan, plan, actor, "change")
    if current.status == PlanStatus.CLOSED:
        raise ValidationError(_("A closed plan can no longer be changed."))
    return update_scoped(current, fields, actor=actor)


def _transition_plan(plan: Plan, to: str, *, actor: Any, allowed_from: str, error: Any, message: str = "") -> Plan:
    plan = locked(Plan, plan, actor, "view")
    require(actor, "manage", plan.organization, MANAGER_ONLY)
    if plan.status != allowed_from:
        raise ValidationError(error)
    before = {"status": plan.status}
    plan.status = to
    now = timezone.now()
    update_fields = ["status", "updated_by", "updated_at"]
    if to == PlanStatus.ISSUED:
        plan.issued_at, plan.issued_by = now, actor
        if plan.document_date is None:
            plan.document_date = timezone.localdate()
        update_fields += ["issued_at", "issued_by", "document_date"]
    elif to == PlanStatus.CLOSED:
        plan.closed_at = now
        update_fields.append("closed_at")
    plan.updated_by = actor
    plan.save(update_fields=update_fields)
    audit.record(
        AuditAction.TRANSITION,
        plan,
        actor=actor,
        before=before,
        after={"status": to},
        event_type=f"plans.plan.{to}",
        message=message,
    )
    return plan


@transaction.atomic
def do_issue_plan(plan: Plan, *, actor: Any) -> Plan:
    """Draft → issued (a manager of the committee). Its tasks are then notified to their assignees."""
    current = locked(Plan, plan, actor, "view")
    if current.status == PlanStatus.DRAFT and not current.document_number.strip():
        require(actor, "manage", current.organization, MANAGER_ONLY)
        raise ValidationError({"document_number": [_("Enter the document number before issuing the plan.")]})
    issued = _transition_plan(
        current,
        PlanStatus.ISSUED,
        actor=actor,
        allowed_from=PlanStatus.DRAFT,
        error=_("Only a draft plan can be issued."),
    )
    notify_plan_issued(issued, actor=actor)
    return issued


@transaction.atomic
def do_close_plan(plan: Plan, *, actor: Any) -> Plan:
    """Issued → closed: no new tasks; the tasks already given go on until done or cancelled."""
    return _transition_plan(
        plan,
        PlanStatus.CLOSED,
        actor=actor,
        allowed_from=PlanStatus.ISSUED,
        error=_("Only an issued plan can be closed."),
    )


@transaction.atomic
def do_delete_plan(plan: Plan, *, actor: Any) -> None:
    """Only a draft plan can be deleted, with its tasks (nothing has been sent to anyone yet)."""
    plan = locked(Plan, plan, actor, "delete")
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("An issued plan cannot be deleted; close it instead."))
    for task in plan.tasks.all():
        audit.record_delete(task, audit.snapshot(task), actor=actor)
        task.delete()
    audit.record_delete(plan, audit.snapshot(plan), actor=actor)
    try:
        plan.delete()
    except ProtectedError:
        raise ValidationError(_("This record is still referenced by other records and cannot be deleted."))
