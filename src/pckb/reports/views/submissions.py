"""Pages of submissions: the reports I must submit, the editor (autosaved), its steps, the roll-up taken
over, its documents and downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pckb.core.exports import XLSX_TYPE
from pckb.core.forms import add_service_errors
from pckb.core.idempotency import FormTokenMixin
from pckb.core.indicators import count_source
from pckb.core.register.views import DraftFromSourceView
from pckb.core.scoping import can, get_object_for_user
from pckb.core.views import Column, ConfirmedActionView, ScopedDetailView, ScopedListView
from pckb.core.workflow.views import TransitionsMixin, TransitionView, transition_context

from .. import services
from ..choices import COMPLIANCE_BADGES, RECEIVED_STATUSES, Compliance, SubmissionStatus
from ..exports import export_filename, submission_docx, submission_xlsx
from ..filters import ReportSubmissionPageFilterSet
from ..forms import SubmissionForm
from ..models import ReportSubmission
from ..rollup import child_round_for, compliance_of, round_rollup

__all__ = [
    "ReportSubmissionListView",
    "ReportSubmissionDetailView",
    "ReportSubmissionSaveView",
    "ReportSubmissionTransitionView",
    "ReportSubmissionRollupView",
    "ReportSubmissionRefreshView",
    "ReportSubmissionDocumentView",
    "SubmissionDocxView",
    "SubmissionXlsxView",
]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportSubmissionListView(ScopedListView):
    """The reports my organisations must submit (and, for a committee, those of the units below it)."""

    model = ReportSubmission
    title = gettext_lazy("Reports to submit")
    filterset_class = ReportSubmissionPageFilterSet
    export_name = "report-submissions"
    default_sort = "round__due_date"
    columns = [
        Column("round.period_label", gettext_lazy("Period"), sort="round__period_end", link=True),
        Column("organization", gettext_lazy("Reporting unit"), sort="organization__name"),
        Column("round.organization", gettext_lazy("Requested by"), sort="round__organization__name", card="meta"),
        Column("round.due_date", gettext_lazy("Due date"), sort="round__due_date", card="primary"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
    ]

    def base_queryset(self) -> QuerySet:
        return super().base_queryset().select_related("organization", "round__organization", "round__template")


def _values(sub: ReportSubmission) -> list[Any]:
    values = list(sub.values.select_related("indicator").order_by("indicator__position", "pk"))
    for v in values:
        v.count = count_source(v.indicator.source) if v.indicator.source else None
    return values


def editor_context(request: HttpRequest, sub: ReportSubmission, form: Any = None) -> dict[str, Any]:
    """What the editor page shows: the form when the user may still edit, the figures, the roll-up of the
    unit's own round for the period with its recipients' narratives, and the compliance of that round."""
    user = request.user
    values = _values(sub)
    editable = sub.is_editable and can(user, "change", sub.organization)
    if editable and form is None:
        form = SubmissionForm(user=user, submission=sub, values=values)
    for v in values:
        # What the boxes show: the figure saved, or what was typed when the save was refused.
        code = v.indicator.code
        v.input_value, v.input_reason = _plain_figure(v.value), v.override_reason
        v.value_errors = v.reason_errors = []
        if form is not None and form.is_bound:
            v.input_value = form.data.get(f"value_{code}", v.input_value)
            v.input_reason = form.data.get(f"reason_{code}", v.input_reason)
            v.value_errors = form.errors.get(f"value_{code}", [])
            v.reason_errors = form.errors.get(f"reason_{code}", [])
    sections = []
    texts = list(sub.texts or [])
    for n, section in enumerate(sub.round.template.sections):
        sections.append(
            {
                "n": n,
                "heading": section["heading"],
                "guidance": section.get("guidance", ""),
                "text": texts[n] if n < len(texts) else "",
                "field": form[f"text_{n}"] if form is not None else None,
                "quotes": [],
            }
        )
    child = child_round_for(sub)
    rollup, rows = None, []
    if child is not None:
        rollup = round_rollup(child, limit=500)
        _add_quotes(sections, child, {row.submission_id: row.name for row in rollup.rows})
        totals = {t.indicator.code: t.total for t in rollup.totals}
        for v in values:
            v.rollup_total = totals.get(v.indicator.code)
        rows = [
            {
                "row": r,
                "badge": COMPLIANCE_BADGES[r.compliance],
                "label": Compliance(r.compliance).label,
                "status_label": SubmissionStatus(r.status).label,
            }
            for r in rollup.rows
        ]
    return {
        "object": sub,
        "form": form,
        "editable": editable,
        "values": values,
        "sections": sections,
        "child_round": child,
        "rollup": rollup,
        "rollup_rows": rows,
        "compliance": Compliance(
            compliance_of(sub.status, sub.submitted_at, sub.round.due_date, timezone.localdate())
        ).label,
        "can_apply_rollup": editable and rollup is not None,
        "can_document": can(user, "add", sub.organization),
    }


def _plain_figure(value: Any) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize()).replace(".", ",")


def _add_quotes(sections: list[dict[str, Any]], child: Any, names: dict[int, str]) -> None:
    """Each received report's text of each section, to quote or summarise (names as at the period's end)."""
    received = child.submissions.filter(status__in=RECEIVED_STATUSES).select_related("organization")
    for other in received:
        texts = list(other.texts or [])
        for section in sections:
            text = texts[section["n"]] if section["n"] < len(texts) else ""
            if text.strip():
                name = names.get(other.pk, str(other.organization))
                section["quotes"].append({"name": name, "text": text, "url": other.get_absolute_url()})


class ReportSubmissionDetailView(TransitionsMixin, ScopedDetailView):
    model = ReportSubmission
    template_name = "reports/submission_detail.html"
    transition_url_name = "reports:submission_transition"

    def get_queryset(self) -> QuerySet:
        return ReportSubmission.objects.select_related("organization", "round__template", "round__organization")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(editor_context(self.request, self.object))
        return ctx


class ReportSubmissionSaveView(LoginRequiredMixin, FormTokenMixin, View):
    """POST the editor (all fields, or one at a time from the autosave): the service saves what was sent.

    The autosave (htmx) gets the small status line back, 400 with the message when refused; a plain
    POST goes back to the page, or shows it again with the errors (400). Nothing is saved when refused.
    """

    def get_object(self) -> ReportSubmission:
        return get_object_for_user(
            self.request.user,
            ReportSubmission.objects.select_related("organization", "round__template", "round__organization"),
            self.kwargs["pk"],
            "change",
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(self.get_object().get_absolute_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sub = self.get_object()
        htmx = request.headers.get("HX-Request") == "true"
        form = SubmissionForm(request.POST, user=request.user, submission=sub, values=_values(sub))
        if form.is_valid():
            try:
                services.do_update_submission(sub, actor=request.user, **form.service_arguments())
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                if htmx:
                    return render(request, "reports/_autosave.html", {"saved_at": timezone.localtime()})
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(sub.get_absolute_url())
        if htmx:
            errors = [str(m) for errs in form.errors.values() for m in errs]
            return render(request, "reports/_autosave.html", {"errors": errors}, status=400)
        sub = self.get_object()
        ctx = editor_context(request, sub, form)
        ctx.update(transition_context(sub, request.user, _transition_url(sub)))
        ctx["history"] = []
        return render(request, "reports/submission_detail.html", ctx, status=400)


def _transition_url(sub: ReportSubmission) -> str:
    return reverse("reports:submission_transition", args=[sub.pk])


class ReportSubmissionTransitionView(TransitionView):
    """Submit, submit again (the unit); accept or return with what to correct (the issuing committee)."""

    workflow = services.SUBMISSION_WORKFLOW


class ReportSubmissionRollupView(ConfirmedActionView):
    """Take the accepted reports of the unit's own round for the period as its figures."""

    model = ReportSubmission

    def confirmation(self, obj: ReportSubmission) -> dict[str, Any]:
        return {
            "title": _("Take the roll-up as this report's figures"),
            "message": _(
                "Each figure becomes the total of the accepted reports of your own round for the period, "
                "with that as its reason. You can still change them."
            ),
            "confirm_label": _("Take the roll-up"),
        }

    def perform(self, obj: ReportSubmission) -> str:
        services.do_apply_rollup(obj, actor=self.request.user)
        messages.success(self.request, _("The figures now show the roll-up."))
        return obj.get_absolute_url()


