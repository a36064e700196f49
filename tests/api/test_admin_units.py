"""/api/v1/admin-units/: read-only reference data with filters, paging and clear errors."""

from __future__ import annotations

import datetime

from pckb.geo.models import AdminUnit

URL = "/api/v1/admin-units/"


def test_it_counts_34_current_provinces_and_3321_current_communes(api, world, all_units) -> None:
    client = api(world.org_b_editor)
    provinces = client.get(URL, {"level": "province", "current": "true"}).json()
    communes = client.get(URL, {"level": "commune", "current": "true"}).json()
    assert (provinces["count"], provinces["count_is_lower_bound"]) == (34, False)
    # Above the paginator's cap the count is a lower bound; paging still reaches every commune.
    assert (communes["count"], communes["count_is_lower_bound"]) == (1001, True)
    seen, page = 0, 1
    while True:
        body = client.get(URL, {"level": "commune", "current": "true", "page_size": 500, "page": page}).json()
        seen += len(body["results"])
        if body["next"] is None:
            break
        page += 1
    assert seen == 3321
    assert set(provinces) == {"count", "count_is_lower_bound", "next", "previous", "results"}
    assert set(provinces["results"][0]) == {"id", "code", "name", "level", "parent", "valid_from", "valid_to"}


def test_it_lists_historical_units_with_their_end_date(api, world, all_units) -> None:
    data = api(world.org_b_editor).get(URL, {"level": "district", "current": "false", "page_size": 1}).json()
    assert data["count"] == 696
    assert data["results"][0]["valid_to"] == "2025-06-30"


def test_it_filters_by_parent_and_folded_name(api, world, all_units) -> None:
    client = api(world.org_b_editor)
    dien_bien = AdminUnit.objects.current().get(level="province", code="11")
    children = client.get(URL, {"parent": dien_bien.pk, "page_size": 100}).json()
    assert children["count"] == 45
    assert {row["parent"] for row in children["results"]} == {dien_bien.pk}
    found = client.get(URL, {"q": "dien bien", "level": "province", "current": "true"}).json()
    assert [row["name"] for row in found["results"]] == ["Tỉnh Điện Biên"]
    assert found["results"][0]["valid_from"] == datetime.date(2025, 7, 1).isoformat()


def test_it_answers_one_unit_and_404_for_a_missing_one(api, world, all_units) -> None:
    client = api(world.org_b_editor)
    unit = AdminUnit.objects.current().get(level="province", code="22")
    assert client.get(f"{URL}{unit.pk}/").json()["name"] == "Tỉnh Quảng Ninh"
    assert client.get(f"{URL}999999/").status_code == 404


def test_it_is_read_only(api, world, all_units) -> None:
    client = api(world.superuser)
    unit = AdminUnit.objects.current().get(level="province", code="22")
    assert client.post(URL, {"code": "99", "name": "X", "level": "province"}, format="json").status_code == 405
    assert client.patch(f"{URL}{unit.pk}/", {"name": "X"}, format="json").status_code == 405
    assert client.delete(f"{URL}{unit.pk}/").status_code == 405
    assert AdminUnit.objects.get(pk=unit.pk).name == "Tỉnh Quảng Ninh"


def test_it_needs_authentication(api, db) -> None:
    assert api().get(URL).status_code == 401


def test_it_answers_400_with_field_messages_for_bad_filters(api, world, all_units) -> None:
    response = api(world.org_b_editor).get(URL, {"level": "planet", "current": "maybe", "parent": "abc"})
    assert response.status_code == 400
    body = response.json()
    assert body["level"] == ["Hãy chọn một cấp trong danh sách."]
    assert body["current"] == ["Dùng true (hiện hành) hoặc false (hết hiệu lực)."]
    assert body["parent"] == ["Đơn vị cấp trên phải là id (một số nguyên) của một đơn vị hành chính."]


def test_it_caps_the_page_size_at_500_and_refuses_a_bad_page(api, world, all_units) -> None:
    client = api(world.org_b_editor)
    big = client.get(URL, {"page_size": 100000}).json()
    assert len(big["results"]) == 500
    assert big["next"] is not None
    bad = client.get(URL, {"page": "abc"})
    assert bad.status_code == 400
    assert "page" in bad.json()
    assert client.get(URL, {"page": 99999}).status_code == 404
