"""Background jobs of periodic reports (Huey): the daily round reminders at 07:20 Vietnam time."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from pckb.core.scheduling import local_crontab

from .services.reminders import send_round_reminders

__all__ = ["report_reminders"]


@db_periodic_task(local_crontab(hour=7, minute=20))
def report_reminders() -> int:
    return send_round_reminders()
