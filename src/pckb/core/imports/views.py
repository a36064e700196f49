"""Import pages: an app declares `ImportView.as_view(importer="plans.task")` on a URL with the target's pk.

GET shows the upload form (`?template=xlsx` downloads the template, `?job=<id>` shows a job: its
progress, its errors or its preview). POST with a file checks it; POST with `confirm=<job id>` imports
the checked rows. `import_job_status` is the small endpoint the progress bar polls (htmx).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ..exports import XLSX_TYPE
from ..scoping import NOT_FOUND_MESSAGE, get_object_for_user
from .bounds import check_upload_size, limit, read_upload
from .importers import ImportContext, Importer, get_importer
from .jobs import PREVIEW_ROWS, confirm_import, expire_if_stale, progress_of, runs_inline, start_import
from .models import ImportJob, ImportStatus
from .workbooks import template_workbook

__all__ = ["ImportForm", "ImportView", "import_job_status", "job_for_user"]

# The multipart envelope around the file: boundaries, headers and the CSRF token.
ENVELOPE_BYTES = 64 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload an Excel workbook (.xlsx)."))
        check_upload_size(upload.size)
        return upload


def job_for_user(user: Any, pk: Any) -> ImportJob:
    """The user's own import job (404 for anyone else's, whatever their role)."""
    return get_object_for_user(user, ImportJob.objects.filter(created_by=user), pk, "view")


class ImportView(LoginRequiredMixin, View):
    """Upload → checked preview (row errors in the user's language) → confirm (all rows or none)."""

    importer = ""  # the registered key, e.g. "plans.task"
    template_name = "core/import.html"

    def get_importer(self) -> Importer:
        return get_importer(self.importer)

    def get_target(self) -> Any:
        return self.get_importer().get_target(self.request.user, self.kwargs.get("pk"))

    def render_page(
        self,
        target: Any,
        *,
        form: Any = None,
        job: ImportJob | None = None,
        problems: list[str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        importer = self.get_importer()
        refused = None
        try:
            importer.check_target(target, self.request.user)
        except ValidationError as err:
            refused = err.messages
        context = {
            "importer": importer,
            "title": _("Import {what} from Excel").format(what=str(importer.title).lower()),
            "object": target,
            "form": form or ImportForm(),
            "job": job,
            "refused": refused,
            "problems": [] if refused else problems or [],
            "progress": progress_of(job) if job else 0,
            "preview_rows": job.rows[:PREVIEW_ROWS] if job and job.status == ImportStatus.READY else [],
            "headers": [str(c.header) for c in importer.columns],
            "max_upload_mb": limit("PCKB_IMPORT_MAX_UPLOAD_MB"),
            "max_rows": importer.get_max_rows(),
            "page_url": self.request.path,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self.get_target()
        importer = self.get_importer()
        if request.GET.get("template") == "xlsx":
            data = template_workbook(importer, ImportContext(importer, target, request.user))
            response = HttpResponse(data, content_type=XLSX_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{importer.filename(target)}"'
            return response
        job = None
        if request.GET.get("job"):
            job = expire_if_stale(self._job(request.GET["job"]))
        return self.render_page(target, job=job)

    def _job(self, pk: Any) -> ImportJob:
        job = job_for_user(self.request.user, pk)
        if job.importer != self.importer or str(job.target_id) != str(self.kwargs.get("pk")):
            raise Http404(NOT_FOUND_MESSAGE)  # another page's job: the same answer as someone else's
        return job

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        target = self.get_target()
        if "confirm" in request.POST:
            return self.confirm(target, request.POST["confirm"])
        importer = self.get_importer()
        # Refuse before Django reads a single byte of the upload: a closed target, an oversized body.
        try:
            importer.check_target(target, request.user)
            check_upload_size(max(int(request.META.get("CONTENT_LENGTH") or 0) - ENVELOPE_BYTES, 0))
        except (ValidationError, ValueError) as err:
            problems = err.messages if isinstance(err, ValidationError) else [_("The request is malformed.")]
            return self.render_page(target, problems=problems, status=400)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(target, form=form, status=400)
        upload = form.cleaned_data["file"]
        try:
            job = start_import(
                importer, target, request.user, read_upload(upload), filename=upload.name, page_url=request.path
            )
        except ValidationError as err:
            form.add_error("file", err)
            return self.render_page(target, form=form, status=400)
        if job.is_running or job.background:
            # The worker has it: its page shows the progress, then the preview.
            return HttpResponseRedirect(f"{request.path}?job={job.pk}")
        return self.render_page(target, job=job, status=400 if job.status != ImportStatus.READY else 200)

    def confirm(self, target: Any, pk: Any) -> HttpResponse:
        job = self._job(pk)
        if job.status != ImportStatus.READY:
            messages.error(self.request, _("This file has already been imported or cannot be imported."))
            return HttpResponseRedirect(f"{self.request.path}?job={job.pk}")
        job = confirm_import(job)
        if job.status == ImportStatus.DONE:
            importer = self.get_importer()
            message = importer.success_message or _("{count} row(s) imported.")
            messages.success(self.request, str(message).format(count=job.created_rows))
            return HttpResponseRedirect(importer.success_url(target))
        if job.is_running or not runs_inline(job.total_rows):
            return HttpResponseRedirect(f"{self.request.path}?job={job.pk}")
        return self.render_page(target, job=job, status=400)


@login_required
def import_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress: the progress partial for htmx (a redirect to its page once it has finished),
    JSON otherwise. Only its uploader sees it."""
    job = expire_if_stale(job_for_user(request.user, pk))
    if getattr(request, "htmx", False):
        if not job.is_running:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{job.page_url}?job={job.pk}"
            return response
        return render(request, "core/_import_progress.html", {"job": job, "progress": progress_of(job)})
    return JsonResponse(job_summary(job))


def job_summary(job: ImportJob) -> dict[str, Any]:
    """What the status endpoint and the API say about a job."""
    return {
        "id": job.pk,
        "status": job.status,
        "rows": job.total_rows,
        "processed": progress_of(job),
        "created": job.created_rows,
        "errors": [{"row": e.get("row"), "messages": e.get("messages", [])} for e in job.errors],
    }
