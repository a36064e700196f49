"""An indicator compared across periods (one unit's reports) and across a round's recipients (a chart)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from pckb.core.register.names import organization_name
from pckb.core.scoping import default_organization, get_object_for_user
from pckb.organizations.models import Organization

from ..choices import RECEIVED_STATUSES
from ..models import Indicator, ReportingRound, SubmissionValue
from ..rollup import round_rollup

__all__ = ["IndicatorCompareView", "bars"]

MAX_PERIODS = 12


def bars(points: list[tuple[str, Decimal | None]]) -> list[dict[str, Any]]:
    """Label, value and the bar's width in percent of the largest (the chart draws with CSS, no script)."""
    top = max((v for _, v in points if v is not None), default=Decimal(0))
    return [
        {"label": label, "value": value, "width": int(100 * value / top) if value is not None and top else 0}
        for label, value in points
    ]


class IndicatorCompareView(LoginRequiredMixin, TemplateView):
    """?organization=<id>&code=<indicator code>[&round=<id>]: the unit's reported figure over its last
    periods, and the figures of the recipients of one of its rounds (its latest by default)."""

    template_name = "reports/compare.html"

    def _organization(self) -> Organization:
        raw = self.request.GET.get("organization", "")
        if raw:
            if not raw.isdigit():
                raise Http404
            return get_object_for_user(self.request.user, Organization, int(raw), "view")
        # The top of the user's scope (the national committee for its staff and for superusers).
        org = default_organization(self.request.user, "view") or (
            Organization.objects.visible_to(self.request.user).filter(is_active=True).order_by("depth", "path").first()
        )
        if org is None:
            raise PermissionDenied(_("Choose the organization to compare."))
        return org

    def _codes(self, org: Organization) -> QuerySet:
        received = ReportingRound.objects.filter(submissions__organization=org).values("template_id")
        issued = ReportingRound.objects.filter(organization=org).values("template_id")
        return (
            Indicator.objects.filter(Q(template_id__in=received) | Q(template_id__in=issued))
            .order_by("position")
            .values_list("code", "label")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user, org = self.request.user, self._organization()
        codes = list(dict(self._codes(org)).items())
        code = self.request.GET.get("code") or (codes[0][0] if codes else "")
        label = dict(codes).get(code, code)
        periods = (
            SubmissionValue.objects.filter(
                submission__organization=org,
                submission__status__in=RECEIVED_STATUSES,
                indicator__code=code,
            )
            .filter(submission__in=_visible_submissions(user))
            .select_related("submission__round")
            .order_by("-submission__round__period_end")[:MAX_PERIODS]
        )
        over_time = bars([(v.submission.round.period_label, v.value) for v in reversed(list(periods))])
        rounds = ReportingRound.objects.visible_to(user).filter(organization=org).order_by("-period_end", "-pk")
        chosen = self.request.GET.get("round", "")
        rnd = rounds.filter(pk=int(chosen)).first() if chosen.isdigit() else rounds.first()
        children = []
        if rnd is not None:
            rollup = round_rollup(rnd, with_values=True)
            ind = next((t.indicator for t in rollup.totals if t.indicator.code == code), None)
            if ind is not None:
                children = bars([(row.name, row.values.get(ind.pk)) for row in rollup.rows])
        ctx.update(
            periods_chart=_chart(over_time),
            children_chart=_chart(children),
            organization=org,
            organization_label=organization_name(org),
            codes=codes,
            code=code,
            label=label,
            over_time=over_time,
            rounds=rounds[:20],
            round=rnd,
            children=children,
        )
        return ctx


def _chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    """The data reports/chart.js draws (values as numbers; a unit without a figure shows none)."""
    return {
        "labels": [p["label"] for p in points],
        "values": [None if p["value"] is None else float(p["value"]) for p in points],
    }


def _visible_submissions(user: Any) -> QuerySet:
    from ..models import ReportSubmission

    return ReportSubmission.objects.visible_to(user).values("pk")
