"""Idempotent writes (#8 point 6): a retried API write with the same `Idempotency-Key`, or a page form
sent twice, saves once and gets the first answer again."""

from __future__ import annotations

import datetime
import io
import json
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.parsers import JSONParser
from rest_framework.test import APIClient

from pckb.core.idempotency import fingerprint, purge_idempotency_records
from pckb.core.models import Attachment, AuditEntry, IdempotencyRecord
from pckb.core.testing_files import pdf_bytes, upload
from pckb.plans import services
from pckb.plans.api import TaskViewSet
from pckb.plans.models import Task, TaskUpdate

BAD_KEY = "Tiêu đề Idempotency-Key phải có từ 1 đến 255 ký tự ASCII in được, ví dụ một UUID."
KEY = "3f0c8a52-6a3e-4b1e-9a57-0d7f1c1d2e11"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _body(world, title: str = "Rà soát phương án bảo vệ") -> dict:
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    return {"title": title, "organization": world.a.pk, "assignee": world.a1.pk, "deadline": deadline.isoformat()}


def _post(client: APIClient, body: dict, key: str | None = KEY):
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post("/api/v1/tasks/", body, format="json", **headers)


def _counts() -> tuple[int, int]:
    return Task.objects.count(), AuditEntry.objects.count()


@pytest.mark.django_db
def test_a_retry_with_the_same_key_returns_the_first_answer_and_saves_once(world):
    client, body = _api(world.org_a_editor), _body(world)
    before = _counts()
    first = _post(client, body)
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    again = _post(client, dict(reversed(body.items())))  # the same body, keys in another order
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert _counts() == (before[0] + 1, before[1] + 1)  # one task, one audit entry


@pytest.mark.django_db
def test_without_a_key_each_post_is_a_new_write(world):
    client, body = _api(world.org_a_editor), _body(world)
    assert _post(client, body, key=None).status_code == 201
    assert _post(client, body, key=None).status_code == 201
    assert Task.objects.count() == 2 and not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_422_and_nothing_is_saved(world):
    client = _api(world.org_a_editor)
    assert _post(client, _body(world)).status_code == 201
    before = _counts()
    response = _post(client, _body(world, title="Một việc khác"), key=KEY)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Khóa idempotency này đã được dùng cho một yêu cầu khác (đường dẫn hoặc nội dung khác); "
        "hãy dùng khóa mới."
    }
    assert _counts() == before


@pytest.mark.django_db
def test_the_same_key_of_another_user_is_independent(world):
    mine = _post(_api(world.org_a_editor), _body(world))
    theirs = _post(_api(world.org_a_manager), _body(world))
    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs and theirs.json()["id"] != mine.json()["id"]
    assert Task.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_body_is_answered_again_and_a_server_error_frees_the_key(world, monkeypatch):
    client = _api(world.org_a_editor)
    bad = {**_body(world), "assignee": world.b1.pk}  # out of the caller's reach: 400
    first = _post(client, bad, key="refused")
    assert first.status_code == 400
    again = _post(client, bad, key="refused")
    assert (again.status_code, again.json(), again["Idempotent-Replayed"]) == (400, first.json(), "true")

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(TaskViewSet, "create_service", broken)
    client.raise_request_exception = False
    assert _post(client, _body(world), key="crashed").status_code == 500
    assert not IdempotencyRecord.objects.filter(key="crashed").exists()
    monkeypatch.undo()
    assert _post(client, _body(world), key="crashed").status_code == 201  # the retry really runs
    assert Task.objects.count() == 1


@pytest.mark.django_db
def test_a_write_killed_half_way_can_be_retried_with_its_key(world):
    """A worker killed during the write rolled it back with its answer; only the reservation stayed."""
    client = _api(world.org_a_editor)
    IdempotencyRecord.objects.create(
        user=world.org_a_editor,
        key=KEY,
        method="POST",
        path="/api/v1/tasks/",
        fingerprint="",
        created_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    # The fingerprint differs on purpose: a stale reservation is still the same key for another body.
    assert _post(client, _body(world)).status_code == 422
    IdempotencyRecord.objects.update(fingerprint=_fingerprint_of(world))
    response = _post(client, _body(world))
    assert response.status_code == 201 and Task.objects.count() == 1
    assert _post(client, _body(world)).json() == response.json()


def _fingerprint_of(world) -> str:
    body = JSONParser().parse(io.BytesIO(json.dumps(_body(world)).encode()))
    return fingerprint("POST", "/api/v1/tasks/", body)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "k" * 256, "khóa-1", "a\tb"])
