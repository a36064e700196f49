"""Incidents: report (checklist copied, alerts sent), edit, the state table, checklist steps, notes, lessons."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.scoping import can, check_write_scope
from pckb.core.services import check_fields, create_scoped, locked, update_scoped
from pckb.core.workflow import REQUIRED, Step, Transition, Workflow, register
from pckb.organizations.models import Membership, Organization
from pckb.targets.models import KeyTarget
from pckb.targets.services import initial_response_steps

from ..choices import EntryKind, IncidentStatus, StepState
from ..models import ChecklistStep, Incident
from .alerts import check_chosen, send_alerts
from .timeline import add_entry

__all__ = [
    "INCIDENT_FIELDS",
    "INCIDENT_WORKFLOW",
    "do_report_incident",
    "do_update_incident",
    "do_check_step",
    "do_add_note",
    "do_create_lesson_task",
    "checklist_for",
    "may_take_part",
]

INCIDENT_FIELDS = (
    "scenario",
    "title",
    "occurred_at",
    "reported_at",
    "admin_unit",
    "address",
    "latitude",
    "longitude",
    "target",
    "severity",
    "is_exercise",
    "description",
    "classification",
)
EDIT_FIELDS = tuple(f for f in INCIDENT_FIELDS if f not in ("scenario", "is_exercise", "target"))
CLOSED_NO_CHANGE = gettext_lazy("This incident is closed: it can no longer be changed.")
MAX_CHOSEN = 30


def checklist_for(target: KeyTarget | None, scenario: Any) -> list[str]:
    """The target's approved plan's steps for the scenario if it has one, else the catalogue's default."""
    return initial_response_steps(target, scenario) if target is not None else list(scenario.default_steps)


def _validate_target(target: Any, actor: Any) -> None:
    if target is not None and not KeyTarget.objects.visible_to(actor).filter(pk=target.pk).exists():
        raise ValidationError({"target": [_("The key target was not found.")]})


@transaction.atomic
def do_report_incident(
    organization: Organization, *, actor: Any, alert_organizations: Iterable[Organization] = (), **fields: Any
) -> Incident:
    """The unit on the spot reports: the record, its checklist, the first timeline entry and the alerts."""
    check_fields(fields, INCIDENT_FIELDS)
    chosen = list(alert_organizations)
    if len(chosen) > MAX_CHOSEN:
        raise ValidationError({"alert_organizations": [_("Choose at most 30 organizations.")]})
    if organization is not None:
        check_write_scope(actor, organization, "add")  # an outsider learns nothing from the choices' check
        chosen = check_chosen(organization, chosen)
    _validate_target(fields.get("target"), actor)
    fields.setdefault("reported_at", timezone.now())
    incident = create_scoped(Incident, organization, fields, actor=actor)
    steps = checklist_for(incident.target, incident.scenario)
    ChecklistStep.objects.bulk_create(
        ChecklistStep(incident=incident, position=i, text=str(text)[:500]) for i, text in enumerate(steps, 1)
    )
    add_entry(
        incident,
        EntryKind.REPORTED,
        _("{organization} reported the incident ({type}, severity {severity}).").format(
            organization=organization.name, type=incident.scenario.name, severity=incident.severity
        ),
        actor=actor,
        organization=organization,
    )
    send_alerts(incident, chosen, actor=actor)
    return incident


def _open(incident: Incident, actor: Any, action: str = "change") -> Incident:
    current = locked(Incident, incident, actor, action)
    if current.status == IncidentStatus.CLOSED:
        raise ValidationError(CLOSED_NO_CHANGE)
    return current


@transaction.atomic
def do_update_incident(incident: Incident, *, actor: Any, **fields: Any) -> Incident:
    """Correct the report while it is open; the type, target and exercise flag stay as reported."""
    check_fields(fields, EDIT_FIELDS)
    current = update_scoped(_open(incident, actor), fields, actor=actor)
    add_entry(current, EntryKind.NOTE, _("The report was corrected."), actor=actor, organization=current.organization)
    return current


def _status_entry(step: Step) -> None:
    text = _("Status: {state}.").format(state=step.workflow.label_of(step.target))
    if step.comment:
        text = f"{text} {step.comment}"
    add_entry(step.obj, EntryKind.STATUS, text, actor=step.actor, organization=step.obj.organization)


def _close(step: Step) -> None:
    step.obj.summary, step.obj.closed_at = step.comment, step.now
    step.touch("summary", "closed_at")


