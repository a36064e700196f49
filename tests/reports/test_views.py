"""The report pages as their users see them: lists, the editor and its autosave, roll-up, downloads."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from pckb.core.workflow import do_transition
from pckb.reports import services

from .factories import make_round, make_template

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_the_editor_shows_sections_figures_and_saves_one_field_by_autosave(client, world):
    sub = make_round(world).submissions.get()
    c = _client(client, world.org_a1_editor)
    page = c.get(sub.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Công tác lãnh đạo, chỉ đạo" in body and "Nhiệm vụ hoàn thành" in body
    url = reverse("reports:submission_save", args=[sub.pk])
    answer = c.post(url, {"text_0": "Đã ban hành 2 kế hoạch."}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    sub.refresh_from_db()
    assert sub.texts[0] == "Đã ban hành 2 kế hoạch." and sub.texts[1] == ""


def test_the_autosave_refuses_a_negative_figure_with_a_translated_message(client, world):
    sub = make_round(world).submissions.get()
    c = _client(client, world.org_a1_editor)
    url = reverse("reports:submission_save", args=[sub.pk])
    answer = c.post(url, {"value_trainings": "-3"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 400
    assert "âm" in answer.content.decode()  # "Số liệu không được âm."
    assert sub.values.get(indicator__code="trainings").value is None
    full = c.post(url, {"value_trainings": "abc"})
    assert full.status_code == 400 and "Nhập một số" in full.content.decode()


def test_editing_a_submitted_report_is_refused_and_changes_nothing(client, world):
    sub = make_round(world).submissions.get()
    do_transition(sub, "submitted", actor=world.org_a1_editor)
    c = _client(client, world.org_a1_editor)
    answer = c.post(reverse("reports:submission_save", args=[sub.pk]), {"text_0": "Sửa"})
    assert answer.status_code == 400
    sub.refresh_from_db()
    assert sub.texts[0] == ""


def test_the_round_page_rolls_up_the_accepted_reports_and_lists_compliance(client, world):
    rnd = make_round(world)
    sub = rnd.submissions.get()
    services.do_update_submission(sub, actor=world.org_a1_editor, values={"trainings": "6"})
    do_transition(sub, "submitted", actor=world.org_a1_editor)
    do_transition(sub, "accepted", actor=world.org_a_manager)
    c = _client(client, world.org_a_manager)
    page = c.get(rnd.get_absolute_url())
    assert page.status_code == 200
    assert 'data-code="trainings">6<' in page.content.decode()
    listing = c.get(reverse("reports:round_list"))
    assert "6 tháng đầu năm 2026" in listing.content.decode()


def test_the_word_and_excel_downloads_carry_the_figures(client, world):
    from docx import Document
    from openpyxl import load_workbook

    sub = make_round(world).submissions.get()
    services.do_update_submission(sub, actor=world.org_a1_editor, values={"trainings": "12"})
    c = _client(client, world.org_a1_editor)
    docx = c.get(reverse("reports:submission_docx", args=[sub.pk]))
    assert docx.status_code == 200
    doc = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "BÁO CÁO" in text and "/BC-" in "\n".join(cells + [text])
    assert "Lớp tập huấn" in cells and "12" in cells
    xlsx = c.get(reverse("reports:submission_xlsx", args=[sub.pk]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert any(r[1] == "trainings" and r[5] == 12 for r in rows)


def test_the_template_pages_and_the_compare_chart_render(client, world):
    template = make_template(world)
    rnd = make_round(world, template=template)
    sub = rnd.submissions.get()
    services.do_update_submission(sub, actor=world.org_a1_editor, values={"trainings": "3"})
    do_transition(sub, "submitted", actor=world.org_a1_editor)
    c = _client(client, world.superuser)
    for url in (
        reverse("reports:template_list"),
        template.get_absolute_url(),
        reverse("reports:template_add"),
        reverse("reports:round_add"),
        reverse("reports:submission_list"),
        reverse("reports:indicator_compare") + f"?organization={world.a.pk}&code=trainings",
    ):
        assert c.get(url).status_code == 200, url
    compare = c.get(reverse("reports:indicator_compare") + f"?organization={world.a.pk}&code=trainings")
    assert "Sở Y tế tỉnh A" in compare.content.decode()


def test_opening_a_round_from_the_form_prefills_drafts_for_the_default_recipients(client, world):
    template = make_template(world)
    c = _client(client, world.org_a_manager)
    answer = c.post(
        reverse("reports:round_add"),
        {
            "organization": world.a.pk,
            "template": template.pk,
            "period_label": "6 tháng đầu năm 2026",
            "period_start": "15/12/2025",
            "period_end": "14/06/2026",
            "due_date": "18/06/2026",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    from pckb.reports.models import ReportSubmission

    assert list(ReportSubmission.objects.values_list("organization", flat=True)) == [world.a1.pk]
    assert ReportSubmission.objects.get().values.count() == 3
    assert Decimal(0) == ReportSubmission.objects.get().values.get(indicator__code="tasks_done").value


def test_a_round_whose_period_ends_before_it_starts_is_refused_on_the_form(client, world):
    template = make_template(world)
    c = _client(client, world.org_a_manager)
    answer = c.post(
        reverse("reports:round_add"),
        {
            "organization": world.a.pk,
            "template": template.pk,
            "period_label": "Sai",
            "period_start": "14/06/2026",
            "period_end": "15/12/2025",
            "due_date": "18/06/2026",
        },
    )
    assert answer.status_code == 400
    assert "trước khi" in answer.content.decode() or "kết thúc" in answer.content.decode()
    from pckb.reports.models import ReportingRound

    assert not ReportingRound.objects.exists()


def test_the_history_names_the_changed_figures_in_vietnamese(client, world):
    sub = make_round(world).submissions.get()
    services.do_update_submission(sub, actor=world.org_a1_editor, values={"trainings": "8"})
    page = _client(client, world.org_a1_editor).get(sub.get_absolute_url()).content.decode()
    assert "Số liệu chỉ tiêu" in page and "Values" not in page


def test_a_year_out_of_range_is_a_400_naming_the_filter_not_a_500(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(world.org_a_viewer)
    for endpoint in ("/api/v1/reporting-rounds/", "/api/v1/report-submissions/"):
        answer = client.get(endpoint, {"year": 0})
        assert answer.status_code == 400 and "year" in answer.json(), endpoint


def test_the_compare_page_gives_its_charts_their_data(client, world):
    rnd = make_round(world)
    sub = rnd.submissions.get()
    services.do_update_submission(sub, actor=world.org_a1_editor, values={"trainings": "3"})
    page = _client(client, world.org_a_manager).get(
        reverse("reports:indicator_compare") + f"?organization={world.a.pk}&code=trainings"
    )
    body = page.content.decode()
    assert 'id="chart-units"' in body and '"values": [3.0]' in body and "echarts.min" in body


def test_a_recipient_reads_the_round_with_its_own_row_only(client, world):
    rnd = make_round(world, world.root, recipients=[world.a, world.b])
    for sub in rnd.submissions.all():
        figure = "4" if sub.organization == world.a else "9"
        services.do_update_submission(sub, actor=world.superuser, values={"trainings": figure})
        do_transition(sub, "submitted", actor=world.superuser)
        do_transition(sub, "accepted", actor=world.superuser)
    page = _client(client, world.org_a_viewer).get(rnd.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ban Chỉ đạo PCKB tỉnh A" in body and "Ban Chỉ đạo PCKB tỉnh B" not in body
    assert 'id="rollup"' not in body  # the national totals are the national committee's
    national = _client(client, world.superuser).get(rnd.get_absolute_url()).content.decode()
    assert 'data-code="trainings">13<' in national and "Ban Chỉ đạo PCKB tỉnh B" in national


def test_the_issuing_managers_edit_an_open_round_from_its_page_but_not_a_closed_one(client, world):
    rnd = make_round(world)
    edit_url = reverse("reports:round_edit", args=[rnd.pk])
    c = _client(client, world.org_a_manager)
    assert f'href="{edit_url}"' in c.get(rnd.get_absolute_url()).content.decode()
    answer = c.post(edit_url, {"period_label": "Quý IV năm 2026", "due_date": "20/12/2026", "notes": "Gia hạn"})
    assert answer.status_code == 302
    rnd.refresh_from_db()
    assert (rnd.period_label, rnd.due_date.isoformat(), rnd.notes) == ("Quý IV năm 2026", "2026-12-20", "Gia hạn")
    do_transition(rnd, "closed", actor=world.org_a_manager)
    assert f'href="{edit_url}"' not in c.get(rnd.get_absolute_url()).content.decode()
    refused = c.post(edit_url, {"period_label": "Khác", "due_date": "21/12/2026", "notes": ""})
    assert refused.status_code == 400
    assert "mở lại" in refused.content.decode()
    rnd.refresh_from_db()
    assert rnd.period_label == "Quý IV năm 2026"


def test_a_committee_editing_its_own_report_may_insert_a_recipients_text_of_a_section(client, world):
    template = make_template(world)
    own = make_round(world, world.root, recipients=[world.a], template=template).submissions.get()
    received = make_round(world, template=template).submissions.get()
    services.do_update_submission(received, actor=world.org_a1_editor, texts={"0": "Đã tuyên truyền tại 5 xã."})
    do_transition(received, "submitted", actor=world.org_a1_editor)
    page = _client(client, world.org_a_editor).get(own.get_absolute_url()).content.decode()
    assert 'data-quote-into="id_text_0"' in page
    assert f'data-quote-text="{world.a1.name}: Đã tuyên truyền tại 5 xã."' in page
    assert "Chèn vào báo cáo" in page
    client.force_login(world.org_a_viewer)
    read_only = client.get(own.get_absolute_url()).content.decode()
    assert "Đã tuyên truyền tại 5 xã." in read_only and "data-quote-into" not in read_only
