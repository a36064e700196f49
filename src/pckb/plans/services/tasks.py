"""Creating, assigning to many, changing and deleting tasks (the issuer side)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.scoping import check_write_scope
from pckb.core.services import check_classification, check_fields, create_scoped, locked, require
from pckb.core.sources import check_source

from ..choices import PlanStatus, TaskStatus
from ..models import Plan, Task, TaskGroup
from .notifying import notify_task, notify_task_group

__all__ = [
    "TASK_FIELDS",
    "TASK_UPDATE_FIELDS",
    "do_create_task",
    "do_assign_task_to_many",
    "do_update_task",
    "do_delete_task",
    "source_fields",
]

TASK_FIELDS = (
    "title",
    "description",
    "assignee",
    "assigned_on",
    "deadline",
    "priority",
    "plan",
    "group",
    "recurrence",
    "classification",
)
# What the issuer may change later; the assignee side can change none of it.
TASK_UPDATE_FIELDS = ("title", "description", "assignee", "deadline", "priority", "recurrence", "classification")
ISSUER_ONLY = _("Only the issuing organization can change the title, deadline or other terms of a task.")


def source_fields(source: Any) -> dict[str, Any]:
    """The generic `source` columns for any record (a finding, an exercise, an incident...)."""
    if source is None:
        return {}
    return {"source_type": ContentType.objects.get_for_model(source), "source_id": source.pk}


def _merge(errors: dict[str, list], err: ValidationError) -> None:
    for key, messages in err.message_dict.items():
        bucket = errors.setdefault(key, [])
        bucket.extend(m for m in messages if m not in bucket)


def _check_plan(plan: Plan | None, actor: Any, errors: dict[str, list]) -> None:
    if plan is None:
        return
    # The status is read from the database: the caller's copy of the plan may be stale.
    status = Plan.objects.visible_to(actor, "view").filter(pk=plan.pk).values_list("status", flat=True).first()
    if status is None:
        errors.setdefault("plan", []).append(_("Choose a plan of your own organization."))
    elif status == PlanStatus.CLOSED:
        errors.setdefault("plan", []).append(_("This plan is closed: no new tasks can be added to it."))


def _check_supporters(task: Task, supporters: Iterable[Any], errors: dict[str, list]) -> None:
    issuer_path = task.organization.path
    for org in supporters:
        if not org.path.startswith(issuer_path):
            errors.setdefault("supporters", []).append(
                _("{organization} is outside what {issuer} may assign to.").format(
                    organization=org, issuer=task.organization
                )
            )
        elif org.pk == task.assignee_id:
            errors.setdefault("supporters", []).append(
                _("{organization} is already the lead organization.").format(organization=org)
            )


def _validate(task: Task, supporters: Iterable[Any], errors: dict[str, list]) -> None:
    try:
        task.full_clean()
    except ValidationError as err:
        _merge(errors, err)
    if task.assignee_id and not task.assignee.is_active:
        errors.setdefault("assignee", []).append(_("This organization is no longer active."))
    if task.organization_id and task.assignee_id:
        _check_supporters(task, supporters, errors)
    if errors:
        raise ValidationError(errors)


def _announce(task: Task) -> None:
    # Tasks of a draft plan are announced when the plan is issued, all at once.
    if task.plan_id is None or task.plan.status != PlanStatus.DRAFT:
        notify_task(task, "task.assigned")


@transaction.atomic
def do_create_task(
    organization: Any,
    *,
    actor: Any,
    supporters: Iterable[Any] = (),
    source: Any = None,
    announce: bool = True,
    **fields: Any,
) -> Task:
    """The issuer (`organization`, where the actor is editor or above) gives a task to an assignee
    inside its own tree; the assignee's editors and managers are notified after the commit."""
    check_fields(fields, TASK_FIELDS)
    if organization is None:
        raise ValidationError({"organization": [_("Choose the issuing organization.")]})
    check_write_scope(actor, organization, "add")
    check_source(source, actor)
    supporters = list(supporters)
    task = Task(organization=organization, created_by=actor, updated_by=actor, **fields, **source_fields(source))
    check_classification(task, actor)
    errors: dict[str, list] = {}
    _check_plan(task.plan, actor, errors)
    _validate(task, supporters, errors)
    task.save()
    task.supporters.set(supporters)
    audit.record_create(task, actor=actor)
    if announce:
        _announce(task)
    return task


@transaction.atomic
def do_assign_task_to_many(
    organization: Any, assignees: Iterable[Any], *, actor: Any, source: Any = None, **fields: Any
) -> TaskGroup:
    """The same task to each organisation of `assignees`, under one TaskGroup; all or nothing.

    `source` (a registered record, e.g. the document a dissemination gap is about) is named by every task.
    """
    check_fields(fields, set(TASK_FIELDS) - {"assignee", "group"})
    unique = list({org.pk: org for org in assignees}.values())
    if not unique:
        raise ValidationError({"assignees": [_("Choose at least one organization.")]})
    group_fields = {"title": fields.get("title", ""), "classification": fields.get("classification", 0)}
    group = create_scoped(TaskGroup, organization, group_fields, actor=actor)
    errors: dict[str, list] = {}
    tasks = []
    for assignee in unique:
        try:
            # Announced together below: one notification per recipient for the whole batch.
            task = do_create_task(
                organization, actor=actor, assignee=assignee, group=group, source=source, announce=False, **fields
            )
            tasks.append(task)
        except ValidationError as err:
            for key, messages in err.message_dict.items():
                if key == "assignee":
                    errors.setdefault("assignees", []).extend(messages)
                else:
                    _merge(errors, ValidationError({key: messages}))
    if errors:
        raise ValidationError(errors)
    # Tasks of a draft plan are announced when the plan is issued, all at once.
    if tasks and (tasks[0].plan_id is None or tasks[0].plan.status != PlanStatus.DRAFT):
        notify_task_group(group, tasks, actor=actor)
    return group


@transaction.atomic
def do_update_task(task: Task, *, actor: Any, supporters: Iterable[Any] | None = None, **fields: Any) -> Task:
    """Change the terms of a task: the issuer side only (403 for the assignee side)."""
    check_fields(fields, TASK_UPDATE_FIELDS)
    task = locked(Task, task, actor, "view")
    require(actor, "change", task.organization, ISSUER_ONLY)
    if task.status in (TaskStatus.VERIFIED, TaskStatus.CANCELLED):
        raise ValidationError(_("A verified or cancelled task can no longer be changed."))
    new_assignee = fields.get("assignee")
    reassigned = new_assignee is not None and new_assignee.pk != task.assignee_id
    if reassigned and task.status != TaskStatus.ASSIGNED:
        raise ValidationError({"assignee": [_("The assignee can only be changed before work has started.")]})
    before = audit.snapshot(task)
    for key, value in fields.items():
        setattr(task, key, value)
    task.updated_by = actor
    check_classification(task, actor)
    supporters = list(task.supporters.all()) if supporters is None else list(supporters)
    _validate(task, supporters, {})
    task.save()
    task.supporters.set(supporters)
    audit.record_update(task, before, actor=actor)
    if reassigned:
        _announce(task)
    return task


@transaction.atomic
def do_delete_task(task: Task, *, actor: Any) -> None:
    """Only a draft plan's tasks can be deleted; any other task is cancelled with a reason."""
    task = locked(Task, task, actor, "delete")
    if task.plan_id is None or task.plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only tasks of a draft plan can be deleted; cancel this task with a reason instead."))
    audit.record_delete(task, audit.snapshot(task), actor=actor)
    task.delete()
