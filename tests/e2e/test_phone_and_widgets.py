"""A provincial office's first hour on the widgets and on a phone (#7), on the demo data.

`quangninh` assigns a task to all member agencies (the commune committees are a separate choice) with
the searchable checkbox list and the Vietnamese date picker (dd/mm/yyyy), gets the server's Vietnamese
messages rather than the browser's, then reads the issued list on a 390 px wide phone: filters folded
behind "Bộ lọc", rows as cards with status and deadline first, nothing scrolled off sideways.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pckb.demo.loader import load_demo
from pckb.organizations.demo.data import DEMO_PASSWORD
from pckb.organizations.models import Organization
from pckb.plans.models import Task

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e

TITLE = "Rà soát phương án bảo vệ mục tiêu trọng điểm dịp Tết"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(transactional_db):
    # The live server reads the database from another thread: the data must be committed.
    return load_demo(with_plans=False)


def test_it_assigns_to_member_agencies_and_reads_the_list_on_a_phone(page, live_url, demo):
    committee = demo.committees["quangninh"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_url, "quangninh", DEMO_PASSWORD)
    page.goto(f"{live_url}/plans/tasks/assign/")

    # An empty form reaches the server, which answers in Vietnamese (no English browser bubble).
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Trường này là bắt buộc.")
    assert page.locator("input[required], textarea[required], select[required]").count() == 0

    page.goto(f"{live_url}/plans/tasks/assign/")
    page.get_by_label("Tiêu đề").fill(TITLE)
    deadline = page.get_by_label("Hạn hoàn thành")
    deadline.click()
    picker = page.locator(".datepicker.active")
    expect(picker).to_be_visible()
    expect(picker).to_contain_text("Tháng")
    expect(picker.locator(".days-of-week")).to_contain_text("T2")
    screenshot(page, "date-picker-vi", full_page=False)
    picker.locator(".next-button").click()
    picker.locator(".datepicker-cell.day:not(.prev):not(.next)", has_text=re.compile(r"^20$")).click()
    expect(deadline).to_have_value(re.compile(r"^20/\d{2}/\d{4}$"))
    expect(picker).to_be_hidden()

    page.get_by_label("Tất cả cơ quan thành viên của Ban Chỉ đạo giao").check()
    search = page.get_by_role("searchbox", name="Tìm đơn vị")
    search.fill("y te")
    shown = page.locator("#id_assignees [data-pckb-checklist-item]:visible")
    expect(shown.first).to_be_visible()
    for text in shown.all_inner_texts():
        assert "Y tế" in text or "y tế" in text, text
    search.press("Enter")  # must not submit the form
    expect(page.get_by_role("heading", name="Giao nhiệm vụ cho nhiều đơn vị")).to_be_visible()
    search.fill("mong cai")  # a commune's name finds its committee and the agencies under it
    found = page.locator("#id_assignees [data-pckb-checklist-item]:visible")
    expect(found.first).to_be_visible()
    for item in found.all():
        assert "Móng Cái" in item.inner_text() + (item.get_attribute("data-group") or "")
    screenshot(page, "assign-many-checkboxes")
    search.fill("")
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    agencies = set(
        Organization.objects.filter(parent=committee, kind="agency", is_active=True).values_list("pk", flat=True)
    )
    assigned = set(Task.objects.filter(title=TITLE).values_list("assignee_id", flat=True))
    assert assigned == agencies  # the commune, ward and special-zone committees are not included
    assert Organization.objects.filter(parent=committee, kind="committee").exists()

    # The progress form's file input is labelled in Vietnamese, whatever the browser's language.
    task = Task.objects.filter(title=TITLE).first()
    page.goto(f"{live_url}{task.get_absolute_url()}")
    expect(page.get_by_text("Chưa chọn tệp")).to_be_visible()
    page.get_by_label("Tệp đính kèm").set_input_files(
        files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    expect(page.locator(".pckb-upload-names")).to_have_text("bao-cao.pdf")
    page.locator("label.pckb-upload-button").scroll_into_view_if_needed()
    screenshot(page, "file-input-vi", full_page=False)

    # The same list on a phone.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_url}/plans/tasks/issued/")
    filters = page.locator("form.pckb-filters")
    expect(filters).to_be_hidden()
    toggle = page.get_by_role("button", name="Bộ lọc")
    expect(toggle).to_be_visible()
    first = page.locator("#table tbody tr").first
    status, due, assignee = (
        first.locator(f"td[data-label='{label}']") for label in ("Trạng thái", "Hạn hoàn thành", "Đơn vị chủ trì")
    )
    expect(status).to_be_in_viewport()
    for cell in (status, due):
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["y"] < assignee.bounding_box()["y"]  # status and deadline come before the details
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "task-list-phone", full_page=False)
    toggle.click()
    expect(page.locator("#pckb-filters.collapse.show")).to_be_visible()  # the unfolding has ended
    expect(filters).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    screenshot(page, "task-list-phone-filters", full_page=False)
    assert errors == []  # no script failed on any of these pages


def test_it_keeps_dd_mm_yyyy_and_server_messages_in_an_english_browser(browser, live_url, demo):
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        login(page, live_url, "quangninh", DEMO_PASSWORD)
        page.goto(f"{live_url}/plans/tasks/assign/")
        language = page.evaluate("document.documentElement.lang")
        deadline = page.locator("#id_deadline")
        expect(deadline).to_have_attribute("type", "text")
        deadline.fill("05/03/2030")
        page.locator("#id_title").click()  # the picker reads the typed date on blur
        expect(deadline).to_have_value("05/03/2030")
        page.locator("form:has(#id_title) [type=submit]").click()
        message = "Trường này là bắt buộc." if language == "vi" else "This field is required."
        expect(page.locator("#id_title_error")).to_have_text(message)
        expect(page.locator("#id_deadline")).to_have_value("05/03/2030")  # read as 5 March, not 3 May
        assert page.locator("#id_deadline_error").count() == 0
        file_free = page.content()
        assert "Choose File" not in file_free and "Please fill out this field" not in file_free
    finally:
        context.close()
