"""Big imports run as jobs: progress the page follows, the status endpoint, the time limit, a real worker."""

from __future__ import annotations

import datetime
import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from pckb.core.imports import jobs
from pckb.core.imports.models import ImportJob, ImportStatus
from pckb.plans.models import Task


def _xlsx(count: int, *, bad_row: int | None = None) -> SimpleUploadedFile:
    wb = Workbook()
    sheet = wb.active
    sheet.append(["title", "assignee", "deadline", "priority", "description"])
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    for index in range(count):
        sheet.append([f"Việc {index}", "a1" if index + 2 != bad_row else "zz", deadline, "", ""])
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("tasks.xlsx", buffer.getvalue())


def _url(plan):
    return reverse("plans:plan_import", args=[plan.pk])


@pytest.fixture
def background(settings):
    """Every file above two rows goes to the worker (Huey runs tasks inline under pytest)."""
    settings.PCKB_IMPORT_INLINE_ROWS = 2


@pytest.mark.django_db
class TestBackgroundJob:
    def test_it_checks_and_imports_a_big_file_in_the_worker_with_progress(
        self, client, world, plan, background, monkeypatch
    ):
        seen: list[int] = []
        validate_row = jobs.validate_row

        def watching(cells, ctx):
            seen.append(ImportJob.objects.get().processed_rows)  # what the status endpoint would read
            return validate_row(cells, ctx)

        monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
        monkeypatch.setattr(jobs, "validate_row", watching)
        reported: list[int] = []
        monkeypatch.setattr(jobs, "_report", lambda job_id, done: reported.append(done))
        client.force_login(world.org_a_editor)
        response = client.post(_url(plan), {"file": _xlsx(5)})
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == f"{_url(plan)}?job={job.pk}"
        assert seen == [0, 2, 2, 4, 4] and job.status == ImportStatus.READY and job.total_rows == 5
        page = client.get(_url(plan), {"job": job.pk})
        assert "Việc 4" in page.content.decode() and f'name="confirm" value="{job.pk}"' in page.content.decode()
        response = client.post(_url(plan), {"confirm": job.pk})
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
        assert reported == [2, 4] and Task.objects.count() == 5
        job.refresh_from_db()
        assert (job.status, job.created_rows, job.rows, bytes(job.upload)) == (ImportStatus.DONE, 5, [], b"")

    def test_it_imports_nothing_when_a_row_of_a_big_file_is_bad(self, client, world, plan, background):
        client.force_login(world.org_a_editor)
        response = client.post(_url(plan), {"file": _xlsx(6, bad_row=6)})
        job = ImportJob.objects.get()
        assert response.status_code == 302 and job.status == ImportStatus.INVALID
        page = client.get(response["Location"])
        assert "Dòng 6: Đơn vị chủ trì (mã hoặc tên): không tìm thấy đơn vị “zz”." in page.content.decode()
        assert client.post(_url(plan), {"confirm": job.pk}).status_code == 302
        assert not Task.objects.exists()

    def test_it_stops_at_the_time_limit_and_imports_nothing(self, client, world, plan, settings):
        settings.PCKB_IMPORT_TIME_LIMIT = -1
        client.force_login(world.org_a_editor)
        response = client.post(_url(plan), {"file": _xlsx(2)})
        assert response.status_code == 400
        assert "kéo dài quá -1 giây nên đã dừng; chưa có dòng nào được nhập." in response.content.decode()
        assert ImportJob.objects.get().status == ImportStatus.FAILED and not Task.objects.exists()


