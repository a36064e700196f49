"""What periodic reports can count from the key target list (core.indicators; codes are stable)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pckb.core.indicators import CountScope, register_count

from .choices import ResponsePlanStatus, TargetStatus
from .models import KeyTarget, ResponsePlan

__all__ = ["targets_listed", "targets_plan_current"]


def _listed_at_end(scope: CountScope) -> Q:
    """Targets of the subtree on the list on the period's last day (removed later ones still were)."""
    # On the list from its listing decision's date (from its entry in PCKB when it has none).
    listed = Q(listing_decision_date__lte=scope.end) | Q(
        listing_decision_date__isnull=True, created_at__date__lte=scope.end
    )
    return scope.org_q() & listed & (Q(status=TargetStatus.ACTIVE) | Q(removed_on__gt=scope.end))


def targets_listed(scope: CountScope) -> int:
    return KeyTarget.objects.filter(_listed_at_end(scope)).count()


def targets_plan_current(scope: CountScope) -> int:
    """Of the targets listed at the period's end, those with an approved plan not past its review then.

    A plan counts if it was approved by that day, not yet superseded on it, and its review was not due
    before it.
    """
    end = scope.end
    current = ResponsePlan.objects.filter(
        approved_on__lte=end,
        status__in=[ResponsePlanStatus.APPROVED, ResponsePlanStatus.SUPERSEDED],
    ).filter(
        Q(superseded_on__isnull=True) | Q(superseded_on__gt=end),
        Q(next_review_due__isnull=True) | Q(next_review_due__gte=end),
    )
    return KeyTarget.objects.filter(_listed_at_end(scope), pk__in=current.values("target_id")).count()


register_count(
    "targets.targets_listed",
    _("Key targets on the list"),
    targets_listed,
    unit=_("targets"),
    help=_("Key targets of the unit and the organisations below it on the list on the period's last day."),
)
register_count(
    "targets.targets_plan_current",
    _("Key targets with a current plan"),
    targets_plan_current,
    unit=_("targets"),
    help=_("Of the key targets on the list on the period's last day, those with an approved plan not past its review."),
)
