"""The one write path of the API (core.api.ServiceViewSet): what the caller may not set is a 400 naming
it, paging parameters are checked, and the OpenAPI schema says what the answers really contain."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from pckb.core.models import AuditEntry
from pckb.plans import services
from pckb.plans.models import Plan, Program, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    return services.do_create_task(
        world.a,
        actor=world.org_a_editor,
        title="Rà soát phương án",
        assignee=world.a1,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )


def _state(task: Task) -> tuple:
    task.refresh_from_db()
    return task.title, task.status, task.progress, task.deadline, task.organization_id


@pytest.mark.parametrize(
    ("body", "answer"),
    [
        ({"status": "done"}, {"status": ["Trường này chỉ được đọc, không được ghi."]}),
        ({"title": "Đổi tên", "status": "done"}, {"status": ["Trường này chỉ được đọc, không được ghi."]}),
        ({"progress": 100}, {"progress": ["Trường này chỉ được đọc, không được ghi."]}),
        ({"title": "Đổi tên", "colour": "red"}, {"colour": ["Trường không tồn tại."]}),
    ],
)
def test_a_field_the_caller_may_not_set_is_a_400_naming_it(world, task, api, body, answer):
    before, entries = _state(task), AuditEntry.objects.count()
    response = api(world.org_a_editor).patch(f"/api/v1/tasks/{task.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json() == answer
    assert (_state(task), AuditEntry.objects.count()) == (before, entries)


def test_a_read_only_field_in_a_create_is_a_400_and_nothing_is_created(world, api):
    day = timezone.localdate().isoformat()
    body = {"organization": world.a.pk, "title": "KH", "kind": "annual", "period_from": day, "period_to": day}
    response = api(world.org_a_manager).post("/api/v1/plans/", {**body, "status": "issued"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert not Plan.objects.exists()


def test_a_field_fixed_at_creation_may_be_repeated_but_not_changed(world, task, api):
    client = api(world.org_a_editor)
    same = client.patch(f"/api/v1/tasks/{task.pk}/", {"organization": world.a.pk, "title": "Mới"}, format="json")
    assert same.status_code == 200 and same.json()["title"] == "Mới"
    before = _state(task)
    moved = client.patch(f"/api/v1/tasks/{task.pk}/", {"organization": world.a1.pk, "title": "X"}, format="json")
    assert moved.status_code == 400
    assert moved.json() == {"organization": ["Không thể thay đổi mục này sau khi đã tạo bản ghi."]}
    assert _state(task) == before


def test_a_program_keeps_its_committee(world, api):
    day = timezone.localdate()
    program = services.do_create_program(
        world.a, actor=world.org_a_editor, title="CT", period_from=day, period_to=day
    )
    response = api(world.superuser).patch(
        f"/api/v1/programs/{program.pk}/", {"organization": world.b.pk}, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == ["organization"]
    program.refresh_from_db()
    assert program.organization_id == world.a.pk


@pytest.mark.parametrize("endpoint", ["/api/v1/tasks/", "/api/v1/programs/", "/api/v1/audit-events/"])
@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "٣"])
def test_a_bad_page_size_is_a_400_naming_it(world, api, endpoint, value):
    response = api(world.org_a_viewer).get(endpoint, {"page_size": value})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Hãy nhập một số nguyên từ 1 đến 500."]}


def test_a_page_size_above_the_maximum_is_capped_as_documented(world, task, api):
    client = api(world.org_a_viewer)
    assert client.get("/api/v1/tasks/", {"page_size": "2"}).status_code == 200
    huge = client.get("/api/v1/tasks/", {"page_size": "9" * 5000})
    assert huge.status_code == 200 and huge.json()["count"] == 1


def test_the_service_refuses_a_field_it_does_not_take_with_its_name(world):
    from django.core.exceptions import ValidationError

    day = timezone.localdate()
    program = services.do_create_program(world.a, actor=world.org_a_editor, title="CT", period_from=day, period_to=day)
    with pytest.raises(ValidationError) as err:
        services.do_update_program(program, actor=world.org_a_editor, title="X", created_by=world.superuser)
    assert list(err.value.message_dict) == ["created_by"]
    program.refresh_from_db()
    assert (program.title, Program.objects.count()) == ("CT", 1)


def _component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]["properties"]


def test_the_schema_says_which_answers_can_be_null_and_what_a_token_error_holds(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert _component(schema, "Task")["source_type"]["nullable"] is True
    assert _component(schema, "TaskUpdate")["percent"]["nullable"] is True
    assert _component(schema, "AuditEntry")["organization"]["nullable"] is True
    error = schema["paths"]["/api/v1/auth/token"]["post"]["responses"]["400"]["content"]["application/json"]
    ref = error["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"non_field_errors", "username", "password"} <= set(_component(schema, ref))


def test_the_token_endpoint_answers_a_missing_field_as_the_schema_says(db, api):
    response = api().post("/api/v1/auth/token", {"password": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["username"]
