"""{% pckb_map %}: what the page sends to map.js (data- attributes only: the CSP allows no inline script)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template

from pckb.core.views_map import legend


def render(tag: str, **context) -> str:
    return Template("{% load map_tags %}" + tag).render(Context(context))


def test_it_renders_the_configuration_as_data_attributes_and_the_legend() -> None:
    html = render(
        '{% pckb_map label="Bản đồ mục tiêu" points_url=url legend=items province="01" list_url="/targets/" %}',
        url="/targets/map/points/?q=a&b=1",
        items=legend(("success", "Sẵn sàng"), ("danger", "Chưa <sẵn sàng>")),
    )
    assert 'data-points-url="/targets/map/points/?q=a&amp;b=1"' in html
    assert 'data-province="01"' in html
    assert 'data-outlines-url="/static/geo/provinces.geojson"' in html
    assert 'aria-label="Bản đồ mục tiêu"' in html
    assert "pckb-map-swatch-success" in html and "Sẵn sàng" in html
    assert "Chưa &lt;sẵn sàng&gt;" in html  # the legend's labels are escaped like any text
    assert 'href="/targets/"' in html
    assert "data-tile-url" not in html  # no tile server configured


def test_it_has_no_inline_script_or_style() -> None:
    html = render('{% pckb_map label="Bản đồ" points_url="/p/" %}')
    for script in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
        assert script.strip() == ""
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert " style=" not in html
    assert "<style" not in html


def test_a_configured_tile_server_is_passed_on(settings) -> None:
    settings.PCKB_MAP_TILE_URL = "https://tiles.example.gov.vn/{z}/{x}/{y}.png"
    settings.PCKB_MAP_TILE_ATTRIBUTION = "© Cục Bản đồ <test>"
    html = render('{% pckb_map label="Bản đồ" %}')
    assert 'data-tile-url="https://tiles.example.gov.vn/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© Cục Bản đồ &lt;test&gt;"' in html
    assert "data-points-url" not in html  # outlines only


def test_a_compact_map_is_marked_for_its_shorter_height() -> None:
    assert 'class="pckb-map pckb-map-compact"' in render('{% pckb_map label="Bản đồ" compact=True %}')
    assert 'class="pckb-map"' in render('{% pckb_map label="Bản đồ" %}')


def test_two_maps_on_one_page_get_distinct_ids() -> None:
    html = render('{% pckb_map label="Một" %}{% pckb_map label="Hai" %}')
    assert re.findall(r'<section class="pckb-map" id="([^"]+)"', html) == ["pckb-map-1", "pckb-map-2"]


def test_an_unknown_province_code_is_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        render('{% pckb_map label="Bản đồ" province="99" %}')


def test_the_tile_server_origin_is_allowed_by_the_csp() -> None:
    from pckb.settings import tile_origin

    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_origin("https://tiles.example.gov.vn:8443/{z}/{x}/{y}.png") == "https://tiles.example.gov.vn:8443"
    assert tile_origin("") == ""
