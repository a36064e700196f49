"""Bad input through the API: clear 400s naming the field, nothing changed."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pckb.reports.models import ReportingRound

from .factories import make_round, make_template

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_a_negative_figure_or_a_change_without_reason_is_a_400_and_changes_nothing(world):
    sub = make_round(world).submissions.get()
    url = f"/api/v1/report-submissions/{sub.pk}/"
    answer = _api(world.org_a1_editor).patch(url, {"figures": {"trainings": -2}}, format="json")
    assert answer.status_code == 400 and "value_trainings" in answer.json()
    answer = _api(world.org_a1_editor).patch(url, {"figures": {"tasks_done": 9}}, format="json")
    assert answer.status_code == 400 and "reason_tasks_done" in answer.json()
    answer = _api(world.org_a1_editor).patch(url, {"figures": {"nope": 1}}, format="json")
    assert answer.status_code == 400 and "values" in answer.json()
    answer = _api(world.org_a1_editor).patch(url, {"status": "accepted"}, format="json")
    assert answer.status_code == 400 and "status" in answer.json()
    assert set(sub.values.values_list("value", flat=True)) == {None, 0}


def test_a_round_ending_before_it_starts_or_with_a_draft_template_is_a_400(world):
    template = make_template(world)
    body = {
        "organization": world.a.pk,
        "template": template.pk,
        "period_label": "Sai kỳ",
        "period_start": "2026-06-14",
        "period_end": "2026-01-01",
        "due_date": "2026-06-18",
    }
    answer = _api(world.org_a_manager).post("/api/v1/reporting-rounds/", body, format="json")
    assert answer.status_code == 400 and "period_end" in answer.json()
    draft = make_template(world, world.a, publish=False)
    answer = _api(world.org_a_manager).post(
        "/api/v1/reporting-rounds/", {**body, "period_end": "2026-06-14", "template": draft.pk}, format="json"
    )
    assert answer.status_code == 400 and "template" in answer.json()
    assert not ReportingRound.objects.exists()


def test_submitting_after_the_round_is_closed_is_a_400(world):
    from pckb.core.workflow import do_transition

    rnd = make_round(world)
    do_transition(rnd, "closed", actor=world.org_a_manager)
    sub = rnd.submissions.get()
    answer = _api(world.org_a1_editor).post(
        f"/api/v1/report-submissions/{sub.pk}/transition", {"to": "submitted"}, format="json"
    )
    assert answer.status_code == 400
    sub.refresh_from_db()
    assert sub.status == "draft"


def test_a_recipient_may_not_read_the_rollup_of_the_round_above_it(world):
    rnd = make_round(world, world.root, recipients=[world.a, world.b])
    assert _api(world.org_a_manager).get(f"/api/v1/reporting-rounds/{rnd.pk}/rollup").status_code == 403
    assert _api(world.superuser).get(f"/api/v1/reporting-rounds/{rnd.pk}/rollup").status_code == 200
