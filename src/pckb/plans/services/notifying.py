"""Who hears about what happens to a task. Everything is sent after the commit.

Notification titles are stored in Vietnamese (the language of the users; see notifications.services).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pckb.core.choices import Role

from ..models import Plan, Task

__all__ = ["notify_task", "notify_issuer_managers", "notify_plan_issued", "vietnamese"]


def vietnamese() -> Any:
    """Render stored notification texts in Vietnamese, whatever the actor's interface language."""
    return translation.override("vi")


def _send(organization: Any, task: Task, *, kind: str, title: str, body: str, min_role: int, max_role: Any) -> None:
    from pckb.notifications.services import notify, recipients_in

    notify(
        recipients_in(organization, min_role=min_role, max_role=max_role),
        kind=kind,
        title=title,
        body=body,
        url=task.get_absolute_url(),
        target=task,
        organization=organization,
    )


def notify_task(task: Task, kind: str, *, comment: str = "") -> None:
    """Tell the assignee's editors and managers (new assignment, sent back, verified, cancelled)."""
    with vietnamese():
        titles = {
            "task.assigned": _("New task from {issuer}: {title}"),
            "task.returned": _("Task sent back by {issuer}: {title}"),
            "task.verified": _("Task verified by {issuer}: {title}"),
            "task.cancelled": _("Task cancelled by {issuer}: {title}"),
        }
        title = titles[kind].format(issuer=task.organization, title=task.title)
        body = comment or _("Deadline: {deadline}").format(deadline=task.deadline.strftime("%d/%m/%Y"))
    assignee = task.assignee
    transaction.on_commit(
        lambda: _send(assignee, task, kind=kind, title=title, body=body, min_role=Role.EDITOR, max_role=None)
    )


def notify_issuer_managers(task: Task, kind: str = "task.done", *, comment: str = "") -> None:
    """Tell the issuer's managers that the assignee reports the task done (to verify it)."""
    with vietnamese():
        title = _("{assignee} reports done: {title}").format(assignee=task.assignee, title=task.title)
    issuer = task.organization
    transaction.on_commit(
        lambda: _send(issuer, task, kind=kind, title=title, body=comment, min_role=Role.MANAGER, max_role=None)
    )


def notify_plan_issued(plan: Plan) -> None:
    """Each assignee of the plan's open tasks hears once, with the number of its tasks."""

    def send() -> None:
        from pckb.notifications.services import notify, recipients_in
        from pckb.organizations.models import Organization

        counts = (
            Task.objects.filter(plan=plan).open().values("assignee_id").annotate(n=Count("id")).order_by("assignee_id")
        )
        orgs = Organization.objects.in_bulk([row["assignee_id"] for row in counts])
        for row in counts:
            organization = orgs[row["assignee_id"]]
            with vietnamese():
                title = _("Plan issued by {issuer}: {plan}").format(issuer=plan.organization, plan=plan)
                body = _("{count} task(s) are assigned to {assignee}.").format(count=row["n"], assignee=organization)
            notify(
                recipients_in(organization),
                kind="plan.issued",
                title=title,
                body=body,
                # The assignee side may not read the committee's plan page, but sees its own tasks of it.
                url=f"{reverse('plans:task_assigned')}?plan={plan.pk}",
                target=plan,
                organization=organization,
            )

    transaction.on_commit(send)
