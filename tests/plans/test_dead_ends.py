"""No dead ends: an action is offered only to those who may take it, and a form nobody could submit is a 403."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pckb.plans.models import Plan, Program, Task, TaskGroup

pytestmark = pytest.mark.django_db

# What the 403 page says instead of a form with an empty required choice list.
EXPLANATION = "không có lựa chọn nào cho"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("list_name", "add_name"), [("plans:plan_list", "plans:plan_add"),
                                                     ("plans:program_list", "plans:program_add")])
def test_it_offers_new_plans_and_programs_only_to_committee_staff(world, list_name, add_name):
    add_url = reverse(add_name)
    agency_editor = _signed_in(world.org_a1_editor)  # an editor of a member agency issues no plan
    assert f'href="{add_url}"' not in agency_editor.get(reverse(list_name)).content.decode()
    response = agency_editor.get(add_url)
    assert response.status_code == 403 and EXPLANATION in response.content.decode()
    assert agency_editor.post(add_url, {"title": "Kế hoạch riêng"}).status_code == 403
    assert not Plan.objects.exists() and not Program.objects.exists()
    committee_editor = _signed_in(world.org_a_editor)
    assert f'href="{add_url}"' in committee_editor.get(reverse(list_name)).content.decode()
    assert committee_editor.get(add_url).status_code == 200


@pytest.mark.parametrize("add_name", ["plans:task_add", "plans:task_assign_many"])
def test_it_refuses_the_task_forms_to_a_viewer(world, add_name):
    viewer = _signed_in(world.org_a_viewer)
    response = viewer.get(reverse(add_name))
    assert response.status_code == 403 and EXPLANATION in response.content.decode()
    data = {"organization": world.a.pk, "title": "Nhiệm vụ", "assignee": world.a1.pk, "assignees": [world.a1.pk],
            "deadline": "2030-01-01", "priority": "normal", "classification": 0, "recurrence": "none"}
    assert viewer.post(reverse(add_name), data).status_code == 403
    assert not Task.objects.exists() and not TaskGroup.objects.exists()


@pytest.mark.parametrize("list_name", ["plans:task_assigned", "plans:task_issued"])
def test_it_shows_no_task_buttons_to_a_viewer(world, list_name):
    html = _signed_in(world.org_a_viewer).get(reverse(list_name)).content.decode()
    assert reverse("plans:task_add") not in html and reverse("plans:task_assign_many") not in html
    html = _signed_in(world.org_a_editor).get(reverse(list_name)).content.decode()
    assert reverse("plans:task_add") in html and reverse("plans:task_assign_many") in html
