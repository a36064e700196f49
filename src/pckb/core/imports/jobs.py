"""Running an import: check the rows (the preview), then create them all or none, inline or in the worker.

`start_import` refuses at once what the target cannot take and what breaks a bound, then checks the
rows in the request when there are at most `PCKB_IMPORT_INLINE_ROWS` of them, in the Huey worker
otherwise (`validate_import_job`). `confirm_import` creates the checked rows in one transaction through
the importer's service call, again inline or in the worker (`commit_import_job`). Both phases stop
after `PCKB_IMPORT_TIME_LIMIT` seconds, and a confirmed job is claimed by one conditional UPDATE so a
double submit imports once.

Progress: the checking phase writes `processed_rows` on the job every few hundred rows. The commit
phase cannot (its transaction holds the job's table, and SQLite has one writer), so it reports through
Huey's key-value store, which web servers and worker share; `progress_of` reads either.
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from ..scheduling import local_crontab
from .bounds import inspect_upload, limit, max_cells
from .importers import ImportContext, Importer, get_importer, validate_row
from .models import RUNNING, ImportJob, ImportStatus
from .workbooks import iter_rows

__all__ = [
    "start_import",
    "confirm_import",
    "run_validation",
    "run_commit",
    "progress_of",
    "runs_inline",
    "expire_if_stale",
    "validate_import_job",
    "commit_import_job",
    "purge_import_jobs",
    "purge_import_jobs_daily",
    "PREVIEW_ROWS",
]

logger = logging.getLogger(__name__)
PREVIEW_ROWS = 200  # rows shown in the preview table; all rows are checked and kept
PROGRESS_EVERY = 200


class TimeLimitExceeded(Exception):
    pass


class RowsRefused(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


class Deadline:
    def __init__(self) -> None:
        self.seconds = limit("PCKB_IMPORT_TIME_LIMIT")
        self.end = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise TimeLimitExceeded


def runs_inline(rows: int) -> bool:
    """Whether a file of `rows` rows is checked and imported in the request rather than in the worker."""
    return rows <= limit("PCKB_IMPORT_INLINE_ROWS")


def _file_errors(err: ValidationError) -> list[dict[str, Any]]:
    return [{"row": None, "messages": list(err.messages)}]


def _too_long() -> list[dict[str, Any]]:
    message = _("The import took longer than {seconds} seconds and was stopped; nothing was imported.")
    return [{"row": None, "messages": [message.format(seconds=limit("PCKB_IMPORT_TIME_LIMIT"))]}]


def start_import(
    importer: Importer,
    target: Any,
    user: Any,
    data: bytes,
    *,
    filename: str = "",
    page_url: str = "",
    auto_commit: bool = False,
) -> ImportJob:
    """Check the target and the upload's bounds (ValidationError, nothing stored), then check its rows."""
    importer.check_target(target, user)
    width = len(importer.columns)
    info = inspect_upload(data, max_rows=importer.get_max_rows(), width=width)
    # The work is the rows, and the shared strings openpyxl builds first (a small sheet can carry many).
    inline = runs_inline(info.rows) and info.cells <= max_cells(limit("PCKB_IMPORT_INLINE_ROWS"), width)
    job = ImportJob.objects.create(
        organization=importer.organization_of(target),
        classification=getattr(target, "classification", 0),
        created_by=user,
        updated_by=user,
        importer=importer.key,
        target_id=getattr(target, "pk", None),
        page_url=page_url[:300],
        filename=filename[:255],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        auto_commit=auto_commit,
        total_rows=info.rows,
        upload=b"" if inline else data,
        background=not inline,
    )
    if inline:
        run_validation(job, data=data)
    else:
        validate_import_job(job.pk)
        job.refresh_from_db()
    return job


def _load(job: ImportJob) -> tuple[Importer, ImportContext]:
    importer = get_importer(job.importer)
    try:
        target = importer.get_target(job.created_by, job.target_id) if importer.target_model else None
    except (Http404, PermissionDenied):
        raise ValidationError(_("You may no longer import into this record.")) from None
    importer.check_target(target, job.created_by)
    return importer, ImportContext(importer, target, job.created_by)


def _finish(job: ImportJob, status: str, **fields: Any) -> None:
    for key, value in fields.items():
        setattr(job, key, value)
    job.status = status
    job.finished_at = timezone.now()
    job.save()


def run_validation(job: ImportJob, *, data: bytes | None = None, in_worker: bool = False) -> ImportJob:
    """Read and check every row; the job ends READY (rows kept for the confirmation) or INVALID."""
    job.status, job.started_at = ImportStatus.VALIDATING, timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    data = data if data is not None else bytes(job.upload)
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    with translation.override(job.language or settings.LANGUAGE_CODE):
        deadline = Deadline()
        try:
            importer, ctx = _load(job)
            for index, (number, cells) in enumerate(iter_rows(data, importer), start=1):
                deadline.check()
                if index % PROGRESS_EVERY == 0:
                    ImportJob.objects.filter(pk=job.pk).update(processed_rows=index, updated_at=timezone.now())
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                values, problems = validate_row(cells, ctx)
                if problems:
                    errors.append({"row": number, "messages": problems})
                elif not errors:  # once a row fails nothing is imported: keep only the errors
                    row = {"row": number, "values": {c.key: c.to_json(values[c.key]) for c in importer.columns}}
                    if len(rows) < PREVIEW_ROWS:
                        row["display"] = [c.display(values[c.key]) for c in importer.columns]
                    rows.append(row)
            if not rows and not errors:
                errors = [{"row": None, "messages": [_("The file has no rows under the header row.")]}]
        except ValidationError as err:
            errors = _file_errors(err)
        except TimeLimitExceeded:
            _finish(job, ImportStatus.FAILED, errors=_too_long(), rows=[], upload=b"")
            return job
        except Exception:
            _finish(job, ImportStatus.FAILED, errors=[{"row": None, "messages": [_("The import failed.")]}], upload=b"")
            raise
    status = ImportStatus.INVALID if errors else ImportStatus.READY
    _finish(job, status, errors=errors, rows=[] if errors else rows, upload=b"", processed_rows=job.total_rows)
    if status == ImportStatus.READY and job.auto_commit:
        confirm_import(job, in_worker=in_worker)
    return job


