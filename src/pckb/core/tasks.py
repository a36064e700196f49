"""Background work of core (Huey): the daily purge of expired idempotency records."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from .idempotency import purge_idempotency_records
from .scheduling import local_crontab

__all__ = ["purge_idempotency_records_daily"]


@db_periodic_task(local_crontab(hour=3, minute=20))
def purge_idempotency_records_daily() -> int:
    """Forget the idempotency keys older than 24 hours (a retry after a day is a new request)."""
    return purge_idempotency_records()
