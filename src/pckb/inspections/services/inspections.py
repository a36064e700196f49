"""Inspection missions: create (with one assessment per inspected unit), change while not concluded,
delete a planned one, and the workflow planned → in progress → concluded → follow-up → closed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, update_scoped, user_or_none
from pckb.core.workflow import NONE, OPTIONAL, Step, Transition, Workflow, do_transition, register

from ..choices import InspectionStatus, UnitKind
from ..models import Assessment, AssessmentAnswer, Finding, Inspection

__all__ = [
    "INSPECTION_FIELDS",
    "INSPECTION_WORKFLOW",
    "CONCLUDED_IS_FINAL",
    "do_create_inspection",
    "do_update_inspection",
    "do_delete_inspection",
    "do_transition_inspection",
    "unit_kind_of",
    "editable_inspection",
]

INSPECTION_FIELDS = (
    "title",
    "decision_number",
    "decision_date",
    "team_head",
    "team_head_title",
    "team_members",
    "period_from",
    "period_to",
    "visit_from",
    "visit_to",
    "checklist",
    "corrective_deadline",
    "strengths",
    "requirements",
    "classification",
)
CONCLUDED_IS_FINAL = _("This inspection is concluded: its assessments and findings can no longer be changed.")
OPEN_STATES = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)
DEFAULT_CORRECTION_DAYS = 60


def unit_kind_of(organization: Any) -> str:
    """The kind of unit a checklist asks about, proposed from the organisation (editable on the assessment)."""
    if organization.kind == "committee":
        return UnitKind.COMMUNE if organization.level == "commune" else UnitKind.COMMITTEE
    return UnitKind.AGENCY


def _check_units(owner: Any, units: list[Any], visit_from: Any, errors: dict[str, list]) -> None:
    if not units:
        errors.setdefault("inspected", []).append(_("Choose at least one inspected unit."))
    for org in units:
        if org.pk == owner.pk or not org.path.startswith(owner.path):
            errors.setdefault("inspected", []).append(
                _("{unit} is not below {owner}: a committee inspects the units under it.").format(unit=org, owner=owner)
            )
            continue
        # A unit since merged or dissolved is accepted for a visit within its lifetime.
        problem = org.lifetime_error(visit_from) if visit_from and hasattr(org, "lifetime_error") else None
        if problem:
            errors.setdefault("inspected", []).append(problem)


def _check_targets(owner: Any, targets: list[Any], errors: dict[str, list]) -> None:
    for target in targets:
        if not target.organization.path.startswith(owner.path):
            errors.setdefault("key_targets", []).append(
                _("{target} is not a key target of {owner} or the units under it.").format(target=target, owner=owner)
            )


def _sync_assessments(inspection: Inspection, units: list[Any], actor: Any) -> None:
    """One assessment per inspected unit, each with a blank answer per criterion asked of its kind."""
    keep = {org.pk for org in units}
    gone = inspection.assessments.exclude(inspected_id__in=keep)
    if Finding.objects.filter(assessment__in=gone).exists():
        raise ValidationError({"inspected": [_("A unit with findings cannot be removed from the inspection.")]})
    gone.delete()
    have = set(inspection.assessments.values_list("inspected_id", flat=True))
    for org in units:
        if org.pk in have:
            continue
        # Part of the mission's own create or update (its audit entry names the units): no entry of its own.
        assessment = Assessment(
            inspection=inspection, organization=inspection.organization, inspected=org, unit_kind=unit_kind_of(org),
            classification=inspection.classification, created_by=user_or_none(actor), updated_by=user_or_none(actor),
        )
        assessment.full_clean()
        assessment.save()
        _sync_answers(assessment)


def _sync_answers(assessment: Assessment) -> None:
    """Blank answers for the criteria of the unit's kind; answers of criteria no longer asked go."""
    asked = {c.pk for c in assessment.inspection.checklist.criteria_for(assessment.unit_kind)}
    assessment.answers.exclude(criterion_id__in=asked).delete()
    have = set(assessment.answers.values_list("criterion_id", flat=True))
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, criterion_id=pk) for pk in sorted(asked - have)
    )


@transaction.atomic
def do_create_inspection(
    organization: Any, *, actor: Any, inspected: Iterable[Any] = (), key_targets: Iterable[Any] = (), **fields: Any
) -> Inspection:
    """A mission of `organization` (the inspecting committee) to units under it; past missions too."""
    check_fields(fields, INSPECTION_FIELDS)
    units, targets = list(inspected), list(key_targets)
    errors: dict[str, list] = {}
    if organization is not None:
        _check_units(organization, units, fields.get("visit_from"), errors)
        _check_targets(organization, targets, errors)

    def validate(obj: Inspection) -> None:
        try:
            obj.full_clean()
        except ValidationError as err:
            for key, messages in err.message_dict.items():
                errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    inspection = create_scoped(Inspection, organization, fields, actor=actor, validate=validate)
    inspection.inspected.set(units)
    inspection.key_targets.set(targets)
    _sync_assessments(inspection, units, actor)
    return inspection


def editable_inspection(inspection: Inspection, actor: Any, action: str = "change") -> Inspection:
    current = locked(Inspection, inspection, actor, action)
    if current.status not in OPEN_STATES:
        raise ValidationError(CONCLUDED_IS_FINAL)
    return current


