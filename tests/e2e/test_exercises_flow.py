"""Exercises and commendations through a browser.

A provincial manager plans a drill at a key target, adds a participating agency with its force count,
records the drill as conducted, rates each objective and closes the evaluation, and gives an
improvement item to the agency: the agency's editor finds it among the tasks assigned to them, and the
target's readiness shows the drill. Then a commendation is proposed for the agency and approved.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pckb.core.testing import PASSWORD, make_world
from pckb.exercises.models import Exercise
from pckb.targets import services as target_services
from pckb.targets.models import TargetCategory
from pckb.targets.testing import places

from .helpers import login, logout, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def province(transactional_db, settings, tmp_path):
    # The live server reads the database from another thread: the data must be committed.
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world()
    p = places()
    target = target_services.do_create_key_target(
        world.a,
        actor=world.superuser,
        name="Cảng hàng không quốc tế Vân Đồn",
        category=TargetCategory.objects.get(code="airport"),
        province=p["qn"],
        admin_unit=p["halong"],
        latitude=Decimal("21.120000"),
        longitude=Decimal("107.415000"),
    )
    return world, target


def _dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _confirm(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("domcontentloaded")


def test_a_drill_is_planned_conducted_evaluated_and_followed_up(page, live_url, province):
    world, target = province
    today = timezone.localdate()
    login(page, live_url, "org_a_admin", PASSWORD)

    page.goto(f"{live_url}{target.get_absolute_url()}")
    page.get_by_role("link", name="Lên kế hoạch diễn tập tại đây").click()
    page.fill("input[name=title]", "Diễn tập thực binh chống khủng bố tại cảng hàng không")
    page.select_option("select[name=kind]", "full_scale")
    page.fill("input[name=date]", _dmy(today))
    page.fill("textarea[name=objectives]", "Phong tỏa, sơ tán hành khách\nXử lý vật nghi nổ")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Diễn tập thực binh chống khủng bố tại cảng hàng không")
    exercise = Exercise.objects.get()
    assert exercise.target == target

    page.locator("a[href$='/participants/']").click()
    page.select_option("select[name=organization]", str(world.a1.pk))
    page.fill("input[name=force_count]", "-3")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    page.fill("input[name=force_count]", "45")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("45 người")).to_be_visible()

    page.locator("[data-transition=conducted]").click()
    _confirm(page)
    page.get_by_role("link", name="Ghi kết quả đánh giá").click()
    for select, rating in zip(page.locator("select[name^=rating_]").all(), ("P", "M"), strict=True):
        select.select_option(rating)
    page.fill("textarea[name=strengths]", "Lực lượng có mặt nhanh")
    page.fill("textarea[name=areas_for_improvement]", "Bộ đàm mất sóng trong nhà ga")
    page.locator("main form button[type=submit]").click()
    page.locator("[data-transition=evaluated]").click()
    _confirm(page)
    expect(page.get_by_text("Đã đánh giá").first).to_be_visible()

    page.get_by_role("link", name="Thêm nội dung khắc phục").click()
    page.fill("input[name=title]", "Trang bị bộ đàm phủ sóng nhà ga")
    page.select_option("select[name=assignee]", str(world.a1.pk))
    page.fill("input[name=deadline]", _dmy(today + datetime.timedelta(days=30)))
    page.keyboard.press("Escape")  # closes the date picker over the button
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Trang bị bộ đàm phủ sóng nhà ga")).to_be_visible()
    screenshot(page, "exercise-evaluated")

    page.goto(f"{live_url}{target.get_absolute_url()}")
    readiness = page.locator("section[aria-labelledby=readiness-heading]")
    expect(readiness).to_contain_text(_dmy(today))

    page.goto(f"{live_url}/commendations/add/")
    page.select_option("select[name=recipient_kind]", "collective")
    page.select_option("select[name=recipient_organization]", str(world.a1.pk))
    page.select_option("select[name=form]", "commendation_letter")
    page.fill("input[name=issuing_authority]", "Trưởng Ban Chỉ đạo")
    page.fill("textarea[name=reason]", "Hoàn thành tốt nhiệm vụ trong diễn tập thực binh")
    page.fill("input[name=year]", str(today.year))
    page.locator("main form button[type=submit]").click()
    page.locator("[data-transition=approved]").click()
    _confirm(page)
    expect(page.get_by_text("Đã phê duyệt").first).to_be_visible()

    logout(page)
    login(page, live_url, "org_a1_editor", PASSWORD)
    page.goto(f"{live_url}/plans/tasks/assigned/")
    expect(page.get_by_role("link", name="Trang bị bộ đàm phủ sóng nhà ga").first).to_be_visible()
