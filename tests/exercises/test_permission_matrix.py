"""The generic permission matrix (pckb.core.testing) applied to every page of exercises."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pckb.core.choices import Role
from pckb.core.register.models import OutgoingDocument
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedChildFormMatrix,
    ScopedEditMatrix,
    ScopedListMatrix,
    ScopedViewMatrix,
)
from pckb.exercises.models import Exercise, ExerciseParticipant
from pckb.organizations.models import Organization
from pckb.plans.models import Task

from .factories import days, make_exercise


def exercise_form(world: Any, org: Organization) -> dict[str, Any]:
    return {
        "organization": org.pk,
        "title": "Diễn tập phần cơ chế xử lý đe dọa đánh bom",
        "kind": "tabletop",
        "date": days(20).strftime("%d/%m/%Y"),
        "place": "Hội trường Công an tỉnh",
        "objectives": "Kích hoạt sở chỉ huy\nPhân công lực lượng",
        "classification": 0,
    }


class TestExercisePages(ScopedViewMatrix):
    model = Exercise
    url_prefix = "exercises:exercise"
    below_add_status = 403  # the owner list is empty for a viewer: no dead-end form

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return exercise_form(world, org)


class TestExerciseConduct(ScopedActionMatrix):
    model = Exercise
    action_route = "exercises:exercise_transition"

    def action_url(self, obj: Exercise) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=conducted"

    def action_data(self, world: Any, obj: Exercise) -> dict[str, Any]:
        return {"to": "conducted"}

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, date=days(-1))


class TestParticipantEdit(ScopedChildFormMatrix):
    model = Exercise
    form_route = "exercises:participant_edit"
    child_model = ExerciseParticipant

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org)

    def child_data(self, world: Any, parent: Exercise) -> dict[str, Any]:
        child, _created = Organization.objects.get_or_create(
            code=f"q{parent.pk}", defaults={"name": "Bộ Chỉ huy Quân sự", "parent": parent.organization}
        )
        return {"organization": child.pk, "force_count": 25}


class TestParticipantRemove(ScopedActionMatrix):
    model = Exercise
    action_route = "exercises:participant_remove"

    def action_url(self, obj: Exercise) -> str:
        return reverse(self.action_route, args=[obj.pk, obj.organization_id])

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org)

    def state(self, obj: Exercise) -> Any:
        return list(ExerciseParticipant.objects.filter(exercise=obj).values_list("organization", "force_count"))


class TestEvaluation(ScopedEditMatrix):
    model = Exercise
    covers = ("exercises:exercise_evaluation",)

    def edit_url(self, obj: Exercise) -> str:
        return reverse("exercises:exercise_evaluation", args=[obj.pk])

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, state="conducted")

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        exercise = Exercise.objects.filter(organization=org).latest("pk")
        data = {f"rating_{o.pk}": "P" for o in exercise.objectives.all()}
        return {**data, "strengths": "Phối hợp nhịp nhàng", "areas_for_improvement": "Thiếu thiết bị"}


class TestImprovementItemAdd(ScopedChildFormMatrix):
    model = Exercise
    form_route = "exercises:improvement_add"
    child_model = Task

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, state="conducted")

    def child_data(self, world: Any, parent: Exercise) -> dict[str, Any]:
        return {
            "title": "Bổ sung máy bộ đàm cho tổ tuần tra",
            "assignee": parent.organization_id,
            "deadline": days(60).strftime("%d/%m/%Y"),
            "priority": "normal",
        }


class TestAfterActionReport(ScopedChildFormMatrix):
    model = Exercise
    form_route = "exercises:exercise_report"
    child_model = OutgoingDocument

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, state="evaluated")

    def child_data(self, world: Any, parent: Exercise) -> dict[str, Any]:
        return {}


class TestImprovementPlan(TestAfterActionReport):
    form_route = "exercises:exercise_improvement_plan"


class TestEvaluationClose(ScopedActionMatrix):
    model = Exercise
    least_role = Role.MANAGER
    action_route = "exercises:exercise_transition"

    def action_url(self, obj: Exercise) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=evaluated"

    def action_data(self, world: Any, obj: Exercise) -> dict[str, Any]:
        return {"to": "evaluated"}

    def make_object(self, world: Any, org: Organization) -> Exercise:
        from pckb.exercises import services

        exercise = make_exercise(world, org, state="conducted")
        rows = [{"description": o.description, "rating": "P"} for o in exercise.objectives.all()]
        return services.do_update_exercise(exercise, actor=world.superuser, objectives=rows)


class TestActivityCalendar(ScopedListMatrix):
    """The activities calendar lists an exercise for its organisation's roles, not for outsiders."""

    model = Exercise
    list_routes = ("activity_calendar",)

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, date=days(3))

    def list_url(self, route: str, obj: Exercise) -> str:
        return f"{reverse(route)}?month={obj.date:%Y-%m}"

    def listed_marker(self, obj: Exercise) -> str:
        return obj.get_absolute_url()
