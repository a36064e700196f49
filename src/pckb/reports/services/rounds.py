"""Reporting rounds: opening one sends a prefilled draft to each recipient; closing stops submissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pckb.core.services import check_fields, create_scoped, locked, require, update_scoped
from pckb.core.workflow import Step, Transition, Workflow, register
from pckb.organizations.choices import OrganizationKind
from pckb.organizations.models import Organization

from ..choices import RoundStatus, SubmissionStatus, TemplateStatus
from ..models import ReportingRound, ReportSubmission, ReportTemplate
from .notifying import notify_round_opened
from .submissions import prefill_values

__all__ = [
    "ROUND_FIELDS",
    "ROUND_WORKFLOW",
    "default_recipients",
    "check_recipients",
    "do_open_round",
    "do_update_round",
]

ROUND_FIELDS = ("template", "period_label", "period_start", "period_end", "due_date", "recipients", "notes")
UPDATABLE = ("period_label", "due_date", "notes")


def default_recipients(committee: Organization) -> list[Organization]:
    """The committee's member agencies and the commune committees directly below it, current and active."""
    return list(
        Organization.objects.filter(parent=committee, is_active=True)
        .filter(Q(kind=OrganizationKind.AGENCY) | Q(kind=OrganizationKind.COMMITTEE))
        .filter(Q(valid_to__isnull=True))
        .order_by("sort_order", "name")
    )


def check_recipients(committee: Organization, recipients: list[Organization]) -> None:
    """Below the committee, and none below another: each reports for its own subtree, so a sum over
    them counts nothing twice (rollup.py)."""
    if not recipients:
        raise ValidationError({"recipients": [_("Choose at least one organisation to report.")]})
    outside = [o for o in recipients if not o.path.startswith(committee.path) or o.pk == committee.pk]
    if outside:
        raise ValidationError(
            {"recipients": [_("“{name}” is not below the issuing committee.").format(name=outside[0].name)]}
        )
    paths = sorted(o.path for o in recipients)
    for upper, lower in zip(paths, paths[1:], strict=False):
        if lower.startswith(upper):
            inner = next(o for o in recipients if o.path == lower)
            raise ValidationError(
                {
                    "recipients": [
                        _(
                            "“{name}” is inside another recipient's subtree: its figures would be counted twice."
                        ).format(name=inner.name)
                    ]
                }
            )


@transaction.atomic
def do_open_round(organization: Any, *, actor: Any, **fields: Any) -> ReportingRound:
    """Open a round of `organization` (a manager's right): one prefilled draft per recipient, notified.

    Recipients default to the committee's member agencies and commune committees.
    """
    check_fields(fields, ROUND_FIELDS)
    if organization is None:
        raise ValidationError({"organization": [_("Choose the organization.")]})
    recipients = list(fields.pop("recipients", None) or [])
    require(actor, "manage", organization, _("Only the committee's managers open reporting rounds."))
    template = fields.get("template")
    if template is None:
        raise ValidationError({"template": [_("Choose a report template.")]})
    if template.status != TemplateStatus.PUBLISHED:
        raise ValidationError({"template": [_("Only a published template can be used for a round.")]})
    if not ReportTemplate.objects.visible_to(actor).filter(pk=template.pk).exists():
        raise ValidationError({"template": [_("Choose a report template.")]})
    if not recipients:
        recipients = default_recipients(organization)
    rnd = create_scoped(ReportingRound, organization, fields, actor=actor, action="manage")
    check_recipients(organization, recipients)
    rnd.recipients.set(recipients)
    texts = ["" for _section in template.sections]
    subs = ReportSubmission.objects.bulk_create(
        ReportSubmission(
            round=rnd,
            organization=org,
            texts=texts,
            classification=rnd.classification,
            created_by=rnd.created_by,
            updated_by=rnd.created_by,
        )
        for org in recipients
    )
    for sub in subs:
        sub.round = rnd
    prefill_values(subs)
    notify_round_opened(rnd, recipients, actor)
    return rnd


@transaction.atomic
def do_update_round(rnd: ReportingRound, *, actor: Any, **fields: Any) -> ReportingRound:
    """The label, due date and notes of a round may change while it is open."""
    check_fields(fields, UPDATABLE)
    current = locked(ReportingRound, rnd, actor, "manage")
    if not current.is_open:
        raise ValidationError({"__all__": [_("This round is closed: reopen it first.")]})
    return update_scoped(current, fields, actor=actor, action="manage")


def _closed(step: Step) -> None:
    step.obj.closed_at = step.now
    step.touch("closed_at")


def _reopened(step: Step) -> None:
    step.obj.closed_at = None
    step.touch("closed_at")


def _pending_message(rnd: ReportingRound) -> str:
    waiting = rnd.submissions.exclude(status=SubmissionStatus.ACCEPTED).count()
    if not waiting:
        return str(_("Every report has been accepted."))
    return str(
        _("{n} report(s) are not accepted yet: after closing, nothing more can be submitted.").format(n=waiting)
    )


ROUND_WORKFLOW = register(
    Workflow(
        ReportingRound,
        states=RoundStatus,
        transitions=[
            Transition(
                RoundStatus.OPEN,
                RoundStatus.CLOSED,
                action="manage",
                label=_("Close the round"),
                message=_pending_message,
                icon="bi-lock",
                effects=(_closed,),
            ),
            Transition(
                RoundStatus.CLOSED,
                RoundStatus.OPEN,
                action="manage",
                label=_("Reopen the round"),
                icon="bi-unlock",
                effects=(_reopened,),
            ),
        ],
    )
)


