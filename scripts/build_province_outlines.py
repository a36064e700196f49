#!/usr/bin/env python3
"""Build the browser's province outlines: src/pckb/geo/static/geo/provinces.geojson.

Reads the 34 per-province GeoJSON files of thanglequoc/vietnamese-provinces-database (MIT, about 9 MB,
93,000 vertices), simplifies them with Douglas–Peucker and rounds the coordinates, and writes one
compact FeatureCollection (code, name, full name and the original bounding box of each province).

Neighbouring provinces share their border vertices in the source. Simplifying each province on its own
would move a shared border differently on each side (slivers and overlaps at province zoom), so every
ring is cut at the vertices where the set of provinces owning the border changes, and each piece is
simplified once, in a canonical direction, and reused by both neighbours. Islands (Hoàng Sa, Trường Sa
and the coastal ones) are kept even when smaller than the tolerance: as the three vertices that span
them best.

Pure Python, no GIS library: the input is small and fixed, and the output is checked by
tests/geo/test_outlines.py (34 valid provinces, size bound, bounding boxes close to the originals).

Usage (from the repository root):
    python3 scripts/build_province_outlines.py [--source DIR] [--tolerance DEGREES] [--digits N]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from collections import defaultdict
from pathlib import Path

__all__ = ["douglas_peucker", "build", "main"]

ROOT = Path(__file__).resolve().parent.parent
# The shared data directory beside the checkout (../shared), or beside the worktrees' parent.
SOURCE_CANDIDATES = [base / "shared" / "data" / "admin-units" / "provinces-geojson" for base in ROOT.parents[:2]]
OUTPUT = ROOT / "src" / "pckb" / "geo" / "static" / "geo" / "provinces.geojson"
LICENSE_OUT = OUTPUT.with_name("provinces.LICENSE.txt")
# About 220 m at these latitudes: invisible at the national zoom, borders still recognisable at a province.
DEFAULT_TOLERANCE = 0.002
DEFAULT_DIGITS = 4  # about 11 m
SOURCE_NOTICE = (
    "Province outlines simplified from thanglequoc/vietnamese-provinces-database (MIT License, "
    "Copyright (c) 2021 Thang Le Quoc; see provinces.LICENSE.txt)"
)

Point = tuple[float, float]


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment ab, in degrees (planar: fine at this tolerance)."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(p[0] - ax, p[1] - ay)
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy))


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the first and last point and every point farther than `tolerance` from the kept line.

    Iterative (a stack of index ranges), since a border of thousands of vertices would recurse deeply.
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            distance = _segment_distance(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if index > 0 and farthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


class _Simplifier:
    """Simplifies rings so that a border shared by two provinces is simplified once for both."""

    def __init__(self, owners: dict[Point, frozenset[str]], tolerance: float) -> None:
        self.owners = owners
        self.tolerance = tolerance
        self.cache: dict[tuple[Point, ...], list[Point]] = {}

    def chain(self, points: list[Point]) -> list[Point]:
        forward = tuple(points)
        backward = forward[::-1]
        canonical = min(forward, backward)
        if canonical not in self.cache:
            self.cache[canonical] = douglas_peucker(list(canonical), self.tolerance)
        result = self.cache[canonical]
        return list(result) if canonical == forward else result[::-1]

    def ring(self, ring: list[Point]) -> list[Point]:
        """A closed ring simplified; fewer than 4 positions means it vanished at this tolerance."""
        cycle = ring[:-1] if ring[0] == ring[-1] else list(ring)
        n = len(cycle)
        if n < 3:
            return []
        sets = [self.owners[p] for p in cycle]
        cuts = [i for i in range(n) if sets[i] != sets[i - 1] or sets[i] != sets[(i + 1) % n]]
        if not cuts:
            # An island or a province with no neighbour on this ring: cut at the first vertex and at
            # the vertex farthest from it, so the ring keeps its extent.
            far = max(range(n), key=lambda i: math.dist(cycle[0], cycle[i]))
            cuts = [0, far] if far else [0]
        out: list[Point] = []
        for k, start in enumerate(cuts):
            end = cuts[(k + 1) % len(cuts)]
            piece = cycle[start : end + 1] if end > start else cycle[start:] + cycle[: end + 1]
            out.extend(self.chain(piece)[:-1])
        out.append(out[0])
        return out


def _round_ring(ring: list[Point], digits: int) -> list[list[float]]:
    rounded: list[list[float]] = []
    for x, y in ring:
        point = [round(x, digits), round(y, digits)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded


def _signed_area(ring: list[list[float]] | list[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def _spanning_triangle(ring: list[Point]) -> list[Point]:
    """The three vertices of a small ring that span it best: how an islet below the tolerance stays."""
    a = ring[0]
    b = max(ring, key=lambda p: math.dist(a, p))
    c = max(ring, key=lambda p: _segment_distance(p, a, b))
    return [a, b, c, a]


def _bbox(points: list[Point]) -> list[float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return [min(xs), min(ys), max(xs), max(ys)]


def _outward_bbox(bbox: list[float], digits: int) -> list[float]:
    """Rounded outwards, so the box still holds the outline; the epsilon keeps 5.0002 from becoming 5.00021."""
    scale = 10**digits
    west, south, east, north = (value * scale for value in bbox)
    return [
        math.floor(west + 1e-6) / scale,
        math.floor(south + 1e-6) / scale,
        math.ceil(east - 1e-6) / scale,
        math.ceil(north - 1e-6) / scale,
    ]


def _load(source: Path) -> list[dict]:
    features = []
    for path in sorted(source.glob("*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        features.extend(data["features"])
    return features


def _polygons(geometry: dict) -> list[list[list[Point]]]:
    coordinates = geometry["coordinates"]
    polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in polygons]


def build(source: Path, tolerance: float, digits: int) -> dict:
    """The simplified FeatureCollection of every province in `source`, sorted by code."""
    features = _load(source)
    shapes = {f["properties"]["code"]: _polygons(f["geometry"]) for f in features}
    owners_sets: dict[Point, set[str]] = defaultdict(set)
    for code, polygons in shapes.items():
        for polygon in polygons:
            for ring in polygon:
                for point in ring:
                    owners_sets[point].add(code)
    simplifier = _Simplifier({p: frozenset(s) for p, s in owners_sets.items()}, tolerance)

    out_features = []
    for feature in sorted(features, key=lambda f: f["properties"]["code"]):
        props = feature["properties"]
        code = props["code"]
        all_points = [p for polygon in shapes[code] for ring in polygon for p in ring]
        polygons_out = []
        for polygon in shapes[code]:
            rings_out = []
            for index, ring in enumerate(polygon):
                simplified = _round_ring(simplifier.ring(ring), digits)
                if len(simplified) < 4 or _signed_area(simplified) == 0:
                    if index > 0:
                        continue  # a hole smaller than the tolerance: drop it
                    simplified = _round_ring(_spanning_triangle(ring), digits)
                    if len(simplified) < 4 or _signed_area(simplified) == 0:
                        break  # an islet smaller than the rounding itself: nothing to draw
                rings_out.append(simplified)
            if rings_out:
                polygons_out.append(rings_out)
        out_features.append(
            {
                "type": "Feature",
                "id": code,
                "bbox": _outward_bbox(_bbox(all_points), digits),
                "properties": {"code": code, "name": props["name"], "full_name": props["fullName"]},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons_out},
            }
        )
    return {
        "type": "FeatureCollection",
        "source": SOURCE_NOTICE,
        "simplification_tolerance": tolerance,
        "bbox": [
            min(f["bbox"][0] for f in out_features),
            min(f["bbox"][1] for f in out_features),
            max(f["bbox"][2] for f in out_features),
            max(f["bbox"][3] for f in out_features),
        ],
        "features": out_features,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_source = next((p for p in SOURCE_CANDIDATES if p.is_dir()), SOURCE_CANDIDATES[0])
    parser.add_argument("--source", type=Path, default=default_source)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("--digits", type=int, default=DEFAULT_DIGITS)
    args = parser.parse_args(argv)
    if not any(args.source.glob("*.geojson")):
        parser.error(f"no *.geojson files in {args.source}")
    collection = build(args.source, args.tolerance, args.digits)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    license_file = args.source.parent / "LICENSE"
    if license_file.exists():
        shutil.copyfile(license_file, LICENSE_OUT)
    vertices = sum(len(r) for f in collection["features"] for p in f["geometry"]["coordinates"] for r in p)
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(collection['features'])} provinces, {vertices} vertices, {len(text)} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
