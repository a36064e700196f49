"""Pages of reporting rounds: the rounds I issued (compliance at a glance), a round with its roll-up,
opening one, closing or reopening it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pckb.core.scoping import can, default_organization, get_object_for_user, scope_org_ids
from pckb.core.views import Column, ScopedDetailView, ScopedListView, ServiceEditView
from pckb.core.workflow.views import TransitionsMixin, TransitionView

from .. import services
from ..choices import COMPLIANCE_BADGES, RECEIVED_STATUSES, Compliance, RoundStatus, SubmissionStatus
from ..filters import ReportingRoundPageFilterSet
from ..forms import ReportingRoundEditForm, ReportingRoundForm
from ..models import ReportingRound, ReportSubmission, default_period
from ..rollup import round_rollup

__all__ = [
    "ReportingRoundListView",
    "ReportingRoundDetailView",
    "ReportingRoundAddView",
    "ReportingRoundEditView",
    "ReportingRoundTransitionView",
]


class ReportingRoundListView(ScopedListView):
    """The rounds my committees issued (not those I only receive), open and most behind first."""

    model = ReportingRound
    title = gettext_lazy("Reporting rounds")
    template_name = "reports/round_list.html"
    filterset_class = ReportingRoundPageFilterSet
    add_url_name = "reports:round_add"
    export_name = "reporting-rounds"
    default_sort = "status"
    columns = [
        Column("period_label", gettext_lazy("Period"), sort="period_end", link=True),
        Column("template.title", gettext_lazy("Report template"), sort="template__title"),
        Column("organization", gettext_lazy("Issuing committee"), sort="organization__name", card="meta"),
        Column("due_date", gettext_lazy("Due date"), sort="due_date", card="primary"),
        Column("status", gettext_lazy("Status"), sort="status", card="primary"),
        Column("compliance_html", gettext_lazy("Reports received"), sort="missing"),
    ]

    def base_queryset(self) -> QuerySet:
        qs = super().base_queryset()
        ids = scope_org_ids(self.request.user, "view")
        if ids is not None:
            qs = qs.filter(organization_id__in=ids)
        return qs.select_related("template", "organization").annotate(
            total=Count("submissions"),
            received=Count("submissions", filter=Q(submissions__status__in=RECEIVED_STATUSES)),
            accepted=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)),
            missing=Count("submissions", filter=~Q(submissions__status__in=RECEIVED_STATUSES)),
        )

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset()
        if self.current_sort() == "status":
            # Open rounds first ("open" > "closed"), the most reports missing first, then the nearest due date.
            return qs.order_by("-status", "-missing", "due_date", "pk")
        return qs

    def table_rows(self, objects: Any, columns: list[Column]) -> list[dict[str, Any]]:
        today = timezone.localdate()
        for rnd in objects:
            late = rnd.status == RoundStatus.OPEN and rnd.due_date < today and rnd.missing
            rnd.compliance_html = format_html(
                '<span class="badge text-bg-{}">{}</span>',
                "danger" if late else ("success" if rnd.total and rnd.accepted == rnd.total else "secondary"),
                _("{received} of {total} received, {accepted} accepted").format(
                    received=rnd.received, total=rnd.total, accepted=rnd.accepted
                ),
            )
        return super().table_rows(objects, columns)


class ReportingRoundDetailView(TransitionsMixin, ScopedDetailView):
    """The round: its compliance per recipient (late and missing first) and the roll-up of the accepted."""

    model = ReportingRound
    template_name = "reports/round_detail.html"
    transition_url_name = "reports:round_transition"
    max_rows = 500
    figure_columns = 6

    def get_queryset(self) -> QuerySet:
        return ReportingRound.objects.select_related("template", "organization")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        rnd = self.object
        rollup = round_rollup(rnd, with_values=True, limit=self.max_rows)
        is_issuer = can(self.request.user, "view", rnd.organization)
        if not is_issuer:
            # A recipient reads the round that asks it to report, and its own report's row: not the other
            # units' figures, nor the totals of the committee above it.
            mine = ReportSubmission.objects.visible_to(self.request.user).filter(round=rnd)
            own = set(mine.values_list("pk", flat=True))
            rollup.rows = [row for row in rollup.rows if row.submission_id in own]
            rollup.totals = []
            rollup.by_compliance = {row.compliance: 1 for row in rollup.rows}
            rollup.recipients = len(rollup.rows)
        # The first indicators beside the compliance (all of them are in the roll-up above, per unit in
        # the committee's Excel annex and on the comparison page): 23 columns made the names unreadable.
        indicators = [t.indicator for t in rollup.totals][: self.figure_columns]
        rows = [
            {
                "row": row,
                "badge": COMPLIANCE_BADGES[row.compliance],
                "label": Compliance(row.compliance).label,
                "figures": [row.values.get(ind.pk) for ind in indicators],
            }
            for row in rollup.rows
        ]
        counts = rollup.counts()
        ctx.update(
            rollup=rollup,
            indicators=indicators,
            rows=rows,
            more_rows=max(0, rollup.recipients - len(rollup.rows)),
            counts=[(Compliance(c).label, COMPLIANCE_BADGES[c], n) for c, n in counts.items() if n],
            is_issuer=is_issuer,
            can_edit=rnd.is_open and can(self.request.user, "manage", rnd.organization),
        )
        return ctx


class ReportingRoundAddView(ServiceEditView):
    model = ReportingRound
    form_class = ReportingRoundForm
    title_add = gettext_lazy("Open a reporting round")
    parent_title = gettext_lazy("Reporting rounds")
    parent_url_name = "reports:round_list"
    create_service = services.do_open_round
    success_message = gettext_lazy("The round is open: each recipient has a prefilled draft to complete.")

    def get_object(self) -> Any:
        return None

    def get_initial(self, obj: Any) -> dict[str, Any]:
        initial = super().get_initial(obj)
        today = timezone.localdate()
        year = today.year
        start, end = default_period("six_month", year)
        return {
            "period_label": f"6 tháng đầu năm {year}",
            "period_start": start,
            "period_end": end,
            "due_date": end + datetime.timedelta(days=4),
            "organization": default_organization(self.request.user, "manage"),
            **initial,
        }


class ReportingRoundEditView(ServiceEditView):
    """The issuing committee's managers correct an open round's label, due date or notes (the service the
    API PATCH uses: it refuses a closed round)."""

    model = ReportingRound
    form_class = ReportingRoundEditForm
    title_edit = gettext_lazy("Edit the reporting round")
    parent_title = gettext_lazy("Reporting rounds")
    parent_url_name = "reports:round_list"
    update_service = services.do_update_round
    success_message = gettext_lazy("The round was saved.")

    def get_object(self) -> Any:
        # Only the issuing committee's managers change a round (recipients read it, editors do not change it).
        return get_object_for_user(self.request.user, ReportingRound, self.kwargs["pk"], "manage")


class ReportingRoundTransitionView(TransitionView):
    workflow = services.ROUND_WORKFLOW
