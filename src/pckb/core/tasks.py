"""Background work of core (Huey discovers this module): checking and committing big imports, purging old
import jobs, and the daily purge of expired idempotency records."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from .idempotency import purge_idempotency_records
from .imports.jobs import commit_import_job, purge_import_jobs_daily, validate_import_job
from .scheduling import local_crontab

__all__ = ["validate_import_job", "commit_import_job", "purge_import_jobs_daily", "purge_idempotency_records_daily"]


@db_periodic_task(local_crontab(hour=3, minute=20))
def purge_idempotency_records_daily() -> int:
    """Forget the idempotency keys older than 24 hours (a retry after a day is a new request)."""
    return purge_idempotency_records()
