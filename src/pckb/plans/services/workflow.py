"""The life of a task after it is given: its table in the state machine, and progress reports.

    assigned    → in_progress (assignee editor: "Start work", one click)
    assigned, in_progress → done (assignee editor: "Mark done", confirmed, closing comment and report)
    assigned, in_progress → cancelled (issuer editor, with the reason)
    done        → verified (issuer manager) | in_progress (issuer manager, "Send back", saying what is missing)
    verified and cancelled are final.

Each step writes a timeline entry and tells the other side. A task sent back from done no longer shows
100 %: its progress returns to the last figure the assignee reported below 100 % (0 when none).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.attachments import do_add_attachments
from pckb.core.services import locked, require
from pckb.core.workflow import NONE, OPTIONAL, REQUIRED, Step, Transition, Workflow, do_transition, register

from ..choices import PlanStatus, Recurrence, TaskStatus, TaskUpdateKind
from ..models import Task, TaskUpdate
from .notifying import notify_issuer_managers, notify_task

__all__ = [
    "TASK_WORKFLOW",
    "do_transition_task",
    "do_cancel_task",
    "do_report_progress",
    "next_deadline",
]

S = TaskStatus
ASSIGNEE_ONLY = _("Only the assignee's editors can report on this task.")
ISSUER_MANAGER_ONLY = _("Only a manager of the issuing organization can verify a task or send it back.")
STEPS = {
    Recurrence.MONTHLY: relativedelta(months=1),
    Recurrence.QUARTERLY: relativedelta(months=3),
    Recurrence.YEARLY: relativedelta(years=1),
}


def next_deadline(task: Task) -> Any:
    return task.deadline + STEPS[task.recurrence]


def _timeline(task: Task, kind: str, *, actor: Any, text: str = "", percent: int | None = None) -> TaskUpdate:
    entry = TaskUpdate(
        task=task,
        organization_id=task.organization_id,
        classification=task.classification,
        kind=kind,
        percent=percent,
        text=text,
        created_by=actor,
        updated_by=actor,
    )
    entry.full_clean(exclude=["task", "organization"])
    entry.save()
    return entry


# --- hooks of the table ----------------------------------------------------------------------------


def _timeline_entry(kind: str) -> Any:
    def hook(step: Step) -> None:
        entry = _timeline(step.obj, kind, actor=step.actor, text=step.comment)
        if step.attachment:
            # The closing report's file goes through the one attachment mechanism (content-checked, audited).
            do_add_attachments(entry, [step.attachment], actor=step.actor)

    return hook


def _mark_completed(step: Step) -> None:
    step.obj.completed_at = step.now
    step.touch("completed_at")


def _mark_verified(step: Step) -> None:
    step.obj.verified_at = step.now
    step.touch("verified_at")


def _keep_reason(step: Step) -> None:
    step.obj.cancel_reason = step.comment
    step.touch("cancel_reason")


def _reopen(step: Step) -> None:
    """Sent back: no longer completed, and no longer 100 % (the last figure reported below it, or 0)."""
    task = step.obj
    task.completed_at = None
    last = (
        TaskUpdate.objects.filter(task=task, kind=TaskUpdateKind.PROGRESS, percent__lt=100)
        .order_by("-created_at", "-id")
        .values_list("percent", flat=True)
        .first()
    )
    if task.progress >= 100:
        task.progress = last or 0
    step.touch("completed_at", "progress")


def _notify(kind: str) -> Any:
    def hook(step: Step) -> None:
        notify_task(step.obj, kind, comment=step.comment)

    return hook


def _notify_issuer(step: Step) -> None:
    notify_issuer_managers(step.obj, comment=step.comment)


def _next_occurrence(step: Step) -> None:
    _create_next_occurrence(step.obj, actor=step.actor)


def _done_message(task: Task) -> str:
    return str(
        _(
            "{issuer} will be told that the task is done and will verify it. Say what was done; "
            "attach the report if there is one."
        ).format(issuer=task.organization)
    )


OPEN = (S.ASSIGNED, S.IN_PROGRESS)
TASK_WORKFLOW = register(
    Workflow(
        Task,
        states=TaskStatus,
        transitions=[
            Transition(
                S.ASSIGNED,
                S.IN_PROGRESS,
                side="assignee",
                label=_("Start work"),
                comment=NONE,
                confirm=False,
                denied=ASSIGNEE_ONLY,
                icon="bi-play-circle",
                after=(_timeline_entry(TaskUpdateKind.STARTED),),
            ),
            Transition(
                OPEN,
                S.DONE,
                side="assignee",
                label=_("Mark done"),
                title=_("Report the task as done"),
                message=_done_message,
                comment=OPTIONAL,
                comment_label=_("Closing comment (what was done)"),
                document=OPTIONAL,
                document_label=_("Report file (if any)"),
                denied=ASSIGNEE_ONLY,
                icon="bi-check2-square",
                style="success",
                effects=(_mark_completed,),
                after=(_timeline_entry(TaskUpdateKind.DONE), _notify_issuer, _next_occurrence),
            ),
            Transition(
                OPEN,
                S.CANCELLED,
                side="organization",
                label=_("Cancel the task"),
                message=_("The assignee is told and no more progress can be reported. This cannot be undone."),
                comment=REQUIRED,
                comment_label=_("Reason for cancellation"),
                comment_error=_("Give the reason for cancelling the task."),
                destructive=True,
                denied=_("Only the issuing organization can cancel this task."),
                icon="bi-x-circle",
                effects=(_keep_reason,),
                after=(_timeline_entry(TaskUpdateKind.CANCELLED), _notify("task.cancelled")),
            ),
            Transition(
                S.DONE,
                S.VERIFIED,
                side="organization",
                action="manage",
                label=_("Verify"),
                message=_("The task is closed as completed and the assignee is told."),
                denied=ISSUER_MANAGER_ONLY,
                icon="bi-patch-check",
                style="success",
                effects=(_mark_verified,),
                after=(_timeline_entry(TaskUpdateKind.VERIFIED), _notify("task.verified")),
            ),
            Transition(
                S.DONE,
                S.IN_PROGRESS,
                side="organization",
                action="manage",
                label=_("Send back"),
                message=_("The task goes back to the assignee, in progress again, with your comment."),
                comment=REQUIRED,
                comment_label=_("What is still missing"),
                comment_error=_("Say what is still missing when you send a task back."),
                denied=ISSUER_MANAGER_ONLY,
                icon="bi-arrow-return-left",
                style="outline-warning",
                effects=(_reopen,),
                after=(_timeline_entry(TaskUpdateKind.RETURNED), _notify("task.returned")),
            ),
        ],
    )
)


def do_transition_task(task: Task, to: str, comment: str = "", *, actor: Any, attachment: Any = None) -> Task:
    """Move a task along TASK_WORKFLOW (an alias of core.workflow.do_transition)."""
    return do_transition(task, to, actor=actor, comment=comment, attachment=attachment)


def do_cancel_task(task: Task, reason: str, *, actor: Any) -> Task:
    """Cancel with a reason (the issuer side); the only way to withdraw a task of an issued plan."""
    return do_transition(task, S.CANCELLED, actor=actor, comment=reason)


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
def do_report_progress(
    task: Task, percent: Any, text: str = "", *, actor: Any, attachments: Iterable[Any] = ()
) -> TaskUpdate:
    """The assignee reports how far it is (0–100 %), with files if any (core attachments of the entry).
    Going below the last figure needs a comment; reaching 100 % does not complete the task."""
    task = locked(Task, task, actor, "view")
    require(actor, "change", task.assignee, ASSIGNEE_ONLY)
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
    entry = _timeline(task, TaskUpdateKind.PROGRESS, actor=actor, text=text, percent=percent)
    audit.record_create(entry, actor=actor)
    # All or nothing: a refused file rolls the report back with it.
    do_add_attachments(entry, attachments, actor=actor)
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
