"""The audit log pages: scoped list with filters, sorting, paging, Excel export, htmx; one entry's diff."""

import datetime
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from pckb.core import audit
from pckb.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def entries(world):
    """An update in a1 by the A manager, a transition in a, and an update in b1 by the outsider."""
    org = world.a1
    before = audit.snapshot(org)
    org.phone = "0203 3835 111"
    org.save()
    e1 = audit.record_update(org, before, actor=world.org_a_manager)
    e2 = audit.record("transition", world.a, actor=world.org_a_admin, event_type="organizations.test.step")
    e3 = audit.record("update", world.b1, actor=world.org_b_editor)
    return e1, e2, e3


def _rows(html: str) -> int:
    body = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    return body.count("<tr")


def test_it_requires_signing_in(client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_lists_only_entries_of_the_users_scope(world, entries):
    html = _client(world.org_a_viewer).get("/audit/").content.decode()
    assert _rows(html) == 2
    assert "Sở Y tế tỉnh A" in html and "Sở Y tế tỉnh B" not in html


def test_it_shows_nothing_of_a_to_the_outsider(world, entries):
    html = _client(world.org_b_editor).get("/audit/").content.decode()
    assert _rows(html) == 1
    assert "Sở Y tế tỉnh B" in html and "Sở Y tế tỉnh A" not in html


def test_it_shows_every_entry_to_the_superuser(world, entries):
    assert _rows(_client(world.superuser).get("/audit/").content.decode()) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=update", 1),
        ("action=transition", 1),
        ("actor=manager", 1),
        ("actor=nobody", 0),
        ("object_type=organizations.organization", 2),
        ("object_type=accounts.user", 0),
        ("q=y+t%E1%BA%BF", 1),
    ],
)
def test_it_filters_the_list(world, entries, query, expected):
    html = _client(world.org_a_admin).get(f"/audit/?{query}").content.decode()
    assert _rows(html) == expected
    if expected == 0:
        assert "Không có kết quả nào phù hợp với bộ lọc." in html


def test_it_filters_by_period_in_local_days(world, entries):
    e1, e2, _e3 = entries
    old = timezone.make_aware(datetime.datetime(2026, 1, 10, 23, 30))  # late evening, Hanoi time
    AuditEntry.objects.filter(pk=e1.pk).update(time=old)
    client = _client(world.org_a_admin)
    assert _rows(client.get("/audit/?date_from=2026-01-10&date_to=2026-01-10").content.decode()) == 1
    assert _rows(client.get("/audit/?date_from=2026-01-11&date_to=2026-01-11").content.decode()) == 0
    today = timezone.localdate().isoformat()
    assert _rows(client.get(f"/audit/?date_from={today}").content.decode()) == 1


def test_it_explains_a_wrong_date_instead_of_failing(world, entries):
    response = _client(world.org_a_admin).get("/audit/?date_from=31-02-2026")
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.content.decode()


def test_it_pages_the_list(world):
    for i in range(55):
        audit.record("update", world.a1, actor=world.org_a_manager, message=f"n{i}")
    client = _client(world.org_a_viewer)
    first = client.get("/audit/").content.decode()
    assert _rows(first) == 50
    assert "Hiển thị 1–50 trên tổng 55" in first
    assert 'href="?sort=-time&amp;page=2"' in first
    second = client.get("/audit/?sort=-time&page=2").content.decode()
    assert _rows(second) == 5
    assert "Hiển thị 51–55 trên tổng 55" in second and "Trang 2/2" in second


def test_it_sorts_by_a_column_and_toggles_the_direction(world, entries):
    client = _client(world.superuser)
    html = client.get("/audit/?sort=actor_name").content.decode()
    assert 'aria-sort="ascending"' in html and 'href="?sort=-actor_name"' in html
    body = html[html.index("<tbody>") :]
    assert body.index("org_a_admin") < body.index("org_a_manager") < body.index("org_b_editor")
    html = client.get("/audit/?sort=-actor_name").content.decode()
    assert 'aria-sort="descending"' in html
    body = html[html.index("<tbody>") :]
    assert body.index("org_b_editor") < body.index("org_a_manager")


def test_it_exports_the_filtered_list_to_excel(world, entries):
    response = _client(world.org_a_admin).get("/audit/?action=update&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Thời gian", "Người thực hiện", "Tổ chức", "Hành động", "Sự kiện", "Đối tượng")
    assert len(rows) == 2 and rows[1][1] == "org_a_manager" and rows[1][3] == "Cập nhật"


def test_it_answers_htmx_with_the_table_alone(world, entries):
    response = _client(world.org_a_admin).get("/audit/?action=update", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="table"') and "<html" not in html
    assert _rows(html) == 1
    assert "HX-Request" in response["Vary"]


def test_it_shows_an_entry_with_each_change_before_and_after(world, entries):
    e1, _e2, _e3 = entries
    html = _client(world.org_a_viewer).get(f"/audit/{e1.pk}/").content.decode()
    assert "Điện thoại" in html  # the field's label, not its name
    assert "<del>—</del>" not in html and "<ins>0203 3835 111</ins>" in html
    assert "org_a_manager" in html and "Cập nhật" in html


def test_it_hides_an_entry_outside_the_scope(world, entries):
    e1, _e2, e3 = entries
    assert _client(world.org_b_editor).get(f"/audit/{e1.pk}/").status_code == 404
    assert _client(world.org_a_viewer).get(f"/audit/{e3.pk}/").status_code == 404
    assert _client(world.org_a_viewer).get("/audit/999999/").status_code == 404
