"""The points behind a map (core/_map.html): one scoped, bounded GeoJSON endpoint per module.

A module declares what to read and how a row becomes a marker; the view applies the user's scope
(`visible_to`), the module's filters (the same FilterSet as its list page), a hard maximum of points and
the columns it needs, and writes the FeatureCollection in one pass over plain rows (no model instances,
no template per row, no query per row):

    class TargetPointsView(MapPointsView):
        model = KeyTarget
        filterset_class = KeyTargetFilterSet
        fields = ("pk", "name", "readiness")
        target_url = detail_url_maker("targets:target_detail")

        def feature(self, row):
            return {"title": row["name"], "url": self.target_url(row["pk"]),
                    "colour": READINESS_COLOUR[row["readiness"]]}

The helper has no route of its own; each module's subclass is a scoped page in its urls.py (and gets a
permission-matrix entry like its list page).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import View

__all__ = ["MAP_COLOURS", "LegendItem", "legend", "MapPointsView", "DetailUrl", "detail_url_maker"]

# The markers' palette: Bootstrap's contextual colours, each with its own marker shape (map.css) so
# that colour is never the only difference. An unknown colour is drawn as "secondary".
MAP_COLOURS = ("success", "warning", "danger", "info", "secondary")

_SENTINEL = 918273645546372819


@dataclass(frozen=True)
class LegendItem:
    colour: str
    label: Any


def legend(*items: tuple[str, Any]) -> list[LegendItem]:
    """The legend a page passes to the map: `legend(("success", _("Ready")), ("danger", _("Not ready")))`."""
    out = []
    for colour, label in items:
        if colour not in MAP_COLOURS:
            raise ImproperlyConfigured(f"map colour {colour!r} is not one of {', '.join(MAP_COLOURS)}")
        out.append(LegendItem(colour, label))
    return out


class DetailUrl:
    """`pk -> url` of a detail page with one pk argument, reversed once instead of once per row.

    Lazy, so it may be a class attribute of a view (no reverse at import time), and an object rather
    than a function, so `self.target_url(pk)` does not receive `self`. The script prefix is read at
    the first call (inside a request) and kept: it is the deployment's, the same for every request
    (reading it per row, a thread-local, cost more than the rest of the row).
    """

    def __init__(self, viewname: str) -> None:
        self.viewname = viewname
        self._parts: tuple[str, str] | None = None

    def __call__(self, pk: Any) -> str:
        if self._parts is None:
            prefix, _, suffix = reverse(self.viewname, args=[_SENTINEL]).partition(str(_SENTINEL))
            self._parts = (prefix, suffix)
        return f"{self._parts[0]}{pk}{self._parts[1]}"


def detail_url_maker(viewname: str) -> Callable[[Any], str]:
    """`detail_url_maker("targets:target_detail")(7)` is `reverse("targets:target_detail", args=[7])`, fast."""
    return DetailUrl(viewname)


class MapPointsView(LoginRequiredMixin, View):
    """GET → a GeoJSON FeatureCollection of the rows the user may see, filtered like the list page.

    Declare `model`, optionally `filterset_class`, `fields` (the columns `feature` reads, besides the
    coordinates) and `feature(row) -> dict` (the marker's properties: `title`, `url`, `colour` and
    optionally `detail`, a second line in the popup). Rows without coordinates are left out. At most
    `max_points` (PCKB_MAP_MAX_POINTS) points are returned, in `ordering`; the collection then says
    `"truncated": true` and the map tells the user. Invalid filters are a 400 naming them.
    """

    model: type[Model] | None = None
    filterset_class: Any = None
    fields: tuple[str, ...] = ("pk",)
    latitude_field = "latitude"
    longitude_field = "longitude"
    ordering: tuple[str, ...] = ("pk",)
    max_points: int | None = None  # None: settings.PCKB_MAP_MAX_POINTS
    action = "view"

    def feature(self, row: dict[str, Any]) -> dict[str, Any]:
        raise ImproperlyConfigured(f"{type(self).__name__} must define feature(row)")

    def base_queryset(self) -> QuerySet:
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must define model or base_queryset()")
        return self.model._default_manager.visible_to(self.request.user, self.action)

    def limit(self) -> int:
        return self.max_points if self.max_points is not None else settings.PCKB_MAP_MAX_POINTS

    def filtered(self, qs: QuerySet) -> tuple[QuerySet, dict[str, list[str]]]:
        if self.filterset_class is None:
            return qs, {}
        filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        if filterset.is_bound and not filterset.is_valid():
            return qs, {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
        return filterset.qs, {}

    def rows(self, qs: QuerySet) -> Iterable[dict[str, Any]]:
        lat, lon = self.latitude_field, self.longitude_field
        qs = qs.filter(**{f"{lat}__isnull": False, f"{lon}__isnull": False}).order_by(*self.ordering)
        return qs.values(lat, lon, *self.fields)[: self.limit() + 1]

    def collection(self, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
        lat, lon = self.latitude_field, self.longitude_field
        limit = self.limit()
        features = []
        for row in rows:
            if len(features) == limit:
                return {"type": "FeatureCollection", "features": features, "truncated": True, "limit": limit}
            features.append(
                {
                    "type": "Feature",
                    # 6 decimals are 0.1 m: the rest is noise, and shorter numbers encode faster.
                    "geometry": {
                        "type": "Point",
                        "coordinates": [round(float(row[lon]), 6), round(float(row[lat]), 6)],
                    },
                    "properties": self.feature(row),
                }
            )
        return {"type": "FeatureCollection", "features": features, "truncated": False, "limit": limit}

    def encoded(self, qs: QuerySet) -> str:
        # Building 12,000 features makes ~50,000 small objects: the cyclic garbage collector would run
        # its full passes over them several times (about a third of the time); none of them is cyclic.
        # (Process-wide, for the few tens of milliseconds of this request; left off if it already was.)
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            body = self.collection(self.rows(qs))
            # A tree of plain values: no cycle to look for (check_circular costs a sixth of the encoding).
            return json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str, check_circular=False)
        finally:
            if was_enabled:
                gc.enable()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        qs, errors = self.filtered(self.base_queryset())
        if errors:
            response = HttpResponse(json.dumps({"errors": errors}), content_type="application/json", status=400)
        else:
            # (default=str: lazy translations in properties become text.)
            response = HttpResponse(self.encoded(qs), content_type="application/geo+json")
        # Classified content is never cached on the way.
        add_never_cache_headers(response)
        return response
