"""The exercise pages: bad input comes back on the form with nothing changed, the export, the target's page."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from pckb.core.testing import _client
from pckb.exercises.models import Exercise
from pckb.plans.models import Task

from .factories import days, make_exercise


def test_the_evaluation_form_refuses_a_date_before_the_exercise(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    url = reverse("exercises:exercise_evaluation", args=[exercise.pk])
    before = (exercise.date - datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    response = _client(world.org_a_editor).post(url, {"evaluated_on": before, "strengths": "Tốt"})
    assert response.status_code == 400
    assert response.context["form"].errors["evaluated_on"]
    fresh = Exercise.objects.get(pk=exercise.pk)
    assert (fresh.evaluated_on, fresh.strengths) == (None, "")


def test_the_participant_form_refuses_a_negative_force_count(world: Any) -> None:
    exercise = make_exercise(world)
    url = reverse("exercises:participant_edit", args=[exercise.pk])
    response = _client(world.org_a_editor).post(url, {"organization": world.a1.pk, "force_count": -4})
    assert response.status_code == 400 and response.context["form"].errors["force_count"]
    assert list(exercise.participations.values_list("organization", flat=True)) == [world.a.pk]


def test_the_improvement_form_asks_for_the_owner(world: Any) -> None:
    exercise = make_exercise(world, state="conducted")
    url = reverse("exercises:improvement_add", args=[exercise.pk])
    data = {"title": "Bổ sung bộ đàm", "deadline": days(20).strftime("%d/%m/%Y"), "priority": "normal"}
    response = _client(world.org_a_editor).post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["assignee"]
    assert not Task.objects.exists()


def test_the_list_exports_to_excel_what_the_user_may_see(world: Any) -> None:
    make_exercise(world, world.a)
    make_exercise(world, world.b, title="Diễn tập của tỉnh B")
    response = _client(world.org_a_viewer).get(reverse("exercises:exercise_list"), {"export": "xlsx"})
    assert response.status_code == 200 and response.content.startswith(b"PK")
    page = _client(world.org_a_viewer).get(reverse("exercises:exercise_list")).content.decode()
    assert "Diễn tập của tỉnh B" not in page


def test_the_targets_page_lists_its_exercises_and_offers_a_new_one_to_editors(world: Any) -> None:
    exercise = make_exercise(world)
    url = exercise.target.get_absolute_url()
    page = _client(world.org_a_editor).get(url).content.decode()
    assert exercise.get_absolute_url() in page and f"?target={exercise.target_id}" in page
    viewer_page = _client(world.org_a_viewer).get(url).content.decode()
    assert exercise.get_absolute_url() in viewer_page and f"?target={exercise.target_id}" not in viewer_page


def test_the_list_finds_exercises_by_the_lead_organizations_name_without_diacritics(world: Any) -> None:
    make_exercise(world, world.a, title="Diễn tập của Ban Chỉ đạo")
    make_exercise(world, world.a1, title="Diễn tập của Sở Y tế")
    page = _client(world.org_a_viewer).get(reverse("exercises:exercise_list"), {"lead": "so y te"}).content.decode()
    assert "Diễn tập của Sở Y tế" in page and "Diễn tập của Ban Chỉ đạo" not in page
