"""The target form's choices: communes follow the chosen province, organisations are searched, and a
target's or plan's page starts a follow-up task whose source is that record."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from pckb.core.testing import _client
from pckb.plans.models import Task
from pckb.targets.models import KeyTarget

from .factories import make_plan, make_target, places
from .test_permission_matrix import target_form

pytestmark = pytest.mark.django_db

COMMUNES = reverse("targets:commune_options")


def task_form(world, title: str) -> dict:
    today = datetime.date.today()
    return {
        "organization": world.a.pk,
        "title": title,
        "assignee": world.a1.pk,
        "assigned_on": today.isoformat(),
        "deadline": (today + datetime.timedelta(days=10)).isoformat(),
        "priority": "high",
        "recurrence": "none",
        "classification": 0,
    }


def test_the_commune_list_offers_only_the_communes_of_the_chosen_province(world):
    p = places()
    body = _client(world.org_a_editor).get(COMMUNES, {"province": p["qn"].pk}).content.decode()
    assert f'value="{p["halong"].pk}"' in body and f'value="{p["bai_chay"].pk}"' in body
    assert f'value="{p["kinh_bac"].pk}"' not in body
    assert f'value="{p["old"].pk}"' not in body  # retired: only for a target listed before that
    typed = _client(world.org_a_editor).get(COMMUNES, {"province": p["qn"].pk, "q": "bai chay"}).content.decode()
    assert f'value="{p["bai_chay"].pk}"' in typed and f'value="{p["halong"].pk}"' not in typed


def test_a_retired_commune_is_offered_only_for_a_target_listed_before_it_was_retired(world):
    p = places()
    old = {"province": p["qn"].pk, "listing_decision_date": "04/05/2020"}
    body = _client(world.org_a_editor).get(COMMUNES, old).content.decode()
    assert f'value="{p["old"].pk}"' in body and "Hoành Bồ" in body


@pytest.mark.parametrize("province", ["", "x", "-1", "99999999999999999999999", "１２"])
def test_the_commune_list_asks_for_the_province_first(world, province):
    response = _client(world.org_a_editor).get(COMMUNES, {"province": province, "q": "phuong"})
    body = response.content.decode()
    assert response.status_code == 200 and "chọn tỉnh" in body.lower() and "Phường" not in body


def test_choosing_a_province_reloads_the_commune_list_and_the_search_sends_the_province(world):
    body = _client(world.org_a_editor).get(reverse("targets:keytarget_add")).content.decode()
    assert f'hx-get="{COMMUNES}"' in body  # the province select and the commune search box
    assert 'hx-include="[name=province], [name=listing_decision_date]"' in body


def test_a_refused_form_keeps_offering_the_communes_of_its_province(world):
    data = {**target_form(world, world.a), "latitude": "48.85"}
    response = _client(world.org_a_editor).post(reverse("targets:keytarget_add"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Phường Hạ Long" in body and "Phường Bãi Cháy" in body and "Phường Kinh Bắc" not in body


def test_a_commune_outside_the_province_or_retired_is_refused_with_a_clear_error(world):
    p = places()
    client, add = _client(world.org_a_editor), reverse("targets:keytarget_add")
    other = client.post(add, {**target_form(world, world.a), "admin_unit": p["kinh_bac"].pk})
    assert other.status_code == 400 and "“Phường Kinh Bắc” không thuộc Tỉnh Quảng Ninh" in other.content.decode()
    retired = client.post(add, {**target_form(world, world.a), "admin_unit": p["old"].pk})
    assert retired.status_code == 400 and "“Xã Hoành Bồ” không còn tồn tại" in retired.content.decode()
    assert not KeyTarget.objects.exists()
    listed = {**target_form(world, world.a), "admin_unit": p["old"].pk, "listing_decision_date": "04/05/2020"}
    assert client.post(add, listed).status_code == 302
    assert KeyTarget.objects.get().admin_unit == p["old"]


def test_organizations_are_searched_not_listed_whole(world):
    body = _client(world.org_a_editor).get(reverse("targets:keytarget_add")).content.decode()
    assert f'hx-get="{reverse("targets:owner_options")}"' in body
    assert body.count(f'hx-get="{reverse("targets:organization_options")}"') == 2  # committee, force
    found = _client(world.org_a_editor).get(reverse("targets:organization_options"), {"q": "so y te"}).content.decode()
    assert f'value="{world.a1.pk}"' in found and f'value="{world.a.pk}"' not in found
    owners = _client(world.org_a_editor).get(reverse("targets:owner_options")).content.decode()
    assert f'value="{world.a.pk}"' in owners and f'value="{world.b.pk}"' not in owners


def test_the_target_page_starts_a_task_whose_source_is_the_target(world):
    target = make_target(world)
    client = _client(world.org_a_editor)
    page = client.get(target.get_absolute_url()).content.decode()
    url = f"{reverse('plans:task_add')}?source_type=targets.keytarget&amp;source_id={target.pk}"
    assert url in page and "Thêm nhiệm vụ cho mục tiêu này" in page
    form = task_form(world, "Kiểm tra lực lượng bảo vệ")
    response = client.post(url.replace("&amp;", "&"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get()
    assert task.source == target
    assert "Kiểm tra lực lượng bảo vệ" in client.get(target.get_absolute_url()).content.decode()


def test_a_plan_page_starts_a_task_about_the_plan_listed_on_its_target(world):
    target = make_target(world)
    plan = make_plan(world, target)
    client = _client(world.org_a_editor)
    url = f"{reverse('plans:task_add')}?source_type=targets.responseplan&amp;source_id={plan.pk}"
    assert url in client.get(plan.get_absolute_url()).content.decode()
    form = task_form(world, "Rà soát phương án")
    assert client.post(url.replace("&amp;", "&"), form).status_code == 302
    assert Task.objects.get().source == plan
    assert "Rà soát phương án" in client.get(target.get_absolute_url()).content.decode()


def test_a_viewer_gets_no_new_task_button(world):
    target = make_target(world)
    page = _client(world.org_a_viewer).get(target.get_absolute_url()).content.decode()
    assert "source_type=targets.keytarget" not in page
