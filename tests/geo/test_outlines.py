"""The shipped province outlines (geo/static/geo/provinces.geojson), their builder and the helpers on them."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest
from django.templatetags.static import static

from pckb.geo.outlines import (
    OUTLINES_FILE,
    outlines,
    point_in_province,
    province_at,
    province_bbox,
    random_point_in_province,
)
from pckb.geo.services import CURRENT_FILE

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 600_000


def load_builder():
    script = ROOT / "scripts" / "build_province_outlines.py"
    spec = importlib.util.spec_from_file_location("build_province_outlines", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rings(feature: dict):
    for polygon in feature["geometry"]["coordinates"]:
        yield from polygon


def area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))


def test_the_file_is_small_and_holds_the_34_current_provinces(collection) -> None:
    assert OUTLINES_FILE.stat().st_size < MAX_BYTES
    assert collection["type"] == "FeatureCollection"
    current = {p["Code"]: p["FullName"] for p in json.loads(CURRENT_FILE.read_text(encoding="utf-8"))}
    assert len(current) == 34
    codes = [f["properties"]["code"] for f in collection["features"]]
    assert sorted(codes) == sorted(current)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["properties"]["full_name"] == current[feature["properties"]["code"]]
        assert feature["properties"]["name"]
    assert "MIT" in collection["source"]
    assert "MIT License" in OUTLINES_FILE.with_name("provinces.LICENSE.txt").read_text()


def test_every_province_is_drawn_with_closed_non_degenerate_rings(collection) -> None:
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        assert feature["geometry"]["coordinates"], feature["id"]
        for polygon in feature["geometry"]["coordinates"]:
            assert polygon, feature["id"]
            for ring in polygon:
                assert len(ring) >= 4, feature["id"]
                assert ring[0] == ring[-1], feature["id"]
                assert abs(area(ring)) > 0, feature["id"]
                assert all(len(position) == 2 for position in ring)


def test_the_simplified_outline_keeps_each_province_extent(collection) -> None:
    # The feature's bbox is the original outline's: the simplified one may not shrink by more than
    # the tolerance (islands included: Hoàng Sa stays in Đà Nẵng, Trường Sa in Khánh Hòa).
    tolerance = collection["simplification_tolerance"] * 2
    for feature in collection["features"]:
        xs = [x for ring in rings(feature) for x, _ in ring]
        ys = [y for ring in rings(feature) for _, y in ring]
        west, south, east, north = feature["bbox"]
        assert min(xs) == pytest.approx(west, abs=tolerance), feature["id"]
        assert min(ys) == pytest.approx(south, abs=tolerance), feature["id"]
        assert max(xs) == pytest.approx(east, abs=tolerance), feature["id"]
        assert max(ys) == pytest.approx(north, abs=tolerance), feature["id"]
    assert province_bbox("48")[2] > 112  # Đà Nẵng reaches Hoàng Sa
    assert province_bbox("56")[2] > 115  # Khánh Hòa reaches Trường Sa


def test_the_builder_simplifies_a_shared_border_once_for_both_sides_and_keeps_islets(tmp_path) -> None:
    builder = load_builder()
    # Two squares sharing a wiggly border (x = 1 ± 0.0001), and an islet far smaller than the tolerance.
    border = [(1 + (0.0001 if i % 2 else 0), i / 10) for i in range(11)]
    west = [(0, 0), *border, (0, 1), (0, 0)]
    east = [*border, (2, 1), (2, 0), border[0]]
    islet = [(5, 5), (5.0002, 5), (5.0002, 5.0003), (5, 5.0002), (5, 5)]
    for code, polygons in (("01", [[west]]), ("02", [[east[::-1]], [islet]])):
        feature = {
            "type": "Feature",
            "properties": {"code": code, "name": code, "fullName": f"Tỉnh {code}"},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        }
        (tmp_path / f"{code}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    built = builder.build(tmp_path, tolerance=0.01, digits=5)
    first, second = built["features"]
    shared_first = {tuple(p) for p in first["geometry"]["coordinates"][0][0] if p[0] > 0.5}
    shared_second = {tuple(p) for p in second["geometry"]["coordinates"][0][0] if p[0] < 1.5}
    assert shared_first == shared_second == {(1, 0), (1, 1)}  # the wiggles are gone, the same on both sides
    islet_out = second["geometry"]["coordinates"][1][0]
    assert len(islet_out) == 4 and islet_out[0] == islet_out[-1]  # kept as a triangle
    assert built["bbox"] == [0, 0, 5.0002, 5.0003]


def test_douglas_peucker_keeps_what_is_farther_than_the_tolerance() -> None:
    builder = load_builder()
    line = [(0, 0), (1, 0.001), (2, 0.002), (3, 0.001), (4, 0)]
    assert builder.douglas_peucker(line, 0.01) == [(0, 0), (4, 0)]
    assert builder.douglas_peucker(line, 0.0001) == [(0, 0), (2, 0.002), (4, 0)]


def test_point_in_province_and_province_at() -> None:
    hanoi, saigon, da_nang = (21.0285, 105.8542), (10.7769, 106.7009), (16.0544, 108.2022)
    assert point_in_province("01", *hanoi)
    assert not point_in_province("79", *hanoi)
    assert point_in_province("79", *saigon)
    assert province_at(*hanoi) == "01"
    assert province_at(*saigon) == "79"
    assert province_at(*da_nang) == "48"
    assert province_at(35.0, 139.0) is None  # Tokyo
    assert not point_in_province("99", *hanoi)
    assert province_bbox("99") is None
    west, south, east, north = province_bbox("01")
    assert west < hanoi[1] < east and south < hanoi[0] < north


def test_a_point_just_outside_the_simplified_border_is_still_accepted_within_the_tolerance() -> None:
    hanoi = outlines()["01"]
    # A vertex of the drawn outline, moved 100 m (0.0009°) to the west: near the border either way.
    longitude, latitude = min(hanoi.polygons[0][0])
    assert point_in_province("01", latitude, longitude - 0.0009)
    assert not point_in_province("01", latitude, longitude - 0.0009, tolerance=0)
    assert not point_in_province("01", latitude, longitude - 0.05)


def test_random_points_fall_inside_their_province() -> None:
    rng = random.Random(7)
    for code in outlines():
        latitude, longitude = random_point_in_province(code, rng)
        assert point_in_province(code, latitude, longitude, tolerance=0)
        assert province_at(latitude, longitude) == code


def test_the_outlines_are_served_as_a_static_file(client) -> None:
    response = client.get(static("geo/provinces.geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(b"".join(response.streaming_content))["features"]
