"""The generic permission matrix (pckb.core.testing) applied to every page of incidents."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from pckb.core.choices import Role
from pckb.core.models import AuditEntry
from pckb.core.register.models import OutgoingDocument
from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedChildFormMatrix,
    ScopedDetailMatrix,
    ScopedEditMatrix,
    ScopedListMatrix,
)
from pckb.core.testing_world import _state
from pckb.incidents import services
from pckb.incidents.models import Alert, AlertWebhook, Incident, TimelineEntry
from pckb.organizations.models import Organization
from pckb.plans.models import Task
from pckb.targets.testing import places

from .factories import alert_to, report, scenario


def make_incident(world: Any, org: Organization) -> Incident:
    return report(world, org, actor=world.superuser)


def contained(world: Any, org: Organization) -> Incident:
    incident = make_incident(world, org)
    return services.INCIDENT_WORKFLOW.do(incident, "contained", actor=world.superuser)


def edit_form(world: Any, org: Organization) -> dict[str, Any]:
    now = timezone.localtime()
    return {
        "title": "Cuộc gọi đe dọa đánh bom trụ sở ngân hàng",
        "occurred_at": (now - datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "reported_at": (now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "admin_unit": places()["bai_chay"].pk,
        "address": "Số 1 đường Hạ Long",
        "latitude": "20.950000",
        "longitude": "107.050000",
        "severity": 3,
        "description": "Nhận cuộc gọi đe dọa lúc 8 giờ sáng.",
        "classification": 0,
    }


class TestIncidentPages(ScopedDetailMatrix, ScopedEditMatrix, ScopedAddMatrix):
    model = Incident
    url_prefix = "incidents:incident"
    below_add_status = 403  # the reporting organization list is empty for a viewer: no dead-end form

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return edit_form(world, org)

    def add_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {**edit_form(world, org), "organization": org.pk, "scenario": scenario("bomb-threat").pk}


class TestIncidentLive(ScopedDetailMatrix):
    model = Incident
    list_url = None
    covers = ("incidents:incident_live",)

    def detail_url(self, obj: Incident) -> str:
        return reverse("incidents:incident_live", args=[obj.pk])

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)


class TestIncidentTransition(ScopedActionMatrix):
    model = Incident
    action_route = "incidents:incident_transition"

    def action_url(self, obj: Incident) -> str:
        return f"{reverse(self.action_route, args=[obj.pk])}?to=responding"

    def action_data(self, world: Any, obj: Incident) -> dict[str, Any]:
        return {"to": "responding"}

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)


class TestStepCheck(ScopedActionMatrix):
    model = Incident
    action_route = "incidents:checkliststep_check"

    def action_url(self, obj: Incident) -> str:
        return reverse(self.action_route, args=[obj.pk, obj.steps.first().pk])

    def action_data(self, world: Any, obj: Incident) -> dict[str, Any]:
        return {"done": "1"}

    def state(self, obj: Incident) -> Any:
        return _state(obj), list(obj.steps.values_list("state", flat=True))

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)


class TestIncidentDocument(ScopedActionMatrix):
    model = Incident
    action_route = "incidents:incident_document"

    def make_object(self, world: Any, org: Organization) -> Incident:
        return contained(world, org)

    def state(self, obj: Incident) -> Any:
        return OutgoingDocument.objects.filter(source_id=obj.pk).count()

    def audit_count(self, obj: Incident) -> int:
        return AuditEntry.objects.count()


class TestNoteAdd(ScopedChildFormMatrix):
    model = Incident
    form_route = "incidents:note_add"
    child_model = TimelineEntry

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)

    def child_data(self, world: Any, parent: Incident) -> dict[str, Any]:
        return {"text": "Lực lượng Công an đã có mặt tại hiện trường."}


class TestLessonAdd(ScopedChildFormMatrix):
    model = Incident
    form_route = "incidents:lesson_add"
    child_model = Task

    def make_object(self, world: Any, org: Organization) -> Incident:
        return contained(world, org)

    def child_data(self, world: Any, parent: Incident) -> dict[str, Any]:
        deadline = timezone.localdate() + datetime.timedelta(days=30)
        return {
            "title": "Tập huấn quy trình xử lý vật nghi vấn",
            "description": "",
            "assignee": world.a1.pk,
            "deadline": deadline.strftime("%d/%m/%Y"),
        }


class TestAlertAcknowledge(ScopedActionMatrix):
    model = Alert
    action_route = "incidents:alert_acknowledge"

    def make_object(self, world: Any, org: Organization) -> Alert:
        return alert_to(world, org)


class TestAlertWebhook(ScopedChildFormMatrix):
    model = Organization
    form_route = "incidents:alertwebhook_edit"
    child_model = AlertWebhook
    least_role = Role.MANAGER

    def make_object(self, world: Any, org: Organization) -> Organization:
        return org

    def child_data(self, world: Any, parent: Organization) -> dict[str, Any]:
        return {"url": "https://sms.quangninh.example/pckb", "is_active": "on"}


class TestIncidentLists(ScopedListMatrix):
    """The live board and its poll list only what the user may see."""

    model = Incident
    list_routes = ("incidents:board", "incidents:board_live")

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)


class TestIncidentMap(ScopedListMatrix):
    model = Incident
    list_routes = ("incidents:incident_points", "incidents:incident_map")

    def make_object(self, world: Any, org: Organization) -> Incident:
        return make_incident(world, org)

    def list_url(self, route: str, obj: Incident) -> str:
        # The page is checked through the points it loads (same filters, same scope).
        return reverse("incidents:incident_points")

    def listed_marker(self, obj: Incident) -> str:
        return f'"url":"{obj.get_absolute_url()}"'


class TestAlertList(ScopedListMatrix):
    model = Alert
    list_routes = ("incidents:alert_list",)

    def make_object(self, world: Any, org: Organization) -> Alert:
        return alert_to(world, org)
