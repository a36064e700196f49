"""Administrative-unit pages: every signed-in user reads them; filters; the search box endpoint."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pckb.geo.models import AdminUnit

LIST = reverse("geo:adminunit_list")


@pytest.fixture
def viewer_client(client, world):
    client.force_login(world.org_b_editor)
    return client


def test_it_sends_anonymous_users_to_login(client, db) -> None:
    for url in (LIST, reverse("geo:adminunit_options"), reverse("geo:adminunit_detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lists_current_provinces_for_any_signed_in_user(viewer_client, all_units) -> None:
    response = viewer_client.get(LIST, {"level": "province", "current": "true"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 34
    assert "Tỉnh Điện Biên" in response.content.decode()


def test_it_searches_without_accents_and_filters_by_period(viewer_client, all_units) -> None:
    response = viewer_client.get(LIST, {"q": "dien bien", "level": "province"})
    names = sorted(u.name for u in response.context["object_list"])
    assert names == ["Tỉnh Điện Biên", "Tỉnh Điện Biên"]  # the current province and the pre-2025 one
    historical = viewer_client.get(LIST, {"q": "dien bien", "level": "province", "current": "false"})
    assert [u.valid_to for u in historical.context["object_list"]] == [datetime.date(2025, 6, 30)]


def test_it_filters_the_units_of_a_province_including_old_districts_communes(viewer_client, all_units) -> None:
    old_dien_bien = AdminUnit.objects.get(level="province", code="11", valid_to__isnull=False)
    response = viewer_client.get(LIST, {"province": old_dien_bien.pk, "q": "nam"})
    units = list(response.context["object_list"])
    assert "Huyện Nậm Pồ" in {u.name for u in units}  # a district of the old province...
    assert {u.level for u in units} == {"district", "commune"}  # ...and communes of its districts
    assert all(u.valid_to == datetime.date(2025, 6, 30) for u in units)


def test_it_shows_a_translated_error_for_an_unknown_filter_value(viewer_client, current_units) -> None:
    response = viewer_client.get(LIST, {"level": "planet", "current": "maybe"})
    assert response.status_code == 200
    errors = response.context["filterset"].form.errors
    assert errors["level"] == ["Hãy chọn một cấp trong danh sách."]
    assert errors["current"] == ["Dùng true (hiện hành) hoặc false (hết hiệu lực)."]


def test_it_exports_the_filtered_list_to_excel(viewer_client, current_units) -> None:
    response = viewer_client.get(LIST, {"level": "province", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_detail_page_shows_parent_children_and_validity(viewer_client, all_units) -> None:
    province = AdminUnit.objects.current().get(level="province", code="11")
    response = viewer_client.get(province.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tỉnh Điện Biên" in body
    assert len(response.context["children"]) == 45
    assert "01/07/2025" in body
    # The pre-merger province with the same code is linked as another period.
    assert [u.valid_to for u in response.context["other_periods"]] == [datetime.date(2025, 6, 30)]


def test_the_detail_page_of_a_missing_unit_is_404(viewer_client) -> None:
    assert viewer_client.get(reverse("geo:adminunit_detail", args=[999_999])).status_code == 404


def test_the_search_box_answers_matching_current_units_as_options(viewer_client, all_units) -> None:
    response = viewer_client.get(reverse("geo:adminunit_options"), {"q": "dak lak"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tỉnh Đắk Lắk" in body
    assert "đến" not in body  # historical units only with ?all=1
    with_history = viewer_client.get(reverse("geo:adminunit_options"), {"q": "dak lak", "all": "1"})
    assert "(đến 30/06/2025)" in with_history.content.decode()


def test_the_search_box_offers_the_current_provinces_before_typing(viewer_client, current_units) -> None:
    body = viewer_client.get(reverse("geo:adminunit_options")).content.decode()
    assert body.count("<option") == 35  # "Choose…" and the 34 provinces