def confirm_import(job: ImportJob, *, in_worker: bool = False) -> ImportJob:
    """Create the checked rows of a READY job (once, however often it is confirmed)."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.COMMITTING, processed_rows=0, started_at=timezone.now(), updated_at=timezone.now()
    )
    job.refresh_from_db()
    if not claimed:
        return job
    if in_worker or runs_inline(job.total_rows):
        run_commit(job)
    else:
        commit_import_job(job.pk)
        job.refresh_from_db()
    return job


def _create_rows(importer: Importer, ctx: ImportContext, job: ImportJob, deadline: Deadline) -> int:
    def rows() -> Any:
        for row in job.rows:
            yield row["row"], {c.key: c.from_json(row["values"].get(c.key), ctx) for c in importer.columns}

    def progress(done: int) -> None:
        deadline.check()
        if done % PROGRESS_EVERY == 0:
            _report(job.pk, done)

    with transaction.atomic():
        errors = importer.create_all(rows(), ctx, progress)
        if errors:
            raise RowsRefused(errors)  # leaves the atomic block: every row is rolled back
    return len(job.rows)


def run_commit(job: ImportJob) -> ImportJob:
    """Create every row in one transaction; any refused row rolls all of them back (job INVALID)."""
    if job.status != ImportStatus.COMMITTING:
        return job
    with translation.override(job.language or settings.LANGUAGE_CODE):
        deadline = Deadline()
        try:
            importer, ctx = _load(job)
            created = _create_rows(importer, ctx, job, deadline)
        except RowsRefused as refused:
            _finish(job, ImportStatus.INVALID, errors=refused.errors, rows=[])
        except ValidationError as err:
            _finish(job, ImportStatus.INVALID, errors=_file_errors(err), rows=[])
        except TimeLimitExceeded:
            _finish(job, ImportStatus.FAILED, errors=_too_long(), rows=[])
        except Exception:
            _finish(job, ImportStatus.FAILED, errors=[{"row": None, "messages": [_("The import failed.")]}], rows=[])
            raise
        else:
            url = importer.success_url(ctx.target)
            _finish(
                job,
                ImportStatus.DONE,
                created_rows=created,
                processed_rows=created,
                rows=[],
                result={"created": created, "url": url},
            )
        finally:
            _clear(job.pk)
    return job


def _key(job_id: int) -> str:
    return f"pckb-import-progress-{job_id}"


def _report(job_id: int, done: int) -> None:
    try:
        HUEY.put(_key(job_id), done)
    except Exception:  # noqa: BLE001 - progress is informative; the import must not fail for it
        logger.warning("Could not report the progress of import job %s", job_id)


def _clear(job_id: int) -> None:
    try:
        HUEY.get(_key(job_id))  # reading without peek removes the key
    except Exception:  # noqa: BLE001
        logger.warning("Could not clear the progress of import job %s", job_id)


def progress_of(job: ImportJob) -> int:
    """Rows processed so far, live during the commit too."""
    if job.status == ImportStatus.COMMITTING:
        try:
            return int(HUEY.get(_key(job.pk), peek=True) or 0)
        except Exception:  # noqa: BLE001
            return 0
    return job.processed_rows if job.status != ImportStatus.DONE else job.total_rows


def expire_if_stale(job: ImportJob) -> ImportJob:
    """A job whose phase has run past the time limit (its worker was killed) is marked failed."""
    if job.is_running and job.started_at:
        grace = datetime.timedelta(seconds=limit("PCKB_IMPORT_TIME_LIMIT") + 60)
        if timezone.now() - job.started_at > grace:
            stale = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
                status=ImportStatus.FAILED,
                errors=_too_long(),
                rows=[],
                upload=b"",
                finished_at=timezone.now(),
            )
            if stale:
                job.refresh_from_db()
    return job


def purge_import_jobs(now: datetime.datetime | None = None) -> int:
    """Drop the kept rows and bytes of jobs older than two days (a preview nobody confirmed, a crash);
    the job itself stays as the record of who imported what, and ends failed if it never finished."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=2)
    old = ImportJob.objects.filter(created_at__lt=cutoff)
    unfinished = old.filter(status__in=[*RUNNING, ImportStatus.READY]).update(
        status=ImportStatus.FAILED, finished_at=timezone.now()
    )
    return unfinished + old.exclude(rows=[], upload=b"").update(rows=[], upload=b"")


@db_periodic_task(local_crontab(hour=3, minute=30))
def purge_import_jobs_daily() -> int:
    return purge_import_jobs()


@db_task()
def validate_import_job(job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id, status=ImportStatus.QUEUED).first()
    if job is None:
        return "gone"
    return run_validation(job, in_worker=True).status


@db_task()
def commit_import_job(job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id, status=ImportStatus.COMMITTING).first()
    if job is None:
        return "gone"
    return run_commit(job).status
