"""The life of a task after it is given: progress reports and status transitions.

assigned → in_progress | done | cancelled;  in_progress → done | cancelled;
done → verified (issuer manager) | in_progress (sent back by the issuer manager, with a comment);
verified and cancelled are final. Anything else is refused with a translated error.
"""

from __future__ import annotations

from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.scoping import can
from pckb.core.services import locked, require

from ..choices import PlanStatus, Recurrence, TaskStatus, TaskUpdateKind
from ..models import Task, TaskUpdate
from .notifying import notify_issuer_managers, notify_task

__all__ = [
    "TRANSITIONS",
    "allowed_transitions",
    "do_transition_task",
    "do_cancel_task",
    "do_report_progress",
    "next_deadline",
]

S = TaskStatus
ASSIGNEE_EDITOR = ("assignee", "change")
ISSUER_EDITOR = ("issuer", "change")
ISSUER_MANAGER = ("issuer", "manage")

# from status → {to status: (side, action) the actor needs}
TRANSITIONS: dict[str, dict[str, tuple[str, str]]] = {
    S.ASSIGNED: {S.IN_PROGRESS: ASSIGNEE_EDITOR, S.DONE: ASSIGNEE_EDITOR, S.CANCELLED: ISSUER_EDITOR},
    S.IN_PROGRESS: {S.DONE: ASSIGNEE_EDITOR, S.CANCELLED: ISSUER_EDITOR},
    S.DONE: {S.VERIFIED: ISSUER_MANAGER, S.IN_PROGRESS: ISSUER_MANAGER},
    S.VERIFIED: {},
    S.CANCELLED: {},
}
DENIED = {
    ASSIGNEE_EDITOR: _("Only the assignee's editors can report on this task."),
    ISSUER_EDITOR: _("Only the issuing organization can cancel this task."),
    ISSUER_MANAGER: _("Only a manager of the issuing organization can verify a task or send it back."),
}
STEPS = {
    Recurrence.MONTHLY: relativedelta(months=1),
    Recurrence.QUARTERLY: relativedelta(months=3),
    Recurrence.YEARLY: relativedelta(years=1),
}


def _update_kind(from_status: str, to: str) -> str:
    if from_status == S.DONE and to == S.IN_PROGRESS:
        return TaskUpdateKind.RETURNED
    return {
        S.IN_PROGRESS: TaskUpdateKind.STARTED,
        S.DONE: TaskUpdateKind.DONE,
        S.VERIFIED: TaskUpdateKind.VERIFIED,
        S.CANCELLED: TaskUpdateKind.CANCELLED,
    }[to]


def _side(task: Task, side: str) -> Any:
    return task.assignee if side == "assignee" else task.organization


def allowed_transitions(task: Task, user: Any) -> list[str]:
    """The statuses this user may move the task to now (the buttons of the task page)."""
    return [to for to, (side, action) in TRANSITIONS[task.status].items() if can(user, action, _side(task, side))]


def next_deadline(task: Task) -> Any:
    return task.deadline + STEPS[task.recurrence]


def _timeline(
    task: Task, kind: str, *, actor: Any, text: str = "", percent: int | None = None, attachment: Any = None
) -> TaskUpdate:
    entry = TaskUpdate(
        task=task,
        organization_id=task.organization_id,
        classification=task.classification,
        kind=kind,
        percent=percent,
        text=text,
        attachment=attachment or "",
        created_by=actor,
        updated_by=actor,
    )
    entry.full_clean(exclude=["task", "organization"])
    entry.save()
    return entry


def _record_transition(task: Task, from_status: str, *, actor: Any, comment: str) -> None:
    audit.record(
        AuditAction.TRANSITION,
        task,
        actor=actor,
        before={"status": from_status},
        after={"status": task.status},
        event_type=f"plans.task.{task.status}",
        message=comment,
    )