def test_an_empty_or_too_long_key_is_a_400_and_nothing_is_saved(world, key):
    response = _post(_api(world.org_a_editor), _body(world), key=key)
    assert response.status_code == 400
    assert response.json() == {"Idempotency-Key": [BAD_KEY]}
    assert not Task.objects.exists() and not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_keys_expire_after_a_day(world):
    client = _api(world.org_a_editor)
    _post(client, _body(world))
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=23))
    assert purge_idempotency_records() == 0
    assert _post(client, _body(world))["Idempotent-Replayed"] == "true"
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert purge_idempotency_records() == 1
    assert not IdempotencyRecord.objects.exists()
    response = _post(client, _body(world))
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Task.objects.count() == 2


@pytest.mark.django_db
def test_a_workflow_action_honours_the_key_too(world):
    task = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Việc", assignee=world.a1, deadline=_deadline()
    )
    client, url = _api(world.org_a1_editor), f"/api/v1/tasks/{task.pk}/transition/"
    first = client.post(url, {"to": "in_progress"}, format="json", HTTP_IDEMPOTENCY_KEY="step-1")
    assert first.status_code == 200, first.json()
    entries = AuditEntry.objects.count()
    again = client.post(url, {"to": "in_progress"}, format="json", HTTP_IDEMPOTENCY_KEY="step-1")
    assert (again.status_code, again.json(), again["Idempotent-Replayed"]) == (200, first.json(), "true")
    assert AuditEntry.objects.count() == entries


def _deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


@pytest.mark.django_db
def test_the_openapi_schema_documents_the_header_on_every_write():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 10
    undocumented = [
        (path, method)
        for path, method, operation in writes
        if not any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    ]
    # Token creation is anonymous and answers with the secret, which is never stored.
    assert undocumented == [("/api/v1/auth/token", "post")]
    keyed = [operation for path, _method, operation in writes if path != "/api/v1/auth/token"]
    assert all({"409", "422"} <= set(operation["responses"]) for operation in keyed)


# Concurrent duplicates -------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_duplicate_is_a_409_and_the_write_runs_once(world, monkeypatch):
    started, go = threading.Event(), threading.Event()
    real = TaskViewSet.create_service

    def slow(*args, **kwargs):
        started.set()
        assert go.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(TaskViewSet, "create_service", slow)
    answers = {}

    def first():
        try:
            answers["first"] = _post(_api(world.org_a_editor), _body(world))
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert started.wait(30)
        second = _post(_api(world.org_a_editor), _body(world))
    finally:
        go.set()
        thread.join(60)
    assert second.status_code == 409
    assert second.json() == {"detail": "Một yêu cầu với khóa idempotency này vẫn đang được xử lý; hãy thử lại sau."}
    assert answers["first"].status_code == 201
    third = _post(_api(world.org_a_editor), _body(world))
    assert third.json() == answers["first"].json() and third["Idempotent-Replayed"] == "true"
    assert Task.objects.count() == 1


# Page forms ------------------------------------------------------------------------------------------


def _form_token(html: str) -> str:
    match = re.search(r'name="_form_token" value="([^"]+)"', html)
    assert match, "the form carries a one-time token"
    return match.group(1)


