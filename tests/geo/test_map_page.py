"""The administrative map page and the map on a province's page."""

from __future__ import annotations

from django.urls import reverse

from pckb.geo.models import AdminUnit

MAP = reverse("geo:map")


def test_the_map_lists_the_34_provinces_with_links_and_clickable_outlines(client, world, current_units) -> None:
    client.force_login(world.org_b_editor)
    response = client.get(MAP)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["provinces"]) == 34
    hanoi = AdminUnit.objects.current().get(level="province", code="01")
    assert f'href="{hanoi.get_absolute_url()}"' in html
    assert 'data-province-url="/geo/provinces/{code}/"' in html
    assert "data-points-url" not in html


def test_a_province_code_opens_the_current_province(client, world, current_units) -> None:
    client.force_login(world.org_b_editor)
    hanoi = AdminUnit.objects.current().get(level="province", code="01")
    response = client.get(reverse("geo:province_by_code", args=["01"]))
    assert response.status_code == 302
    assert response["Location"] == hanoi.get_absolute_url()
    assert client.get(reverse("geo:province_by_code", args=["99"])).status_code == 404


def test_a_current_province_page_shows_its_map_and_a_historical_one_does_not(client, world, all_units) -> None:
    client.force_login(world.org_b_editor)
    current = AdminUnit.objects.current().get(level="province", code="11")
    response = client.get(current.get_absolute_url())
    assert 'data-province="11"' in response.content.decode()
    retired = AdminUnit.objects.get(level="province", code="11", valid_to__isnull=False)
    assert "data-pckb-map" not in client.get(retired.get_absolute_url()).content.decode()
    commune = current.children.first()
    assert "data-pckb-map" not in client.get(commune.get_absolute_url()).content.decode()


def test_the_list_links_to_the_map(client, world, current_units) -> None:
    client.force_login(world.org_b_editor)
    assert f'href="{MAP}"' in client.get(reverse("geo:adminunit_list")).content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, db) -> None:
    for url in (MAP, reverse("geo:province_by_code", args=["01"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
