"""The register in a browser: a plan's Kế hoạch drafted from its page, issued after the final
confirmation, and its .docx downloaded from the plan's page and opened with python-docx."""

from __future__ import annotations

import datetime

import docx
import pytest
from playwright.sync_api import expect

from pckb.core.register.services import do_save_header_settings
from pckb.core.testing import PASSWORD, make_world
from pckb.plans import services

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def plan(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    do_save_header_settings(
        world.a,
        actor=world.org_a_manager,
        parent_line="UBND TỈNH A",
        body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ TỈNH A",
        symbol="BCĐ",
        place_name="Bắc Ninh",
    )
    plan = services.do_create_plan(
        world.a,
        actor=world.org_a_manager,
        title="Kế hoạch triển khai công tác phòng, chống khủng bố năm 2026",
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 12, 31),
    )
    services.do_create_task(
        world.a,
        actor=world.org_a_manager,
        title="Rà soát mục tiêu trọng điểm",
        assignee=world.a1,
        deadline=datetime.date(2026, 12, 1),
        assigned_on=datetime.date(2026, 1, 2),
        plan=plan,
    )
    return plan


def test_a_manager_drafts_issues_and_downloads_the_plans_document(page, live_url, plan):
    login(page, live_url, "org_a_manager", PASSWORD)
    page.goto(f"{live_url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Soạn Kế hoạch (văn bản)").click()
    page.get_by_role("button", name="Soạn văn bản").click()
    expect(page.get_by_text("Đã soạn dự thảo văn bản.")).to_be_visible()
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn An")
    page.get_by_label("Chức vụ người ký").fill("Trưởng ban")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Ban hành").click()
    expect(page.get_by_text("không thể sửa văn bản nữa")).to_be_visible()
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_role("heading", name="01/KH-BCĐ – Kế hoạch")).to_be_visible()
    screenshot(page, "documents-issued")

    page.goto(f"{live_url}{plan.get_absolute_url()}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp .docx").click()
    document = docx.Document(download.value.path())
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Số: 01/KH-BCĐ" in cells
    assert "Rà soát mục tiêu trọng điểm" in cells and "Sở Y tế tỉnh A" in cells
