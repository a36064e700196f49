"""The API of exercises: the permission matrix, the transition and improvement-item actions, bad input."""

from __future__ import annotations

from typing import Any

from pckb.core.choices import Role
from pckb.core.testing import ScopedAPIActionMatrix, ScopedAPIMatrix, _api_client
from pckb.exercises.models import Exercise
from pckb.organizations.models import Organization
from pckb.plans.models import Task

from .factories import days, make_exercise


class TestExerciseAPI(ScopedAPIMatrix):
    model = Exercise
    endpoint = "/api/v1/exercises/"

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {
            "organization": org.pk,
            "title": "Diễn tập xử lý ban đầu tại trụ sở",
            "kind": "initial_response",
            "date": days(15).isoformat(),
            "participants": [{"organization": org.pk, "force_count": 12}],
            "objectives": [{"description": "Sơ tán cán bộ"}],
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"place": "Sân trụ sở", "participants": [{"organization": org.pk, "force_count": 30}]}


class TestExerciseTransitionAPI(ScopedAPIActionMatrix):
    model = Exercise
    endpoint = "/api/v1/exercises/"
    api_action = "transition"

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, date=days(-2))

    def action_body(self, world: Any, obj: Exercise) -> dict[str, Any]:
        return {"to": "conducted"}


class TestImprovementItemAPI(ScopedAPIActionMatrix):
    model = Exercise
    endpoint = "/api/v1/exercises/"
    api_action = "improvement-items"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, state="conducted")

    def action_body(self, world: Any, obj: Exercise) -> dict[str, Any]:
        return {
            "title": "Diễn tập lại phương án sơ tán",
            "assignee": obj.organization_id,
            "deadline": days(30).isoformat(),
        }

    def state(self, obj: Exercise) -> Any:
        return Task.objects.filter(source_id=obj.pk).count()

    def audit_count(self, obj: Exercise) -> int:
        from pckb.core.models import AuditEntry

        return AuditEntry.objects.filter(object_type="plans.task").count()


def test_it_refuses_absurd_force_counts_and_ratings_off_the_scale(world: Any) -> None:
    exercise = make_exercise(world, world.a, state="conducted")
    client = _api_client(world.org_a_editor)
    url = f"/api/v1/exercises/{exercise.pk}/"
    negative = client.patch(url, {"participants": [{"organization": world.a.pk, "force_count": -5}]}, format="json")
    assert negative.status_code == 400 and "participants" in negative.json()
    absurd = client.patch(url, {"participants": [{"organization": world.a.pk, "force_count": 10**7}]}, format="json")
    assert absurd.status_code == 400
    off_scale = client.patch(url, {"objectives": [{"description": "Sơ tán", "rating": "X"}]}, format="json")
    assert off_scale.status_code == 400 and "objectives" in off_scale.json()
    fresh = Exercise.objects.get(pk=exercise.pk)
    assert [p.force_count for p in fresh.participations.all()] == [40]
    assert all(not o.rating for o in fresh.objectives.all())


def test_it_refuses_an_improvement_item_without_an_owner(world: Any) -> None:
    exercise = make_exercise(world, world.a, state="conducted")
    response = _api_client(world.org_a_editor).post(
        f"/api/v1/exercises/{exercise.pk}/improvement-items", {"title": "Bổ sung trang bị"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"assignee", "deadline"}
    assert not Task.objects.filter(source_id=exercise.pk).exists()


def test_it_shows_the_exercise_to_its_participants(world: Any) -> None:
    exercise = make_exercise(world, world.a, participants=[{"organization": world.a1, "force_count": 8}])
    response = _api_client(world.org_a_child_viewer).get(f"/api/v1/exercises/{exercise.pk}/")
    assert response.status_code == 200
    assert response.json()["total_force"] == 8
    assert _api_client(world.org_b_editor).get(f"/api/v1/exercises/{exercise.pk}/").status_code == 404


def test_role_below_manager_cannot_close_the_evaluation(world: Any) -> None:
    exercise = make_exercise(world, world.a, state="conducted")
    response = _api_client(world.org_a_editor).post(
        f"/api/v1/exercises/{exercise.pk}/transition", {"to": "evaluated"}, format="json"
    )
    assert response.status_code == 403
    assert Exercise.objects.get(pk=exercise.pk).status == "conducted"
    assert Role.MANAGER > Role.EDITOR


class TestExerciseDocumentAPI(ScopedAPIActionMatrix):
    model = Exercise
    endpoint = "/api/v1/exercises/"
    api_action = "document"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Exercise:
        return make_exercise(world, org, state="evaluated")

    def action_body(self, world: Any, obj: Exercise) -> dict[str, Any]:
        return {"doc_type": "KH"}

    def state(self, obj: Exercise) -> Any:
        from pckb.core.register.models import OutgoingDocument

        return list(OutgoingDocument.objects.filter(source_id=obj.pk).values_list("doc_type", flat=True))

    def audit_count(self, obj: Exercise) -> int:
        from pckb.core.models import AuditEntry

        return AuditEntry.objects.filter(object_type="core.outgoingdocument").count()


def test_the_document_action_refuses_another_type(world: Any) -> None:
    exercise = make_exercise(world, world.a, state="evaluated")
    response = _api_client(world.org_a_editor).post(
        f"/api/v1/exercises/{exercise.pk}/document", {"doc_type": "QD"}, format="json"
    )
    assert response.status_code == 400 and "doc_type" in response.json()
