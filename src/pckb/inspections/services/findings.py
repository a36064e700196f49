"""Findings: recorded on a unit's assessment before the conclusion; each becomes a corrective task."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, update_scoped

from ..choices import Severity
from ..models import Assessment, Finding, Inspection
from .inspections import CONCLUDED_IS_FINAL, OPEN_STATES, default_deadline, editable_inspection

__all__ = [
    "FINDING_FIELDS",
    "do_create_finding",
    "do_update_finding",
    "do_delete_finding",
    "create_corrective_tasks",
]

FINDING_FIELDS = ("criterion", "severity", "description", "recommendation", "deadline", "classification")
PRIORITY = {Severity.HIGH: "high", Severity.MEDIUM: "normal", Severity.LOW: "low"}


def _check_criterion(finding: Finding) -> None:
    if finding.criterion_id and finding.criterion.checklist_id != finding.assessment.inspection.checklist_id:
        raise ValidationError({"criterion": [_("Choose a criterion of this inspection's checklist.")]})


@transaction.atomic
def do_create_finding(inspection: Inspection, *, actor: Any, inspected: Any = None, **fields: Any) -> Finding:
    """A finding on one of the mission's units (`inspected`), before the conclusion."""
    check_fields(fields, FINDING_FIELDS)
    current = editable_inspection(inspection, actor)
    assessment = Assessment.objects.filter(inspection=current, inspected=inspected).first() if inspected else None
    if assessment is None:
        raise ValidationError(
            {"inspected": [_("{unit} is not inspected by this mission.").format(unit=inspected or "—")]}
        )

    def validate(obj: Finding) -> None:
        obj.full_clean()
        _check_criterion(obj)

    fields.setdefault("classification", current.classification)
    return create_scoped(Finding, current.organization, {**fields, "assessment": assessment}, actor=actor,
                         action="change", validate=validate)


def _open_finding(finding: Finding, actor: Any, action: str = "change") -> Finding:
    current = locked(Finding, finding, actor, action)
    if current.assessment.inspection.status not in OPEN_STATES:
        raise ValidationError(CONCLUDED_IS_FINAL)
    return current


@transaction.atomic
def do_update_finding(finding: Finding, *, actor: Any, **fields: Any) -> Finding:
    check_fields(fields, FINDING_FIELDS)
    current = _open_finding(finding, actor)

    def validate(obj: Finding) -> None:
        obj.full_clean()
        _check_criterion(obj)

    return update_scoped(current, fields, actor=actor, validate=validate)


@transaction.atomic
def do_delete_finding(finding: Finding, *, actor: Any) -> None:
    current = _open_finding(finding, actor, "delete")
    audit.record_delete(current, audit.snapshot(current), actor=actor)
    current.delete()


def create_corrective_tasks(inspection: Inspection, *, actor: Any, today: datetime.date) -> list[Any]:
    """One task per finding without one, from the inspecting committee to the unit, source = the finding."""
    from pckb.plans.services import do_create_task

    tasks = []
    findings = Finding.objects.filter(assessment__inspection=inspection, task__isnull=True).select_related(
        "assessment__inspected"
    )
    for finding in findings.order_by("id"):
        task = do_create_task(
            inspection.organization,
            actor=actor,
            source=finding,
            title=finding.recommendation.strip()[:500],
            description=str(_("Finding of the inspection “{inspection}”: {finding}")).format(
                inspection=inspection.title, finding=finding.description
            ),
            assignee=finding.assessment.inspected,
            assigned_on=today,
            deadline=max(finding.deadline or default_deadline(inspection, today), today),
            priority=PRIORITY.get(finding.severity, "normal"),
            classification=finding.classification,
        )
        finding.task = task
        finding.save(update_fields=["task", "updated_at"])
        tasks.append(task)
    return tasks
