"""The map of key targets: the core map component (core.views_map, {% pckb_map %}) with points
coloured by readiness and filtered like the list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from pckb.core.views_map import MapPointsView, detail_url_maker, legend

from ..choices import READINESS_BADGES, Readiness
from ..filters import KeyTargetPageFilterSet
from ..models import KeyTarget
from ..readiness import failing_source_ids, overall, with_checks

__all__ = ["KeyTargetPointsView", "KeyTargetMapView"]


class KeyTargetPointsView(MapPointsView):
    """GeoJSON of the targets the user may see, with the list's filters; colour = readiness."""

    model = KeyTarget
    filterset_class = KeyTargetPageFilterSet
    fields = ("pk", "code", "name", "plan_current", "uncovered", "review_due")
    ordering = ("code",)

    def base_queryset(self) -> QuerySet:
        self.today = timezone.localdate()
        self.url = detail_url_maker("targets:keytarget_detail")
        return with_checks(super().base_queryset(), self.today)

    def rows(self, qs: QuerySet) -> list[dict[str, Any]]:
        rows = list(super().rows(qs))
        self.failing = failing_source_ids([r["pk"] for r in rows], self.today)
        # Translated once per request, not once per point (12,000 lazy labels cost a third of the time).
        self.labels = {state: str(label) for state, label in Readiness.choices}
        return rows

    def feature(self, row: dict[str, Any]) -> dict[str, Any]:
        failed = not row["plan_current"] or row["uncovered"] or row["pk"] in self.failing
        state = overall(failed, row["review_due"], self.today)
        return {
            "title": f"{row['code']} {row['name']}",
            "url": self.url(row["pk"]),
            "colour": READINESS_BADGES[state],
            "detail": self.labels[state],
        }


class KeyTargetMapView(LoginRequiredMixin, TemplateView):
    """The page: the list's filters above the map; the points come from KeyTargetPointsView."""

    template_name = "targets/keytarget_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        filterset = KeyTargetPageFilterSet(self.request.GET or None, queryset=KeyTarget.objects.none())
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        ctx.update(
            title=gettext_lazy("Map of key targets"),
            filterset=filterset,
            points_url=reverse("targets:keytarget_points") + suffix,
            list_url=reverse("targets:keytarget_list") + suffix,
            map_legend=legend(
                (READINESS_BADGES[Readiness.READY], Readiness.READY.label),
                (READINESS_BADGES[Readiness.DUE_SOON], Readiness.DUE_SOON.label),
                (READINESS_BADGES[Readiness.ATTENTION], Readiness.ATTENTION.label),
            ),
        )
        return ctx
