"""The foundation seen through a browser, on the demo data (without its plans and tasks, for speed).

A provincial manager (`quangninh`) signs in, sees the agencies of Quảng Ninh in the organisation tree and
nothing of other provinces, gets the not-found page for a Điện Biên organisation, and switches to English.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pckb.demo.loader import load_demo
from pckb.organizations.demo.data import DEMO_PASSWORD
from pckb.organizations.models import Organization

from .helpers import login, screenshot, set_language

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db):
    # The live server reads the database from another thread: the data must be committed.
    return load_demo(with_plans=False)


def tree_link(page, name: str):
    return page.get_by_role("link", name=name, exact=True)


def tree_badge(page, kind: str):
    """The kind shown beside an organisation in the tree (not the option of the filter form)."""
    return page.get_by_role("listitem").get_by_text(kind, exact=True).first


def test_it_shows_a_provincial_manager_its_own_agencies_only(page, live_url, demo):
    login(page, live_url, "quangninh", DEMO_PASSWORD)

    nav = page.get_by_role("navigation")
    nav.get_by_role("button", name="Tổ chức").click()  # the menu of the tree and the places
    nav.get_by_role("link", name="Tổ chức", exact=True).click()

    expect(page).to_have_url(re.compile(r"/organizations/"))
    expect(tree_link(page, "Ban Chỉ đạo phòng, chống khủng bố tỉnh Quảng Ninh")).to_be_visible()
    for agency in (
        "Công an tỉnh Quảng Ninh",
        "Sở Y tế tỉnh Quảng Ninh",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ninh",
    ):
        expect(tree_link(page, agency)).to_be_visible()
    main = page.locator("main")
    expect(main).not_to_contain_text("Điện Biên")
    expect(main).not_to_contain_text("Hồ Chí Minh")
    expect(main).not_to_contain_text("Quốc gia")
    screenshot(page, "foundation-tree-quangninh")

    tree_link(page, "Công an tỉnh Quảng Ninh").click()
    expect(page.get_by_role("heading", name="Công an tỉnh Quảng Ninh")).to_be_visible()


def test_it_answers_not_found_for_another_provinces_organisation(page, live_url, demo):
    dien_bien_police = Organization.objects.get(code="bcd-dien-bien-congan")
    login(page, live_url, "quangninh", DEMO_PASSWORD)

    response = page.goto(f"{live_url}/organizations/{dien_bien_police.pk}/")

    assert response.status == 404
    expect(page.locator("body")).to_contain_text("Không tìm thấy")
    expect(page.locator("body")).not_to_contain_text("Công an tỉnh Điện Biên")
    screenshot(page, "foundation-not-found")

    # The same answer as for an organisation that does not exist at all: nothing leaks.
    missing = page.goto(f"{live_url}/organizations/{Organization.objects.order_by('-pk').first().pk + 1000}/")
    assert missing.status == 404


def test_it_switches_the_interface_to_english(page, live_url, demo):
    login(page, live_url, "quangninh", DEMO_PASSWORD)
    page.goto(f"{live_url}/organizations/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(tree_badge(page, "Cơ quan thành viên")).to_be_visible()

    set_language(page, "en")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/organizations/"))
    expect(page.get_by_role("navigation").get_by_role("button", name="Organizations")).to_be_visible()
    expect(tree_badge(page, "Member agency")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Cơ quan thành viên")
    # Names are data, not interface text: they stay Vietnamese.
    expect(tree_link(page, "Công an tỉnh Quảng Ninh")).to_be_visible()
    screenshot(page, "foundation-english")

    # The choice sticks for the next pages.
    page.goto(f"{live_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_it_warns_on_every_page_of_the_demo(page, live_url, demo, settings):
    settings.DEMO = True

    page.goto(f"{live_url}/accounts/login/")
    expect(page.locator(".pckb-demo-banner")).to_be_visible()
    login(page, live_url, "quangninh.yte", DEMO_PASSWORD)
    for path in ("/", "/organizations/"):
        page.goto(f"{live_url}{path}")
        expect(page.locator(".pckb-demo-banner")).to_be_visible()
