"""The 34 provinces' outlines on the server: bounding boxes and "is this point in that province?".

The same file the browser draws (static/geo/provinces.geojson, built by
scripts/build_province_outlines.py from MIT-licensed data; licence beside it). Its borders are
simplified by `tolerance` degrees (about 220 m), so a point within that distance of a border counts as
inside: a coordinate typed at a province's edge is accepted rather than refused by the drawing's
simplification. Other apps use these to check or generate coordinates (key targets, incidents).

Coordinates are WGS 84 degrees, given as (latitude, longitude) like the models' fields; bounding boxes
are GeoJSON's (west, south, east, north).
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "OUTLINES_FILE",
    "Province",
    "outlines",
    "province_bbox",
    "point_in_province",
    "province_at",
    "random_point_in_province",
]

OUTLINES_FILE = Path(__file__).resolve().parent / "static" / "geo" / "provinces.geojson"
OUTLINES_STATIC_PATH = "geo/provinces.geojson"  # for {% static %}

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) pairs, closed


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    full_name: str
    bbox: tuple[float, float, float, float]  # west, south, east, north (of the original outline)
    polygons: tuple[tuple[Ring, ...], ...]  # each: outer ring, then holes

    def contains(self, latitude: float, longitude: float, tolerance: float = 0.0) -> bool:
        """Inside the outline, or within `tolerance` degrees of its border."""
        west, south, east, north = self.bbox
        if not (
            west - tolerance <= longitude <= east + tolerance and south - tolerance <= latitude <= north + tolerance
        ):
            return False
        point = (longitude, latitude)
        for polygon in self.polygons:
            if _in_ring(point, polygon[0]) and not any(_in_ring(point, hole) for hole in polygon[1:]):
                return True
        return tolerance > 0 and self.border_distance(latitude, longitude) <= tolerance

    def border_distance(self, latitude: float, longitude: float) -> float:
        """Distance in degrees (planar) from the point to the nearest border segment."""
        point = (longitude, latitude)
        return min(
            _segment_distance(point, a, b)
            for polygon in self.polygons
            for ring in polygon
            for a, b in zip(ring, ring[1:], strict=False)
        )


def _in_ring(point: tuple[float, float], ring: Ring) -> bool:
    """Even-odd ray casting."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _segment_distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


@cache
def _load() -> tuple[dict[str, Province], float]:
    data = json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))
    provinces = {}
    for feature in data["features"]:
        props = feature["properties"]
        provinces[props["code"]] = Province(
            code=props["code"],
            name=props["name"],
            full_name=props["full_name"],
            bbox=tuple(feature["bbox"]),
            polygons=tuple(
                tuple(tuple((x, y) for x, y in ring) for ring in polygon)
                for polygon in feature["geometry"]["coordinates"]
            ),
        )
    return provinces, float(data["simplification_tolerance"])


def outlines() -> dict[str, Province]:
    """Every current province by code ("01" Hà Nội … "96" Cà Mau)."""
    return _load()[0]


def default_tolerance() -> float:
    """The outlines' simplification tolerance in degrees: how far a border may have moved."""
    return _load()[1]


def province_bbox(code: str) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the province with this code, or None for an unknown code."""
    province = outlines().get(code)
    return province.bbox if province else None


def point_in_province(code: str, latitude: float, longitude: float, *, tolerance: float | None = None) -> bool:
    """Whether the point lies in the province (within `tolerance` degrees of its simplified border).

    False for an unknown code. `tolerance=0` tests against the drawn outline exactly.
    """
    province = outlines().get(code)
    if province is None:
        return False
    return province.contains(latitude, longitude, default_tolerance() if tolerance is None else tolerance)


def province_at(latitude: float, longitude: float) -> str | None:
    """The code of the province containing the point; near a border, the nearest within the tolerance."""
    candidates = list(outlines().values())
    for province in candidates:
        if province.contains(latitude, longitude):
            return province.code
    tolerance = default_tolerance()
    near = [p for p in candidates if p.contains(latitude, longitude, tolerance)]
    if not near:
        return None
    return min(near, key=lambda p: p.border_distance(latitude, longitude)).code


def random_point_in_province(code: str, rng: random.Random, *, attempts: int = 1000) -> tuple[float, float]:
    """A (latitude, longitude) strictly inside the drawn outline (demo data, tests).

    Rejection sampling in the bounding box, so uniform over the province's area. Khánh Hòa's box spans
    Trường Sa and is mostly sea, hence the fallback to its largest polygon. KeyError for an unknown code.
    """
    province = outlines()[code]
    west, south, east, north = province.bbox
    for _ in range(attempts):
        latitude, longitude = rng.uniform(south, north), rng.uniform(west, east)
        if province.contains(latitude, longitude):
            return round(latitude, 6), round(longitude, 6)
    # A box that is mostly sea: fall back to the largest polygon's box.
    largest = max(province.polygons, key=lambda polygon: abs(_area(polygon[0])))
    xs = [x for x, _ in largest[0]]
    ys = [y for _, y in largest[0]]
    for _ in range(attempts):
        latitude, longitude = rng.uniform(min(ys), max(ys)), rng.uniform(min(xs), max(xs))
        if province.contains(latitude, longitude):
            return round(latitude, 6), round(longitude, 6)
    raise ValueError(f"no point found inside province {code}")


def _area(ring: Ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2
