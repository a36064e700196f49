"""The daily reminders of a round: a few days before the due date, and once it has passed."""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..choices import EDITABLE_STATUSES, RoundStatus
from ..models import ReportSubmission

__all__ = ["REMIND_DAYS_BEFORE", "send_round_reminders"]

REMIND_DAYS_BEFORE = 3


def send_round_reminders(today: datetime.date | None = None) -> int:
    """Notify the staff of units whose report is not submitted: once `REMIND_DAYS_BEFORE` days before
    the due date (kind report.reminder), and once after it (report.late). The dedupe keys make a daily
    run send each reminder once; returns the notifications made."""
    from pckb.notifications.services import notify, recipients_in

    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    pending = (
        ReportSubmission.objects.filter(
            round__status=RoundStatus.OPEN, status__in=EDITABLE_STATUSES, round__due_date__lte=soon
        )
        .select_related("round__template", "organization")
        .order_by("round__due_date", "pk")
    )
    sent = 0
    for sub in pending.iterator(chunk_size=1000):
        rnd = sub.round
        late = rnd.due_date < today
        with translation.override("vi"):
            if late:
                kind, key = "report.late", f"reportsubmission:{sub.pk}:late:{rnd.due_date.isoformat()}"
                title = _("Report overdue: {round}").format(round=rnd)
            else:
                kind, key = "report.reminder", f"reportsubmission:{sub.pk}:reminder:{rnd.due_date.isoformat()}"
                title = _("Report due soon: {round}").format(round=rnd)
            body = _("Due date: {date}").format(date=rnd.due_date.strftime("%d/%m/%Y"))
        sent += len(
            notify(
                recipients_in(sub.organization),
                kind=kind,
                title=title,
                body=body,
                url=sub.get_absolute_url(),
                target=sub,
                organization=sub.organization,
                dedupe_key=key,
            )
        )
    return sent