INCIDENT_WORKFLOW = register(
    Workflow(
        Incident,
        states=IncidentStatus,
        transitions=[
            Transition(
                IncidentStatus.REPORTED,
                IncidentStatus.RESPONDING,
                label=gettext_lazy("Start the response"),
                confirm=False,
                icon="bi-play-circle",
                style="primary",
                after=(_status_entry,),
            ),
            Transition(
                (IncidentStatus.REPORTED, IncidentStatus.RESPONDING),
                IncidentStatus.CONTAINED,
                label=gettext_lazy("Mark as contained"),
                confirm=False,
                icon="bi-shield-check",
                after=(_status_entry,),
            ),
            Transition(
                IncidentStatus.CONTAINED,
                IncidentStatus.RESPONDING,
                label=gettext_lazy("Back to responding"),
                comment=REQUIRED,
                comment_error=gettext_lazy("Say why the response starts again."),
                icon="bi-arrow-counterclockwise",
                event="reopened",
                after=(_status_entry,),
            ),
            Transition(
                IncidentStatus.CONTAINED,
                IncidentStatus.CLOSED,
                label=gettext_lazy("Close the incident"),
                message=gettext_lazy("Write the summary: what happened, what was done, the outcome."),
                comment=REQUIRED,
                comment_label=gettext_lazy("Summary"),
                comment_error=gettext_lazy("Closing an incident needs a summary."),
                icon="bi-check2-circle",
                style="success",
                effects=(_close,),
                after=(_status_entry,),
            ),
        ],
    )
)


@transaction.atomic
def do_check_step(step: ChecklistStep, *, actor: Any, done: bool = True, reason: str = "") -> ChecklistStep:
    """Tick a step as done (who and when are recorded), or mark it not applicable with the reason."""
    incident = _open(step.incident, actor)
    row = ChecklistStep.objects.select_for_update().get(pk=step.pk, incident=incident)
    if row.state != StepState.PENDING:
        raise ValidationError(_("This step was already checked."))
    reason = (reason or "").strip()
    if not done and not reason:
        raise ValidationError({"reason": [_("Say why the step does not apply.")]})
    if len(reason) > 500:
        raise ValidationError({"reason": [_("At most 500 characters.")]})
    row.state = StepState.DONE if done else StepState.NOT_APPLICABLE
    row.done_by, row.done_at, row.reason = actor, timezone.now(), reason
    row.save(update_fields=["state", "done_by", "done_at", "reason"])
    if done:
        text = _("Step {n} done: {step}").format(n=row.position, step=row.text)
    else:
        text = _("Step {n} not applicable: {step}. Reason: {reason}").format(
            n=row.position, step=row.text, reason=reason
        )
    # The step is not a field of the incident: the entry says what happened in words (History tab).
    audit.record(AuditAction.UPDATE, incident, actor=actor, event_type="incidents.incident.step", message=text)
    add_entry(incident, EntryKind.STEP, text, actor=actor, organization=incident.organization)
    return row


def may_take_part(incident: Incident, user: Any) -> bool:
    """The owner's editors and those of every alerted organisation add notes and files."""
    if can(user, "add", incident.organization):
        return True
    return any(can(user, "add", org) for org in incident.participants.all())


@transaction.atomic
def do_add_note(incident: Incident, text: str, *, actor: Any) -> Any:
    """A note from any organisation taking part, appended to the timeline (files: the attachments panel)."""
    incident = locked(Incident, incident, actor, "view")
    if not may_take_part(incident, actor):
        raise PermissionDenied(_("Only the organizations taking part in the response can add notes."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the note.")]})
    if len(text) > 5000:
        raise ValidationError({"text": [_("At most 5000 characters.")]})
    org = _acting_organization(incident, actor)
    entry = add_entry(incident, EntryKind.NOTE, text, actor=actor, organization=org)
    audit.record(AuditAction.UPDATE, incident, actor=actor, event_type="incidents.incident.note", message=text)
    return entry


def _acting_organization(incident: Incident, actor: Any) -> Organization | None:
    """The organisation a note speaks for: one the actor belongs to directly, else the first they write for."""
    candidates = [incident.organization, *incident.participants.all()]
    own = set(Membership.objects.filter(user_id=actor.pk).values_list("organization_id", flat=True))
    direct = [org for org in candidates if org.pk in own and can(actor, "add", org)]
    return next(iter(direct), None) or next((org for org in candidates if can(actor, "add", org)), None)


@transaction.atomic
def do_create_lesson_task(incident: Incident, *, actor: Any, **fields: Any) -> Any:
    """A lesson becomes a task (plans) issued by the incident's owner, whose source is the incident."""
    from pckb.plans.services import do_create_task

    incident = locked(Incident, incident, actor, "add")
    if incident.status not in (IncidentStatus.CONTAINED, IncidentStatus.CLOSED):
        raise ValidationError(_("Lessons become tasks once the incident is contained or closed."))
    fields.setdefault("assigned_on", timezone.localdate())
    fields.setdefault("classification", incident.classification)
    task = do_create_task(incident.organization, actor=actor, source=incident, **fields)
    add_entry(
        incident,
        EntryKind.TASK,
        _("Lesson given as a task to {organization}: {title}").format(
            organization=task.assignee.name, title=task.title
        ),
        actor=actor,
        organization=incident.organization,
    )
    return task


