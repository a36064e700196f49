"""The permission matrix of the commendation pages and API."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from pckb.awards.models import Commendation, CommendationAchievement, CommendationBatch
from pckb.core.choices import Role
from pckb.core.register.models import OutgoingDocument
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedAPIActionMatrix,
    ScopedAPIMatrix,
    ScopedChildFormMatrix,
    ScopedDetailMatrix,
    ScopedViewMatrix,
)
from pckb.organizations.models import Organization
from pckb.plans import services as plan_services

from .factories import make_batch, make_commendation


def commendation_form(world: Any, org: Organization) -> dict[str, Any]:
    return {
        "organization": org.pk,
        "recipient_kind": "individual",
        "recipient_organization": org.pk,
        "recipient_name": "Trần Thị Bình",
        "recipient_title": "Phó Chánh Văn phòng thường trực",
        "form": "commendation_letter",
        "issuing_authority": "Trưởng Ban Chỉ đạo",
        "reason": "Tham mưu tốt công tác tổng kết",
        "year": 2025,
        "classification": 0,
    }


class TestCommendationPages(ScopedViewMatrix):
    model = Commendation
    url_prefix = "awards:commendation"
    below_add_status = 403

    def make_object(self, world: Any, org: Organization) -> Commendation:
        return make_commendation(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return commendation_form(world, org)


class TestCommendationApprove(ScopedActionMatrix):
    model = Commendation
    least_role = Role.MANAGER
    action_route = "awards:commendation_transition"

    def action_url(self, obj: Commendation) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=approved"

    def action_data(self, world: Any, obj: Commendation) -> dict[str, Any]:
        return {"to": "approved"}

    def make_object(self, world: Any, org: Organization) -> Commendation:
        return make_commendation(world, org)


def _task(world: Any, org: Organization) -> Any:
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    return plan_services.do_create_task(
        org, actor=world.superuser, title="Tổng kết 10 năm Luật PCKB", assignee=org, deadline=deadline
    )


class TestAchievementAdd(ScopedChildFormMatrix):
    model = Commendation
    form_route = "awards:achievement_add"
    child_model = CommendationAchievement

    def make_object(self, world: Any, org: Organization) -> Commendation:
        return make_commendation(world, org)

    def child_data(self, world: Any, parent: Commendation) -> dict[str, Any]:
        task = _task(world, parent.organization)
        return {"source_type": "plans.task", "source_id": task.pk}


class TestAchievementRemove(ScopedActionMatrix):
    model = Commendation
    action_route = "awards:achievement_remove"

    def make_object(self, world: Any, org: Organization) -> Commendation:
        from pckb.awards import services

        commendation = make_commendation(world, org)
        return services.do_update_commendation(commendation, actor=world.superuser, achievements=[_task(world, org)])

    def action_url(self, obj: Commendation) -> str:
        return reverse(self.action_route, args=[obj.pk, obj.achievements.get().pk])

    def state(self, obj: Commendation) -> Any:
        return CommendationAchievement.objects.filter(commendation=obj).count()


class TestCommendationBatchPages(ScopedDetailMatrix):
    model = CommendationBatch
    url_prefix = "awards:commendationbatch"

    def make_object(self, world: Any, org: Organization) -> CommendationBatch:
        return make_batch(world, org)


class TestCommendationBatchAdd(ScopedAddMatrix):
    """A batch is made by the managers of the deciding organisation, from its approved proposals."""

    model = CommendationBatch
    url_prefix = "awards:commendationbatch"
    least_role = Role.MANAGER
    below_add_status = 403  # viewers and editors are offered no deciding organisation: no dead-end form

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        chosen = make_commendation(world, org, approved=True)
        return {"organization": org.pk, "title": "Khen thưởng năm 2025", "year": 2025, "commendations": [chosen.pk]}


class TestCommendationBatchDecision(ScopedChildFormMatrix):
    model = CommendationBatch
    form_route = "awards:commendationbatch_document"
    child_model = OutgoingDocument

    def make_object(self, world: Any, org: Organization) -> CommendationBatch:
        return make_batch(world, org)

    def child_data(self, world: Any, parent: CommendationBatch) -> dict[str, Any]:
        return {}


class TestCommendationAPI(ScopedAPIMatrix):
    model = Commendation
    endpoint = "/api/v1/commendations/"

    def make_object(self, world: Any, org: Organization) -> Commendation:
        return make_commendation(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        data = commendation_form(world, org)
        data.pop("classification")
        return data

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"reason": "Có thành tích xuất sắc trong diễn tập thực binh"}


class TestCommendationTransitionAPI(ScopedAPIActionMatrix):
    model = Commendation
    endpoint = "/api/v1/commendations/"
    api_action = "transition"
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Commendation:
        return make_commendation(world, org)

    def action_body(self, world: Any, obj: Commendation) -> dict[str, Any]:
        return {"to": "rejected", "comment": "Chưa đủ thành tích"}
