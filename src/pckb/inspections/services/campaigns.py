"""Self-assessment campaigns: a committee sends one checklist to many units; each answers its own
self-assessment and submits it; the committee compares the self-scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.services import check_fields, create_scoped, locked, user_or_none
from pckb.core.workflow import NONE, Step, Transition, Workflow, do_transition, register

from ..choices import Answer
from ..models import Campaign, SelfAssessment
from .assessments import score_of
from .inspections import unit_kind_of

__all__ = [
    "CAMPAIGN_FIELDS",
    "SELF_ASSESSMENT_WORKFLOW",
    "do_create_campaign",
    "do_answer_self_assessment",
    "do_submit_self_assessment",
]

CAMPAIGN_FIELDS = ("title", "checklist", "deadline", "classification")
SUBMITTED_IS_FINAL = _("This self-assessment was submitted: it can no longer be changed.")


@transaction.atomic
def do_create_campaign(organization: Any, *, actor: Any, recipients: Iterable[Any] = (), **fields: Any) -> Campaign:
    """A campaign of `organization` to units under it, each given a blank self-assessment."""
    check_fields(fields, CAMPAIGN_FIELDS)
    units = list(recipients)
    errors: dict[str, list] = {}
    if not units:
        errors["recipients"] = [_("Choose at least one unit.")]
    for org in units:
        if organization is not None and (org.pk == organization.pk or not org.path.startswith(organization.path)):
            errors.setdefault("recipients", []).append(
                _("{unit} is not below {owner}: a committee inspects the units under it.").format(
                    unit=org, owner=organization)
            )

    def validate(obj: Campaign) -> None:
        try:
            obj.full_clean()
        except ValidationError as err:
            for key, messages in err.message_dict.items():
                errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    campaign = create_scoped(Campaign, organization, fields, actor=actor, validate=validate)
    campaign.recipients.set(units)
    user = user_or_none(actor)
    # Part of the campaign's creation (its audit entry): no entry of their own.
    SelfAssessment.objects.bulk_create(
        SelfAssessment(campaign=campaign, organization=org, unit_kind=unit_kind_of(org),
                       classification=campaign.classification, created_by=user, updated_by=user)
        for org in units
    )
    return campaign


@transaction.atomic
def do_answer_self_assessment(
    assessment: SelfAssessment, answers: Mapping[Any, Mapping[str, Any]], *, actor: Any
) -> SelfAssessment:
    """The unit's editors record answers ({criterion id: {"answer", "note"}}); all or nothing."""
    current = locked(SelfAssessment, assessment, actor, "change")
    if current.submitted:
        raise ValidationError(SUBMITTED_IS_FINAL)
    asked = {c.pk: c for c in current.campaign.checklist.criteria_for(current.unit_kind)}
    stored = dict(current.answers or {})
    before = dict(stored)
    errors = []
    for key, value in answers.items():
        pk = int(key) if str(key).isdigit() else None
        if pk not in asked or not isinstance(value, Mapping):
            errors.append(_("Criterion {key} is not asked of this unit.").format(key=key))
            continue
        answer, note = str(value.get("answer") or ""), str(value.get("note") or "").strip()[:2000]
        if answer and answer not in Answer.values:
            errors.append(_("Criterion {number}: “{answer}” is not an answer.").format(
                number=asked[pk].number, answer=answer))
            continue
        stored[str(pk)] = {"answer": answer, "note": note}
    if errors:
        raise ValidationError({"answers": errors})
    current.answers = stored
    current.score = score_of(
        [(c.weight, (stored.get(str(pk)) or {}).get("answer", "")) for pk, c in asked.items()]
    )
    current.updated_by = user_or_none(actor)
    current.save(update_fields=["answers", "score", "updated_by", "updated_at"])
    audit.record(AuditAction.UPDATE, current, actor=actor, before={"answers": before},
                 after={"answers": stored, "score": str(current.score)},
                 event_type="inspections.selfassessment.answers")
    return current


def _require_complete(step: Step) -> None:
    sa = step.obj
    asked = sa.campaign.checklist.criteria_for(sa.unit_kind)
    blank = [c for c in asked if not (sa.answers or {}).get(str(c.pk), {}).get("answer")]
    if blank:
        raise ValidationError(_("Answer every criterion before submitting: {count} left.").format(count=len(blank)))


class _SelfAssessmentStates:
    choices = [("draft", _("Being prepared")), ("submitted", _("Submitted"))]


SELF_ASSESSMENT_WORKFLOW = register(
    Workflow(
        SelfAssessment,
        field="submitted",
        states=_SelfAssessmentStates,
        values={"draft": False, "submitted": True},
        transitions=[
            Transition("draft", "submitted", label=_("Submit"), comment=NONE,
                       title=_("Submit the self-assessment"),
                       message=_("The committee that sent the checklist reads it; it can no longer be changed."),
                       icon="bi-send", style="primary", guards=(_require_complete,)),
        ],
    )
)


def do_submit_self_assessment(assessment: SelfAssessment, *, actor: Any) -> SelfAssessment:
    return do_transition(assessment, "submitted", actor=actor)
