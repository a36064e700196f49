"""The rules of inspections: scores, the workflow and its refusals, findings becoming tasks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pckb.core.models import AuditEntry
from pckb.inspections import services
from pckb.inspections.choices import ChecklistStatus, InspectionStatus
from pckb.inspections.models import Assessment, Checklist, Criterion, Finding, Inspection
from pckb.plans.models import Task
from pckb.plans.services import do_transition_task

from .factories import (
    add_finding,
    answer_all,
    attach_evidence,
    concluded,
    default_checklist,
    make_inspection,
    second_unit,
    start,
)

pytestmark = pytest.mark.django_db


def test_it_seeds_a_published_default_checklist_of_20_to_30_criteria():
    checklist = default_checklist()
    assert checklist.status == ChecklistStatus.PUBLISHED
    assert 20 <= checklist.criteria.count() <= 30


def test_it_scores_by_weight_leaving_out_not_applicable():
    assert services.score_of([(Decimal(3), "met"), (Decimal(1), "not_met"), (Decimal(5), "na")]) == Decimal("75.0")
    assert services.score_of([(Decimal(2), "partly"), (Decimal(2), "met")]) == Decimal("75.0")
    assert services.score_of([(Decimal(2), "na")]) is None


def test_it_gives_each_inspected_unit_an_assessment_with_the_criteria_of_its_kind(world):
    inspection = make_inspection(world, units=[world.a1, second_unit(world)])
    assert inspection.assessments.count() == 2
    assessment = inspection.assessments.get(inspected=world.a1)
    asked = default_checklist().criteria_for("agency")
    assert assessment.answers.count() == len(asked) < default_checklist().criteria.count()


def test_it_refuses_a_unit_outside_the_inspecting_committee(world):
    with pytest.raises(ValidationError) as err:
        make_inspection(world, units=[world.b1])
    assert "inspected" in err.value.message_dict
    assert not Inspection.objects.exists()


def test_it_refuses_a_draft_checklist(world):
    draft = services.do_create_checklist(world.a, actor=world.org_a_editor, title="Bộ tiêu chí thử")
    with pytest.raises(ValidationError) as err:
        make_inspection(world, checklist=draft)
    assert "checklist" in err.value.message_dict


def test_it_refuses_to_score_against_a_checklist_turned_draft(world):
    inspection = start(world, make_inspection(world))
    Checklist.objects.filter(pk=inspection.checklist_id).update(status=ChecklistStatus.DRAFT)
    assessment = inspection.assessments.get()
    with pytest.raises(ValidationError):
        answer_all(assessment, world.org_a_editor)
    assert not assessment.answers.exclude(answer="").exists()


def test_it_computes_the_score_from_the_answers(world):
    inspection = start(world, make_inspection(world))
    assessment = answer_all(inspection.assessments.get(), world.org_a_editor)
    assert assessment.score == Decimal("100.0")
    first = assessment.answers.first()
    services.do_answer_assessment(assessment, {first.criterion_id: {"answer": "na"}}, actor=world.org_a_editor)
    assert Assessment.objects.get(pk=assessment.pk).score == Decimal("100.0")


def test_it_refuses_an_unknown_answer_and_changes_nothing(world):
    assessment = start(world, make_inspection(world)).assessments.get()
    first = assessment.answers.first()
    with pytest.raises(ValidationError):
        services.do_answer_assessment(assessment, {first.criterion_id: {"answer": "great"}}, actor=world.org_a_editor)
    with pytest.raises(ValidationError):
        services.do_answer_assessment(assessment, {999999: {"answer": "met"}}, actor=world.org_a_editor)
    assert not assessment.answers.exclude(answer="").exists()


def test_it_refuses_to_conclude_with_an_unanswered_criterion(world):
    inspection = start(world, make_inspection(world))
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.do_transition_inspection(inspection, "concluded", actor=world.org_a_manager)
    assert "unanswered" in str(err.value) or "chưa" in str(err.value)
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.IN_PROGRESS
    assert AuditEntry.objects.count() == before


def test_it_refuses_a_finding_on_a_unit_not_inspected(world):
    inspection = start(world, make_inspection(world))
    with pytest.raises(ValidationError) as err:
        add_finding(world, inspection, unit=second_unit(world))
    assert "inspected" in err.value.message_dict
    assert not Finding.objects.exists()


def test_concluding_turns_each_finding_into_a_task_of_the_unit(world):
    inspection = concluded(world, findings=2)
    assert inspection.status == InspectionStatus.CONCLUDED
    tasks = Task.objects.filter(assignee=world.a1, organization=world.a)
    assert tasks.count() == 2
    finding = Finding.objects.first()
    assert finding.task.source == finding
    assert finding.task.priority == "high"
    assert Task.objects.visible_to(world.org_a1_editor).filter(pk=finding.task_id).exists()


def test_a_concluded_inspection_refuses_changes(world):
    inspection = concluded(world)
    assessment = inspection.assessments.get()
    with pytest.raises(ValidationError):
        answer_all(assessment, world.org_a_editor, answer="not_met")
    with pytest.raises(ValidationError):
        add_finding(world, inspection)
    assert Finding.objects.count() == 1


def test_the_inspected_unit_cannot_edit_the_inspecting_sides_conclusions(world):
    inspection = concluded(world)
    assessment = inspection.assessments.get()
    with pytest.raises(PermissionDenied):
        services.do_update_assessment(assessment, actor=world.org_a1_editor, summary="Tốt")
    with pytest.raises(PermissionDenied):
        services.do_update_finding(Finding.objects.get(), actor=world.org_a1_editor, description="Không có")
    assert Assessment.objects.get(pk=assessment.pk).summary == ""


def test_the_unit_sees_its_assessment_only_once_concluded(world):
    inspection = start(world, make_inspection(world, units=[world.a1, second_unit(world)]))
    assert not Assessment.objects.visible_to(world.org_a1_editor).exists()
    assert Inspection.objects.visible_to(world.org_a1_editor).filter(pk=inspection.pk).exists()
    for assessment in inspection.assessments.all():
        answer_all(assessment, world.org_a_editor)
    services.do_transition_inspection(inspection, "concluded", actor=world.org_a_manager)
    mine = Assessment.objects.visible_to(world.org_a1_editor)
    assert list(mine.values_list("inspected", flat=True)) == [world.a1.pk]
    assert not Assessment.objects.visible_to(world.org_b_editor).exists()


def test_it_closes_only_once_every_task_is_verified(world):
    inspection = concluded(world)
    inspection = services.do_transition_inspection(inspection, "follow_up", actor=world.org_a_manager)
    with pytest.raises(ValidationError):
        services.do_transition_inspection(inspection, "closed", actor=world.org_a_manager)
    task = Finding.objects.get().task
    do_transition_task(task, "done", actor=world.org_a1_editor)
    assert Finding.objects.get().state == "reported"
    with pytest.raises(ValidationError):
        services.do_transition_inspection(inspection, "closed", actor=world.org_a_manager)
    do_transition_task(Task.objects.get(pk=task.pk), "verified", actor=world.org_a_manager)
    closed = services.do_transition_inspection(inspection, "closed", actor=world.org_a_manager)
    assert closed.status == InspectionStatus.CLOSED and closed.closed_on is not None


def test_a_published_checklist_cannot_be_edited_and_a_new_version_copies_it(world):
    checklist = services.do_create_checklist(world.a, actor=world.org_a_editor, title="Bộ tiêu chí tỉnh A")
    services.do_add_criterion(checklist, actor=world.org_a_editor, group="I", text="Có kế hoạch", weight=2)
    services.do_publish_checklist(checklist, actor=world.org_a_manager)
    with pytest.raises(ValidationError):
        services.do_update_checklist(checklist, actor=world.org_a_editor, title="Khác")
    with pytest.raises(ValidationError):
        services.do_add_criterion(checklist, actor=world.org_a_editor, group="I", text="Thêm")
    assert Checklist.objects.get(pk=checklist.pk).title == "Bộ tiêu chí tỉnh A"
    copy = services.do_new_checklist_version(checklist, world.a, actor=world.org_a_editor)
    assert copy.version == 2 and copy.status == ChecklistStatus.DRAFT
    assert Criterion.objects.filter(checklist=copy).count() == 1


def test_the_outsider_gets_404_and_the_viewer_403(world):
    inspection = make_inspection(world)
    with pytest.raises(Http404):
        services.do_update_inspection(inspection, actor=world.org_b_editor, title="X")
    with pytest.raises(PermissionDenied):
        services.do_update_inspection(inspection, actor=world.org_a_viewer, title="X")
    assert Inspection.objects.get(pk=inspection.pk).title != "X"


def test_a_past_inspection_can_be_recorded(world):
    inspection = make_inspection(world, visit_from=datetime.date(2024, 5, 6), visit_to=datetime.date(2024, 5, 7))
    assert inspection.visit_from.year == 2024



def test_the_conclusion_is_dated_in_vietnam_time(world):
    """00:30 on 1 December in Hà Nội is still 30 November in UTC: the conclusion is dated 1 December."""
    from pckb.core.workflow import Step
    from pckb.inspections.services.inspections import INSPECTION_WORKFLOW, _conclude

    inspection = start(world, make_inspection(world))
    transition = INSPECTION_WORKFLOW.table[("in_progress", "concluded")]
    instant = datetime.datetime(2026, 11, 30, 17, 30, tzinfo=datetime.UTC)
    step = Step(INSPECTION_WORKFLOW, transition, inspection, "in_progress", "concluded", world.org_a_manager,
                now=instant)
    _conclude(step)
    assert inspection.concluded_on == datetime.date(2026, 12, 1)


def test_it_refuses_to_conclude_without_evidence_on_a_required_criterion(world):
    inspection = start(world, make_inspection(world))
    assessment = inspection.assessments.get()
    services.do_answer_assessment(
        assessment, {a.criterion_id: {"answer": "met"} for a in assessment.answers.all()}, actor=world.org_a_editor
    )
    required = list(assessment.answers.filter(criterion__evidence_required=True).select_related("criterion"))
    assert required  # the default checklist requires evidence on some criteria
    for row in required[1:]:
        attach_evidence(row, world.org_a_editor)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.do_transition_inspection(inspection, "concluded", actor=world.org_a_manager)
    assert f"tiêu chí {required[0].criterion.number} cần có tệp minh chứng" in str(err.value)
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.IN_PROGRESS
    assert AuditEntry.objects.count() == before
    attach_evidence(required[0], world.org_a_editor)
    inspection = services.do_transition_inspection(inspection, "concluded", actor=world.org_a_manager)
    assert inspection.status == InspectionStatus.CONCLUDED


def test_evidence_files_belong_to_the_answer_and_freeze_at_conclusion(world):
    inspection = start(world, make_inspection(world))
    assessment = inspection.assessments.get()
    row = assessment.answers.first()
    with pytest.raises(PermissionDenied):
        attach_evidence(row, world.org_a_viewer)
    attach_evidence(row, world.org_a_editor)
    assert row.attachments.count() == 1 and assessment.attachments.count() == 0
    answer_all(assessment, world.org_a_editor)
    services.do_transition_inspection(inspection, "concluded", actor=world.org_a_manager)
    with pytest.raises(PermissionDenied):
        attach_evidence(row, world.org_a_editor)
