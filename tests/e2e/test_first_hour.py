"""A provincial standing office's first hour (#7), in Chromium on the demo data, as `quangninh` (the
administrator of Quảng Ninh's committee): create a focal point's account for an agency, assign a task to
all member agencies (not the commune committees), each recipient gets one notification, edit the task's
deadline, and read the issued list on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pckb.accounts.models import User
from pckb.core.choices import Role
from pckb.demo.loader import load_demo
from pckb.notifications.models import Notification
from pckb.organizations.demo.data import DEMO_PASSWORD
from pckb.organizations.models import Organization
from pckb.plans.models import Task

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e

TITLE = "Kiểm tra phương án bảo vệ trụ sở dịp cuối năm"


@pytest.fixture
def demo(transactional_db):
    return load_demo(with_plans=False)


def test_a_provincial_managers_first_hour(page, live_url, demo):
    committee = demo.committees["quangninh"]
    health = Organization.objects.get(parent=committee, kind="agency", name__icontains="Y tế")
    login(page, live_url, "quangninh", DEMO_PASSWORD)

    # 1. The focal point's account, editor of the health department.
    page.goto(f"{live_url}/accounts/users/add/")
    page.get_by_label("Tên đăng nhập").fill("quangninh.yte.canbo")
    page.get_by_label("Họ và tên").fill("Phạm Thu Hà")
    page.get_by_label("Địa chỉ email").fill("ha.pham@example.test")
    page.locator("input[name='password1']").fill("Sen-hong-2026!")
    page.locator("input[name='password2']").fill("Sen-hong-2026!")
    page.get_by_placeholder("Tìm theo tên hoặc mã…").fill("y te")  # the picker ignores diacritics
    expect(page.locator(f"select[name='organization'] option[value='{health.pk}']")).to_be_attached()
    page.locator("select[name='organization']").select_option(str(health.pk))
    page.locator("select[name='role']").select_option(str(Role.EDITOR))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Phạm Thu Hà")).to_be_visible()
    focal = User.objects.get(username="quangninh.yte.canbo")
    assert focal.memberships.get().organization == health

    # 2. A task to all member agencies, the commune committees left out.
    page.goto(f"{live_url}/plans/tasks/assign/")
    page.get_by_label("Tiêu đề").fill(TITLE)
    deadline = (timezone.localdate() + datetime.timedelta(days=20)).strftime("%d/%m/%Y")
    page.get_by_label("Hạn hoàn thành").fill(deadline)
    page.keyboard.press("Escape")
    page.get_by_label("Tất cả cơ quan thành viên của Ban Chỉ đạo giao").check()
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    tasks = Task.objects.filter(title=TITLE)
    agencies = set(
        Organization.objects.filter(parent=committee, kind="agency", is_active=True).values_list("pk", flat=True)
    )
    assert set(tasks.values_list("assignee_id", flat=True)) == agencies

    # 3. One notification per recipient for the whole batch; none for the one who assigned.
    notes = Notification.objects.filter(kind="task.assigned")
    per_recipient = {}
    for note in notes:
        per_recipient[note.recipient_id] = per_recipient.get(note.recipient_id, 0) + 1
    assert per_recipient and set(per_recipient.values()) == {1}
    assert focal.pk in per_recipient
    assert User.objects.get(username="quangninh").pk not in per_recipient
    page.context.clear_cookies()  # sign out: the next person at the keyboard
    login(page, live_url, "quangninh.yte.canbo", "Sen-hong-2026!")
    page.goto(f"{live_url}/notifications/")
    expect(page.get_by_text(TITLE).first).to_be_visible()

    # 4. The issuer edits one task's deadline.
    page.context.clear_cookies()
    login(page, live_url, "quangninh", DEMO_PASSWORD)
    task = tasks.get(assignee=health)
    page.goto(f"{live_url}/plans/tasks/{task.pk}/edit/")
    later = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    page.get_by_label("Hạn hoàn thành").fill(later)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(later).first).to_be_visible()
    task.refresh_from_db()
    assert task.deadline.strftime("%d/%m/%Y") == later

    # 5. The issued list on a phone: cards, status and deadline in view, no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/plans/tasks/issued/")
    expect(page.get_by_role("button", name="Bộ lọc")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "first-hour-issued-phone", full_page=False)