@pytest.mark.django_db
def test_a_page_form_sent_twice_creates_one_task_and_the_second_goes_to_its_page(client, world):
    client.force_login(world.org_a_editor)
    token = _form_token(client.get(reverse("plans:task_add")).content.decode())
    today = timezone.localdate()
    data = {
        "organization": world.a.pk,
        "title": "Tổ chức diễn tập",
        "assignee": world.a1.pk,
        "assigned_on": today.isoformat(),
        "deadline": (today + datetime.timedelta(days=5)).isoformat(),
        "priority": "high",
        "recurrence": "none",
        "classification": 0,
        "_form_token": token,
    }
    first = client.post(reverse("plans:task_add"), data)
    task = Task.objects.get()
    assert first.status_code == 302 and first["Location"] == task.get_absolute_url()
    audit = AuditEntry.objects.count()
    second = client.post(reverse("plans:task_add"), data, follow=True)
    assert second.redirect_chain == [(task.get_absolute_url(), 302)]
    assert "Biểu mẫu này đã được gửi trước đó; đây là kết quả đã lưu." in second.content.decode()
    assert (Task.objects.count(), AuditEntry.objects.count()) == (1, audit)
    # A new rendering of the form has a new token: the user may add another task on purpose.
    assert _form_token(client.get(reverse("plans:task_add")).content.decode()) != token


@pytest.mark.django_db
def test_a_refused_form_keeps_its_token_usable_for_the_corrected_submit(client, world):
    client.force_login(world.org_a_editor)
    token = _form_token(client.get(reverse("plans:task_add")).content.decode())
    today = timezone.localdate()
    data = {
        "organization": world.a.pk,
        "title": "Tổ chức diễn tập",
        "assignee": world.a1.pk,
        "assigned_on": today.isoformat(),
        "deadline": (today - datetime.timedelta(days=1)).isoformat(),  # before the assignment: refused
        "priority": "high",
        "recurrence": "none",
        "classification": 0,
        "_form_token": token,
    }
    assert client.post(reverse("plans:task_add"), data).status_code == 400
    data["deadline"] = (today + datetime.timedelta(days=5)).isoformat()
    assert client.post(reverse("plans:task_add"), data).status_code == 302
    assert Task.objects.count() == 1


@pytest.mark.django_db
def test_a_workflow_step_sent_twice_runs_once(client, world):
    task = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Việc", assignee=world.a1, deadline=_deadline()
    )
    client.force_login(world.org_a1_editor)
    url = reverse("plans:task_transition", args=[task.pk])
    page = client.get(url, {"to": "in_progress"})
    assert page.status_code == 200, page.content.decode()
    data = {"to": "in_progress", "comment": "", "_form_token": _form_token(page.content.decode())}
    first = client.post(url, data)
    assert first.status_code == 302
    entries = AuditEntry.objects.count()
    second = client.post(url, data)
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    assert AuditEntry.objects.count() == entries
    task.refresh_from_db()
    assert task.status == "in_progress"


@pytest.mark.django_db
def test_an_upload_retried_with_its_key_is_stored_once_and_another_file_is_a_422(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = services.do_create_plan(
        world.a,
        actor=world.org_a_manager,
        title="Kế hoạch PCKB năm 2026",
        kind="annual",
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 12, 31),
    )
    client = _api(world.org_a_editor)

    def send(data: bytes):
        body = {"owner_type": "plans.plan", "owner_id": plan.pk, "file": upload("Quyết định.pdf", data)}
        return client.post("/api/v1/attachments/", body, format="multipart", HTTP_IDEMPOTENCY_KEY="upload-1")

    first, again = send(pdf_bytes()), send(pdf_bytes())  # a new multipart boundary, the same request
    assert first.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() and Attachment.objects.count() == 1
    assert send(pdf_bytes() + b"%another\n").status_code == 422
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_a_progress_report_sent_twice_from_the_task_page_is_recorded_once(client, world):
    task = services.do_create_task(
        world.a, actor=world.org_a_editor, title="Việc", assignee=world.a1, deadline=_deadline()
    )
    client.force_login(world.org_a1_editor)
    page = client.get(task.get_absolute_url()).content.decode()
    data = {"percent": 40, "text": "Đã rà soát", "_form_token": _form_token(page)}
    url = reverse("plans:task_progress", args=[task.pk])
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert (second.status_code, second["Location"]) == (302, task.get_absolute_url())
    assert TaskUpdate.objects.filter(task=task).count() == 1