@transaction.atomic
def do_transition_task(task: Task, to: str, comment: str = "", *, actor: Any) -> Task:
    """Move a task along the table above; the right side acts, comments where required, audited."""
    task = locked(Task, task, actor, "view")
    comment = (comment or "").strip()
    if to not in S.values:
        raise ValidationError({"to": [_("Unknown status “{status}”.").format(status=to)]})
    rule = TRANSITIONS[task.status].get(to)
    if rule is None:
        raise ValidationError(
            {
                "to": [
                    _("A task that is “{current}” cannot be moved to “{target}”.").format(
                        current=task.get_status_display(), target=S(to).label
                    )
                ]
            }
        )
    side, action = rule
    require(actor, action, _side(task, side), DENIED[rule])
    from_status = task.status
    if to == S.CANCELLED and not comment:
        raise ValidationError({"comment": [_("Give the reason for cancelling the task.")]})
    if from_status == S.DONE and to == S.IN_PROGRESS and not comment:
        raise ValidationError({"comment": [_("Say what is still missing when you send a task back.")]})

    now = timezone.now()
    task.status = to
    task.updated_by = actor
    fields = ["status", "updated_by", "updated_at"]
    if to == S.DONE:
        task.completed_at = now
        fields.append("completed_at")
    elif to == S.VERIFIED:
        task.verified_at = now
        fields.append("verified_at")
    elif to == S.CANCELLED:
        task.cancel_reason = comment
        fields.append("cancel_reason")
    elif from_status == S.DONE:
        task.completed_at = None
        fields.append("completed_at")
    task.save(update_fields=fields)
    _timeline(task, _update_kind(from_status, to), actor=actor, text=comment)
    _record_transition(task, from_status, actor=actor, comment=comment)

    if to == S.DONE:
        notify_issuer_managers(task, comment=comment)
        _create_next_occurrence(task, actor=actor)
    elif to == S.VERIFIED:
        notify_task(task, "task.verified", comment=comment)
    elif to == S.CANCELLED:
        notify_task(task, "task.cancelled", comment=comment)
    elif from_status == S.DONE:
        notify_task(task, "task.returned", comment=comment)
    return task


@transaction.atomic
def do_cancel_task(task: Task, reason: str, *, actor: Any) -> Task:
    """Cancel with a reason (the issuer side); the only way to withdraw a task of an issued plan."""
    return do_transition_task(task, S.CANCELLED, reason, actor=actor)


def _create_next_occurrence(task: Task, *, actor: Any) -> Task | None:
    """A recurring task, once done, gets its next occurrence (only once, even if sent back and redone)."""
    if task.recurrence == Recurrence.NONE or Task.objects.filter(recurrence_parent=task).exists():
        return None
    step = STEPS[task.recurrence]
    plan = task.plan if task.plan_id and task.plan.status != PlanStatus.CLOSED else None
    following = Task(
        organization_id=task.organization_id,
        classification=task.classification,
        title=task.title,
        description=task.description,
        assignee_id=task.assignee_id,
        assigned_on=task.assigned_on + step,
        deadline=task.deadline + step,
        priority=task.priority,
        plan=plan,
        source_type_id=task.source_type_id,
        source_id=task.source_id,
        recurrence=task.recurrence,
        recurrence_parent=task,
        created_by=actor,
        updated_by=actor,
    )
    following.full_clean()
    following.save()
    following.supporters.set(task.supporters.all())
    audit.record_create(following, actor=actor, event_type="plans.task.recurred")
    notify_task(following, "task.assigned")
    return following


@transaction.atomic
def do_report_progress(task: Task, percent: Any, text: str = "", attachment: Any = None, *, actor: Any) -> TaskUpdate:
    """The assignee reports how far it is (0–100 %). Going below the last figure needs a comment;
    reaching 100 % does not complete the task (the assignee marks it done)."""
    task = locked(Task, task, actor, "view")
    require(actor, "change", task.assignee, DENIED[ASSIGNEE_EDITOR])
    if not task.is_open:
        raise ValidationError(_("Progress can only be reported on a task that is assigned or in progress."))
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise ValidationError({"percent": [_("Enter a whole number between 0 and 100.")]})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": [_("Progress must be between 0 and 100.")]})
    text = (text or "").strip()
    if percent < task.progress and not text:
        raise ValidationError(
            {
                "text": [
                    _(
                        "The progress is lower than the last reported value ({last}%): explain why in the comment."
                    ).format(last=task.progress)
                ]
            }
        )
    entry = _timeline(task, TaskUpdateKind.PROGRESS, actor=actor, text=text, percent=percent, attachment=attachment)
    audit.record_create(entry, actor=actor)
    before = audit.snapshot(task)
    from_status = task.status
    task.progress = percent
    task.updated_by = actor
    if from_status == S.ASSIGNED:
        # Reporting progress means the work has started.
        task.status = S.IN_PROGRESS
    task.save(update_fields=["progress", "status", "updated_by", "updated_at"])
    audit.record_update(task, before, actor=actor)
    return entry
