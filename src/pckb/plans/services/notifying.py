"""Who hears about what happens to a task. Everything is sent after the commit.

The actor never hears of their own action, and one action gives each recipient one notification at
most: a task given to many organisations, or a plan issued with its tasks, reaches each recipient once,
listing what concerns them (`notifications.services.notify_grouped`). The kinds and their recipients
are declared in plans/notification_kinds.py and listed in docs/notifications.md.

Notification titles are stored in Vietnamese (the language of the users; see notifications.services).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pckb.core.choices import Role

from ..models import Plan, Task, TaskGroup

__all__ = ["notify_task", "notify_issuer_managers", "notify_task_group", "notify_plan_issued", "vietnamese"]


def vietnamese() -> Any:
    """Render stored notification texts in Vietnamese, whatever the actor's interface language."""
    return translation.override("vi")


def _actor(task: Task, actor: Any) -> Any:
    # Every service that changes a task stamps `updated_by` with its actor before notifying.
    return actor if actor is not None else task.updated_by


def _send(organization: Any, task: Task, *, kind: str, title: str, body: str, min_role: int, actor: Any) -> None:
    from pckb.notifications.services import notify, recipients_in

    notify(
        recipients_in(organization, min_role=min_role),
        kind=kind,
        title=title,
        body=body,
        url=task.get_absolute_url(),
        target=task,
        organization=organization,
        actor=actor,
    )


def _deadline(task: Task) -> str:
    return _("Deadline: {deadline}").format(deadline=task.deadline.strftime("%d/%m/%Y"))


def notify_task(task: Task, kind: str, *, comment: str = "", actor: Any = None) -> None:
    """Tell the assignee's editors and managers (new assignment, sent back, verified, cancelled)."""
    with vietnamese():
        titles = {
            "task.assigned": _("New task from {issuer}: {title}"),
            "task.returned": _("Task sent back by {issuer}: {title}"),
            "task.verified": _("Task verified by {issuer}: {title}"),
            "task.cancelled": _("Task cancelled by {issuer}: {title}"),
        }
        title = titles[kind].format(issuer=task.organization, title=task.title)
        body = comment or _deadline(task)
    assignee, actor = task.assignee, _actor(task, actor)
    transaction.on_commit(
        lambda: _send(assignee, task, kind=kind, title=title, body=body, min_role=Role.EDITOR, actor=actor)
    )


def notify_issuer_managers(task: Task, kind: str = "task.done", *, comment: str = "", actor: Any = None) -> None:
    """Tell the issuer's managers that the assignee reports the task done (to verify it)."""
    with vietnamese():
        title = _("{assignee} reports done: {title}").format(assignee=task.assignee, title=task.title)
    issuer, actor = task.organization, _actor(task, actor)
    transaction.on_commit(
        lambda: _send(issuer, task, kind=kind, title=title, body=comment, min_role=Role.MANAGER, actor=actor)
    )


def notify_task_group(group: TaskGroup, tasks: Iterable[Task], *, actor: Any) -> None:
    """A task given to many organisations at once: each recipient hears once, of the tasks for them."""
    tasks = list(tasks)

    def send() -> None:
        from pckb.notifications.services import Message, notify_grouped, recipients_in

        with vietnamese():
            messages = [
                (
                    recipients_in(task.assignee),
                    Message(
                        title=_("New task from {issuer}: {title}").format(issuer=task.organization, title=task.title),
                        body=_deadline(task),
                        url=task.get_absolute_url(),
                        target=task,
                    ),
                )
                for task in tasks
            ]
            by_message = {id(message): task for (_recipients, message), task in zip(messages, tasks, strict=True)}

            def summary(told: list[Message]) -> Message:
                count = len(told)
                title = ngettext(
                    "{count} new task from {issuer}: {title}", "{count} new tasks from {issuer}: {title}", count
                ).format(count=count, issuer=group.organization, title=group.title)
                lines = [
                    f"• {by_message[id(m)].assignee}: {by_message[id(m)].deadline:%d/%m/%Y}" for m in told
                ]
                url = f"{reverse('plans:task_assigned')}?group={group.pk}"
                return Message(title=title, body="\n".join(lines), url=url, target=group)

            notify_grouped(messages, kind="task.assigned", actor=actor, summary=summary)

    transaction.on_commit(send)


def notify_plan_issued(plan: Plan, *, actor: Any = None) -> None:
    """Each recipient hears once that the plan is issued, with the number of tasks per organisation."""
    actor = actor if actor is not None else plan.updated_by

    def send() -> None:
        from pckb.notifications.services import Message, notify_grouped, recipients_in
        from pckb.organizations.models import Organization

        counts: dict[int, int] = {}
        for assignee_id in Task.objects.filter(plan=plan).open().values_list("assignee_id", flat=True):
            counts[assignee_id] = counts.get(assignee_id, 0) + 1
        orgs = Organization.objects.in_bulk(list(counts))
        # The assignee side may not read the committee's plan page, but sees its own tasks of it.
        url = f"{reverse('plans:task_assigned')}?plan={plan.pk}"
        with vietnamese():
            title = _("Plan issued by {issuer}: {plan}").format(issuer=plan.organization, plan=plan)
            messages = [
                (
                    recipients_in(orgs[assignee_id]),
                    Message(
                        title=title,
                        body=ngettext(
                            "{count} task is assigned to {assignee}.", "{count} tasks are assigned to {assignee}.", n
                        ).format(count=n, assignee=orgs[assignee_id]),
                        url=url,
                        target=plan,
                    ),
                )
                for assignee_id, n in sorted(counts.items())
            ]

            def summary(told: list[Message]) -> Message:
                return Message(title=title, body="\n".join(f"• {m.body}" for m in told), url=url, target=plan)

            notify_grouped(messages, kind="plan.issued", actor=actor, summary=summary)

    transaction.on_commit(send)
