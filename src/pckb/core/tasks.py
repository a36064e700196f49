"""Background jobs of core (Huey discovers this module): checking and committing big imports, purging old ones."""

from .imports.jobs import commit_import_job, purge_import_jobs_daily, validate_import_job

__all__ = ["validate_import_job", "commit_import_job", "purge_import_jobs_daily"]
