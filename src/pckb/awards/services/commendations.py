"""Commendations: propose, change while proposed, link achievements, approve or reject, delete."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.services import check_fields, create_scoped, locked, update_scoped
from pckb.core.sources import check_source
from pckb.core.workflow import REQUIRED, Step, Transition, Workflow, do_transition, register

from ..choices import CommendationStatus, RecipientKind
from ..models import Commendation, CommendationAchievement

__all__ = [
    "COMMENDATION_FIELDS",
    "COMMENDATION_WORKFLOW",
    "do_propose_commendation",
    "do_update_commendation",
    "do_delete_commendation",
    "do_approve_commendation",
    "do_reject_commendation",
    "achievements_of",
]

COMMENDATION_FIELDS = (
    "recipient_kind",
    "recipient_organization",
    "recipient_name",
    "recipient_title",
    "form",
    "issuing_authority",
    "decision_number",
    "decision_date",
    "reason",
    "year",
    "classification",
)
PROPOSED_ONLY = _("Only a proposed commendation can be changed.")


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    # A collective recipient has no personal name; an individual keeps their unit if given.
    if fields.get("recipient_kind") == RecipientKind.COLLECTIVE:
        fields.setdefault("recipient_name", "")
        fields.setdefault("recipient_title", "")
    return fields


def _links(commendation: Commendation) -> list[str]:
    # "exercises.exercise #2": readable in the history, whatever the reader's language.
    return [
        f"{a.source_type.app_label}.{a.source_type.model} #{a.source_id}"
        for a in commendation.achievements.select_related("source_type")
    ]


def _set_achievements(commendation: Commendation, records: Any, actor: Any) -> None:
    before = _links(commendation)
    seen: set[tuple[int, int]] = set()
    rows = []
    for record in records or []:
        check_source(record, actor, field="achievements")
        key = (ContentType.objects.get_for_model(record).pk, record.pk)
        if key not in seen:
            seen.add(key)
            rows.append(CommendationAchievement(commendation=commendation, source_type_id=key[0], source_id=key[1]))
    commendation.achievements.all().delete()
    CommendationAchievement.objects.bulk_create(rows)
    after = _links(commendation)
    if after != before:
        audit.record(
            AuditAction.UPDATE,
            commendation,
            actor=actor,
            before={"achievements": before},
            after={"achievements": after},
            event_type="awards.commendation.achievements",
        )


@transaction.atomic
def do_propose_commendation(organization: Any, *, actor: Any, **fields: Any) -> Commendation:
    """A proposal by `organization` (editors there) for one of its organisations or a named official."""
    check_fields(fields, (*COMMENDATION_FIELDS, "achievements"))
    achievements = fields.pop("achievements", None)
    commendation = create_scoped(Commendation, organization, _normalise(fields), actor=actor)
    if achievements:
        _set_achievements(commendation, achievements, actor)
    return commendation


@transaction.atomic
def do_update_commendation(commendation: Commendation, *, actor: Any, **fields: Any) -> Commendation:
    check_fields(fields, (*COMMENDATION_FIELDS, "achievements"))
    current = locked(Commendation, commendation, actor, "change")
    if current.status != CommendationStatus.PROPOSED:
        raise ValidationError(PROPOSED_ONLY)
    achievements = fields.pop("achievements", None)
    if fields:
        current = update_scoped(current, _normalise(fields), actor=actor)
    if achievements is not None:
        _set_achievements(current, achievements, actor)
    return current


@transaction.atomic
def do_delete_commendation(commendation: Commendation, *, actor: Any) -> None:
    current = locked(Commendation, commendation, actor, "delete")
    if current.status != CommendationStatus.PROPOSED:
        raise ValidationError(_("Only a proposed commendation can be deleted."))
    audit.record_delete(current, audit.snapshot(current), actor=actor)
    current.delete()


def _decided(step: Step) -> None:
    # The day in Vietnam: step.now is UTC, a day behind from 00:00 to 07:00 local time.
    step.obj.decided_by, step.obj.decided_on = step.actor, timezone.localdate(step.now)
    step.touch("decided_by", "decided_on")


def _tell_proposer(step: Step) -> None:
    """The proposer learns the decision (and the reason of a rejection), once the step is committed."""
    commendation, proposer = step.obj, step.obj.created_by
    if proposer is None or not proposer.is_active:
        return
    with translation.override("vi"):
        title = _("Commendation {state}: {recipient}").format(
            state=commendation.get_status_display().lower(), recipient=commendation.recipient_label
        )
        body = step.comment

    def send() -> None:
        from pckb.notifications.services import notify

        notify(
            [proposer],
            kind="commendation.decided",
            title=str(title),
            body=str(body),
            url=commendation.get_absolute_url(),
            target=commendation,
            organization=commendation.organization,
            actor=step.actor,
        )

    transaction.on_commit(send)


def _still_valid(step: Step) -> None:
    # The recipient may have left the proposer's tree since the proposal (a merger moves it).
    step.obj.full_clean()


COMMENDATION_WORKFLOW = register(
    Workflow(
        Commendation,
        states=CommendationStatus,
        transitions=[
            Transition(
                CommendationStatus.PROPOSED,
                CommendationStatus.APPROVED,
                action="manage",
                label=_("Approve"),
                title=_("Approve the commendation"),
                icon="bi-award",
                style="primary",
                guards=(_still_valid,),
                effects=(_decided,),
                after=(_tell_proposer,),
            ),
            Transition(
                CommendationStatus.PROPOSED,
                CommendationStatus.REJECTED,
                action="manage",
                label=_("Reject"),
                comment=REQUIRED,
                comment_label=_("Reason for rejecting"),
                comment_error=_("Say why the proposal is rejected."),
                destructive=True,
                icon="bi-x-circle",
                effects=(_decided,),
                after=(_tell_proposer,),
            ),
        ],
    )
)


def do_approve_commendation(commendation: Commendation, *, actor: Any, comment: str = "") -> Commendation:
    return do_transition(commendation, CommendationStatus.APPROVED, actor=actor, comment=comment)


def do_reject_commendation(commendation: Commendation, *, actor: Any, comment: str) -> Commendation:
    return do_transition(commendation, CommendationStatus.REJECTED, actor=actor, comment=comment)


def achievements_of(commendation: Commendation, user: Any) -> list[tuple[CommendationAchievement, Any]]:
    """Each link with its record when `user` may see it (None otherwise: shown as a hidden record)."""
    from pckb.core.sources import visible_source

    return [
        (link, visible_source(link.source_type, link.source_id, user))
        for link in commendation.achievements.select_related("source_type")
    ]
