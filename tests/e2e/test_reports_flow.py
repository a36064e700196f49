"""Periodic reports through a browser (issue #14, "Done when").

A province opens a 6-month round; two agencies find their figures prefilled from the tasks recorded in
the test, complete and submit their reports; one is returned and resubmitted; the province accepts both,
takes the roll-up into its own report and downloads its "Báo cáo", whose indicator table sums the
agencies' figures under a Decree 30 header; the national round then shows the province's figures.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from pckb.core.choices import Role
from pckb.core.testing import PASSWORD, make_user, make_world
from pckb.core.workflow import do_transition
from pckb.organizations.models import Organization
from pckb.plans.models import Task
from pckb.reports import services
from pckb.reports.models import ReportingRound

from .helpers import login, logout, screenshot

pytestmark = pytest.mark.e2e

START, END = datetime.date(2025, 12, 15), datetime.date(2026, 6, 14)


@pytest.fixture
def province(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world()
    a2 = Organization.objects.create(name="Sở Giáo dục và Đào tạo tỉnh A", code="a2", kind="agency", parent=world.a)
    make_user("org_a2_editor", org=a2, role=Role.EDITOR)
    template = services.do_create_report_template(
        world.root,
        actor=world.superuser,
        title="Báo cáo sơ kết 6 tháng",
        sections=[{"heading": "Công tác lãnh đạo, chỉ đạo", "guidance": "Các văn bản đã ban hành."}],
        indicators=[
            {"code": "tasks_done", "label": "Số nhiệm vụ đã hoàn thành", "source": "plans.tasks_done"},
            {"code": "trainings", "label": "Số lớp tập huấn", "unit": "lớp"},
        ],
    )
    template = do_transition(template, "published", actor=world.superuser)
    done = timezone.make_aware(datetime.datetime(2026, 3, 2, 9))
    for org, count in ((world.a1, 2), (a2, 3)):
        for n in range(count):
            Task.objects.create(
                organization=world.a, assignee=org, title=f"Nhiệm vụ {n}", assigned_on=START, deadline=END,
                status="done", completed_at=done,
            )
    national = services.do_open_round(
        world.root, actor=world.superuser, template=template, period_label="6 tháng đầu năm 2026",
        period_start=START, period_end=END, due_date=datetime.date(2026, 6, 18), recipients=[world.a, world.b],
    )
    return world, national


def _report(page, live_url, unit: str) -> None:
    page.goto(f"{live_url}/reports/submissions/")
    page.get_by_role("link", name="6 tháng đầu năm 2026").first.click()
    expect(page.locator("h1")).to_contain_text("6 tháng đầu năm 2026")
    expect(page.locator("main")).to_contain_text(unit)


def _figure(page, code: str, value: str) -> None:
    box = page.locator(f"#id_value_{code}")
    box.fill(value)
    box.blur()
    expect(page.locator(f"#status-value_{code}")).to_contain_text("Đã lưu")


def _step(page, button: str, comment: str = "") -> None:
    page.get_by_role("link", name=button).click()
    if comment:
        page.locator("textarea[name=comment]").fill(comment)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state("domcontentloaded")


def test_a_province_collects_rolls_up_and_exports_its_report(page, live_url, province):
    world, national = province
    login(page, live_url, "org_a_manager", PASSWORD)
    page.goto(f"{live_url}/reports/")
    page.goto(f"{live_url}/reports/rounds/add/")
    page.locator("#id_template").select_option(label="Báo cáo sơ kết 6 tháng (phiên bản 1)")
    page.locator("#id_period_label").fill("6 tháng đầu năm 2026")
    page.locator("form [type=submit]").last.click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở đợt báo cáo")
    screenshot(page, "reports-round-opened")
    logout(page)

    # Two agencies: the computed figure is their own tasks done in the period.
    for user, unit, computed, trainings in (
        ("org_a1_editor", "Sở Y tế tỉnh A", "2", "4"),
        ("org_a2_editor", "Sở Giáo dục và Đào tạo tỉnh A", "3", "6"),
    ):
        login(page, live_url, user, PASSWORD)
        _report(page, live_url, unit)
        expect(page.locator("tr[data-code=tasks_done] [data-computed]")).to_have_text(computed)
        _figure(page, "trainings", trainings)
        page.locator("#id_text_0").fill(f"{unit} đã ban hành kế hoạch triển khai.")
        page.locator("#id_text_0").blur()
        expect(page.locator("#status-text_0")).to_contain_text("Đã lưu")
        _step(page, "Nộp báo cáo")
        expect(page.locator(".alert-success")).to_be_visible()
        logout(page)

    # The province returns the first one; it is corrected and sent again.
    login(page, live_url, "org_a_manager", PASSWORD)
    own = ReportingRound.objects.get(organization=world.a)
    page.goto(f"{live_url}/reports/rounds/{own.pk}/")
    page.get_by_role("link", name="Sở Y tế tỉnh A").click()
    _step(page, "Trả lại để chỉnh sửa", comment="Bổ sung số lớp tập huấn của quý II.")
    expect(page.locator(".badge").filter(has_text="Bị trả lại")).to_be_visible()
    logout(page)
    login(page, live_url, "org_a1_editor", PASSWORD)
    _report(page, live_url, "Sở Y tế tỉnh A")
    expect(page.locator(".alert-warning")).to_contain_text("Bổ sung số lớp tập huấn của quý II.")
    _figure(page, "trainings", "5")
    _step(page, "Nộp lại")
    logout(page)

    # The province accepts both, takes the roll-up and downloads its report.
    login(page, live_url, "org_a_manager", PASSWORD)
    for sub in own.submissions.all():
        page.goto(f"{live_url}/reports/submissions/{sub.pk}/")
        _step(page, "Tiếp nhận báo cáo")
    page.goto(f"{live_url}/reports/rounds/{own.pk}/")
    expect(page.locator("#rollup [data-code=trainings]")).to_have_text("11")
    screenshot(page, "reports-round-rollup")
    mine = national.submissions.get(organization=world.a)
    page.goto(f"{live_url}/reports/submissions/{mine.pk}/")
    _step(page, "Lấy số liệu tổng hợp")
    expect(page.locator("#id_value_trainings")).to_have_value("11")
    expect(page.locator("#id_value_tasks_done")).to_have_value("5")
    screenshot(page, "reports-province-report")
    with page.expect_download() as info:
        page.locator("[data-download=docx]").click()
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    cells = [c.text.strip() for t in doc.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "/BC-" in text and "BÁO CÁO" in text
    row = next(r for t in doc.tables for r in t.rows if r.cells[1].text.strip() == "Số lớp tập huấn")
    assert row.cells[3].text.strip() == "11"
    _step(page, "Nộp báo cáo")
    logout(page)

    # The national round shows the province's figures.
    login(page, live_url, world.superuser.username, PASSWORD)
    page.goto(f"{live_url}/reports/rounds/{national.pk}/")
    row = page.locator("#compliance tr").filter(has_text="Ban Chỉ đạo PCKB tỉnh A")
    expect(row).to_contain_text("11")
    expect(row).to_contain_text("Nộp")
    screenshot(page, "reports-national-round")


def test_a_province_inserts_an_agencys_text_into_its_own_report_with_the_keyboard(page, live_url, province):
    world, national = province
    own = services.do_open_round(
        world.a, actor=world.superuser, template=national.template, period_label="6 tháng đầu năm 2026",
        period_start=START, period_end=END, due_date=datetime.date(2026, 6, 18), recipients=[world.a1],
    )
    received = own.submissions.get()
    services.do_update_submission(received, actor=world.superuser, texts={"0": "Đã ban hành 2 kế hoạch."})
    do_transition(received, "submitted", actor=world.superuser)
    mine = national.submissions.get(organization=world.a)
    services.do_update_submission(mine, actor=world.superuser, texts={"0": "Tỉnh đã chỉ đạo kịp thời."})
    login(page, live_url, "org_a_editor", PASSWORD)
    page.goto(f"{live_url}/reports/submissions/{mine.pk}/")
    page.locator("details summary").first.click()
    button = page.get_by_role("button", name="Chèn vào báo cáo")
    button.focus()
    page.keyboard.press("Enter")
    box = page.locator("#id_text_0")
    expect(box).to_have_value("Tỉnh đã chỉ đạo kịp thời.\n\nSở Y tế tỉnh A: Đã ban hành 2 kế hoạch.")
    expect(page.locator("#status-text_0")).to_contain_text("Đã lưu")
    screenshot(page, "reports-quote-inserted")
    mine.refresh_from_db()
    assert mine.texts[0] == "Tỉnh đã chỉ đạo kịp thời.\n\nSở Y tế tỉnh A: Đã ban hành 2 kế hoạch."


def test_the_national_committee_moves_a_rounds_due_date_from_its_page(page, live_url, province):
    world, national = province
    login(page, live_url, world.superuser.username, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/reports/rounds/{national.pk}/")
    page.get_by_role("link", name="Sửa").click()
    page.locator("#id_due_date").fill("25/06/2026")
    screenshot(page, "reports-round-edit")
    page.keyboard.press("Escape")  # closes the date picker over the button
    page.locator("form [type=submit]").last.click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu đợt báo cáo")
    expect(page.locator("main")).to_contain_text("25/06/2026")
    national.refresh_from_db()
    assert national.due_date == datetime.date(2026, 6, 25)