@pytest.mark.django_db
class TestStatusEndpoint:
    def _running(self, world, plan, **fields):
        return ImportJob.objects.create(
            organization=plan.organization,
            created_by=world.org_a_editor,
            importer="plans.task",
            target_id=plan.pk,
            page_url=_url(plan),
            status=ImportStatus.VALIDATING,
            started_at=timezone.now(),
            total_rows=100,
            processed_rows=40,
            **fields,
        )

    def test_it_shows_the_progress_bar_that_polls_until_the_job_ends(self, client, world, plan):
        job = self._running(world, plan)
        client.force_login(world.org_a_editor)
        page = client.get(_url(plan), {"job": job.pk}).content.decode()
        status_url = reverse("imports:job_status", args=[job.pk])
        assert f'hx-get="{status_url}" hx-trigger="every 1s"' in page
        assert '<progress class="w-100" max="100" value="40">' in page and "40/100 dòng" in page
        partial = client.get(status_url, headers={"HX-Request": "true"})
        assert partial.status_code == 200 and 'value="40"' in partial.content.decode()
        assert client.get(status_url).json() == {
            "id": job.pk,
            "status": "validating",
            "rows": 100,
            "processed": 40,
            "created": 0,
            "errors": [],
        }
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.READY)
        finished = client.get(status_url, headers={"HX-Request": "true"})
        assert finished.status_code == 204 and finished["HX-Redirect"] == f"{_url(plan)}?job={job.pk}"

    def test_it_shows_the_live_count_while_committing(self, client, world, plan):
        job = self._running(world, plan, auto_commit=False)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING)
        jobs._report(job.pk, 70)
        client.force_login(world.org_a_editor)
        assert client.get(reverse("imports:job_status", args=[job.pk])).json()["processed"] == 70
        jobs._clear(job.pk)

    def test_it_hides_the_job_from_outsiders_and_other_users_of_the_scope(self, client, world, plan):
        job = self._running(world, plan)
        from rest_framework.test import APIClient

        api = APIClient()
        for user in (world.org_b_editor, world.org_b_manager, world.org_a_manager, world.org_a_admin):
            client.force_login(user)
            assert client.get(reverse("imports:job_status", args=[job.pk])).status_code == 404
            api.force_authenticate(user)
            assert api.get(f"/api/v1/import-jobs/{job.pk}").status_code == 404
        api.force_authenticate(world.org_a_editor)
        assert api.get(f"/api/v1/import-jobs/{job.pk}").json()["processed"] == 40
        client.logout()
        assert client.get(reverse("imports:job_status", args=[job.pk])).status_code == 302

    def test_it_marks_a_job_whose_worker_died_as_failed(self, client, world, plan, settings):
        settings.PCKB_IMPORT_TIME_LIMIT = 60
        job = self._running(world, plan)
        ImportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=5))
        client.force_login(world.org_a_editor)
        body = client.get(reverse("imports:job_status", args=[job.pk])).json()
        assert body["status"] == "failed"
        assert body["errors"][0]["messages"][0].startswith("Việc nhập dữ liệu kéo dài quá 60 giây")


@pytest.mark.django_db
def test_it_purges_the_kept_rows_of_old_jobs(client, world, plan):
    client.force_login(world.org_a_editor)
    job = client.post(_url(plan), {"file": _xlsx(2)}).context["job"]
    assert job.status == ImportStatus.READY and len(job.rows) == 2
    assert jobs.purge_import_jobs(now=timezone.now() + datetime.timedelta(days=1)) == 0
    assert jobs.purge_import_jobs(now=timezone.now() + datetime.timedelta(days=3)) == 2
    job.refresh_from_db()
    assert (job.status, job.rows) == (ImportStatus.FAILED, [])
    assert client.post(_url(plan), {"confirm": job.pk}).status_code == 302 and not Task.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_big_import_in_a_real_huey_consumer(client, world, plan, background):
    """A consumer thread takes the job from a queue (not the inline mode); the page polls until it is done."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    storage, immediate = HUEY.storage, HUEY.immediate
    HUEY.immediate = False
    HUEY.storage = MemoryStorage(HUEY.name)
    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False, check_worker_health=False)
    consumer.start()
    try:
        client.force_login(world.org_a_editor)
        response = client.post(_url(plan), {"file": _xlsx(4)})
        job = ImportJob.objects.get()
        assert response.status_code == 302
        status_url = reverse("imports:job_status", args=[job.pk])
        for _ in range(300):  # the worker's pace, not a timing assertion
            if client.get(status_url).json()["status"] not in ("queued", "validating"):
                break
            time.sleep(0.1)
        assert client.get(status_url).json()["status"] == "ready"
        assert client.post(_url(plan), {"confirm": job.pk}).status_code == 302
        for _ in range(300):
            if client.get(status_url).json()["status"] == "done":
                break
            time.sleep(0.1)
        assert client.get(status_url).json() == {
            "id": job.pk,
            "status": "done",
            "rows": 4,
            "processed": 4,
            "created": 4,
            "errors": [],
        }
        assert Task.objects.filter(plan=plan).count() == 4
    finally:
        consumer.stop(graceful=True)
        HUEY.immediate = immediate
        HUEY.storage = storage
