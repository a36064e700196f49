"""The map component in Chromium under the real CSP: outlines, clustered markers, popups, keyboard.

The page under test is this module's own URLconf (a module using {% pckb_map %} with a MapPointsView
over organisations, coordinates annotated), since no app has coordinates yet; the administrative map
page is the real one.
"""

from __future__ import annotations

import re

import pytest
from django.db.models import F, FloatField, Value
from django.db.models.functions import Cast, Mod
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from playwright.sync_api import expect

from pckb.core.testing import PASSWORD, make_world
from pckb.core.views_map import MapPointsView, detail_url_maker, legend
from pckb.geo.services import load_admin_units
from pckb.organizations.models import Organization
from pckb.urls import urlpatterns as project_urlpatterns

from .helpers import login, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.urls(__name__)]

HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">Đơn vị "lạ"'


class Points(MapPointsView):
    model = Organization
    fields = ("pk", "name", "kind")

    def base_queryset(self):
        # Spread over the Red River delta: 20.5–21.5 N, 105.5–106.5 E, by id.
        spread = Cast(Mod(F("id"), 100), FloatField()) / 100
        return super().base_queryset().annotate(latitude=Value(20.5) + spread, longitude=Value(105.5) + spread)

    def feature(self, row):
        url = detail_url_maker("organizations:organization_detail")(row["pk"])
        return {"title": row["name"], "url": url, "colour": "danger" if row["kind"] == "committee" else "success"}


PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load map_tags %}{% block content %}<h1>Bản đồ thử</h1>'
    '{% pckb_map label="Bản đồ thử" points_url="/test-map/points/" legend=legend list_url="/organizations/" %}'
    "{% endblock %}"
)


def map_page(request: HttpRequest) -> HttpResponse:
    items = legend(("success", "Cơ quan"), ("danger", "Ban Chỉ đạo"))
    return HttpResponse(PAGE.render({"legend": items}, request))


urlpatterns = [path("test-map/", map_page), path("test-map/points/", Points.as_view()), *project_urlpatterns]


@pytest.fixture
def world(transactional_db):
    # The live server reads the database from another thread: the data must be committed.
    world = make_world()
    parent = world.a
    for index in range(60):
        Organization.objects.create(
            name=f"Cơ quan {index}", code=f"m{index}", kind="agency", level="province", parent=parent
        )
    Organization.objects.create(name=HOSTILE, code="hostile", kind="agency", level="province", parent=world.a)
    return world


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_markers_cluster_and_open_an_escaped_popup_with_no_console_error(page, live_url, world):
    problems = watch_console(page)
    login(page, live_url, world.org_a_manager.username, PASSWORD)
    response = page.goto(f"{live_url}/test-map/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp  # the real policy, no 'unsafe-inline'
    page.wait_for_selector("[data-pckb-map-loaded='1']")
    expect(page.locator(".pckb-map-province").first).to_be_attached()
    expect(page.locator(".pckb-map-cluster").first).to_be_visible()
    # org A's subtree: A, A1, the 60 agencies and the hostile one; nothing of B.
    expect(page.get_by_role("status")).to_contain_text("63")

    # Keyboard: a cluster is a named button; Enter zooms in until single markers show.
    cluster = page.locator(".pckb-map-cluster").first
    assert "Enter" in (cluster.get_attribute("aria-label") or "")
    for _ in range(8):
        if page.locator(".pckb-map-marker").count():
            break
        page.locator(".pckb-map-cluster").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
    marker = page.locator(".pckb-map-marker").first
    expect(marker).to_be_visible()
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup.get_by_role("link", name="Mở")).to_have_attribute("href", re.compile(r"^/organizations/\d+/$"))

    # The list below the map names every point, the hostile name as text (no element, no script run).
    page.get_by_text("Danh sách các điểm trên bản đồ").click()
    expect(page.locator("[data-map-list] li")).to_have_count(63)
    expect(page.locator("[data-map-list]")).to_contain_text(HOSTILE)
    assert page.locator(".pckb-map img[src='x']").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None
    screenshot(page, "map-component")
    assert problems == []


def test_an_outsider_gets_an_empty_map(page, live_url, world):
    problems = watch_console(page)
    login(page, live_url, world.org_b_editor.username, PASSWORD)
    page.goto(f"{live_url}/test-map/")
    page.wait_for_selector("[data-pckb-map-loaded='1']")
    expect(page.get_by_role("status")).to_contain_text("2")  # B and B1 only
    assert page.locator(f".pckb-map [title='{world.a.name}']").count() == 0
    assert problems == []


def test_the_administrative_map_opens_a_province_on_a_phone(page, live_url, world):
    load_admin_units(current_only=True)
    problems = watch_console(page)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_url, world.org_b_editor.username, PASSWORD)
    page.goto(f"{live_url}/geo/map/")
    page.wait_for_selector("[data-pckb-map-loaded='1']")
    expect(page.locator(".pckb-map-province")).to_have_count(34)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".pckb-map-province-link").first.click()  # the outline of "01", Hà Nội
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phố Hà Nội")
    page.go_back()
    page.get_by_role("link", name="Thành phố Hà Nội").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phố Hà Nội")
    page.wait_for_selector("[data-pckb-map-loaded='1']")  # the province's own map, zoomed to it
    screenshot(page, "map-province-phone")
    assert problems == []


def test_a_configured_tile_server_is_drawn_beneath_the_outlines(page, live_url, world, settings):
    # Any image server will do: the site's own static files stand in for the intranet tile server.
    settings.PCKB_MAP_TILE_URL = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    settings.PCKB_MAP_TILE_ATTRIBUTION = "© Bản đồ <nội bộ>"
    problems = watch_console(page)
    login(page, live_url, world.org_b_editor.username, PASSWORD)
    page.goto(f"{live_url}/test-map/")
    page.wait_for_selector("[data-pckb-map-loaded='1']")
    expect(page.locator("img.leaflet-tile-loaded").first).to_be_attached()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("© Bản đồ <nội bộ>")  # as text
    assert problems == []
