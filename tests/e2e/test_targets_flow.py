"""Key targets through a browser.

A provincial manager imports the target list from Excel (one bad row is reported, fixed and the file
imported again), finds a target by typing its name without diacritics, approves its protection plan
with the signed document, sees its readiness change, and finds it on the map.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from pckb.core.testing import PASSWORD, make_world
from pckb.core.testing_files import pdf_bytes
from pckb.targets.imports import KeyTargetImporter
from pckb.targets.models import KeyTarget
from pckb.targets.testing import places

from .helpers import login, screenshot

pytestmark = pytest.mark.e2e

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def province(transactional_db, settings, tmp_path):
    # The live server reads the database from another thread: the data must be committed.
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world()
    places()
    return world


def workbook(world, commune_of_row_3: str) -> dict:
    rows = [
        ("Cảng hàng không quốc tế Vân Đồn", "Cảng hàng không, sân bay", "Phường Hạ Long", 21.12, 107.41),
        (
            "Nhà máy nhiệt điện Quảng Ninh",
            "Nhà máy điện, trạm biến áp, công trình năng lượng",
            commune_of_row_3,
            20.98,
            107.12,
        ),
        ("Quảng trường 30 tháng 10", "Địa điểm tổ chức sự kiện đông người", "Phường Bãi Cháy", 20.95, 107.08),
    ]
    book = Workbook()
    book.active.append([str(c.header) for c in KeyTargetImporter.columns])
    for name, category, commune, lat, lon in rows:
        values = {
            "name": name,
            "category": category,
            "province": "Tỉnh Quảng Ninh",
            "admin_unit": commune,
            "latitude": lat,
            "longitude": lon,
            "importance": "Cấp tỉnh",
            "organization": f"{world.a.name} ({world.a.code})",
            "scenarios": "Đe dọa đánh bom; Đốt phá, gây cháy",
        }
        book.active.append([values.get(c.key) for c in KeyTargetImporter.columns])
    buffer = BytesIO()
    book.save(buffer)
    return {"name": "danh-muc-muc-tieu.xlsx", "mimeType": XLSX, "buffer": buffer.getvalue()}


def upload(page, file: dict) -> None:
    page.locator("input[type=file]").set_input_files(file)
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_a_manager_imports_the_list_approves_a_plan_and_finds_the_target(page, live_url, province):
    world = province
    login(page, live_url, "org_a_manager", PASSWORD)
    page.goto(f"{live_url}/targets/")
    page.get_by_role("link", name="Nhập từ Excel").click()

    upload(page, workbook(world, "Phường Kinh Bắc"))  # a ward of Bắc Ninh, not of Quảng Ninh
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Dòng 3")
    expect(alert).to_contain_text("Phường Kinh Bắc")
    screenshot(page, "targets-import-bad-row")
    assert not KeyTarget.objects.exists()

    upload(page, workbook(world, "Phường Bãi Cháy"))
    page.get_by_role("button", name="Nhập 3 dòng").click()
    expect(page.locator("body")).to_contain_text("3")
    assert KeyTarget.objects.count() == 3

    page.goto(f"{live_url}/targets/")
    page.get_by_label("Tìm kiếm").fill("cang hang khong van don")
    page.get_by_label("Tìm kiếm").press("Enter")
    expect(page.get_by_role("link", name="Cảng hàng không quốc tế Vân Đồn")).to_be_visible()
    expect(page.get_by_role("link", name="Quảng trường 30 tháng 10")).to_have_count(0)
    page.get_by_role("link", name="Cảng hàng không quốc tế Vân Đồn").click()
    expect(page.locator("h1")).to_have_text("Cảng hàng không quốc tế Vân Đồn")
    expect(page.locator("h1 + div [data-readiness]")).to_have_text("Cần chú ý")

    page.get_by_role("tab", name="Phương án").click()
    page.get_by_role("link", name="Phiên bản phương án bảo vệ mới").click()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text("Phương án bảo vệ")
    page.get_by_role("link", name="Phê duyệt").click()
    page.locator("input[type=file]").set_input_files(
        {"name": "phuong-an-da-ky.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    screenshot(page, "targets-approve")
    page.locator("form [type=submit]").last.click()
    expect(page.locator("h1 + div")).to_contain_text("Đã phê duyệt")

    page.get_by_role("link", name="Cảng hàng không quốc tế Vân Đồn").first.click()
    # The approved plan passes the plan check; the target still needs attention until a drill and an
    # inspection within 12 months are recorded (the exercises and inspections modules' checks).
    checks = page.locator("section[aria-labelledby=readiness-heading] li")
    expect(checks.first).to_contain_text("Có")
    expect(page.locator("section[aria-labelledby=readiness-heading]")).to_contain_text("Đã diễn tập trong 12 tháng")
    screenshot(page, "targets-detail-ready")

    page.goto(f"{live_url}/targets/map/?q=van+don")
    expect(page.locator("[data-map-status]")).to_contain_text("1")
    page.locator("[data-map-list] summary").click()
    expect(page.locator("[data-map-list]")).to_contain_text("Cảng hàng không quốc tế Vân Đồn")
    screenshot(page, "targets-map")


def test_an_editor_adds_a_target_choosing_the_commune_among_the_provinces_and_searching_the_owner(
    page, live_url, province
):
    world = province
    login(page, live_url, "org_a_editor", PASSWORD)
    page.goto(f"{live_url}/targets/add/")
    page.locator("input[name=name]").fill("Trạm biến áp 500 kV Quảng Ninh")
    page.locator("select[name=category]").select_option(index=1)
    page.locator("select[name=province]").select_option(label="Tỉnh Quảng Ninh")
    communes = page.locator("#id_admin_unit")
    expect(communes).to_contain_text("Phường Bãi Cháy")  # reloaded with the province's communes
    expect(communes).not_to_contain_text("Phường Kinh Bắc")
    page.locator("#id_admin_unit_search").fill("bai chay")
    expect(communes.locator("option")).to_have_count(2)  # "Chọn… (1 kết quả)" and the ward
    communes.select_option(label="Phường Bãi Cháy, Tỉnh Quảng Ninh")
    page.locator("#id_organization_search").fill("so y te")
    expect(page.locator("#id_organization option")).to_have_count(2)  # the search's answer, not the presets
    page.locator("#id_organization").select_option(value=str(world.a1.pk))
    page.locator("input[name=latitude]").fill("20.95")
    page.locator("input[name=longitude]").fill("107.08")
    screenshot(page, "targets-form-choices")
    page.locator("form [type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("Trạm biến áp 500 kV Quảng Ninh")
    target = KeyTarget.objects.get()
    assert target.admin_unit.name == "Phường Bãi Cháy" and target.organization == world.a1

    page.get_by_role("link", name="Thêm nhiệm vụ cho mục tiêu này").first.click()
    expect(page.locator("h1")).to_have_text("Giao nhiệm vụ mới")
    assert "source_type=targets.keytarget" in page.url
