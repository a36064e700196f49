"""Programs and plans: create, update, issue, close, delete (drafts)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, update_scoped
from pckb.core.workflow import Step, Transition, Workflow, do_transition, register

from ..choices import PlanStatus
from ..models import Plan, Program
from .notifying import notify_plan_issued

__all__ = [
    "PLAN_WORKFLOW",
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
    "classification",
)
MANAGER_ONLY = _("Only a manager of the issuing committee can do this.")


@transaction.atomic
def do_create_program(organization: Any, *, actor: Any, **fields: Any) -> Program:
    check_fields(fields, PROGRAM_FIELDS)
    return create_scoped(Program, organization, fields, actor=actor)


@transaction.atomic
def do_update_program(program: Program, *, actor: Any, **fields: Any) -> Program:
    check_fields(fields, PROGRAM_FIELDS)
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
    check_fields(fields, PLAN_FIELDS)
    return create_scoped(Plan, organization, fields, actor=actor)


@transaction.atomic
def do_update_plan(plan: Plan, *, actor: Any, **fields: Any) -> Plan:
    check_fields(fields, PLAN_FIELDS)
    current = locked(Plan, plan, actor, "change")
    if current.status == PlanStatus.CLOSED:
        raise ValidationError(_("A closed plan can no longer be changed."))
    return update_scoped(current, fields, actor=actor)


def _require_document_number(step: Step) -> None:
    if not step.obj.document_number.strip():
        raise ValidationError({"document_number": [_("Enter the document number before issuing the plan.")]})


def _mark_issued(step: Step) -> None:
    plan = step.obj
    plan.issued_at, plan.issued_by = step.now, step.actor
    if plan.document_date is None:
        plan.document_date = timezone.localdate()
    step.touch("issued_at", "issued_by", "document_date")


def _mark_closed(step: Step) -> None:
    step.obj.closed_at = step.now
    step.touch("closed_at")


def _announce(step: Step) -> None:
    notify_plan_issued(step.obj, actor=step.actor)


def _issue_message(plan: Plan) -> str:
    return str(
        _("Issuing sends the plan's {count} task(s) to their assignees.").format(count=plan.tasks.count())
    )


def _close_message(plan: Plan) -> str:
    return str(
        _("No task can be added after closing; its {count} open task(s) go on.").format(count=plan.tasks.open().count())
    )


# draft → issued → closed, by a manager of the committee; a draft is edited freely, a closed plan is final.
PLAN_WORKFLOW = register(
    Workflow(
        Plan,
        states=PlanStatus,
        transitions=[
            Transition(
                PlanStatus.DRAFT,
                PlanStatus.ISSUED,
                action="manage",
                label=_("Issue"),
                title=_("Issue the plan"),
                message=_issue_message,
                denied=MANAGER_ONLY,
                icon="bi-send-check",
                style="primary",
                guards=(_require_document_number,),
                effects=(_mark_issued,),
                after=(_announce,),
            ),
            Transition(
                PlanStatus.ISSUED,
                PlanStatus.CLOSED,
                action="manage",
                label=_("Close"),
                title=_("Close the plan"),
                message=_close_message,
                destructive=True,
                denied=MANAGER_ONLY,
                icon="bi-lock",
            ),
        ],
    )
)


def do_issue_plan(plan: Plan, *, actor: Any) -> Plan:
    """Draft → issued (a manager of the committee); its tasks are then notified to their assignees."""
    return do_transition(plan, PlanStatus.ISSUED, actor=actor)


def do_close_plan(plan: Plan, *, actor: Any) -> Plan:
    """Issued → closed: no new tasks; the tasks already given go on until done or cancelled."""
    return do_transition(plan, PlanStatus.CLOSED, actor=actor)


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
