"""The pages as a user sees them: lists, the mission page, the answers form, the unit's view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pckb.core.testing import _client
from pckb.inspections.models import Assessment, Finding, Inspection

from .factories import add_finding, attach_evidence, concluded, default_checklist, make_inspection, second_unit, start

pytestmark = pytest.mark.django_db


def client_for(client, user):
    return _client(user)


def test_the_lists_show_the_missions_and_checklists(client, world):
    make_inspection(world)
    c = client_for(client, world.org_a_editor)
    page = c.get(reverse("inspections:inspection_list"))
    assert page.status_code == 200 and "Kiểm tra công tác PCKB năm 2026" in page.content.decode()
    assert c.get(reverse("inspections:inspection_list") + "?export=xlsx").status_code == 200
    page = c.get(reverse("inspections:checklist_list"))
    assert default_checklist().title in page.content.decode()
    assert c.get(default_checklist().get_absolute_url()).status_code == 200


def test_the_mission_page_shows_units_board_and_history(client, world):
    inspection = concluded(world)
    c = client_for(client, world.org_a_manager)
    html = c.get(inspection.get_absolute_url()).content.decode()
    assert "follow-up-board" in html and "Sở Y tế tỉnh A" in html
    assert c.get(reverse("inspections:inspection_assessments_xlsx", args=[inspection.pk])).status_code == 200


def test_the_answers_form_saves_every_row_and_scores(client, world):
    inspection = start(world, make_inspection(world))
    assessment = inspection.assessments.get()
    c = client_for(client, world.org_a_editor)
    url = reverse("inspections:assessment_answers", args=[assessment.pk])
    assert c.get(url).status_code == 200
    data = {f"a{a.criterion_id}": "met" for a in assessment.answers.all()}
    first = assessment.answers.first()
    data[f"a{first.criterion_id}"] = "not_met"
    data[f"n{first.criterion_id}"] = "Chưa có biên bản"
    response = c.post(url, data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.score is not None and assessment.score < 100
    assert assessment.answers.get(pk=first.pk).note == "Chưa có biên bản"


def test_a_bad_answer_comes_back_on_the_form_and_nothing_changes(client, world):
    assessment = start(world, make_inspection(world)).assessments.get()
    c = client_for(client, world.org_a_editor)
    first = assessment.answers.first()
    response = c.post(reverse("inspections:assessment_answers", args=[assessment.pk]), {f"a{first.criterion_id}": "x"})
    assert response.status_code == 400
    assert not assessment.answers.exclude(answer="").exists()


def test_concluding_with_blank_answers_shows_the_reason(client, world):
    inspection = start(world, make_inspection(world))
    c = client_for(client, world.org_a_manager)
    url = reverse("inspections:inspection_transition", args=[inspection.pk]) + "?to=concluded"
    response = c.post(url, {"to": "concluded"})
    assert response.status_code == 400
    assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"


def test_the_unit_reads_only_its_own_assessment_once_concluded(client, world):
    inspection = start(world, make_inspection(world, units=[world.a1, second_unit(world)]))
    mine = inspection.assessments.get(inspected=world.a1)
    other = inspection.assessments.get(inspected=second_unit(world))
    c = client_for(client, world.org_a1_editor)
    assert c.get(inspection.get_absolute_url()).status_code == 200
    assert c.get(mine.get_absolute_url()).status_code == 404
    for assessment in inspection.assessments.all():
        for answer in assessment.answers.all():
            answer.answer = "met"
            answer.save()
            if answer.criterion.evidence_required:
                attach_evidence(answer, world.org_a_editor)
    from pckb.inspections import services

    services.do_transition_inspection(inspection, "concluded", actor=world.org_a_manager)
    assert c.get(mine.get_absolute_url()).status_code == 200
    assert c.get(other.get_absolute_url()).status_code == 404
    assert c.get(reverse("inspections:assessment_answers", args=[mine.pk])).status_code == 403


def test_a_finding_form_refuses_a_unit_of_another_mission(client, world):
    inspection = start(world, make_inspection(world))
    c = client_for(client, world.org_a_editor)
    response = c.post(
        reverse("inspections:finding_add", args=[inspection.pk]),
        {"inspected": second_unit(world).pk, "severity": "low", "description": "X", "recommendation": "Y"},
    )
    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_the_add_form_creates_a_mission_with_its_assessments(client, world):
    c = client_for(client, world.org_a_editor)
    response = c.post(
        reverse("inspections:inspection_add"),
        {
            "organization": world.a.pk,
            "title": "Kiểm tra Sở Y tế",
            "team_head": "Trần Văn Bình",
            "visit_from": "10/03/2026",
            "visit_to": "11/03/2026",
            "checklist": default_checklist().pk,
            "inspected": [world.a1.pk],
            "classification": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Assessment.objects.filter(inspection__title="Kiểm tra Sở Y tế", inspected=world.a1).exists()


def test_the_finding_page_links_its_task(client, world):
    concluded(world)
    finding = Finding.objects.get()
    c = client_for(client, world.org_a1_editor)
    html = c.get(finding.get_absolute_url()).content.decode()
    assert finding.task.get_absolute_url() in html


def test_add_finding_page(client, world):
    inspection = start(world, make_inspection(world))
    add_finding(world, inspection)
    c = client_for(client, world.org_a_editor)
    assert c.get(reverse("inspections:finding_add", args=[inspection.pk])).status_code == 200


def test_the_key_target_page_lists_the_missions_that_visited_it_and_feeds_readiness(client, world, settings):
    settings.LANGUAGE_CODE = "en"
    from targets.factories import make_target, places

    from pckb.targets.readiness import readiness_of

    places()
    target = make_target(world, world.a1, actor=world.org_a_editor)
    import datetime

    recent = datetime.date.today() - datetime.timedelta(days=30)
    inspection = make_inspection(world, key_targets=[target], visit_from=recent, visit_to=recent)
    start(world, inspection)
    html = _client(world.org_a_viewer).get(target.get_absolute_url()).content.decode()
    assert inspection.title in html
    checks = {str(c.label): c.state for c in readiness_of(target).checks}
    assert checks["Inspected within 12 months"] == "ok"


def test_the_organization_page_shows_scores_and_open_findings(client, world):
    concluded(world)
    html = _client(world.org_a1_editor).get(world.a1.get_absolute_url()).content.decode()
    assert "Phương án xử lý tình huống chưa được rà soát" in html
    assert "100,0" in html


def test_the_history_names_a_checklists_criteria_in_words():
    from django.utils import translation

    from pckb.core.views_audit import field_label

    with translation.override("vi"):
        assert str(field_label("inspections.checklist", "criteria")) == "tiêu chí"
        assert str(field_label("inspections.assessment", "answers")) == "kết quả chấm"