@transaction.atomic
def do_update_inspection(
    inspection: Inspection,
    *,
    actor: Any,
    inspected: Iterable[Any] | None = None,
    key_targets: Iterable[Any] | None = None,
    **fields: Any,
) -> Inspection:
    """Change a mission before it is concluded; the checklist only while nothing is answered."""
    check_fields(fields, INSPECTION_FIELDS)
    current = editable_inspection(inspection, actor)
    checklist = fields.get("checklist")
    if checklist is not None and checklist.pk != current.checklist_id and AssessmentAnswer.objects.filter(
        assessment__inspection=current).exclude(answer="").exists():
        raise ValidationError({"checklist": [_("Answers were already given: the checklist can no longer change.")]})
    errors: dict[str, list] = {}
    units = list(inspected) if inspected is not None else list(current.inspected.all())
    targets = list(key_targets) if key_targets is not None else list(current.key_targets.all())
    _check_units(current.organization, units, fields.get("visit_from", current.visit_from), errors)
    _check_targets(current.organization, targets, errors)
    if errors:
        raise ValidationError(errors)
    updated = update_scoped(current, fields, actor=actor)
    updated.inspected.set(units)
    updated.key_targets.set(targets)
    _sync_assessments(updated, units, actor)
    if checklist is not None:
        for assessment in updated.assessments.all():
            _sync_answers(assessment)
    return updated


@transaction.atomic
def do_delete_inspection(inspection: Inspection, *, actor: Any) -> None:
    current = locked(Inspection, inspection, actor, "delete")
    if current.status != InspectionStatus.PLANNED:
        raise ValidationError(_("Only a planned inspection can be deleted."))
    audit.record_delete(current, audit.snapshot(current), actor=actor)
    current.delete()


# --- workflow --------------------------------------------------------------------------------------


def _require_answers(step: Step) -> None:
    """Every criterion of every unit answered; evidence-required criteria met only with a note."""
    from .assessments import missing_evidence_summary, unanswered_summary

    missing = unanswered_summary(step.obj)
    if missing:
        raise ValidationError(
            _("Answer every criterion before concluding: {units}.").format(units="; ".join(missing))
        )
    missing = missing_evidence_summary(step.obj)
    if missing:
        raise ValidationError(
            _("Attach the evidence of every evidence-required criterion answered met or partly met before "
              "concluding: {units}.").format(units="; ".join(missing))
        )


def _conclude(step: Step) -> None:
    step.obj.concluded_on = timezone.localdate(step.now)
    step.touch("concluded_on")


def _create_tasks(step: Step) -> None:
    from .findings import create_corrective_tasks

    create_corrective_tasks(step.obj, actor=step.actor, today=timezone.localdate(step.now))


def _require_verified(step: Step) -> None:
    from .queries import unverified_findings

    left = unverified_findings(step.obj)
    if left:
        raise ValidationError(
            _("{count} corrective task(s) are not verified yet: the inspection closes once every one is.").format(
                count=left
            )
        )


def _closed(step: Step) -> None:
    step.obj.closed_on = timezone.localdate(step.now)
    step.touch("closed_on")


def _conclude_message(inspection: Inspection) -> str:
    count = Finding.objects.filter(assessment__inspection=inspection).count()
    return str(
        _(
            "The assessments become final and the inspected units can read theirs. {count} finding(s) become "
            "corrective tasks of the units."
        ).format(count=count)
    )


S = InspectionStatus
INSPECTION_WORKFLOW = register(
    Workflow(
        Inspection,
        states=InspectionStatus,
        transitions=[
            Transition(S.PLANNED, S.IN_PROGRESS, label=_("Start the inspection"), comment=NONE, confirm=False,
                       icon="bi-play-circle"),
            Transition(
                S.IN_PROGRESS,
                S.CONCLUDED,
                action="manage",
                label=_("Conclude"),
                title=_("Conclude the inspection"),
                message=_conclude_message,
                comment=OPTIONAL,
                icon="bi-clipboard-check",
                style="primary",
                guards=(_require_answers,),
                effects=(_conclude,),
                after=(_create_tasks,),
            ),
            Transition(S.CONCLUDED, S.FOLLOW_UP, action="manage", label=_("Start the follow-up"), comment=NONE,
                       message=_("The units' corrective tasks are followed up until the team verifies each."),
                       icon="bi-list-check"),
            Transition(
                (S.CONCLUDED, S.FOLLOW_UP),
                S.CLOSED,
                action="manage",
                label=_("Close the inspection"),
                message=_("Every corrective task has been verified: the inspection is closed for good."),
                comment=OPTIONAL,
                icon="bi-check2-all",
                style="success",
                guards=(_require_verified,),
                effects=(_closed,),
            ),
        ],
    )
)


def do_transition_inspection(inspection: Inspection, to: str, *, actor: Any, comment: str = "") -> Inspection:
    return do_transition(inspection, to, actor=actor, comment=comment)


def default_deadline(inspection: Inspection, today: datetime.date) -> datetime.date:
    return inspection.corrective_deadline or today + datetime.timedelta(days=DEFAULT_CORRECTION_DAYS)
