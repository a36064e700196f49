"""The key target pages as a user sees them: search, filters, readiness badge, refusals on the forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pckb.core.testing import _client
from pckb.targets.choices import ResponsePlanStatus
from pckb.targets.models import KeyTarget

from .factories import make_plan, make_target, pdf, places, scenario
from .test_permission_matrix import target_form

pytestmark = pytest.mark.django_db


def test_it_finds_a_target_by_its_name_typed_without_diacritics(world):
    airport = make_target(world)
    bank = make_target(world, name="Ngân hàng Nhà nước chi nhánh Quảng Ninh")
    page = _client(world.org_a_viewer).get(reverse("targets:keytarget_list"), {"q": "cang hang khong van don"})
    body = page.content.decode()
    assert airport.get_absolute_url() in body and bank.get_absolute_url() not in body


def test_the_list_shows_readiness_and_filters_those_needing_attention(world):
    ready = make_target(world)
    make_plan(world, ready, approved=True)
    bare = make_target(world, name="Đền thờ liệt sĩ")
    client = _client(world.org_a_viewer)
    body = client.get(reverse("targets:keytarget_list")).content.decode()
    assert "Sẵn sàng" in body and "Cần chú ý" in body
    attention = client.get(reverse("targets:keytarget_list"), {"needs_attention": "true"}).content.decode()
    assert bare.get_absolute_url() in attention and ready.get_absolute_url() not in attention
    only_ready = client.get(reverse("targets:keytarget_list"), {"readiness": "ready"}).content.decode()
    assert ready.get_absolute_url() in only_ready and bare.get_absolute_url() not in only_ready


def test_the_add_form_refuses_coordinates_outside_vietnam(world):
    data = {**target_form(world, world.a), "latitude": "48.8566", "longitude": "2.3522"}
    response = _client(world.org_a_editor).post(reverse("targets:keytarget_add"), data)
    assert response.status_code == 400
    assert "ngoài lãnh thổ Việt Nam" in response.content.decode()
    assert not KeyTarget.objects.exists()


def test_the_add_form_refuses_a_commune_of_another_province(world):
    data = {**target_form(world, world.a), "admin_unit": places()["kinh_bac"].pk}
    response = _client(world.org_a_editor).post(reverse("targets:keytarget_add"), data)
    assert response.status_code == 400
    assert "không thuộc" in response.content.decode()
    assert not KeyTarget.objects.exists()


def test_approving_on_the_page_without_a_document_is_refused(world):
    plan = make_plan(world, make_target(world))
    url = reverse("targets:responseplan_approve", args=[plan.pk])
    response = _client(world.org_a_manager).post(url, {})
    assert response.status_code == 400
    assert "Đính kèm" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == ResponsePlanStatus.DRAFT


def test_approving_with_the_signed_document_changes_the_readiness_on_the_detail_page(world):
    target = make_target(world, scenarios=[scenario("bomb-threat")])
    plan = make_plan(world, target)
    client = _client(world.org_a_manager)
    assert 'data-readiness="attention"' in client.get(target.get_absolute_url()).content.decode()
    response = client.post(reverse("targets:responseplan_approve", args=[plan.pk]), {"attachment": pdf()})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == ResponsePlanStatus.APPROVED and plan.attachments.count() == 1
    assert 'data-readiness="ready"' in client.get(target.get_absolute_url()).content.decode()


def test_the_sheet_prints_the_current_plans_checklists(world):
    target = make_target(world, scenarios=[scenario("hostage")])
    make_plan(world, target, approved=True)
    body = _client(world.org_a_viewer).get(reverse("targets:keytarget_sheet", args=[target.pk])).content.decode()
    assert target.code in body and scenario("hostage").default_steps[0] in body


def test_the_map_colours_each_target_by_its_readiness_and_keeps_the_filters(world):
    ready = make_target(world)
    make_plan(world, ready, approved=True)
    bare = make_target(world, name="Đền thờ liệt sĩ")
    client = _client(world.org_a_viewer)
    points = client.get(reverse("targets:keytarget_points")).json()
    colours = {f["properties"]["url"]: f["properties"]["colour"] for f in points["features"]}
    assert colours == {ready.get_absolute_url(): "success", bare.get_absolute_url(): "danger"}
    filtered = client.get(reverse("targets:keytarget_points"), {"q": "den tho"}).json()
    assert [f["properties"]["url"] for f in filtered["features"]] == [bare.get_absolute_url()]
    page = client.get(reverse("targets:keytarget_map"), {"q": "den tho"}).content.decode()
    assert 'data-points-url="/targets/map/points/?q=den+tho"' in page
    assert _client(world.org_b_editor).get(reverse("targets:keytarget_points")).json()["features"] == []
