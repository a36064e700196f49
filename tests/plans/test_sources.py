"""A task's source: only the allow-listed record types (core.sources), each read through `visible_to`.

The fuzzing found that any row of any model could be linked (a provincial manager linked other
provinces' users and sign-in records, and the task page showed them). Anything outside the list is
the same 400 as a record that does not exist.
"""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from pckb.plans import services
from pckb.plans.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in

NOT_FOUND = {"source_type": ["Không tìm thấy bản ghi nguồn."]}


def _deadline() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def _foreign_records(world):
    """Existing rows of models that are not sources: a user of province B, a permission, a sign-in record."""
    log = AccessLog.objects.create(username="org_b_manager", ip_address="10.0.0.8", user_agent="x", path_info="/")
    return [
        ("accounts.user", world.org_b_manager.pk),
        ("auth.permission", Permission.objects.order_by("pk").first().pk),
        ("axes.accesslog", log.pk),
    ]


def test_only_the_registered_types_are_sources():
    from pckb.core.sources import source_types

    assert {"plans.plan", "plans.task"} <= set(source_types())
    assert not {"accounts.user", "auth.permission", "axes.accesslog"} & set(source_types())


def test_the_api_refuses_other_records_like_a_missing_one(world, plan, api):
    body = {"title": "Theo dõi", "organization": world.a.pk, "assignee": world.a1.pk, "deadline": _deadline()}
    client = api(world.org_a_manager)
    missing = client.post("/api/v1/tasks/", {**body, "source_type": "plans.plan", "source_id": 987654}, format="json")
    assert missing.status_code == 400 and missing.json() == NOT_FOUND
    for source_type, source_id in _foreign_records(world):
        response = client.post(
            "/api/v1/tasks/", {**body, "source_type": source_type, "source_id": source_id}, format="json"
        )
        assert response.status_code == 400, source_type
        assert response.json() == missing.json(), source_type
    assert not Task.objects.exists()


def test_a_source_the_caller_may_not_see_is_refused_the_same_way(world, api):
    day = timezone.localdate()
    b_plan = services.do_create_plan(
        world.b, actor=world.org_b_manager, title="Kế hoạch B", kind="annual", period_from=day, period_to=day
    )
    body = {"title": "X", "organization": world.a.pk, "assignee": world.a1.pk, "deadline": _deadline()}
    response = api(world.org_a_manager).post(
        "/api/v1/tasks/", {**body, "source_type": "plans.plan", "source_id": b_plan.pk}, format="json"
    )
    assert response.status_code == 400 and response.json() == NOT_FOUND
    assert not Task.objects.exists()


def test_the_add_page_refuses_another_records_type(world, as_user):
    url = f"/plans/tasks/add/?source_type=accounts.user&source_id={world.org_b_manager.pk}"
    data = {
        "organization": world.a.pk,
        "title": "Theo dõi",
        "assignee": world.a1.pk,
        "assigned_on": timezone.localdate().isoformat(),
        "deadline": _deadline(),
        "priority": "normal",
        "recurrence": "none",
        "classification": 0,
    }
    response = as_user(world.org_a_editor).post(url, data)
    assert response.status_code == 400, response.context["form"].errors
    assert "Không tìm thấy bản ghi nguồn." in response.content.decode()
    assert not Task.objects.exists()


def test_the_service_refuses_an_object_of_another_type(world):
    with pytest.raises(ValidationError) as err:
        services.do_create_task(
            world.a,
            actor=world.org_a_editor,
            title="X",
            assignee=world.a1,
            deadline=timezone.localdate() + datetime.timedelta(days=3),
            source=world.org_b_manager,
        )
    assert err.value.message_dict == NOT_FOUND
    assert not Task.objects.exists()


def test_a_stored_link_to_another_type_is_not_shown_on_the_task_page(world, as_user):
    task = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Việc cũ", assignee=world.a1, deadline=timezone.localdate()
    )
    # A link made before the allow-list existed.
    outsider = world.org_b_manager
    outsider.full_name = "Nguyễn Thị Bí Mật"
    outsider.save()
    user_type = ContentType.objects.get_for_model(outsider)
    Task.objects.filter(pk=task.pk).update(source_type=user_type, source_id=outsider.pk)
    response = as_user(world.org_a_editor).get(task.get_absolute_url())
    assert response.status_code == 200
    assert "Nguyễn Thị Bí Mật" not in response.content.decode()


@pytest.mark.parametrize("source_id", [None, "", "abc", True, 1.5, -1])
def test_resolve_source_gives_one_error_for_every_bad_id(world, plan, source_id):
    from pckb.core.sources import resolve_source

    with pytest.raises(ValidationError) as err:
        resolve_source("plans.plan", source_id, world.org_a_manager)
    assert err.value.message_dict == NOT_FOUND
