"""The API's permission matrix: incidents (transition, timeline, notes) and alerts (acknowledge)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pckb.core.testing import ScopedAPIActionMatrix, ScopedAPIMatrix, ScopedAPIReadMatrix
from pckb.core.testing_world import _api_client, _state
from pckb.incidents.models import Alert, Incident
from pckb.organizations.models import Organization
from pckb.targets.testing import places

from .factories import alert_to, scenario
from .test_permission_matrix import make_incident


class TestIncidentAPI(ScopedAPIMatrix):
    model = Incident
    endpoint = "/api/v1/incidents/"
    deletable = False  # an incident is closed with its summary, never deleted
    covers = ("incident-timeline",)

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)

    def create_data(self, world: Any, org: Organization) -> dict[str, Any]:
        now = timezone.now()
        return {
            "organization": org.pk,
            "scenario": scenario("bomb-threat").pk,
            "title": "Cuộc gọi đe dọa đặt bom tại phòng giao dịch ngân hàng",
            "occurred_at": (now - datetime.timedelta(minutes=15)).isoformat(),
            "admin_unit": places()["halong"].pk,
            "severity": 2,
            "is_exercise": True,
            "description": "Cuộc gọi từ số máy không hiển thị, nội dung đe dọa đặt bom.",
        }

    def update_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"address": "Tầng 1, số 5 đường Trần Hưng Đạo", "severity": 3}

    def test_it_shows_the_timeline_to_readers_only(self, world: Any) -> None:
        incident = self.obj(world)
        url = f"{self.endpoint}{incident.pk}/timeline"
        answer = _api_client(world.org_a_viewer).get(url)
        assert answer.status_code == 200
        assert answer.json()[-1]["kind"] == "reported"
        for user in self.outsiders(world):
            assert _api_client(user).get(url).status_code == 404
        assert _api_client().get(url).status_code == 401


class TestIncidentTransitionAPI(ScopedAPIActionMatrix):
    model = Incident
    endpoint = "/api/v1/incidents/"
    api_action = "transition"

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)

    def action_body(self, world: Any, obj: Incident) -> dict[str, Any]:
        return {"to": "responding"}


class TestIncidentNotesAPI(ScopedAPIActionMatrix):
    model = Incident
    endpoint = "/api/v1/incidents/"
    api_action = "notes"
    success_status = 201

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)

    def action_body(self, world: Any, obj: Incident) -> dict[str, Any]:
        return {"text": "Đã phong tỏa khu vực trong bán kính 100 m."}

    def state(self, obj: Incident) -> Any:
        return _state(obj), obj.timeline.count()


class TestAlertAPI(ScopedAPIReadMatrix):
    model = Alert
    endpoint = "/api/v1/alerts/"

    def make_object(self, world: Any, org: Organization) -> Alert:
        return alert_to(world, org)


class TestAlertAcknowledgeAPI(ScopedAPIActionMatrix):
    model = Alert
    endpoint = "/api/v1/alerts/"
    api_action = "acknowledge"

    def make_object(self, world: Any, org: Organization) -> Alert:
        return alert_to(world, org)
