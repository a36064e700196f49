"""Background jobs of core (Huey discovers this module): checking and committing big imports."""

from .imports.jobs import commit_import_job, validate_import_job

__all__ = ["validate_import_job", "commit_import_job"]
