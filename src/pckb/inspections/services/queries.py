"""Read-only questions about inspections that other pages and modules ask (key targets, organisations)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max, Q

from ..choices import FindingState, InspectionStatus
from ..models import Finding, Inspection

__all__ = ["finding_state", "last_visit_dates", "unverified_findings", "OPEN_TASK_STATES", "open_findings_q"]

OPEN_TASK_STATES = ("assigned", "in_progress", "done")
TASK_TO_FINDING = {
    "assigned": FindingState.OPEN,
    "in_progress": FindingState.OPEN,
    "done": FindingState.REPORTED,
    "verified": FindingState.VERIFIED,
    "cancelled": FindingState.CANCELLED,
}


def finding_state(finding: Finding) -> str:
    """Recorded until the conclusion makes its task; then the task's state."""
    if finding.task_id is None:
        return FindingState.RECORDED
    return TASK_TO_FINDING.get(finding.task.status, FindingState.OPEN)


def open_findings_q() -> Q:
    """Findings not yet closed: recorded, or their task not verified (nor cancelled)."""
    return Q(task__isnull=True) | Q(task__status__in=OPEN_TASK_STATES)


def unverified_findings(inspection: Inspection) -> int:
    """Findings whose corrective task is neither verified nor withdrawn (cancelled by the issuer)."""
    return Finding.objects.filter(assessment__inspection=inspection).filter(open_findings_q()).count()


def last_visit_dates(target_ids: list[int]) -> dict[int, datetime.date | None]:
    """{key target id: last day a mission (not just planned) was there}, for the readiness check."""
    rows = (
        Inspection.objects.filter(key_targets__in=target_ids)
        .exclude(status=InspectionStatus.PLANNED)
        .values("key_targets")
        .annotate(last=Max("visit_to"))
    )
    found = {row["key_targets"]: row["last"] for row in rows}
    return {pk: found.get(pk) for pk in target_ids}


def visited_target_ids(since: datetime.date) -> Any:
    """The ids of the key targets a mission (not just planned) visited on or after `since`."""
    return (
        Inspection.objects.exclude(status=InspectionStatus.PLANNED)
        .filter(visit_to__gte=since, key_targets__isnull=False)
        .values("key_targets")
    )


def inspections_of_unit(organization: Any, user: Any) -> Any:
    """The missions that inspected `organization` which `user` may read, newest first."""
    return (
        Inspection.objects.visible_to(user)
        .filter(inspected=organization)
        .select_related("organization")
        .order_by("-visit_from", "-id")
    )
