"""Files of plans and task updates are core attachments: the progress form and API take them, the task
page lists them, the assignee side may attach to its own reports, and the old files were moved over."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from pckb.core.attachments import do_add_attachment
from pckb.core.models import Attachment
from pckb.core.testing_files import exe_bytes, pdf_bytes, png_bytes, upload
from pckb.plans import services
from pckb.plans.models import TaskUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _progress_url(task):
    return reverse("plans:task_progress", args=[task.pk])


def test_the_assignee_reports_progress_with_several_files_shown_on_the_task_page(client, world, task):
    client.force_login(world.org_a1_editor)
    files = [upload("Báo cáo tiến độ.pdf", pdf_bytes()), upload("ảnh.png", png_bytes())]
    response = client.post(_progress_url(task), {"percent": 40, "text": "Đã rà soát", "attachments": files})
    assert response.status_code == 302
    entry = TaskUpdate.objects.get(task=task)
    assert sorted(a.original_name for a in entry.attachments.all()) == ["Báo cáo tiến độ.pdf", "ảnh.png"]
    client.force_login(world.org_a_viewer)  # the issuer side reads them too
    page = client.get(task.get_absolute_url()).content.decode()
    for attachment in entry.attachments.all():
        assert attachment.original_name in page
        assert reverse("attachments:download", args=[attachment.pk]) in page
        assert reverse("attachments:delete", args=[attachment.pk]) not in page


def test_a_renamed_program_in_a_progress_report_is_refused_and_nothing_is_saved(client, world, task, media):
    client.force_login(world.org_a1_editor)
    files = [upload("bao-cao.pdf", exe_bytes())]
    response = client.post(_progress_url(task), {"percent": 40, "attachments": files})
    assert response.status_code == 400
    assert "“bao-cao.pdf” là một chương trình, không phải văn bản" in response.content.decode()
    task.refresh_from_db()
    assert task.progress == 0
    assert not TaskUpdate.objects.filter(task=task).exists()
    assert not Attachment.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_the_assignee_side_attaches_to_its_report_viewers_may_not_outsiders_see_nothing(world, task):
    entry = services.do_report_progress(task, 20, actor=world.org_a1_editor)
    added = do_add_attachment(entry, upload("them.pdf", pdf_bytes()), actor=world.org_a1_editor)
    assert added.owner == entry
    with pytest.raises(PermissionDenied):
        do_add_attachment(entry, upload("them.pdf", pdf_bytes()), actor=world.org_a_child_viewer)
    with pytest.raises(Http404):
        do_add_attachment(entry, upload("them.pdf", pdf_bytes()), actor=world.org_b_editor)
    assert entry.attachments.count() == 1
    assert list(Attachment.objects.visible_to(world.org_a_child_viewer)) == [added]


def test_the_api_takes_a_file_with_a_progress_report_and_shows_its_download_url(world, task):
    client = APIClient()
    client.force_authenticate(world.org_a1_editor)
    response = client.post(
        "/api/v1/task-updates/",
        {"task": task.pk, "percent": 30, "attachment": upload("Biên bản.pdf", pdf_bytes())},
        format="multipart",
    )
    assert response.status_code == 201
    (attachment,) = response.json()["attachments"]
    assert attachment["name"] == "Biên bản.pdf"
    assert attachment["mime_type"] == "application/pdf"
    assert attachment["sha256"] == hashlib.sha256(pdf_bytes()).hexdigest()
    download = client.get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_the_api_refuses_a_renamed_program_with_a_progress_report(world, task):
    client = APIClient()
    client.force_authenticate(world.org_a1_editor)
    response = client.post(
        "/api/v1/task-updates/",
        {"task": task.pk, "percent": 30, "attachment": upload("bao-cao.pdf", exe_bytes())},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert response.json()["attachment"] == [
        "“bao-cao.pdf” là một chương trình, không phải văn bản: không chấp nhận tệp chương trình."
    ]
    assert not TaskUpdate.objects.filter(task=task).exists()
    assert not Attachment.objects.exists()


def test_the_plan_api_shows_the_plans_attachments(world, plan):
    attachment = do_add_attachment(plan, upload("Kế hoạch.pdf", pdf_bytes()), actor=world.org_a_manager)
    client = APIClient()
    client.force_authenticate(world.org_a_viewer)
    data = client.get(f"/api/v1/plans/{plan.pk}/").json()
    assert [a["id"] for a in data["attachments"]] == [attachment.pk]
    assert data["attachments"][0]["download_url"] == f"/api/v1/attachments/{attachment.pk}/download"


def _newest_except(*skipped: str) -> list[tuple[str, str]]:
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [(app, name) for app, name in leaves if app not in skipped and app.startswith(("organizations", "accounts"))]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_plan_and_task_update_files_to_attachments(media):
    executor = MigrationExecutor(connection)
    # Other apps stay at their newest migration: the historical models must know their columns too.
    before = [("plans", "0003_task_search_text"), ("core", "0003_attachment"), *_newest_except("plans", "core")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Organization = apps.get_model("organizations", "Organization")
    Plan = apps.get_model("plans", "Plan")
    Task = apps.get_model("plans", "Task")
    TaskUpdate_ = apps.get_model("plans", "TaskUpdate")
    org = Organization.objects.create(name="Ban Chỉ đạo", code="bcd", kind="committee", level="province", path="/x/")
    default_storage.save("plans/2025/01/ke-hoach.pdf", ContentFile(pdf_bytes()))
    default_storage.save("plans/updates/2025/02/anh.png", ContentFile(png_bytes()))
    plan = Plan.objects.create(
        organization=org,
        title="Kế hoạch",
        period_from="2025-01-01",
        period_to="2025-12-31",
        attachment="plans/2025/01/ke-hoach.pdf",
    )
    Plan.objects.create(organization=org, title="Không tệp", period_from="2025-01-01", period_to="2025-12-31")
    task = Task.objects.create(
        organization=org, assignee=org, title="Việc", deadline="2025-06-30", assigned_on="2025-01-02"
    )
    update = TaskUpdate_.objects.create(
        organization=org, task=task, percent=10, attachment="plans/updates/2025/02/anh.png"
    )
    missing = TaskUpdate_.objects.create(organization=org, task=task, percent=20, attachment="plans/gone.pdf")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = {(a.content_type.model, a.object_id): a for a in Attachment.objects.select_related("content_type")}
    assert set(rows) == {("plan", plan.pk), ("taskupdate", update.pk), ("taskupdate", missing.pk)}
    moved = rows[("plan", plan.pk)]
    assert (moved.file.name, moved.original_name, moved.mime_type, moved.size) == (
        "plans/2025/01/ke-hoach.pdf",
        "ke-hoach.pdf",
        "application/pdf",
        len(pdf_bytes()),
    )
    assert moved.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert rows[("taskupdate", update.pk)].mime_type == "image/png"
    assert (rows[("taskupdate", missing.pk)].size, rows[("taskupdate", missing.pk)].mime_type) == (
        0,
        "application/octet-stream",
    )
