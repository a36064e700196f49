"""`{% pckb_map %}`: the one map component (core/_map.html, static/pckb/map.js).

    {% load map_tags %}
    {% pckb_map label=_("Map of key targets") points_url=points_url legend=map_legend province="01" %}

Draws the 34 provinces' outlines (geo/provinces.geojson), the points of a `MapPointsView` clustered and
coloured, the page's legend and a list of the points for keyboard and screen-reader users. A tile layer
is added beneath the outlines when PCKB_MAP_TILE_URL is set. Everything reaches map.js through data-
attributes: the CSP allows no inline script.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static

from pckb.core.views_map import LegendItem
from pckb.geo.services import OUTLINES_STATIC_PATH, outlines

__all__ = ["pckb_map"]

register = template.Library()


@register.inclusion_tag("core/_map.html", takes_context=True)
def pckb_map(
    context: template.Context,
    label: Any,
    points_url: str = "",
    legend: list[LegendItem] | None = None,
    province: str = "",
    list_url: str = "",
    province_url: str = "",
    map_id: str = "",
    compact: bool = False,
) -> dict[str, Any]:
    """`label` names the map for screen readers; `points_url` a MapPointsView (none: outlines only);
    `legend` from `core.views_map.legend`; `province` a province code to zoom to; `list_url` the full
    list page (linked under the map); `province_url` a URL with "{code}" that a province opens when
    clicked (e.g. its administrative-unit page); `compact` a short map (a card on a detail page)."""
    if province and province not in outlines():
        raise ImproperlyConfigured(f"unknown province code {province!r}")
    # Several maps on one page get distinct ids without the page naming them.
    number = context.render_context.get("pckb_map_count", 0) + 1
    context.render_context["pckb_map_count"] = number
    return {
        "map_id": map_id or f"pckb-map-{number}",
        "label": label,
        "points_url": points_url,
        "legend": legend or [],
        "province": province,
        "list_url": list_url,
        "province_url": province_url,
        "compact": compact,
        "outlines_url": static(OUTLINES_STATIC_PATH),
        "tile_url": settings.PCKB_MAP_TILE_URL,
        "tile_attribution": settings.PCKB_MAP_TILE_ATTRIBUTION,
    }
