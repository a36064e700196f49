"""The upload control in a browser: a translated button (no "Choose File"), the chosen names, the
upload sent with its progress bar, the file listed on the plan and a renamed program refused."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from pckb.core.models import Attachment
from pckb.core.testing import PASSWORD, make_world
from pckb.core.testing_files import exe_bytes, pdf_bytes
from pckb.plans import services

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def plan(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    return services.do_create_plan(
        world.a,
        actor=world.org_a_manager,
        title="Kế hoạch PCKB năm 2026",
        kind="annual",
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 12, 31),
    )


def test_an_editor_uploads_files_to_a_plan_with_the_translated_control(page, live_url, plan):
    login(page, live_url, "org_a_editor", PASSWORD)
    page.goto(f"{live_url}{plan.get_absolute_url()}")
    expect(page.get_by_text("Chưa chọn tệp nào.")).to_be_visible()
    expect(page.get_by_text("Choose File")).to_have_count(0)
    page.get_by_label("Chọn tệp…").set_input_files(
        [
            {"name": "Kế hoạch đã ký.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
            {"name": "Phụ lục.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
        ]
    )
    expect(page.get_by_text("Kế hoạch đã ký.pdf, Phụ lục.pdf")).to_be_visible()
    page.evaluate("window.pckbSamePage = true")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã đính kèm 2 tệp.")).to_be_visible()
    expect(page.get_by_role("link", name="Kế hoạch đã ký.pdf", exact=True)).to_be_visible()
    # Sent by upload.js (with its progress bar), the answer shown in place: the window was never reloaded.
    assert page.evaluate("window.pckbSamePage") is True
    screenshot(page, "attachments-uploaded")
    assert Attachment.objects.count() == 2

    page.get_by_label("Chọn tệp…").set_input_files(
        [{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": exe_bytes()}]
    )
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("“bao-cao.pdf” là một chương trình, không phải văn bản")).to_be_visible()
    assert Attachment.objects.count() == 2
