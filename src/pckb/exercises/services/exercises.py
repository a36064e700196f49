"""Exercises: create, change (participants, objectives, evaluation), delete, and their state table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.scoping import check_write_scope
from pckb.core.services import check_classification, check_fields, locked, user_or_none
from pckb.core.workflow import Step, Transition, Workflow, do_transition, register
from pckb.organizations.models import Organization

from ..choices import ExerciseStatus, Rating
from ..models import MAX_FORCE, Exercise, ExerciseObjective, ExerciseParticipant

__all__ = [
    "EXERCISE_FIELDS",
    "EVALUATION_FIELDS",
    "EXERCISE_WORKFLOW",
    "do_create_exercise",
    "do_update_exercise",
    "do_delete_exercise",
    "do_set_participant",
    "do_remove_participant",
    "do_conduct_exercise",
    "do_evaluate_exercise",
]

EXERCISE_FIELDS = (
    "title",
    "kind",
    "date",
    "end_date",
    "place",
    "target",
    "scenario",
    "description",
    "classification",
)
# Written once the exercise has been conducted.
EVALUATION_FIELDS = ("evaluated_on", "strengths", "areas_for_improvement")
CHILD_FIELDS = ("participants", "objectives")
MAX_OBJECTIVES = 30
CLOSED = _("An evaluated exercise can no longer be changed.")
NOT_YET = _("Record the evaluation once the exercise has been conducted.")


def _clean_participants(rows: Any, actor: Any) -> list[tuple[Organization, int]]:
    """[{organization, force_count}] → checked pairs; one error under "participants"."""
    visible = Organization.objects.visible_to(actor, "view")
    out: dict[int, tuple[Organization, int]] = {}
    for row in rows or []:
        org, count = (row.get("organization"), row.get("force_count", 0)) if isinstance(row, dict) else row
        if not isinstance(org, Organization) or not visible.filter(pk=org.pk).exists():
            raise ValidationError({"participants": [_("Choose participating organizations you can see.")]})
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_FORCE:
            raise ValidationError(
                {"participants": [_("A force count is a whole number from 0 to {max}.").format(max=MAX_FORCE)]}
            )
        if org.pk in out:
            raise ValidationError(
                {"participants": [_("{organization} is listed twice.").format(organization=org)]}
            )
        out[org.pk] = (org, count)
    return list(out.values())


def _clean_objectives(rows: Any, rated: bool) -> list[dict[str, str]]:
    """Strings or {description, rating, observation} → checked rows; ratings only when `rated`."""
    out = []
    for row in rows or []:
        row = {"description": row} if isinstance(row, str) else dict(row)
        description = str(row.get("description") or "").strip()
        rating, observation = str(row.get("rating") or ""), str(row.get("observation") or "").strip()
        if not description:
            continue
        if len(description) > 500:
            raise ValidationError({"objectives": [_("An objective has at most 500 characters.")]})
        if rating and rating not in Rating.values:
            raise ValidationError(
                {"objectives": [_("“{rating}” is not on the rating scale (P, S, M, U).").format(rating=rating)]}
            )
        if (rating or observation) and not rated:
            raise ValidationError({"objectives": [NOT_YET]})
        out.append({"description": description, "rating": rating, "observation": observation})
    if len(out) > MAX_OBJECTIVES:
        raise ValidationError({"objectives": [_("At most 30 objectives.")]})
    return out


def _children(exercise: Exercise) -> dict[str, Any]:
    # Readable lines: the history page prints them as they are.
    participations = exercise.participations.select_related("organization")
    return {
        # "participations" (the rows), not "participants" (the M2M field, whose history reads ids).
        "participations": [f"{p.organization} ({p.force_count})" for p in participations],
        "objectives": [
            f"{o.description} [{o.rating}]" if o.rating else o.description for o in exercise.objectives.all()
        ],
    }


def _write_children(exercise: Exercise, participants: Any, objectives: Any) -> None:
    if participants is not None:
        exercise.participations.all().delete()
        ExerciseParticipant.objects.bulk_create(
            ExerciseParticipant(exercise=exercise, organization=org, force_count=count) for org, count in participants
        )
    if objectives is not None:
        exercise.objectives.all().delete()
        ExerciseObjective.objects.bulk_create(
            ExerciseObjective(exercise=exercise, position=n, **row) for n, row in enumerate(objectives)
        )


@transaction.atomic
def do_create_exercise(organization: Any, *, actor: Any, **fields: Any) -> Exercise:
    """A planned exercise led by `organization` (editors there), with its participants and objectives."""
    check_fields(fields, (*EXERCISE_FIELDS, *CHILD_FIELDS))
    participants = _clean_participants(fields.pop("participants", None), actor)
    objectives = _clean_objectives(fields.pop("objectives", None), rated=False)
    if organization is None:
        raise ValidationError({"organization": [_("Choose the lead organization.")]})
    check_write_scope(actor, organization, "add")
    user = user_or_none(actor)
    exercise = Exercise(organization=organization, created_by=user, updated_by=user, **fields)
    check_classification(exercise, actor)
    exercise.full_clean()
    exercise.save()
    _write_children(exercise, participants, objectives)
    # One entry for the record with its rows (create_scoped would audit it without them).
    audit.record(AuditAction.CREATE, exercise, actor=actor, after={**audit.snapshot(exercise), **_children(exercise)})
    return exercise


@transaction.atomic
def do_update_exercise(exercise: Exercise, *, actor: Any, **fields: Any) -> Exercise:
    """Change a planned or conducted exercise; the evaluation (ratings, strengths, areas for
    improvement, date) only once it has been conducted; nothing once evaluated."""
    check_fields(fields, (*EXERCISE_FIELDS, *EVALUATION_FIELDS, *CHILD_FIELDS))
    current = locked(Exercise, exercise, actor, "change")
    if current.status == ExerciseStatus.EVALUATED:
        raise ValidationError(CLOSED)
    conducted = current.status == ExerciseStatus.CONDUCTED
    if not conducted and any(fields.get(name) for name in EVALUATION_FIELDS):
        raise ValidationError({name: [NOT_YET] for name in EVALUATION_FIELDS if fields.get(name)})
    participants = fields.pop("participants", None)
    objectives = fields.pop("objectives", None)
    participants = None if participants is None else _clean_participants(participants, actor)
    if objectives is not None:
        # A plain line keeps the rating its objective already has (the edit form sends only the texts).
        kept = {o.description: {"rating": o.rating, "observation": o.observation} for o in current.objectives.all()}
        objectives = [
            {"description": row.strip(), **kept.get(row.strip(), {})} if isinstance(row, str) else row
            for row in objectives
        ]
        objectives = _clean_objectives(objectives, rated=conducted)
    # One audit entry for the record and its rows (participants, objectives), as update_scoped would.
    before = {**audit.snapshot(current), **_children(current)}
    for key, value in fields.items():
        setattr(current, key, value)
    current.updated_by = user_or_none(actor)
    check_classification(current, actor)
    current.full_clean()
    current.save()
    _write_children(current, participants, objectives)
    after = {**audit.snapshot(current), **_children(current)}
    if any(before.get(k) != after.get(k) for k in after if k != "updated_at"):
        audit.record(AuditAction.UPDATE, current, actor=actor, before=before, after=after)
    return current


@transaction.atomic
def do_delete_exercise(exercise: Exercise, *, actor: Any) -> None:
    current = locked(Exercise, exercise, actor, "delete")
    if current.status != ExerciseStatus.PLANNED:
        raise ValidationError(_("Only a planned exercise can be deleted."))
    audit.record_delete(current, audit.snapshot(current), actor=actor)
    current.delete()


@transaction.atomic
def do_set_participant(exercise: Exercise, organization: Any, force_count: int, *, actor: Any) -> Exercise:
    """Add a participating organisation, or change its force count."""
    current = locked(Exercise, exercise, actor, "change")
    rows: list[dict[str, Any]] = [
        {"organization": p.organization, "force_count": p.force_count}
        for p in current.participations.select_related("organization")
        if p.organization_id != getattr(organization, "pk", None)
    ]
    rows.append({"organization": organization, "force_count": force_count})
    return do_update_exercise(current, actor=actor, participants=rows)


@transaction.atomic
def do_remove_participant(exercise: Exercise, organization: Any, *, actor: Any) -> Exercise:
    current = locked(Exercise, exercise, actor, "change")
    rows = [
        {"organization": p.organization, "force_count": p.force_count}
        for p in current.participations.select_related("organization")
        if p.organization_id != organization.pk
    ]
    return do_update_exercise(current, actor=actor, participants=rows)


def _not_before_its_date(step: Step) -> None:
    exercise = step.obj
    if exercise.date > timezone.localdate():
        raise ValidationError(
            {
                "to": [
                    _("This exercise is planned for {date}: it cannot be recorded as conducted before then.").format(
                        date=exercise.date.strftime("%d/%m/%Y")
                    )
                ]
            }
        )


def _every_objective_rated(step: Step) -> None:
    objectives = list(step.obj.objectives.all())
    if not objectives or any(not o.rating for o in objectives):
        raise ValidationError({"to": [_("Rate every objective of the exercise before closing its evaluation.")]})


def _set_evaluated_on(step: Step) -> None:
    if step.obj.evaluated_on is None:
        step.obj.evaluated_on = timezone.localdate()
        step.touch("evaluated_on")


EXERCISE_WORKFLOW = register(
    Workflow(
        Exercise,
        states=ExerciseStatus,
        transitions=[
            Transition(
                ExerciseStatus.PLANNED,
                ExerciseStatus.CONDUCTED,
                action="change",
                label=_("Record as conducted"),
                message=_("The exercise took place; its evaluation can then be recorded."),
                comment_label=_("How it went (optional)"),
                icon="bi-flag",
                style="primary",
                guards=(_not_before_its_date,),
            ),
            Transition(
                ExerciseStatus.CONDUCTED,
                ExerciseStatus.EVALUATED,
                action="manage",
                label=_("Close the evaluation"),
                message=_("The ratings, strengths and areas for improvement are final; the exercise is closed."),
                icon="bi-clipboard-check",
                style="primary",
                guards=(_every_objective_rated,),
                effects=(_set_evaluated_on,),
            ),
        ],
    )
)


def do_conduct_exercise(exercise: Exercise, *, actor: Any, comment: str = "") -> Exercise:
    return do_transition(exercise, ExerciseStatus.CONDUCTED, actor=actor, comment=comment)


def do_evaluate_exercise(exercise: Exercise, *, actor: Any, comment: str = "") -> Exercise:
    return do_transition(exercise, ExerciseStatus.EVALUATED, actor=actor, comment=comment)


def participants_of(exercise: Exercise) -> Iterable[ExerciseParticipant]:
    return exercise.participations.select_related("organization").order_by("pk")
