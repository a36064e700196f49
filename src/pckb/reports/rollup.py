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

from pckb.core.register.names import organization_name

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

    def counts(self) -> dict[str, int]:
        result = {c.value: 0 for c in Compliance}
        for row in self.rows:
            result[row.compliance] += 1
        return result


def round_rollup(rnd: ReportingRound, *, with_values: bool = False, today: datetime.date | None = None) -> Rollup:
    """The totals of the round's accepted reports, per indicator by its rule, and one row per recipient.

    The totals count accepted reports only (what the committee has checked); `with_values` adds each
    recipient's figures to its row (for the annex and the page), whatever its state.
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
    subs = (
        ReportSubmission.objects.filter(round=rnd)
        .select_related("organization")
        .only("pk", "status", "submitted_at", "organization")
        .order_by("organization__sort_order", "organization__name")
    )
    rows = [
        RecipientRow(
            submission_id=s.pk,
            organization_id=s.organization_id,
            name=organization_name(s.organization, rnd.period_end),
            status=s.status,
            compliance=compliance_of(s.status, s.submitted_at, rnd.due_date, today),
            submitted_at=s.submitted_at,
        )
        for s in subs
    ]
    if with_values:
        by_sub = {row.submission_id: row for row in rows}
        for sub_id, ind_id, value in SubmissionValue.objects.filter(submission__round=rnd).values_list(
            "submission_id", "indicator_id", "value"
        ):
            by_sub[sub_id].values[ind_id] = value
    # Late and missing first: what the committee has to chase.
    rows.sort(key=lambda r: CHASE_ORDER[r.compliance])
    return Rollup(rnd, totals, rows)


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
