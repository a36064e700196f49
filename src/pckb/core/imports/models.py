"""`ImportJob`: one upload going through an importer (bounds → preview → all-or-nothing commit)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import OrgScopedModel

__all__ = ["ImportJob", "ImportStatus"]


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    VALIDATING = "validating", _("Checking the rows")
    READY = "ready", _("Ready to import")
    INVALID = "invalid", _("Has errors")
    COMMITTING = "committing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


RUNNING = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.COMMITTING)


class ImportJob(OrgScopedModel):
    """An Excel import by one user into one target (a plan, a committee, ...).

    Scoped to the target's owner organisation and seen only by the user who uploaded it. The workbook
    bytes are kept only until the rows are read; the checked rows wait in `rows` for the confirmation.
    """

    importer = models.CharField(_("importer"), max_length=64)
    target_id = models.PositiveBigIntegerField(_("target id"), null=True, blank=True)
    page_url = models.CharField(max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    # The API's import commits right after a clean check; the pages wait for the user's confirmation.
    auto_commit = models.BooleanField(default=False)
    background = models.BooleanField(_("in the background"), default=False)  # rows checked by the worker
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"row": 5 | None, "messages": [...]}]
    rows = models.JSONField(default=list, blank=True, editable=False)
    result = models.JSONField(_("result"), default=dict, blank=True)
    upload = models.BinaryField(blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_owner_idx")]

    def __str__(self) -> str:
        return f"{self.importer} {self.filename} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return min(100, int(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0

    @property
    def error_lines(self) -> list[str]:
        """Every problem, one line per row ("Dòng 5: …; …."), file-level problems first."""
        from django.utils.translation import gettext

        lines = []
        for error in self.errors:
            text = "; ".join(error.get("messages", []))
            if error.get("row"):
                lines.append(gettext("Row {row}: {problems}.").format(row=error["row"], problems=text))
            else:
                lines.append(text)
        return lines
