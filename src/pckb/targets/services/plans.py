"""Response plans: versions, their scenarios' checklists, approval (which supersedes) and deletion."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.attachments import do_add_attachments
from pckb.core.models import AuditAction
from pckb.core.services import check_fields, create_scoped, locked, update_scoped
from pckb.core.workflow import OPTIONAL, Step, Transition, Workflow, do_transition, register

from ..choices import ResponsePlanKind, ResponsePlanStatus, TargetStatus
from ..models import KeyTarget, PlanScenario, ResponsePlan, Scenario, add_months

__all__ = [
    "PLAN_FIELDS",
    "RESPONSE_PLAN_WORKFLOW",
    "do_create_response_plan",
    "do_update_response_plan",
    "do_delete_response_plan",
    "do_set_plan_scenario",
    "do_remove_plan_scenario",
    "do_approve_response_plan",
    "initial_response_steps",
    "clean_steps",
]

PLAN_FIELDS = ("kind", "title", "review_cycle_months", "notes", "classification")
DRAFT_ONLY = _("Only a draft can be changed: start a new version instead.")
MAX_STEPS = 50


def _scenarios_of(plan: ResponsePlan) -> list[dict[str, Any]]:
    return [{"scenario": ps.scenario_id, "steps": list(ps.steps)} for ps in plan.scenarios.all()]


@transaction.atomic
def do_create_response_plan(target: KeyTarget, *, actor: Any, **fields: Any) -> ResponsePlan:
    """A new draft version for the target and kind; it starts from the latest version's scenarios
    (or, for a first plan, the target's scenarios with the catalogue's default steps)."""
    check_fields(fields, PLAN_FIELDS)
    target = locked(KeyTarget, target, actor, "change")
    if target.status != TargetStatus.ACTIVE:
        raise ValidationError(_("This target was removed from the list: it takes no new plan."))
    kind = fields.get("kind") or ResponsePlanKind.PROTECTION
    same = ResponsePlan.objects.filter(target=target, kind=kind)
    version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
    previous = same.order_by("-version").first()
    plan = create_scoped(
        ResponsePlan, target.organization, {**fields, "target": target, "version": version}, actor=actor
    )
    if previous is not None:
        rows = [PlanScenario(plan=plan, scenario_id=s["scenario"], steps=s["steps"]) for s in _scenarios_of(previous)]
    else:
        rows = [PlanScenario(plan=plan, scenario=s, steps=list(s.default_steps)) for s in target.scenarios.all()]
    PlanScenario.objects.bulk_create(rows)
    return plan


def _draft(plan: ResponsePlan, actor: Any, action: str = "change") -> ResponsePlan:
    current = locked(ResponsePlan, plan, actor, action)
    if current.status != ResponsePlanStatus.DRAFT:
        raise ValidationError(DRAFT_ONLY)
    return current


@transaction.atomic
def do_update_response_plan(plan: ResponsePlan, *, actor: Any, **fields: Any) -> ResponsePlan:
    check_fields(fields, tuple(f for f in PLAN_FIELDS if f != "kind"))
    return update_scoped(_draft(plan, actor), fields, actor=actor)


@transaction.atomic
def do_delete_response_plan(plan: ResponsePlan, *, actor: Any) -> None:
    plan = _draft(plan, actor, "delete")
    audit.record_delete(plan, audit.snapshot(plan), actor=actor)
    plan.delete()


def clean_steps(steps: Any) -> list[str]:
    """An ordered checklist: non-empty lines, at most MAX_STEPS of at most 500 characters."""
    if isinstance(steps, str):
        steps = steps.splitlines()
    lines = [str(s).strip() for s in steps or [] if str(s).strip()]
    if not lines:
        raise ValidationError({"steps": [_("Write at least one initial-response step.")]})
    if len(lines) > MAX_STEPS or any(len(line) > 500 for line in lines):
        raise ValidationError({"steps": [_("At most 50 steps of at most 500 characters each.")]})
    return lines


def _record_scenarios(plan: ResponsePlan, before: list[dict[str, Any]], actor: Any) -> None:
    audit.record(
        AuditAction.UPDATE,
        plan,
        actor=actor,
        before={"scenarios": before},
        after={"scenarios": _scenarios_of(plan)},
        event_type="targets.responseplan.scenarios",
    )


@transaction.atomic
def do_set_plan_scenario(plan: ResponsePlan, scenario: Scenario, steps: Any, *, actor: Any) -> PlanScenario:
    """Add a scenario to a draft, or replace its checklist."""
    plan = _draft(plan, actor)
    steps = clean_steps(steps)
    before = _scenarios_of(plan)
    row, _created = PlanScenario.objects.update_or_create(plan=plan, scenario=scenario, defaults={"steps": steps})
    _record_scenarios(plan, before, actor)
    return row


@transaction.atomic
def do_remove_plan_scenario(plan: ResponsePlan, scenario: Scenario, *, actor: Any) -> None:
    plan = _draft(plan, actor)
    before = _scenarios_of(plan)
    PlanScenario.objects.filter(plan=plan, scenario=scenario).delete()
    _record_scenarios(plan, before, actor)


def _require_document(step: Step) -> None:
    """The signed plan is the approval's proof: a file uploaded with the step, or one attached before."""
    plan = step.obj
    if step.attachment:
        do_add_attachments(plan, [step.attachment], actor=step.actor, purpose="approved")
    if not plan.attachments.exists():
        raise ValidationError({"attachment": [_("Attach the signed plan document before approving it.")]})
    if plan.target.status != TargetStatus.ACTIVE:
        raise ValidationError(_("This target was removed from the list: its plans cannot be approved."))


