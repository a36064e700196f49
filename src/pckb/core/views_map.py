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

__all__ = ["MAP_COLOURS", "LegendItem", "legend", "MapPointsView", "detail_url_maker"]

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


def detail_url_maker(viewname: str) -> Callable[[Any], str]:
    """`pk -> url` of a detail page with one pk argument, reversed once instead of once per row."""
    url = reverse(viewname, args=[_SENTINEL])
    prefix, _, suffix = url.partition(str(_SENTINEL))
    return lambda pk: f"{prefix}{pk}{suffix}"


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
                    "geometry": {"type": "Point", "coordinates": [float(row[lon]), float(row[lat])]},
                    "properties": self.feature(row),
                }
            )
        return {"type": "FeatureCollection", "features": features, "truncated": False, "limit": limit}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        qs, errors = self.filtered(self.base_queryset())
        if errors:
            body, status = {"errors": errors}, 400
        else:
            body, status = self.collection(self.rows(qs)), 200
        # Lazy translations in properties become text; classified content is never cached on the way.
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str),
            content_type="application/geo+json" if status == 200 else "application/json",
            status=status,
        )
        add_never_cache_headers(response)
        return response
