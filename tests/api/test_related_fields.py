"""Related-object fields of the API: a hidden id and a missing id get one and the same answer.

Before the foundation's second pass a task's `plan`, a task update's `task` or a plan's `program` were
looked up in the whole table, and the other fields repeated the id in their message: an outsider could
tell a hidden record from a missing one. Every field now takes its choices from `visible_to`.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from pckb import api_urls
from pckb.core.models import AuditEntry
from pckb.organizations.models import CommitteeMember, Organization
from pckb.plans import services
from pckb.plans.models import Plan, Program, Task, TaskUpdate

pytestmark = pytest.mark.django_db

MISSING = 987_654


def LATER() -> datetime.date:  # noqa: N802 - reads as a constant
    return timezone.localdate() + datetime.timedelta(days=30)
NOT_FOUND = "Không tìm thấy, hoặc bạn không được dùng mục này ở đây."


@pytest.fixture
def a_records(world):
    """Committee A's program, draft plan and task: all hidden from the province-B outsiders."""
    today = timezone.localdate()
    program = services.do_create_program(
        world.a, actor=world.org_a_manager, title="Chương trình A", period_from=today, period_to=today
    )
    plan = services.do_create_plan(
        world.a, actor=world.org_a_manager, title="Kế hoạch A", kind="annual", period_from=today, period_to=today
    )
    task = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Việc A", assignee=world.a1, deadline=LATER(), plan=plan
    )
    return {"program": program, "plan": plan, "task": task}


def _cases(world, a_records):
    """(endpoint, outsider, a valid body of the outsider's own, field, the hidden value, the missing value)."""
    b_task = services.do_create_task(
        world.b, actor=world.org_b_manager, title="Việc B", assignee=world.b1, deadline=LATER()
    )
    day = LATER().isoformat()
    program = {"organization": world.b.pk, "title": "CT", "period_from": day, "period_to": day}
    plan = {"organization": world.b.pk, "title": "KH", "kind": "annual", "period_from": day, "period_to": day}
    task = {"organization": world.b.pk, "title": "Việc", "assignee": world.b1.pk, "deadline": day}
    org = {"parent": world.b.pk, "name": "Đơn vị mới", "code": "b-new", "kind": "unit"}
    member = {"organization": world.b.pk, "full_name": "Trần Văn Bình", "committee_role": "member"}
    a, a1 = world.a.pk, world.a1.pk
    return [
        ("/api/v1/programs/", program, "organization", a, MISSING),
        ("/api/v1/plans/", plan, "organization", a, MISSING),
        ("/api/v1/plans/", plan, "program", a_records["program"].pk, MISSING),
        ("/api/v1/tasks/", task, "organization", a, MISSING),
        ("/api/v1/tasks/", task, "assignee", a1, MISSING),
        ("/api/v1/tasks/", task, "supporters", [a1], [MISSING]),
        ("/api/v1/tasks/", task, "plan", a_records["plan"].pk, MISSING),
        ("/api/v1/task-updates/", {"task": b_task.pk, "percent": 10}, "task", a_records["task"].pk, MISSING),
        ("/api/v1/organizations/", org, "parent", a, MISSING),
        ("/api/v1/organizations/", org, "standing_org", a1, MISSING),
        ("/api/v1/committee-members/", member, "organization", a, MISSING),
        ("/api/v1/committee-members/", member, "representing", a1, MISSING),
    ]


def _counts():
    return [m.objects.count() for m in (Program, Plan, Task, TaskUpdate, Organization, CommitteeMember)]


def test_a_hidden_id_and_a_missing_id_get_the_same_400(world, a_records, api):
    client = api(world.org_b_manager)
    for endpoint, body, field, hidden, missing in _cases(world, a_records):
        before, entries = _counts(), AuditEntry.objects.count()
        answers = []
        for value in (hidden, missing):
            response = client.post(endpoint, {**body, field: value}, format="json", HTTP_ACCEPT_LANGUAGE="vi")
            assert response.status_code == 400, (endpoint, field, value, response.status_code)
            answers.append(response.json())
        assert answers[0] == answers[1], (endpoint, field, answers)
        assert answers[0][field] == [NOT_FOUND], (endpoint, field, answers[0])
        assert (_counts(), AuditEntry.objects.count()) == (before, entries), (endpoint, field)


def test_the_same_holds_when_changing_a_record(world, a_records, api):
    b_task = services.do_create_task(
        world.b, actor=world.org_b_manager, title="Việc B", assignee=world.b1, deadline=LATER()
    )
    client = api(world.org_b_manager)
    for field, hidden in (("assignee", world.a1.pk), ("supporters", [world.a1.pk])):
        missing = [MISSING] if isinstance(hidden, list) else MISSING
        answers = [
            client.patch(f"/api/v1/tasks/{b_task.pk}/", {field: value}, format="json", HTTP_ACCEPT_LANGUAGE="vi")
            for value in (hidden, missing)
        ]
        assert [r.status_code for r in answers] == [400, 400]
        assert answers[0].json() == answers[1].json() == {field: [NOT_FOUND]}
    b_task.refresh_from_db()
    assert (b_task.assignee_id, list(b_task.supporters.all())) == (world.b1.pk, [])


def test_a_non_integer_id_is_a_field_error_not_another_record(world, api):
    body = {"organization": world.b.pk, "title": "Việc", "deadline": LATER().isoformat()}
    client = api(world.org_b_manager)
    for value in (True, 1.5, "abc", {"id": world.b1.pk}, 99_999_999_999_999_999_999):
        response = client.post("/api/v1/tasks/", {**body, "assignee": value}, format="json")
        assert response.status_code == 400, value
        assert list(response.json()) == ["assignee"], value
    assert not Task.objects.exists()


def _writable_related(serializer: serializers.Serializer):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, ManyRelatedField):
            yield name, field.child_relation
        elif isinstance(field, RelatedField):
            yield name, field


def test_every_writable_related_field_of_the_api_is_scoped():
    from pckb.core.api import ScopedRelatedField

    checked = 0
    for _prefix, viewset, _basename in api_urls.router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if serializer_class is None:
            continue
        for name, field in _writable_related(serializer_class()):
            assert isinstance(field, ScopedRelatedField), f"{serializer_class.__name__}.{name}"
            checked += 1
    assert checked >= 12

