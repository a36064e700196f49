"""Background jobs of key targets (Huey): the daily review reminders at 07:10 Vietnam time."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from pckb.core.scheduling import local_crontab

from .services.reviews import send_review_reminders

__all__ = ["response_plan_review_reminders"]


@db_periodic_task(local_crontab(hour=7, minute=10))
def response_plan_review_reminders() -> int:
    return send_review_reminders()
