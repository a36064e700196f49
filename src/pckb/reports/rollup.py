"""Roll-up: the figures of a round's recipients made one, and who reported (the compliance view).

No double counting, by construction: a round's recipients are organisations below the issuing
committee, none below another (services.rounds checks it), and each reports for its own subtree. So a
sum over recipients counts every record once, and a committee whose own report takes its recipients'
roll-up passes on a sum over disjoint subtrees. The national roll-up therefore adds the provinces'
accepted figures, each of which already adds its agencies' and communes'. tests/reports/test_rollup.py
checks it on generated trees (totals equal the sum over the leaves).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Sum
from django.utils import timezone

from pckb.core.register.names import organization_name, organization_names

from .choices import Aggregation, Compliance, SubmissionStatus
from .models import Indicator, ReportingRound, ReportSubmission, SubmissionValue

__all__ = [
    "aggregate",
    "compliance_of",
    "IndicatorTotal",
    "RecipientRow",
    "Rollup",
    "round_rollup",
    "child_round_for",
]

CHASE_ORDER = {
    Compliance.MISSING: 0,
    Compliance.RETURNED: 1,
    Compliance.LATE: 2,
    Compliance.PENDING: 3,
    Compliance.ON_TIME: 4,
}
Entry = tuple[Decimal | None, datetime.datetime | None]


def aggregate(rule: str, entries: Iterable[Entry]) -> Decimal | None:
    """One figure from several units' (value, submitted at): their sum, the largest, or the latest
    submitted. Units without a value are left out; None when none has one."""
    present = [(v, at) for v, at in entries if v is not None]
    if not present:
        return None
    if rule == Aggregation.MAX:
        return max(v for v, _ in present)
    if rule == Aggregation.LATEST:
        floor = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return max(present, key=lambda e: e[1] or floor)[0]
    return sum((v for v, _ in present), Decimal(0))


def compliance_of(status: str, submitted_at: datetime.datetime | None, due: datetime.date, today: datetime.date) -> str:
    """Where a recipient stands: on time / late once received, returned, missing after the due date."""
    if status == SubmissionStatus.RETURNED:
        return Compliance.RETURNED
    if status == SubmissionStatus.DRAFT or submitted_at is None:
        return Compliance.MISSING if today > due else Compliance.PENDING
    return Compliance.LATE if timezone.localtime(submitted_at).date() > due else Compliance.ON_TIME


@dataclass
class IndicatorTotal:
    indicator: Indicator
    total: Decimal | None
    reported_by: int  # how many accepted reports gave a value


@dataclass
class RecipientRow:
    submission_id: int
    organization_id: int
    name: str  # as the unit was named at the period's end
    status: str
    compliance: str
    submitted_at: datetime.datetime | None
    values: dict[int, Decimal | None] = field(default_factory=dict)  # indicator id -> value


@dataclass
class Rollup:
    round: ReportingRound
    totals: list[IndicatorTotal]
    rows: list[RecipientRow]
    recipients: int = 0  # all of them, when `rows` was limited
    by_compliance: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {c.value: self.by_compliance.get(c.value, 0) for c in Compliance}


def round_rollup(
    rnd: ReportingRound, *, with_values: bool = False, limit: int | None = None, today: datetime.date | None = None
) -> Rollup:
    """The totals of the round's accepted reports, per indicator by its rule, and one row per recipient.

    The totals count accepted reports only (what the committee has checked); `with_values` adds each
    recipient's figures to its row (for the annex and the page), whatever its state; `limit` keeps the
    first rows only (late and missing first), e.g. what a page shows.
    """
    today = today or timezone.localdate()
    indicators = list(rnd.template.indicators.all())
    accepted = SubmissionValue.objects.filter(
        submission__round=rnd, submission__status=SubmissionStatus.ACCEPTED, value__isnull=False
    )
    sums = {
        row["indicator_id"]: row
        for row in accepted.order_by().values("indicator_id").annotate(total=Sum("value"), top=Max("value"))
    }
    reported = dict(accepted.order_by().values("indicator_id").annotate(n=Count("id")).values_list("indicator_id", "n"))
    totals = []
    for ind in indicators:
        agg = sums.get(ind.pk)
        if agg is None:
            total = None
        elif ind.aggregation == Aggregation.MAX:
            total = agg["top"]
        elif ind.aggregation == Aggregation.LATEST:
            latest = accepted.filter(indicator=ind).order_by("-submission__submitted_at", "-pk").first()
            total = latest.value if latest else None
        else:
            total = agg["total"]
        totals.append(IndicatorTotal(ind, total, reported.get(ind.pk, 0)))
    subs = list(
        ReportSubmission.objects.filter(round=rnd)
        .order_by("organization__sort_order", "organization__name")
        .values_list("pk", "organization_id", "organization__name", "status", "submitted_at")
    )
    names = organization_names(((s[1], s[2]) for s in subs), rnd.period_end)
    rows = [
        RecipientRow(
            submission_id=pk,
            organization_id=org_id,
            name=names[org_id],
            status=status,
            compliance=compliance_of(status, submitted_at, rnd.due_date, today),
            submitted_at=submitted_at,
        )
        for pk, org_id, _name, status, submitted_at in subs
    ]
    # Late and missing first: what the committee has to chase.
    rows.sort(key=lambda r: CHASE_ORDER[r.compliance])
    recipients, by_compliance = len(rows), {}
    for row in rows:
        by_compliance[row.compliance] = by_compliance.get(row.compliance, 0) + 1
    if limit is not None:
        rows = rows[:limit]
    if with_values:
        by_sub = {row.submission_id: row for row in rows}
        values = SubmissionValue.objects.filter(submission__round=rnd)
        if limit is not None:
            values = values.filter(submission_id__in=list(by_sub))
        for sub_id, ind_id, value in values.values_list("submission_id", "indicator_id", "value").iterator(2000):
            by_sub[sub_id].values[ind_id] = value
    return Rollup(rnd, totals, rows, recipients, by_compliance)


def child_round_for(submission: ReportSubmission) -> ReportingRound | None:
    """The round the reporting unit itself opened for the same period, whose roll-up its report may take."""
    rnd = submission.round
    return (
        ReportingRound.objects.filter(
            organization_id=submission.organization_id, period_start=rnd.period_start, period_end=rnd.period_end
        )
        .select_related("template")
        .order_by("-pk")
        .first()
    )


def rollup_by_code(rollup: Rollup) -> dict[str, Decimal | None]:
    return {t.indicator.code: t.total for t in rollup.totals}


def name_on(org: Any, day: datetime.date) -> str:
    return organization_name(org, day)
