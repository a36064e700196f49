"""Trainings and dissemination through a browser.

A province editor records a training, adds the participating organisations with their headcounts (a
negative one is refused with a clear message), then finds the law in the library by typing without
diacritics, opens the list of member agencies that have not disseminated it and turns it into tasks.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pckb.core.testing import PASSWORD, make_world
from pckb.organizations.models import Organization
from pckb.outreach.models import TrainingEvent
from pckb.outreach.services import seed_public_core
from pckb.plans.models import Task

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def province(transactional_db):
    # The live server reads the database from another thread: the data must be committed.
    world = make_world()
    Organization.objects.create(name="Sở Tư pháp tỉnh A", code="a2", kind="agency", level="province", parent=world.a)
    seed_public_core(world.root, actor=world.superuser)
    return world


def test_record_a_training_with_headcounts_and_turn_the_dissemination_gap_into_tasks(page, live_url, province):
    login(page, live_url, "org_a_editor", PASSWORD)

    # A training, then who took part and how many.
    page.goto(f"{live_url}/outreach/trainings/")
    page.get_by_role("link", name="Thêm mới").click()
    page.locator("select[name='organization']").select_option(str(province.a.pk))
    page.locator("select[name='kind']").select_option("training")
    page.locator("input[name='title']").fill("Tập huấn nhận biết vật liệu nổ")
    page.locator("input[name='start_date']").fill("12/03/2026")
    page.locator("input[name='place']").fill("Hội trường Công an tỉnh")
    page.locator("textarea[name='conclusions']").fill("Các sở tự kiểm tra kho tiền chất")
    page.locator("form [type='submit']").last.click()
    expect(page.get_by_role("heading", name="Tập huấn nhận biết vật liệu nổ")).to_be_visible()
    event = TrainingEvent.objects.get()

    for org, count in ((province.a1, "25"), (province.a, "-3"), (province.a, "12")):
        if "/participants/" not in page.url:
            page.locator(".card-header").get_by_role("link", name="Thêm mới").click()
        page.locator("select[name='organization']").select_option(str(org.pk))
        page.locator("input[name='headcount']").fill(count)
        page.locator("form [type='submit']").last.click()
        if count.startswith("-"):
            expect(page.get_by_text("Số người tham dự là số nguyên từ 1 đến 10.000.")).to_be_visible()
    expect(page.locator("#total-headcount")).to_have_text("37")
    assert event.total_headcount() == 37
    screenshot(page, "outreach-training-headcounts")

    # The law, found without diacritics; who has not disseminated it; one task each.
    page.goto(f"{live_url}/outreach/library/")
    page.locator("input[name='q']").fill("luat phong chong khung bo")
    page.locator("input[name='q']").press("Enter")
    page.get_by_role("link", name="28/2013/QH13").click()
    page.get_by_role("link", name="Đơn vị chưa quán triệt").click()
    gap = page.locator("#gap-list")
    expect(gap).to_contain_text("Sở Y tế tỉnh A")
    expect(gap).to_contain_text("Sở Tư pháp tỉnh A")
    screenshot(page, "outreach-gap-list")
    page.get_by_role("link", name="Giao nhiệm vụ").click()
    page.locator("form [type='submit']").last.click()
    expect(page.get_by_text("Đã giao 2 nhiệm vụ.")).to_be_visible()
    tasks = Task.objects.filter(source_type__model="legaldocument")
    assert sorted(tasks.values_list("assignee__code", flat=True)) == ["a1", "a2"]
    assert set(tasks.values_list("title", flat=True)) == {"Quán triệt, phổ biến Luật 28/2013/QH13"}
