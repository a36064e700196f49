"""What users see: the live board and page, the exercise mark, bad input on pages and API, the report."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from pckb.core.register.services import (
    do_draft_document,
    do_issue_document,
    do_save_header_settings,
    do_update_document,
)
from pckb.core.testing_world import _api_client, _client
from pckb.incidents import services
from pckb.incidents.models import Alert, Incident
from pckb.targets.testing import places

from .factories import alert_to, report, scenario

pytestmark = pytest.mark.django_db


def test_the_board_answers_204_while_nothing_changed_and_the_new_state_after_a_change(world):
    incident = report(world, is_exercise=True)
    client = _client(world.org_a_viewer)
    page = client.get(reverse("incidents:board"))
    assert page.status_code == 200 and "DIỄN TẬP" in page.content.decode()
    stamp = page.context["stamp"]
    live = reverse("incidents:board_live")
    assert client.get(live, {"stamp": stamp}).status_code == 204
    services.do_check_step(incident.steps.first(), actor=world.org_a1_editor)
    changed = client.get(live, {"stamp": stamp})
    assert changed.status_code == 200
    body = changed.content.decode()
    assert "1/4" in body and changed.context["stamp"] != stamp
    # An outsider's board stays empty.
    assert incident.title not in _client(world.org_b_editor).get(reverse("incidents:board")).content.decode()


def test_the_incident_page_updates_when_an_alert_is_acknowledged(world):
    alert = alert_to(world, world.a)
    incident = alert.incident
    client = _client(world.org_a_viewer)
    stamp = client.get(incident.get_absolute_url()).context["stamp"]
    live = reverse("incidents:incident_live", args=[incident.pk])
    assert client.get(live, {"stamp": stamp}).status_code == 204
    assert client.get(live, HTTP_IF_NONE_MATCH=f'"{stamp}"').status_code == 304
    services.do_acknowledge_alert(alert, actor=world.org_a_editor)
    answer = client.get(live, {"stamp": stamp})
    assert answer.status_code == 200 and 'data-state="acknowledged"' in answer.content.decode()


def test_the_exercise_mark_is_on_the_page_and_the_list(world):
    incident = report(world, world.a, actor=world.org_a_editor, is_exercise=True)
    client = _client(world.org_a_viewer)
    assert "data-exercise" in client.get(incident.get_absolute_url()).content.decode()
    assert "(DIỄN TẬP)" in client.get(reverse("incidents:incident_list")).content.decode()


def test_the_report_form_refuses_a_report_before_the_occurrence(world):
    now = timezone.localtime()
    response = _client(world.org_a_editor).post(
        reverse("incidents:incident_add"),
        {
            "organization": world.a.pk,
            "scenario": scenario().pk,
            "title": "Vật nghi vấn tại nhà chờ xe buýt",
            "occurred_at": (now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
            "reported_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "admin_unit": places()["halong"].pk,
            "severity": 2,
            "description": "Túi nilon đen để dưới ghế chờ.",
            "classification": 0,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors.get("reported_at")
    assert not Incident.objects.exists()


def test_the_api_refuses_bad_input_with_field_errors_and_changes_nothing(world):
    client = _api_client(world.org_a_editor)
    body = {
        "organization": world.a.pk,
        "scenario": scenario().pk,
        "title": "Vật nghi vấn",
        "occurred_at": timezone.now().isoformat(),
        "admin_unit": places()["halong"].pk,
        "latitude": "48.850000",
        "longitude": "2.350000",
        "description": "Một vali bỏ quên.",
    }
    answer = client.post("/api/v1/incidents/", body, format="json")
    assert answer.status_code == 400 and {"latitude", "longitude"} <= set(answer.json())
    assert not Incident.objects.exists()
    incident = report(world, world.a, actor=world.org_a_editor)
    services.INCIDENT_WORKFLOW.do(incident, "contained", actor=world.org_a_editor)
    closing = client.post(f"/api/v1/incidents/{incident.pk}/transition", {"to": "closed"}, format="json")
    assert closing.status_code == 400 and "comment" in closing.json()
    assert Incident.objects.get(pk=incident.pk).status == "contained"
    # The timeline has no route to change or delete an entry.
    url = f"/api/v1/incidents/{incident.pk}/timeline"
    assert client.patch(url, {"text": "x"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


def test_the_api_refuses_a_second_acknowledgement_and_one_by_another_organization(world):
    alert = alert_to(world, world.a)
    other = _api_client(world.org_a1_editor).post(f"/api/v1/alerts/{alert.pk}/acknowledge", {}, format="json")
    assert other.status_code == 404  # the alert is addressed to the committee above: hidden from its agency
    first = _api_client(world.org_a_editor).post(f"/api/v1/alerts/{alert.pk}/acknowledge", {}, format="json")
    assert first.status_code == 200 and first.json()["state"] == "acknowledged"
    second = _api_client(world.org_a_manager).post(f"/api/v1/alerts/{alert.pk}/acknowledge", {}, format="json")
    assert second.status_code == 400
    assert Alert.objects.get(pk=alert.pk).acknowledged_by == world.org_a_editor


def test_the_sender_reads_the_alert_but_cannot_acknowledge_it(world):
    # Province A reports a severe incident: the national committee is alerted; A reads that alert, only
    # the national committee's own staff may acknowledge it.
    alert_a1 = report(world, world.a, actor=world.org_a_editor, severity=3).alerts.get(organization=world.root)
    assert _api_client(world.org_a_editor).get(f"/api/v1/alerts/{alert_a1.pk}").status_code == 200
    answer = _api_client(world.org_a_editor).post(f"/api/v1/alerts/{alert_a1.pk}/acknowledge", {}, format="json")
    assert answer.status_code == 403 and "Ban Chỉ đạo PCKB Quốc gia" in answer.json()["detail"]
    assert Alert.objects.get(pk=alert_a1.pk).acknowledged_at is None


def test_the_incident_report_is_issued_with_the_timeline_as_annex_and_the_exercise_mark(world):
    do_save_header_settings(
        world.a,
        actor=world.superuser,
        parent_line="UBND TỈNH A",
        body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ",
        symbol="BCĐ",
        place_name="Quảng Ninh",
    )
    incident = report(world, world.a, actor=world.org_a_editor, is_exercise=True)
    services.do_add_note(incident, "Tổ rà phá bom mìn đã tiếp cận vật nghi vấn.", actor=world.org_a_editor)
    draft = do_draft_document(incident, actor=world.org_a_manager)
    assert draft.doc_type == "BC" and draft.subject.startswith("[DIỄN TẬP]")
    draft = do_update_document(
        draft, actor=world.org_a_manager, signer_name="Trần Văn Bình", signer_position="Phó Trưởng ban"
    )
    doc = do_issue_document(draft, actor=world.org_a_manager)
    text = docx.Document(io.BytesIO(doc.file.read()))
    paragraphs = "\n".join(p.text for p in text.paragraphs)
    cells = [cell.text for table in text.tables for row in table.rows for cell in row.cells]
    assert "DIỄN TẬP" in paragraphs and "PHỤ LỤC: DIỄN BIẾN SỰ VIỆC" in paragraphs
    assert "Tổ rà phá bom mìn đã tiếp cận vật nghi vấn." in cells


def test_a_key_targets_page_offers_to_report_an_incident_there_with_the_place_filled_in(world):
    from .factories import make_target

    target = make_target(world)
    page = _client(world.org_a_editor).get(target.get_absolute_url()).content.decode()
    assert "data-report-incident" in page
    assert "data-report-incident" not in _client(world.org_a_viewer).get(target.get_absolute_url()).content.decode()
    url = f"{reverse('incidents:incident_add')}?target={target.pk}&admin_unit={target.admin_unit_id}"
    form = _client(world.org_a_editor).get(url).context["form"]
    assert form.initial["target"] == str(target.pk) and form.initial["admin_unit"] == str(target.admin_unit_id)
