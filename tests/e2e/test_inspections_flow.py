"""An inspection's whole cycle in a browser: a mission to two units, both assessments filled, findings,
the conclusion (tasks appear in the unit's list), the unit reports done, the inspector verifies, the
mission closes, and the conclusion notice is issued and opened with python-docx."""

from __future__ import annotations

import docx
import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from pckb.core.attachments import do_add_attachment
from pckb.core.register.models import OutgoingDocument
from pckb.core.register.services import do_save_header_settings
from pckb.core.testing import PASSWORD, make_world
from pckb.core.testing_files import pdf_bytes, upload
from pckb.inspections.models import Inspection
from pckb.organizations.models import Organization

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    Organization.objects.create(name="Sở Văn hóa tỉnh A", code="a2", kind="agency", level="province", parent=world.a)
    do_save_header_settings(
        world.a,
        actor=world.org_a_manager,
        parent_line="UBND TỈNH A",
        body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ TỈNH A",
        symbol="BCĐ",
        place_name="Bắc Ninh",
    )
    return world


def submit(page) -> None:
    page.locator("#main form[method='post'] button[type='submit']").first.click()


def answer_everything(page, answer: str) -> None:
    for select in page.locator("#answers select").all():
        select.select_option(answer)
    submit(page)


def test_the_whole_inspection_cycle(page, live_url, world):
    login(page, live_url, "org_a_manager", PASSWORD)
    page.goto(f"{live_url}/inspections/add/")
    page.locator("#id_title").fill("Kiểm tra công tác phòng, chống khủng bố năm 2026")
    page.locator("#id_team_head").fill("Nguyễn Văn Hùng")
    page.locator("#id_team_head_title").fill("Phó Trưởng ban Thường trực")
    page.locator("#id_visit_from").fill("10/03/2026")
    page.locator("#id_visit_to").fill("12/03/2026")
    page.get_by_label("Sở Y tế tỉnh A").check()
    page.get_by_label("Sở Văn hóa tỉnh A").check()
    submit(page)
    expect(page.get_by_role("heading", name="Kiểm tra công tác phòng, chống khủng bố năm 2026")).to_be_visible()
    inspection = Inspection.objects.get()
    assert inspection.assessments.count() == 2

    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    expect(page.get_by_text("Đang kiểm tra").first).to_be_visible()
    for n in range(2):
        page.goto(f"{live_url}{inspection.get_absolute_url()}")
        page.get_by_role("link", name="Chấm điểm các tiêu chí").nth(n).click()
        answer_everything(page, "met" if n == 0 else "partly")
    page.goto(f"{live_url}{inspection.get_absolute_url()}")
    assert sorted(page.locator("[data-score]").all_inner_texts()) == ["100,0", "50,0"]

    for unit in ("Sở Y tế tỉnh A", "Sở Văn hóa tỉnh A"):
        page.goto(f"{live_url}/inspections/{inspection.pk}/findings/add/")
        page.locator("#id_inspected").select_option(label=unit)
        page.locator("#id_severity").select_option("high")
        page.locator("#id_description").fill(f"{unit} chưa rà soát phương án xử lý tình huống.")
        page.locator("#id_recommendation").fill("Rà soát, cập nhật phương án xử lý tình huống.")
        submit(page)
    page.goto(f"{live_url}{inspection.get_absolute_url()}")
    page.get_by_role("link", name="Kết luận").click()
    submit(page)
    # Criteria that need evidence were answered without a file: the conclusion is refused, naming them.
    expect(page.get_by_text("cần có tệp minh chứng").first).to_be_visible()
    page.goto(f"{live_url}{inspection.get_absolute_url()}")
    expect(page.get_by_text("Đang kiểm tra").first).to_be_visible()
    for assessment in inspection.assessments.all():
        for row in assessment.answers.filter(criterion__evidence_required=True):
            do_add_attachment(row, upload("bien-ban.pdf", pdf_bytes()), actor=world.org_a_manager)
    page.get_by_role("link", name="Kết luận").click()
    submit(page)
    expect(page.get_by_text("Đã kết luận").first).to_be_visible()
    screenshot(page, "inspection-concluded")

    # The unit sees its corrective task, reports it done; the inspector verifies it.
    page.context.clear_cookies()
    login(page, live_url, "org_a1_editor", PASSWORD)
    page.goto(f"{live_url}/plans/tasks/assigned/")
    page.get_by_role("link", name="Rà soát, cập nhật phương án xử lý tình huống.").first.click()
    page.get_by_role("link", name="Báo cáo hoàn thành").click()
    submit(page)
    expect(page.get_by_text("Hoàn thành").first).to_be_visible()

    page.context.clear_cookies()
    login(page, live_url, "org_a_manager", PASSWORD)
    for finding in inspection.assessments.order_by("pk"):
        task = finding.findings.get().task
        if task.assignee_id != world.a1.pk:
            # The other unit has no user of its own: its committee reports for it.
            page.goto(f"{live_url}{task.get_absolute_url()}")
            page.get_by_role("link", name="Báo cáo hoàn thành").click()
            submit(page)
        page.goto(f"{live_url}{task.get_absolute_url()}")
        page.get_by_role("link", name="Xác nhận hoàn thành").click()
        submit(page)
    page.goto(f"{live_url}{inspection.get_absolute_url()}")
    page.get_by_role("link", name="Chuyển sang theo dõi khắc phục").click()
    submit(page)
    page.get_by_role("link", name="Kết thúc cuộc kiểm tra").click()
    submit(page)
    expect(page.get_by_text("Đã kết thúc").first).to_be_visible()
    assert Inspection.objects.get().status == "closed"

    # The conclusion notice: drafted from the mission, issued, opened.
    page.get_by_role("tab", name="Văn bản").click()
    page.get_by_role("link", name="Soạn Thông báo kết luận (TB)").click()
    page.get_by_role("button", name="Soạn văn bản").click()
    expect(page.get_by_text("Đã soạn dự thảo văn bản.")).to_be_visible()
    page.get_by_role("link", name="Ban hành").click()
    page.get_by_role("button", name="Ban hành").click()
    doc = OutgoingDocument.objects.get(source_type=ContentType.objects.get_for_model(Inspection), doc_type="TB")
    assert doc.status == "issued"
    page.goto(f"{live_url}{inspection.get_absolute_url()}")
    page.get_by_role("tab", name="Văn bản").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp .docx").click()
    document = docx.Document(download.value.path())
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:", "Nơi nhận:",
                 "Nguyễn Văn Hùng", "Sở Y tế tỉnh A", "ngày"):
        assert line in text, line
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.font.name}
    styles = {document.styles["Normal"].font.name}
    assert "Times New Roman" in fonts | styles
