"""Administrative-unit pages: every signed-in user may read them (they are public reference data)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from pckb.core.views import Column, ScopedListView
from pckb.core.widgets import OPTIONS_LIMIT, options_response, results_heading

from .choices import AdminLevel
from .filters import AdminUnitFilterSet
from .forms import unit_label
from .models import AdminUnit
from .outlines import outlines

__all__ = ["AdminUnitListView", "AdminUnitDetailView", "AdminMapView", "adminunit_options", "province_by_code"]


class AdminUnitListView(ScopedListView):
    model = AdminUnit
    filterset_class = AdminUnitFilterSet
    template_name = "geo/adminunit_list.html"
    title = _("Administrative units")
    export_name = "don-vi-hanh-chinh"
    default_sort = "code"
    select_related = ("parent",)
    columns = [
        Column("code", capfirst(_("code")), sort="code"),
        Column("name", capfirst(_("name")), sort="search_name", link=True),
        Column("level", capfirst(_("level")), sort="level"),
        Column("parent.name", capfirst(_("belongs to"))),
        Column("valid_from", capfirst(_("valid from")), sort="valid_from"),
        Column("valid_to", capfirst(_("valid to")), sort="valid_to"),
    ]

    def base_queryset(self) -> QuerySet:
        # Reference data, not owned by an organisation: no scope to apply.
        return AdminUnit.objects.all()


class AdminUnitDetailView(LoginRequiredMixin, DetailView):
    model = AdminUnit
    template_name = "geo/adminunit_detail.html"
    queryset = AdminUnit.objects.select_related("parent", "parent__parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        unit = ctx["object"]
        ctx["children"] = unit.children.order_by("code")
        ctx["other_periods"] = (
            AdminUnit.objects.filter(level=unit.level, code=unit.code).exclude(pk=unit.pk).order_by("valid_from")
        )
        # The outline is that of the current province: a retired one with a reused code has none.
        ctx["map_province"] = (
            unit.code if unit.level == AdminLevel.PROVINCE and unit.is_current and unit.code in outlines() else ""
        )
        return ctx


class AdminMapView(LoginRequiredMixin, TemplateView):
    """The 34 provinces on a map, each opening its administrative-unit page, and the same as a list."""

    template_name = "geo/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["provinces"] = AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE).order_by("code")
        ctx["province_url"] = reverse("geo:province_by_code", args=["CODE"]).replace("CODE", "{code}")
        return ctx


@require_GET
@login_required
def province_by_code(request: HttpRequest, code: str) -> HttpResponse:
    """The current province with this code (a province clicked on the map)."""
    unit = AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE, code=code).first()
    if unit is None:
        raise Http404
    return redirect(unit)


@require_GET
@login_required
def adminunit_options(request: HttpRequest) -> HttpResponse:
    """`<option>`s for the administrative-unit search box: current units unless `?all=1`."""
    text = request.GET.get("q", "").strip()
    qs = AdminUnit.objects.select_related("parent")
    if request.GET.get("all") != "1":
        qs = qs.current()
    level = request.GET.get("level", "")
    if level in AdminLevel.values:
        qs = qs.filter(level=level)
    qs = qs.search(text) if text else qs.filter(level=AdminLevel.PROVINCE)
    # Provinces before districts before communes ("-level" sorts them so), then by name, current first.
    units = list(qs.order_by("-level", "search_name", F("valid_to").asc(nulls_first=True))[:OPTIONS_LIMIT])
    return options_response(units, unit_label, heading=results_heading(len(units)), empty=str(_("Choose…")))