class ReportSubmissionRefreshView(ConfirmedActionView):
    """Compute the automatic figures again (records entered since the round opened)."""

    model = ReportSubmission

    def confirmation(self, obj: ReportSubmission) -> dict[str, Any]:
        return {
            "title": _("Compute the figures again"),
            "message": _(
                "The automatic figures are counted again from today's records. Figures you changed keep "
                "your value and reason."
            ),
            "confirm_label": _("Compute again"),
        }

    def perform(self, obj: ReportSubmission) -> str:
        services.do_refresh_computed(obj, actor=self.request.user)
        messages.success(self.request, _("The figures were computed again."))
        return obj.get_absolute_url()


class ReportSubmissionDocumentView(DraftFromSourceView):
    """Draft the "Báo cáo" in the register (numbered when issued)."""

    model = ReportSubmission


class SubmissionDocxView(LoginRequiredMixin, View):
    """The report as a Word document: the issued one when there is one, otherwise the current text."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        sub = get_object_for_user(request.user, ReportSubmission, pk, "view")
        response = HttpResponse(submission_docx(sub), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(sub, "docx")}"'
        return response


class SubmissionXlsxView(LoginRequiredMixin, View):
    """The figures (and the roll-up annex) as Excel."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        sub = get_object_for_user(request.user, ReportSubmission, pk, "view")
        response = HttpResponse(submission_xlsx(sub), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(sub, "xlsx")}"'
        return response
