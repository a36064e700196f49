"""Key targets and response plans through their services: rules, codes, approval, readiness."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from pckb.core.models import AuditEntry
from pckb.targets import services
from pckb.targets.choices import Readiness, ResponsePlanStatus, TargetStatus
from pckb.targets.models import KeyTarget, ResponsePlan, add_months
from pckb.targets.readiness import readiness_of, register_readiness_source

from .factories import make_plan, make_target, pdf, places, scenario, target_fields

pytestmark = pytest.mark.django_db


def test_it_gives_each_target_a_stable_code_of_its_province(world):
    first = make_target(world)
    second = make_target(world, name="Cảng tàu khách quốc tế Hạ Long")
    other = make_target(world, province=places()["bn"], admin_unit=places()["kinh_bac"])
    assert (first.code, second.code, other.code) == ("QNI-0001", "QNI-0002", "BNH-0001")
    services.do_update_key_target(first, actor=world.org_a_editor, name="Sân bay Vân Đồn")
    first.refresh_from_db()
    assert first.code == "QNI-0001"


def test_it_continues_numbering_after_a_code_given_explicitly(world):
    services.do_create_key_target(world.a, actor=world.org_a_editor, code="QNI-0040", **target_fields())
    assert make_target(world).code == "QNI-0041"


def test_it_refuses_a_duplicate_code_and_creates_nothing(world):
    make_target(world)
    with pytest.raises(ValidationError) as err:
        services.do_create_key_target(world.a, actor=world.org_a_editor, code="qni-0001", **target_fields())
    assert "QNI-0001" in err.value.message_dict["code"][0]
    assert KeyTarget.objects.count() == 1


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [("48.856600", "2.352200", "latitude"), ("21.000000", "120.500000", "longitude"), ("-5", "105", "latitude")],
)
def test_it_refuses_coordinates_outside_vietnam(world, latitude, longitude, field):
    with pytest.raises(ValidationError) as err:
        make_target(world, latitude=Decimal(latitude), longitude=Decimal(longitude))
    assert "Việt Nam" in err.value.message_dict[field][0] or "Vietnam" in err.value.message_dict[field][0]
    assert not KeyTarget.objects.exists()
    assert not AuditEntry.objects.filter(object_type="targets.keytarget").exists()


def test_it_refuses_a_commune_of_another_province(world):
    with pytest.raises(ValidationError) as err:
        make_target(world, admin_unit=places()["kinh_bac"])
    assert "Kinh Bắc" in err.value.message_dict["admin_unit"][0]
    assert not KeyTarget.objects.exists()


def test_it_accepts_a_retired_commune_only_for_a_target_listed_before_it_was_retired(world):
    old = places()["old"]
    with pytest.raises(ValidationError) as err:
        make_target(world, admin_unit=old)
    assert "admin_unit" in err.value.message_dict
    listed = make_target(world, admin_unit=old, listing_decision_date=datetime.date(2020, 5, 4))
    assert listed.admin_unit == old


def test_an_agency_editor_edits_only_the_targets_its_organization_owns(world):
    own = make_target(world, world.a1, actor=world.org_a1_editor)
    committee = make_target(world, world.a)
    services.do_update_key_target(own, actor=world.org_a1_editor, address="Số 1 đường Cái Rồng")
    with pytest.raises(Http404):
        services.do_update_key_target(committee, actor=world.org_a1_editor, address="x")
    with pytest.raises(Http404):
        services.do_update_key_target(own, actor=world.org_b_editor, address="x")
    committee.refresh_from_db()
    assert committee.address == "Xã Vân Đồn, tỉnh Quảng Ninh"


def test_removing_a_target_needs_a_reason_and_a_manager(world):
    target = make_target(world)
    with pytest.raises(ValidationError):
        services.do_remove_key_target(target, "", actor=world.org_a_manager)
    with pytest.raises(PermissionDenied):
        services.do_remove_key_target(target, "Đã di dời", actor=world.org_a_editor)
    removed = services.do_remove_key_target(target, "Đã di dời trụ sở", actor=world.org_a_manager)
    assert (removed.status, removed.removed_on, removed.removal_reason) == (
        TargetStatus.REMOVED,
        timezone.localdate(),
        "Đã di dời trụ sở",
    )
    restored = services.do_restore_key_target(removed, actor=world.org_a_manager)
    assert (restored.status, restored.removed_on, restored.removal_reason) == (TargetStatus.ACTIVE, None, "")


def test_a_new_plan_starts_from_the_targets_scenarios_with_default_steps(world):
    target = make_target(world, scenarios=[scenario("bomb-threat"), scenario("drone")])
    plan = make_plan(world, target)
    assert plan.version == 1 and plan.status == ResponsePlanStatus.DRAFT
    rows = {ps.scenario.code: ps.steps for ps in plan.scenarios.all()}
    assert set(rows) == {"bomb-threat", "drone"}
    assert rows["bomb-threat"] == scenario("bomb-threat").default_steps


def test_approving_without_a_document_is_refused_and_changes_nothing(world):
    plan = make_plan(world, make_target(world))
    with pytest.raises(ValidationError) as err:
        services.do_approve_response_plan(plan, actor=world.org_a_manager)
    assert "attachment" in err.value.message_dict
    plan.refresh_from_db()
    assert plan.status == ResponsePlanStatus.DRAFT and plan.approved_on is None
    assert not AuditEntry.objects.filter(event_type="targets.responseplan.approved").exists()


def test_approving_a_new_version_supersedes_the_previous_one_in_one_audited_step(world):
    target = make_target(world)
    first = make_plan(world, target, approved=True)
    assert first.next_review_due == add_months(timezone.localdate(), 12)
    second = make_plan(world, target, title="Phương án bảo vệ (sửa đổi)", review_cycle_months=6)
    assert second.version == 2
    approved = services.do_approve_response_plan(second, actor=world.org_a_manager, attachment=pdf())
    first.refresh_from_db()
    assert first.status == ResponsePlanStatus.SUPERSEDED and first.superseded_on == timezone.localdate()
    assert approved.status == ResponsePlanStatus.APPROVED
    assert approved.approved_by == world.org_a_manager
    assert approved.next_review_due == add_months(timezone.localdate(), 6)
    events = AuditEntry.objects.filter(object_type="targets.responseplan").values_list("event_type", flat=True)
    assert list(events).count("targets.responseplan.superseded") == 1
    assert ResponsePlan.objects.filter(target=target, status="approved").count() == 1


def test_an_approved_plan_cannot_be_edited(world):
    plan = make_plan(world, make_target(world), approved=True)
    with pytest.raises(ValidationError):
        services.do_update_response_plan(plan, actor=world.org_a_editor, title="Khác")


def test_an_editor_cannot_approve(world):
    plan = make_plan(world, make_target(world))
    with pytest.raises(PermissionDenied):
        services.do_approve_response_plan(plan, actor=world.org_a_editor, attachment=pdf())
    plan.refresh_from_db()
    assert plan.status == ResponsePlanStatus.DRAFT


def test_readiness_follows_the_plans_and_their_scenarios(world):
    target = make_target(world, scenarios=[scenario("bomb-threat"), scenario("drone")])
    assert readiness_of(target).state == Readiness.ATTENTION
    plan = make_plan(world, target)
    services.do_remove_plan_scenario(plan, scenario("drone"), actor=world.org_a_editor)
    services.do_approve_response_plan(plan, actor=world.org_a_manager, attachment=pdf())
    report = readiness_of(target)
    assert report.state == Readiness.ATTENTION  # the drone scenario is not covered
    assert [c.state for c in report.checks] == ["ok", "failed", "unknown", "unknown"]
    second = make_plan(world, target)
    services.do_set_plan_scenario(second, scenario("drone"), "Theo dõi\nBáo cáo", actor=world.org_a_editor)
    services.do_approve_response_plan(second, actor=world.org_a_manager, attachment=pdf())
    assert readiness_of(target).state == Readiness.READY
    soon = timezone.localdate() + datetime.timedelta(days=350)
    assert readiness_of(target, today=soon).state == Readiness.DUE_SOON
    late = timezone.localdate() + datetime.timedelta(days=400)
    assert readiness_of(target, today=late).state == Readiness.ATTENTION


def test_a_registered_source_turns_its_unknown_check_into_a_dated_one(world, monkeypatch):
    from pckb.targets import readiness

    monkeypatch.setattr(readiness, "_SOURCES", {})
    target = make_target(world)
    make_plan(world, target, approved=True)
    assert readiness_of(target).state == Readiness.READY
    long_ago = timezone.localdate() - datetime.timedelta(days=500)
    register_readiness_source("drill", "Diễn tập trong 12 tháng", lambda ids: dict.fromkeys(ids, long_ago))
    report = readiness_of(target)
    assert report.state == Readiness.ATTENTION
    assert [c.state for c in report.checks][-2:] == ["unknown", "failed"]


def test_initial_response_steps_prefer_the_approved_plan(world):
    target = make_target(world, scenarios=[scenario("hostage")])
    assert services.initial_response_steps(target, "hostage") == scenario("hostage").default_steps
    plan = make_plan(world, target, kind="response", title="Phương án xử lý")
    services.do_set_plan_scenario(plan, scenario("hostage"), ["Báo cáo", "Cô lập"], actor=world.org_a_editor)
    assert services.initial_response_steps(target, "hostage") == scenario("hostage").default_steps
    services.do_approve_response_plan(plan, actor=world.org_a_manager, attachment=pdf())
    assert services.initial_response_steps(target, scenario("hostage")) == ["Báo cáo", "Cô lập"]
    assert services.initial_response_steps(target, "no-such-scenario") == []


def test_an_empty_checklist_is_refused(world):
    plan = make_plan(world, make_target(world))
    with pytest.raises(ValidationError) as err:
        services.do_set_plan_scenario(plan, scenario("arson"), " \n ", actor=world.org_a_editor)
    assert "steps" in err.value.message_dict
    assert not plan.scenarios.filter(scenario__code="arson").exists()


def test_review_reminders_reach_the_owner_once(world):
    from pckb.notifications.models import Notification

    target = make_target(world, world.a1, actor=world.org_a1_editor)
    plan = make_plan(world, target, approved=True, review_cycle_months=1)
    day = plan.next_review_due - datetime.timedelta(days=10)
    assert services.send_review_reminders(day) >= 1
    assert services.send_review_reminders(day) == 0
    note = Notification.objects.get(recipient=world.org_a1_editor, kind="responseplan.review")
    assert note.url == plan.get_absolute_url()
    assert services.send_review_reminders(plan.next_review_due + datetime.timedelta(days=1)) == 0
