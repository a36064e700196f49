"""Exercises' rules: the state table, the evaluation, improvement items as tasks, bad input, and what
other modules read (key targets' readiness, the activities calendar, the counts of periodic reports)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pckb.core import indicators
from pckb.core.calendar import calendar_entries
from pckb.core.models import AuditEntry
from pckb.core.register.services import (
    do_draft_document,
    do_issue_document,
    do_save_header_settings,
    do_update_document,
)
from pckb.exercises import services
from pckb.exercises.exports import ObjectiveRow, after_action_sections
from pckb.exercises.models import Exercise
from pckb.plans.models import Task
from pckb.targets.models import KeyTarget
from pckb.targets.readiness import readiness_of, readiness_sources

from .factories import days, make_exercise, make_target


def _state(exercise: Exercise) -> tuple[Any, ...]:
    fresh = Exercise.objects.get(pk=exercise.pk)
    return (
        fresh.status,
        fresh.evaluated_on,
        list(fresh.participations.values_list("force_count", flat=True)),
        list(fresh.objectives.values_list("rating", flat=True)),
    )


def test_it_refuses_to_record_a_future_exercise_as_conducted(world: Any) -> None:
    exercise = make_exercise(world, date=days(5))
    with pytest.raises(ValidationError) as err:
        services.do_conduct_exercise(exercise, actor=world.org_a_editor)
    assert "to" in err.value.message_dict
    assert Exercise.objects.get(pk=exercise.pk).status == "planned"


def test_it_refuses_an_evaluation_dated_before_the_exercise(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    before = _state(exercise)
    with pytest.raises(ValidationError) as err:
        services.do_update_exercise(
            exercise, actor=world.org_a_editor, evaluated_on=exercise.date - datetime.timedelta(1)
        )
    assert "evaluated_on" in err.value.message_dict
    assert _state(exercise) == before


def test_it_refuses_ratings_before_the_exercise_is_conducted(world: Any) -> None:
    exercise = make_exercise(world)
    with pytest.raises(ValidationError) as err:
        services.do_update_exercise(
            exercise, actor=world.org_a_editor, objectives=[{"description": "A", "rating": "P"}]
        )
    assert "objectives" in err.value.message_dict


@pytest.mark.parametrize("count", [-1, 10**6, "12", True])
def test_it_refuses_negative_or_absurd_force_counts(world: Any, count: Any) -> None:
    exercise = make_exercise(world)
    before = _state(exercise)
    with pytest.raises(ValidationError) as err:
        services.do_set_participant(exercise, world.a1, count, actor=world.org_a_editor)
    assert "participants" in err.value.message_dict
    assert _state(exercise) == before


def test_it_refuses_a_rating_outside_the_scale(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    with pytest.raises(ValidationError):
        services.do_update_exercise(
            exercise, actor=world.org_a_editor, objectives=[{"description": "A", "rating": "Z"}]
        )
    assert _state(exercise)[3] == ["", ""]


def test_it_closes_the_evaluation_only_when_every_objective_is_rated(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    with pytest.raises(ValidationError):
        services.do_evaluate_exercise(exercise, actor=world.org_a_manager)
    rows = [{"description": o.description, "rating": "M"} for o in exercise.objectives.all()]
    services.do_update_exercise(exercise, actor=world.org_a_editor, objectives=rows, strengths="Nhanh")
    done = services.do_evaluate_exercise(exercise, actor=world.org_a_manager)
    assert done.status == "evaluated" and done.evaluated_on == timezone.localdate()
    assert AuditEntry.objects.filter(event_type="exercises.exercise.evaluated", object_id=str(exercise.pk)).count() == 1
    with pytest.raises(ValidationError):
        services.do_update_exercise(done, actor=world.org_a_manager, place="Khác")


def test_the_edit_form_keeps_the_ratings_of_unchanged_objectives(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    first = exercise.objectives.first()
    rows = [{"description": o.description, "rating": "P"} for o in exercise.objectives.all()]
    services.do_update_exercise(exercise, actor=world.org_a_editor, objectives=rows)
    services.do_update_exercise(exercise, actor=world.org_a_editor, objectives=[first.description, "Mục tiêu mới"])
    assert list(Exercise.objects.get(pk=exercise.pk).objectives.values_list("rating", flat=True)) == ["P", ""]


def test_improvement_items_become_tasks_of_their_owners_with_the_exercise_as_source(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    task = services.do_add_improvement_item(
        exercise, actor=world.org_a_editor, title="Bổ sung bộ đàm", assignee=world.a1, deadline=days(30)
    )
    assert (task.organization, task.assignee, task.source) == (world.a, world.a1, exercise)
    assert list(Task.objects.assigned_to_scope_of(world.org_a1_editor)) == [task]
    assert list(services.improvement_items(exercise, world.org_a_viewer)) == [task]


def test_an_improvement_item_needs_an_owner_and_a_deadline(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    with pytest.raises(ValidationError) as err:
        services.do_add_improvement_item(exercise, actor=world.org_a_editor, title="Bổ sung bộ đàm")
    assert {"assignee", "deadline"} <= set(err.value.message_dict)
    assert Task.objects.count() == 0


def test_an_improvement_item_cannot_go_outside_the_leads_tree(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    with pytest.raises(ValidationError):
        services.do_add_improvement_item(
            exercise, actor=world.superuser, title="Bổ sung bộ đàm", assignee=world.b1, deadline=days(30)
        )
    assert Task.objects.count() == 0


def test_a_planned_exercise_takes_no_improvement_item(world: Any) -> None:
    exercise = make_exercise(world)
    with pytest.raises(ValidationError):
        services.do_add_improvement_item(
            exercise, actor=world.org_a_editor, title="Bổ sung", assignee=world.a1, deadline=days(30)
        )


def test_the_targets_readiness_counts_the_last_conducted_exercise(world: Any) -> None:
    target = make_target(world, world.a)
    label = str(next(s for s in readiness_sources() if s.name == "drill").label)
    drill = next(c for c in readiness_of(target).checks if str(c.label) == label)
    assert drill.state == "failed"
    make_exercise(world, target=target, state="conducted")
    drill = next(c for c in readiness_of(Exercise.objects.get(target=target).target).checks if str(c.label) == label)
    assert drill.state == "ok"


def test_the_activities_calendar_lists_visible_exercises_over_their_days(world: Any) -> None:
    exercise = make_exercise(world, date=days(3), end_date=days(4))
    start, end = days(4), days(10)
    assert [e.url for e in calendar_entries(world.org_a_viewer, start, end)] == [exercise.get_absolute_url()]
    assert calendar_entries(world.org_b_editor, start, end) == []
    assert calendar_entries(world.org_a_viewer, days(5), days(10)) == []


def test_the_counts_of_exercises_held_and_forces_engaged(world: Any) -> None:
    make_exercise(world, world.a1, state="conducted", participants=[{"organization": world.a1, "force_count": 25}])
    make_exercise(world, world.a, state="evaluated")  # 40 people
    make_exercise(world, world.a)  # planned: not held
    make_exercise(world, world.b, state="conducted")  # another province
    start, end = days(-30), days(0)
    assert indicators.compute("exercises.exercises_held", world.a, start, end) == 2
    assert indicators.compute("exercises.exercise_forces", world.a, start, end) == 65
    assert indicators.compute("exercises.exercises_held", world.a1, start, end) == 1
    assert indicators.compute("exercises.exercises_held", world.a, days(-5), end) == 0


def test_the_after_action_report_lists_forces_and_ratings() -> None:
    sections = after_action_sections(
        title="Diễn tập thực binh",
        kind="full_scale",
        date=datetime.date(2026, 5, 20),
        place="Cảng Cái Lân",
        lead="Công an tỉnh",
        target="Cảng Cái Lân",
        scenario="Đe dọa đánh bom",
        participants=[("Công an tỉnh", 60), ("Bộ Chỉ huy Quân sự tỉnh", 40)],
        objectives=[ObjectiveRow("Sơ tán", "S", "Chậm 5 phút")],
        strengths="Phối hợp tốt",
        areas="",
    )
    assert "Tổng số 2 cơ quan, đơn vị với 100 người tham gia." in sections[1].paragraphs
    assert sections[2].table.rows == (("1", "Sơ tán", "Thực hiện được, còn một số khó khăn", "Chậm 5 phút"),)
    assert sections[4].paragraphs == ("Chưa ghi nhận.",)


def test_the_improvement_plan_is_issued_through_the_register(world: Any) -> None:
    do_save_header_settings(
        world.a, actor=world.superuser, parent_line="UBND TỈNH A", body_name="BAN CHỈ ĐẠO", symbol="BCĐ", place_name="A"
    )
    exercise = make_exercise(world, state="evaluated")
    services.do_add_improvement_item(
        exercise, actor=world.org_a_editor, title="Bổ sung bộ đàm", assignee=world.a1, deadline=days(30)
    )
    draft = do_draft_document(exercise, actor=world.org_a_manager, doc_type="KH")
    draft = do_update_document(
        draft, actor=world.org_a_manager, signer_name="Nguyễn Văn An", signer_position="Trưởng ban"
    )
    doc = do_issue_document(draft, actor=world.org_a_manager)
    assert doc.symbol == "01/KH-BCĐ"
    cells = [c.text for t in docx.Document(io.BytesIO(doc.file.read())).tables for r in t.rows for c in r.cells]
    assert "Bổ sung bộ đàm" in cells and "Sở Y tế tỉnh A" in cells
    report = do_draft_document(exercise, actor=world.org_a_manager, doc_type="BC")
    assert report.doc_type == "BC" and report.subject.startswith("Kết quả")


def test_the_history_names_the_objectives_and_participants_in_vietnamese(world: Any) -> None:
    from django.urls import reverse

    from pckb.core.testing import _client

    exercise = make_exercise(world)
    services.do_update_exercise(exercise, actor=world.org_a_editor, objectives=["Sơ tán cán bộ"])
    page = _client(world.org_a_viewer).get(reverse("exercises:exercise_detail", args=[exercise.pk])).content.decode()
    assert "Mục tiêu diễn tập" in page and "Sơ tán cán bộ" in page
    assert ">Objectives<" not in page and "Objectives:" not in page


def test_the_needs_attention_filter_reads_the_drill_check_as_one_query_per_source(world: Any) -> None:
    from pckb.targets.readiness import filter_readiness, with_checks

    drilled, not_drilled = make_target(world, world.a), make_target(world, world.a)
    make_exercise(world, target=drilled, state="conducted")
    attention = set(filter_readiness(with_checks(KeyTarget.objects.all()), "attention").values_list("pk", flat=True))
    # Both lack an approved plan; the drill check alone cannot clear one, but it must not hide either.
    assert {drilled.pk, not_drilled.pk} <= attention
    drill = next(s for s in readiness_sources() if s.name == "drill")
    since = timezone.localdate() - datetime.timedelta(days=365)
    assert set(drill.recent(since).values_list("target_id", flat=True)) == {drilled.pk}
