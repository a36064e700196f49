"""Background jobs of the plans app (Huey): the daily deadline reminders at 07:00 Vietnam time."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from pckb.core.scheduling import local_crontab

from .services.reminders import send_task_reminders

__all__ = ["task_reminders"]


@db_periodic_task(local_crontab(hour=7, minute=0))
def task_reminders() -> int:
    return send_task_reminders()
