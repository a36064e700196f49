"""The task tracker through a browser.

A provincial manager assigns a task to all member agencies at once; an agency editor reports progress
and marks it done; the manager verifies one and sends the other back with a comment; an overdue task
is reminded exactly once per threshold (the daily job run twice a day, day after day).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pckb.core.choices import Role
from pckb.core.testing import PASSWORD, make_user, make_world
from pckb.notifications.models import Notification
from pckb.organizations.models import Organization
from pckb.plans import services
from pckb.plans.models import Task

from .helpers import login, logout, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def province(transactional_db):
    # The live server reads the database from another thread: the data must be committed.
    world = make_world()
    a2 = Organization.objects.create(name="Sở Tư pháp tỉnh A", code="a2", kind="agency", parent=world.a)
    world.org_a2_editor = make_user("org_a2_editor", org=a2, role=Role.EDITOR)
    world.a2 = a2
    return world


def open_task_of(page, live_url: str, title: str) -> None:
    page.goto(f"{live_url}/plans/tasks/assigned/")
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_it_runs_the_assignment_flow_end_to_end(page, live_url, province):
    today = timezone.localdate()
    title = "Báo cáo sơ kết công tác phòng, chống khủng bố"

    login(page, live_url, "org_a_manager", PASSWORD)
    page.goto(f"{live_url}/plans/tasks/assign/")
    page.get_by_label("Đơn vị giao").select_option(label="Ban Chỉ đạo PCKB tỉnh A")
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_label("Hạn hoàn thành").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Tất cả cơ quan thành viên của Ban Chỉ đạo giao").check()
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Sở Y tế tỉnh A")
    expect(table).to_contain_text("Sở Tư pháp tỉnh A")
    screenshot(page, "plans-group-assigned")
    assert Task.objects.filter(title=title).count() == 2
    logout(page)

    for username in ("org_a1_editor", "org_a2_editor"):
        login(page, live_url, username, PASSWORD)
        open_task_of(page, live_url, title)
        page.get_by_label("Tiến độ (%)").fill("50")
        page.get_by_label("Ý kiến").fill("Đã triển khai đến các phòng chuyên môn.")
        page.get_by_role("button", name="Gửi báo cáo").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã báo cáo tiến độ")
        # Completion is not one click: a confirmation page with room for the closing report.
        page.get_by_role("link", name="Báo cáo hoàn thành").click()
        page.get_by_label("Nội dung báo cáo (những việc đã làm)").fill("Đã hoàn thành rà soát, gửi kèm báo cáo.")
        screenshot(page, f"plans-confirm-done-{username}")
        page.get_by_role("button", name="Báo cáo hoàn thành").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã hoàn thành")
        expect(page.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)
        screenshot(page, f"plans-done-{username}")
        logout(page)

    login(page, live_url, "org_a_manager", PASSWORD)
    first = Task.objects.get(title=title, assignee=province.a1)
    second = Task.objects.get(title=title, assignee=province.a2)
    page.goto(f"{live_url}{first.get_absolute_url()}")
    page.get_by_role("link", name="Xác nhận hoàn thành").click()
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã xác nhận")
    page.goto(f"{live_url}{second.get_absolute_url()}")
    page.get_by_role("link", name="Trả lại").click()
    page.get_by_role("button", name="Trả lại").click()  # without the comment: refused with the reason
    expect(page.locator("#id_comment_error")).to_contain_text("Hãy nêu nội dung còn thiếu")
    page.get_by_label("Nội dung còn thiếu").fill("Bổ sung số liệu các xã, phường.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đang thực hiện")
    expect(page.locator("main")).to_contain_text("Bổ sung số liệu các xã, phường.")
    screenshot(page, "plans-sent-back")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("verified", "in_progress")

    page.goto(f"{live_url}/plans/tasks/issued/")
    expect(page.locator("#completion")).to_contain_text("Sở Y tế tỉnh A")
    screenshot(page, "plans-issued-list")
    logout(page)


def test_it_reminds_an_overdue_task_once_per_threshold(page, live_url, province):
    today = timezone.localdate()
    task = services.do_create_task(
        province.a,
        actor=province.org_a_editor,
        title="Rà soát phương án bảo vệ trụ sở",
        assignee=province.a1,
        deadline=today + datetime.timedelta(days=7),
    )
    for offset in range(0, 11):
        for _twice in range(2):
            services.send_task_reminders(today + datetime.timedelta(days=offset))
    reminders = Notification.objects.filter(
        recipient=province.org_a1_editor, kind__in=["task.reminder", "task.overdue"]
    )
    keys = sorted(reminders.values_list("dedupe_key", flat=True))
    deadline = task.deadline.isoformat()
    assert keys == sorted(
        [f"task:{task.pk}:due{n}:{deadline}" for n in (7, 3, 1)] + [f"task:{task.pk}:overdue:{deadline}"]
    )

    login(page, live_url, "org_a1_editor", PASSWORD)
    page.goto(f"{live_url}/notifications/")
    main = page.locator("main")
    expect(main.get_by_text(re.compile("Sắp đến hạn: Rà soát phương án bảo vệ trụ sở"))).to_have_count(3)
    expect(main.get_by_text(re.compile("Nhiệm vụ quá hạn: Rà soát phương án bảo vệ trụ sở"))).to_have_count(1)
    screenshot(page, "plans-reminders-inbox")
