"""Templates, rounds and submissions through their services: rules, prefill, states, bad input."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pckb.core.models import AuditEntry
from pckb.core.workflow import do_transition
from pckb.plans.models import Task
from pckb.reports import services
from pckb.reports.models import ReportTemplate, SubmissionValue

from .factories import INDICATORS, PERIOD, SECTIONS, make_round, make_template

pytestmark = pytest.mark.django_db


def _task(world, assignee, *, done_on=None, deadline=datetime.date(2026, 3, 1)):
    task = Task.objects.create(
        organization=world.a, assignee=assignee, title="Rà soát mục tiêu", assigned_on=datetime.date(2026, 1, 5),
        deadline=deadline,
    )
    if done_on:
        from django.utils import timezone

        Task.objects.filter(pk=task.pk).update(
            status="done", completed_at=timezone.make_aware(datetime.datetime.combine(done_on, datetime.time(9)))
        )
    return task


def test_it_prefills_each_recipients_figures_from_its_own_subtree(world):
    _task(world, world.a1, done_on=datetime.date(2026, 2, 1))
    _task(world, world.a1, done_on=datetime.date(2026, 3, 1))
    _task(world, world.a1, done_on=datetime.date(2026, 7, 1))  # after the period
    _task(world, world.b1, done_on=datetime.date(2026, 2, 1))  # another province
    rnd = make_round(world)
    sub = rnd.submissions.get()
    assert sub.organization == world.a1
    row = sub.values.get(indicator__code="tasks_done")
    assert (row.computed, row.value) == (Decimal(2), Decimal(2))
    manual = sub.values.get(indicator__code="trainings")
    assert manual.computed is None and manual.value is None
    assert sub.texts == ["", ""]


def test_it_refuses_a_period_that_ends_before_it_starts_and_creates_nothing(world):
    with pytest.raises(ValidationError) as err:
        make_round(world, period_start=datetime.date(2026, 6, 14), period_end=datetime.date(2026, 1, 1))
    assert "period_end" in err.value.message_dict
    assert not world.a1.reportsubmission_set.exists() if hasattr(world.a1, "reportsubmission_set") else True


def test_it_refuses_recipients_inside_each_others_subtree(world):
    template = make_template(world)
    with pytest.raises(ValidationError) as err:
        make_round(world, world.root, recipients=[world.a, world.a1], template=template)
    assert "tính hai lần" in err.value.message_dict["recipients"][0]


def test_it_refuses_overriding_a_computed_value_without_a_reason(world):
    sub = make_round(world).submissions.get()
    with pytest.raises(ValidationError) as err:
        services.do_update_submission(sub, actor=world.org_a1_editor, values={"tasks_done": "5"})
    assert "reason_tasks_done" in err.value.message_dict
    assert sub.values.get(indicator__code="tasks_done").value == Decimal(0)
    services.do_update_submission(
        sub, actor=world.org_a1_editor, values={"tasks_done": {"value": "5", "reason": "Thêm 5 nhiệm vụ ngoài PCKB"}}
    )
    row = sub.values.get(indicator__code="tasks_done")
    assert row.value == Decimal(5) and row.override_reason.startswith("Thêm") and row.is_overridden


@pytest.mark.parametrize("raw", ["-1", "abc", "1e400", "NaN"])
def test_it_refuses_negative_or_non_numeric_figures(world, raw):
    sub = make_round(world).submissions.get()
    with pytest.raises(ValidationError) as err:
        services.do_update_submission(sub, actor=world.org_a1_editor, values={"trainings": raw})
    assert "value_trainings" in err.value.message_dict
    assert sub.values.get(indicator__code="trainings").value is None


def test_it_walks_draft_submitted_returned_resubmitted_accepted(world):
    sub = make_round(world).submissions.get()
    services.do_update_submission(sub, actor=world.org_a1_editor, texts={"0": "Đã ban hành 3 văn bản."})
    sub = do_transition(sub, "submitted", actor=world.org_a1_editor)
    with pytest.raises(ValidationError):
        services.do_update_submission(sub, actor=world.org_a1_editor, texts={"0": "Sửa sau khi nộp"})
    with pytest.raises(ValidationError):
        do_transition(sub, "returned", actor=world.org_a_manager)  # no comment
    sub = do_transition(sub, "returned", actor=world.org_a_manager, comment="Bổ sung số liệu tập huấn")
    assert sub.return_comment == "Bổ sung số liệu tập huấn"
    services.do_update_submission(sub, actor=world.org_a1_editor, values={"trainings": "4"})
    sub = do_transition(sub, "resubmitted", actor=world.org_a1_editor)
    with pytest.raises(PermissionDenied):
        do_transition(sub, "accepted", actor=world.org_a1_editor)
    sub = do_transition(sub, "accepted", actor=world.org_a_manager)
    assert sub.status == "accepted" and sub.accepted_at is not None
    assert AuditEntry.objects.filter(event_type="reports.reportsubmission.accepted").count() == 1


def test_it_refuses_submitting_after_the_round_is_closed(world):
    rnd = make_round(world)
    sub = rnd.submissions.get()
    do_transition(rnd, "closed", actor=world.org_a_manager)
    with pytest.raises(ValidationError) as err:
        do_transition(sub, "submitted", actor=world.org_a1_editor)
    assert "đã đóng" in " ".join(err.value.messages)
    sub.refresh_from_db()
    assert sub.status == "draft"


def test_it_refuses_accepting_a_unit_that_is_not_a_recipient(world):
    rnd = make_round(world)
    sub = rnd.submissions.get()
    do_transition(sub, "submitted", actor=world.org_a1_editor)
    rnd.recipients.clear()  # e.g. removed from the round after it reported
    with pytest.raises(ValidationError) as err:
        do_transition(sub, "accepted", actor=world.org_a_manager)
    assert "không thuộc danh sách" in " ".join(err.value.messages)
    sub.refresh_from_db()
    assert sub.status == "submitted"


def test_a_published_template_cannot_change_but_gets_a_new_version(world):
    template = make_template(world)
    with pytest.raises(ValidationError):
        services.do_update_report_template(template, actor=world.superuser, title="Khác")
    draft = services.do_new_template_version(template, actor=world.superuser)
    assert (draft.version, draft.family, draft.status) == (2, template.family, "draft")
    assert list(draft.indicators.values_list("code", flat=True)) == [i["code"] for i in INDICATORS]
    services.do_update_report_template(draft, actor=world.superuser, title="Báo cáo sơ kết (mẫu mới)")
    do_transition(draft, "published", actor=world.superuser)
    template.refresh_from_db()
    assert template.status == "superseded" and template.title == "Báo cáo sơ kết 6 tháng"


def test_a_published_template_is_readable_by_every_committee(world):
    template = make_template(world)
    draft = make_template(world, publish=False, title="Nháp")
    visible = set(ReportTemplate.objects.visible_to(world.org_b_editor).values_list("pk", flat=True))
    assert template.pk in visible and draft.pk not in visible


def test_apply_rollup_takes_the_sum_of_the_accepted_reports_of_the_units_own_round(world):
    template = make_template(world)
    national = make_round(world, world.root, recipients=[world.a, world.b], template=template)
    a_report = national.submissions.get(organization=world.a)
    own = make_round(world, world.a, recipients=[world.a1], template=template)
    a1_report = own.submissions.get()
    services.do_update_submission(a1_report, actor=world.org_a1_editor, values={"trainings": "7", "largest_drill": 150})
    do_transition(a1_report, "submitted", actor=world.org_a1_editor)
    do_transition(a1_report, "accepted", actor=world.org_a_manager)
    services.do_apply_rollup(a_report, actor=world.org_a_editor)
    values = dict(SubmissionValue.objects.filter(submission=a_report).values_list("indicator__code", "value"))
    assert values["trainings"] == Decimal(7) and values["largest_drill"] == Decimal(150)


def test_standard_period_windows_follow_decree_09():
    from pckb.reports.models import default_period

    assert default_period("six_month", 2026) == PERIOD
    assert default_period("annual", 2025) == (datetime.date(2024, 12, 15), datetime.date(2025, 12, 14))
    assert default_period("six_month", 2026, 2) == (datetime.date(2026, 6, 15), datetime.date(2026, 12, 14))
    assert SECTIONS
