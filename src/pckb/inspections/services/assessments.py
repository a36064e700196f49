"""Assessments: the answers per criterion, the weighted score, the receiving officials."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.services import check_fields, locked, update_scoped

from ..choices import ANSWER_POINTS, Answer
from ..models import Assessment, AssessmentAnswer, Inspection
from .inspections import CONCLUDED_IS_FINAL, OPEN_STATES, _sync_answers

__all__ = [
    "ASSESSMENT_FIELDS",
    "score_of",
    "do_update_assessment",
    "do_answer_assessment",
    "unanswered_summary",
]

ASSESSMENT_FIELDS = ("unit_kind", "received_by", "summary")


def score_of(rows: list[tuple[Decimal, str]]) -> Decimal | None:
    """0–100 from (weight, answer) pairs: met earns the weight, partly half, not met nothing; "not
    applicable" and blank answers leave the criterion out. None when nothing counts."""
    total = earned = Decimal(0)
    for weight, answer in rows:
        if answer not in ANSWER_POINTS:
            continue
        total += weight
        earned += weight * Decimal(str(ANSWER_POINTS[answer]))
    if not total:
        return None
    return (earned * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _open_assessment(assessment: Assessment, actor: Any) -> Assessment:
    """The assessment locked for the inspecting side (404 unseen, 403 the inspected unit), while the
    mission is open and its checklist published."""
    current = locked(Assessment, assessment, actor, "change")
    if current.inspection.status not in OPEN_STATES:
        raise ValidationError(CONCLUDED_IS_FINAL)
    if not current.inspection.checklist.is_published:
        raise ValidationError(_("This checklist is still a draft: publish it before scoring against it."))
    return current


@transaction.atomic
def do_update_assessment(assessment: Assessment, *, actor: Any, **fields: Any) -> Assessment:
    check_fields(fields, ASSESSMENT_FIELDS)
    _open_assessment(assessment, actor)
    updated = update_scoped(assessment, fields, actor=actor)
    if "unit_kind" in fields:
        _sync_answers(updated)
        _rescore(updated)
    return updated


def _rescore(assessment: Assessment) -> None:
    rows = [(a.criterion.weight, a.answer) for a in assessment.answers.select_related("criterion")]
    assessment.score = score_of(rows)
    assessment.save(update_fields=["score", "updated_at"])


@transaction.atomic
def do_answer_assessment(
    assessment: Assessment, answers: Mapping[Any, Mapping[str, Any]], *, actor: Any
) -> Assessment:
    """Record answers: {criterion id: {"answer": "met"|"partly"|"not_met"|"na"|"", "note": "..."}}.

    Every criterion named must be asked of this unit; an unknown answer is refused; all or nothing.
    """
    current = _open_assessment(assessment, actor)
    rows = {a.criterion_id: a for a in current.answers.select_related("criterion")}
    errors: dict[str, list] = {}
    changed: list[AssessmentAnswer] = []
    before = {str(k): [a.answer, a.note] for k, a in rows.items()}
    for key, value in answers.items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        row = rows.get(pk) if pk is not None else None
        if row is None or not isinstance(value, Mapping):
            errors.setdefault("answers", []).append(
                _("Criterion {key} is not asked of this unit.").format(key=key)
            )
            continue
        check_fields(value, ("answer", "note"))
        answer = str(value.get("answer", row.answer) or "")
        note = str(value.get("note", row.note) or "").strip()
        if answer and answer not in Answer.values:
            errors.setdefault("answers", []).append(
                _("Criterion {number}: “{answer}” is not an answer.").format(number=row.criterion.number, answer=answer)
            )
            continue
        if len(note) > 2000:
            errors.setdefault("answers", []).append(
                _("Criterion {number}: the note is longer than 2000 characters.").format(number=row.criterion.number)
            )
            continue
        if (row.answer, row.note) != (answer, note):
            row.answer, row.note = answer, note
            changed.append(row)
    if errors:
        raise ValidationError(errors)
    AssessmentAnswer.objects.bulk_update(changed, ["answer", "note"])
    _rescore(current)
    if changed:
        audit.record(
            AuditAction.UPDATE, current, actor=actor, before={"answers": before},
            after={"answers": {str(k): [a.answer, a.note] for k, a in rows.items()}, "score": str(current.score)},
            event_type="inspections.assessment.answers",
        )
    return current


def unanswered_summary(inspection: Inspection) -> list[str]:
    """"Unit: 3 criteria" for each assessment with blank answers (or a met evidence-required criterion
    without a note saying what was seen)."""
    out = []
    for assessment in inspection.assessments.select_related("inspected"):
        blank = assessment.answers.filter(answer="").count()
        if not assessment.answers.exists():
            blank = len(inspection.checklist.criteria_for(assessment.unit_kind)) or 0
        if blank:
            out.append(str(_("{unit}: {count} criteria unanswered")).format(unit=assessment.inspected, count=blank))
    return out


def missing_evidence_summary(inspection: Inspection) -> list[str]:
    """"Unit: criteria 1.2, 3.1" for each assessment whose evidence-required criteria are answered met or
    partly met without an evidence file on the answer (a claim of compliance must be backed by a document)."""
    rows = (
        AssessmentAnswer.objects.filter(
            assessment__inspection=inspection,
            criterion__evidence_required=True,
            answer__in=(Answer.MET, Answer.PARTLY),
        )
        .annotate(files=Count("attachments"))
        .filter(files=0)
        .select_related("assessment__inspected", "criterion")
        .order_by("assessment_id", "criterion__number")
    )
    by_unit: dict[Any, list[str]] = {}
    for row in rows:
        by_unit.setdefault(row.assessment.inspected, []).append(str(row.criterion.number))
    return [
        str(_("{unit}: criteria {numbers} need an evidence file")).format(unit=unit, numbers=", ".join(numbers))
        for unit, numbers in by_unit.items()
    ]
