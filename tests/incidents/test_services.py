"""Reporting, the checklist, the timeline, alerts, acknowledgement and escalation (services)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pckb.core.indicators import compute
from pckb.incidents import services
from pckb.incidents.choices import IncidentStatus, StepState
from pckb.incidents.models import Alert, Incident, TimelineEntry
from pckb.notifications.models import Notification
from pckb.organizations.models import Organization

from .factories import alert_to, approved_plan_target, report, scenario

pytestmark = pytest.mark.django_db


def _standing_office(world):
    office = Organization.objects.create(name="Công an tỉnh A", code="ca-a", kind="agency", parent=world.a)
    world.a.standing_org = office
    world.a.save()
    return office


def test_it_copies_the_catalogue_steps_and_alerts_the_standing_office(world):
    office = _standing_office(world)
    incident = report(world)
    assert [s.text for s in incident.steps.all()] == scenario().default_steps
    assert list(incident.alerts.values_list("organization", flat=True)) == [office.pk]
    assert incident.participants.filter(pk=office.pk).exists()
    kinds = list(incident.timeline.values_list("kind", flat=True))
    assert "reported" in kinds and "alert" in kinds


def test_it_copies_the_steps_of_the_targets_approved_plan(world):
    target = approved_plan_target(world, ["Bước riêng của phương án", "Bước hai"])
    incident = report(world, world.a, actor=world.org_a_editor, target=target)
    assert [s.text for s in incident.steps.all()] == ["Bước riêng của phương án", "Bước hai"]


def test_it_alerts_higher_committees_by_severity_and_the_chosen_organizations(world):
    low = report(world, severity=1)
    assert set(low.alerts.values_list("organization", flat=True)) == {world.a.pk}
    military = Organization.objects.create(
        name="Bộ Chỉ huy quân sự tỉnh A", code="bch-a", kind="agency", parent=world.a
    )
    high = report(world, severity=4, chosen=[military])
    assert set(high.alerts.values_list("organization", flat=True)) == {world.a.pk, world.root.pk, military.pk}
    assert set(high.alerts.values_list("reason", flat=True)) == {"standing", "higher", "chosen"}


def test_it_notifies_the_on_duty_users_of_each_alerted_organization(world):
    incident = report(world, is_exercise=True)
    notes = Notification.objects.filter(kind="incident.alert", recipient=world.org_a_editor)
    assert notes.count() == 1
    assert notes.get().title.startswith("[DIỄN TẬP]")
    assert incident.alerts.get().delivered_at is not None


def test_it_refuses_a_chosen_organization_of_another_province(world):
    with pytest.raises(ValidationError) as err:
        report(world, chosen=[world.b1])
    assert "alert_organizations" in err.value.message_dict
    assert not Incident.objects.exists()


def test_it_refuses_a_report_before_the_occurrence(world):
    now = timezone.now()
    with pytest.raises(ValidationError) as err:
        report(world, occurred_at=now - datetime.timedelta(minutes=5), reported_at=now - datetime.timedelta(minutes=30))
    assert "reported_at" in err.value.message_dict
    assert not Incident.objects.exists() and not Alert.objects.exists()


def test_it_refuses_coordinates_outside_vietnam(world):
    with pytest.raises(ValidationError) as err:
        report(world, latitude=Decimal("35.0"), longitude=Decimal("139.0"))
    assert set(err.value.message_dict) >= {"latitude", "longitude"}
    assert not Incident.objects.exists()


def test_it_refuses_an_outsider_reporting_in_another_scope(world):
    from django.http import Http404

    with pytest.raises(Http404):
        report(world, world.a1, actor=world.org_b_editor)
    assert not Incident.objects.exists()


def _contained(world):
    incident = report(world)
    return services.INCIDENT_WORKFLOW.do(incident, IncidentStatus.CONTAINED, actor=world.org_a1_editor)


def test_it_refuses_closing_without_a_summary_and_closes_with_one(world):
    incident = _contained(world)
    with pytest.raises(ValidationError) as err:
        services.INCIDENT_WORKFLOW.do(incident, IncidentStatus.CLOSED, actor=world.org_a1_editor, comment="  ")
    assert "comment" in err.value.message_dict
    assert Incident.objects.get(pk=incident.pk).status == IncidentStatus.CONTAINED
    closed = services.INCIDENT_WORKFLOW.do(
        incident, IncidentStatus.CLOSED, actor=world.org_a1_editor, comment="Vật nghi vấn là hành lý thất lạc."
    )
    assert closed.summary == "Vật nghi vấn là hành lý thất lạc." and closed.closed_at is not None
    assert closed.timeline.filter(kind="status").count() == 2


def test_it_records_who_checked_a_step_and_the_reason_of_a_not_applicable_one(world):
    incident = report(world)
    first, second = list(incident.steps.all())[:2]
    services.do_check_step(first, actor=world.org_a1_editor)
    first.refresh_from_db()
    assert first.state == StepState.DONE and first.done_by == world.org_a1_editor and first.done_at
    with pytest.raises(ValidationError):
        services.do_check_step(second, actor=world.org_a1_editor, done=False, reason="")
    services.do_check_step(second, actor=world.org_a1_editor, done=False, reason="Không có người trong khu vực")
    second.refresh_from_db()
    assert second.state == StepState.NOT_APPLICABLE and second.reason
    with pytest.raises(ValidationError):
        services.do_check_step(first, actor=world.org_a1_editor)
    assert incident.timeline.filter(kind="step").count() == 2


def test_it_never_changes_or_deletes_a_timeline_entry(world):
    incident = report(world)
    entry = incident.timeline.first()
    text = entry.text
    entry.text = "Sửa lại"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert TimelineEntry.objects.get(pk=entry.pk).text == text


def test_it_lets_an_alerted_organization_add_a_note(world):
    incident = report(world, world.a1)
    services.do_add_note(incident, "Đã cử tổ công tác đến hiện trường.", actor=world.org_a_editor)
    assert incident.timeline.filter(kind="note", organization=world.a).exists()
    with pytest.raises(ValidationError):
        services.do_add_note(incident, "   ", actor=world.org_a_editor)


def test_it_acknowledges_once_and_only_by_the_addressed_organization(world):
    alert = alert_to(world, world.a)
    with pytest.raises(PermissionDenied):
        services.do_acknowledge_alert(alert, actor=world.superuser)  # not staff of the addressed one
    services.do_acknowledge_alert(alert, actor=world.org_a_editor)
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.org_a_editor and alert.state == "acknowledged"
    with pytest.raises(ValidationError) as err:
        services.do_acknowledge_alert(alert, actor=world.org_a_manager)
    assert "already acknowledged" in str(err.value) or "đã được" in str(err.value)
    assert Alert.objects.get(pk=alert.pk).acknowledged_by == world.org_a_editor


def test_it_escalates_an_unacknowledged_alert_to_the_managers_once(world, settings):
    alert = alert_to(world, world.a)
    later = timezone.now() + datetime.timedelta(hours=2)
    assert services.escalate_due_alerts(later) == 1
    assert services.escalate_due_alerts(later) == 0
    alert.refresh_from_db()
    assert alert.escalated_at is not None and alert.state == "escalated"
    assert Notification.objects.filter(kind="incident.escalation", recipient=world.org_a_manager).count() == 1
    assert alert.incident.timeline.filter(kind="escalation").count() == 1


def test_it_does_not_escalate_an_acknowledged_alert(world):
    alert = alert_to(world, world.a)
    services.do_acknowledge_alert(alert, actor=world.org_a_editor)
    assert services.escalate_due_alerts(timezone.now() + datetime.timedelta(hours=2)) == 0


def test_it_turns_a_lesson_into_a_task_whose_source_is_the_incident(world):
    from pckb.plans.models import Task

    incident = _contained(world)
    task = services.do_create_lesson_task(
        incident,
        actor=world.org_a1_editor,
        title="Bổ sung camera giám sát sảnh chờ",
        assignee=world.a1,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert Task.objects.get(pk=task.pk).source == incident
    assert incident.timeline.filter(kind="task").exists()


def test_it_counts_real_and_exercise_incidents_and_alerts(world):
    report(world)
    report(world, is_exercise=True)
    report(world, world.b1, actor=world.org_b_editor)
    today = timezone.localdate()
    assert compute("incidents.incidents_real", world.a, today, today) == 1
    assert compute("incidents.incidents_exercise", world.a, today, today) == 1
    assert compute("incidents.alerts_sent", world.a, today, today) == 2
    last_week = (today - datetime.timedelta(days=9), today - datetime.timedelta(days=1))
    assert compute("incidents.incidents_real", world.a, *last_week) == 0
