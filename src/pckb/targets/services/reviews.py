"""The daily reminder: approved plans due for review within 30 days notify the target's owner."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..choices import ResponsePlanStatus
from ..models import ResponsePlan
from ..readiness import DUE_SOON_DAYS

__all__ = ["send_review_reminders"]


def send_review_reminders(today: datetime.date | None = None) -> int:
    """Notify the owner organisation's staff once per plan and review date; returns notifications made.

    The dedupe key carries the review date, so a daily run sends each reminder once and a plan
    reviewed (a new version approved, with a new date) is reminded afresh next time.
    """
    from pckb.notifications.services import notify, recipients_in

    today = today or timezone.localdate()
    plans = (
        ResponsePlan.objects.filter(
            status=ResponsePlanStatus.APPROVED,
            next_review_due__gte=today,
            next_review_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            target__status="active",
        )
        .select_related("target", "organization")
        .order_by("next_review_due", "pk")
    )
    staff: dict[int, list[Any]] = {}
    sent = 0
    for plan in plans.iterator(chunk_size=1000):
        if plan.organization_id not in staff:
            staff[plan.organization_id] = list(recipients_in(plan.organization))
        with translation.override("vi"):
            title = _("Plan due for review: {target}").format(target=plan.target.name)
            body = _("“{plan}” must be reviewed by {date}.").format(
                plan=plan, date=plan.next_review_due.strftime("%d/%m/%Y")
            )
        sent += len(
            notify(
                staff[plan.organization_id],
                kind="responseplan.review",
                title=title,
                body=body,
                url=plan.get_absolute_url(),
                target=plan,
                organization=plan.organization,
                dedupe_key=f"responseplan:{plan.pk}:review:{plan.next_review_due.isoformat()}",
            )
        )
    return sent