def _approve(step: Step) -> None:
    plan, today = step.obj, timezone.localdate(step.now)
    plan.approved_on, plan.approved_by = today, step.actor
    plan.next_review_due = add_months(today, plan.review_cycle_months)
    step.touch("approved_on", "approved_by", "next_review_due")
    # The previous approved version of the same target and kind steps down first (one approved at a
    # time is a database constraint), in this same transaction, with its own audit entry.
    previous = (
        ResponsePlan.objects.select_for_update()
        .filter(target_id=plan.target_id, kind=plan.kind, status=ResponsePlanStatus.APPROVED)
        .exclude(pk=plan.pk)
    )
    for old in previous:
        old.status, old.superseded_on = ResponsePlanStatus.SUPERSEDED, today
        old.save(update_fields=["status", "superseded_on", "updated_at"])
        audit.record(
            AuditAction.TRANSITION,
            old,
            actor=step.actor,
            before={"status": ResponsePlanStatus.APPROVED},
            after={"status": ResponsePlanStatus.SUPERSEDED},
            event_type="targets.responseplan.superseded",
            message=str(_("Superseded by version {version}.").format(version=plan.version)),
        )


def _approve_message(plan: ResponsePlan) -> str:
    current = (
        ResponsePlan.objects.filter(target_id=plan.target_id, kind=plan.kind, status=ResponsePlanStatus.APPROVED)
        .exclude(pk=plan.pk)
        .first()
    )
    text = _("The next review will be due in {months} month(s).").format(months=plan.review_cycle_months)
    if current is not None:
        text = "{} {}".format(
            _("Version {version}, approved now, will be superseded.").format(version=current.version), text
        )
    return str(text)


RESPONSE_PLAN_WORKFLOW = register(
    Workflow(
        ResponsePlan,
        states=ResponsePlanStatus,
        transitions=[
            Transition(
                ResponsePlanStatus.DRAFT,
                ResponsePlanStatus.APPROVED,
                action="manage",
                label=_("Approve"),
                title=_("Approve the plan"),
                message=_approve_message,
                document=OPTIONAL,
                document_label=_("Signed plan document"),
                icon="bi-patch-check",
                style="primary",
                guards=(_require_document,),
                effects=(_approve,),
            ),
        ],
    )
)


def do_approve_response_plan(plan: ResponsePlan, *, actor: Any, attachment: Any = None) -> ResponsePlan:
    return do_transition(plan, ResponsePlanStatus.APPROVED, actor=actor, attachment=attachment)


def initial_response_steps(target: KeyTarget, scenario_type: Scenario | str) -> list[str]:
    """The initial-response checklist for a situation at a target: the approved plan's (response
    plan first), otherwise the catalogue's default steps. Incidents start from it."""
    scenario = (
        scenario_type if isinstance(scenario_type, Scenario) else Scenario.objects.filter(code=scenario_type).first()
    )
    if scenario is None:
        return []
    approved = (
        PlanScenario.objects.filter(plan__target=target, plan__status=ResponsePlanStatus.APPROVED, scenario=scenario)
        .order_by("-plan__kind", "-plan__version")  # "response" sorts after "protection"
        .first()
    )
    return list(approved.steps) if approved is not None else list(scenario.default_steps)
