"""Self-assessment campaigns: one checklist to many units, each answers its own, the committee compares."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pckb.core.testing import (
    ScopedActionMatrix,
    ScopedAddMatrix,
    ScopedDetailMatrix,
    _client,
)
from pckb.inspections import services
from pckb.inspections.models import Campaign, SelfAssessment
from pckb.organizations.models import Organization

from .factories import default_checklist, second_unit, unit_below


def campaign(world: Any, org: Organization, units: list[Organization] | None = None) -> Campaign:
    return services.do_create_campaign(
        org, actor=world.superuser, title="Tự kiểm tra công tác PCKB năm 2026", checklist=default_checklist(),
        deadline=datetime.date(2026, 12, 15), recipients=units or [unit_below(world, org)],
    )


def all_answers(sa: SelfAssessment, answer: str = "met") -> dict[int, dict[str, str]]:
    return {c.pk: {"answer": answer, "note": ""} for c in sa.campaign.checklist.criteria_for(sa.unit_kind)}


@pytest.mark.django_db
def test_each_unit_answers_its_own_and_the_committee_compares(world):
    c = campaign(world, world.a, [world.a1, second_unit(world)])
    mine = c.self_assessments.get(organization=world.a1)
    with pytest.raises(ValidationError):
        services.do_submit_self_assessment(mine, actor=world.org_a1_editor)
    services.do_answer_self_assessment(mine, all_answers(mine), actor=world.org_a1_editor)
    services.do_submit_self_assessment(mine, actor=world.org_a1_editor)
    mine.refresh_from_db()
    assert mine.submitted and mine.score == Decimal("100.0")
    with pytest.raises(ValidationError):
        services.do_answer_self_assessment(mine, all_answers(mine, "not_met"), actor=world.org_a1_editor)
    other = c.self_assessments.get(organization=second_unit(world))
    with pytest.raises(PermissionDenied):
        services.do_answer_self_assessment(other, all_answers(other), actor=world.org_a_viewer)
    assert set(SelfAssessment.objects.visible_to(world.org_a1_editor).values_list("organization", flat=True)) == {
        world.a1.pk}
    html = _client(world.org_a_viewer).get(c.get_absolute_url()).content.decode()
    assert "100,0" in html and "Sở Văn hóa tỉnh A" in html


@pytest.mark.django_db
def test_a_unit_outside_the_committee_or_a_bad_answer_is_refused(world):
    with pytest.raises(ValidationError):
        campaign(world, world.a, [world.b1])
    c = campaign(world, world.a, [world.a1])
    sa = c.self_assessments.get()
    with pytest.raises(ValidationError):
        services.do_answer_self_assessment(sa, {999999: {"answer": "met"}}, actor=world.org_a1_editor)
    key = next(iter(all_answers(sa)))
    with pytest.raises(ValidationError):
        services.do_answer_self_assessment(sa, {key: {"answer": "great"}}, actor=world.org_a1_editor)
    assert SelfAssessment.objects.get(pk=sa.pk).answers == {}


class TestCampaignPages(ScopedDetailMatrix, ScopedAddMatrix):
    model = Campaign
    url_prefix = "inspections:campaign"
    below_add_status = 403

    def make_object(self, world: Any, org: Organization) -> Campaign:
        return campaign(world, org)

    def form_data(self, world: Any, org: Organization) -> dict[str, Any]:
        return {"organization": org.pk, "title": "Tự kiểm tra quý IV", "checklist": default_checklist().pk,
                "deadline": "20/12/2026", "recipients": [unit_below(world, org).pk], "classification": 0}


def _self_assessment(world: Any, org: Organization) -> SelfAssessment:
    """A self-assessment owned by `org`, asked by the committee above it."""
    parent = org.parent or org
    return campaign(world, parent, [org]).self_assessments.get()


class TestSelfAssessmentPage(ScopedDetailMatrix):
    model = SelfAssessment
    url_prefix = "inspections:selfassessment"
    list_url = None

    def make_object(self, world: Any, org: Organization) -> SelfAssessment:
        return _self_assessment(world, org)


class TestSelfAssessmentAnswers(ScopedActionMatrix):
    model = SelfAssessment
    action_route = "inspections:selfassessment_answers"

    def make_object(self, world: Any, org: Organization) -> SelfAssessment:
        return _self_assessment(world, org)

    def action_data(self, world: Any, obj: SelfAssessment) -> dict[str, Any]:
        return {f"a{pk}": "partly" for pk in all_answers(obj)}

    def state(self, obj: SelfAssessment) -> Any:
        return SelfAssessment.objects.get(pk=obj.pk).answers


class TestSelfAssessmentSubmit(ScopedActionMatrix):
    model = SelfAssessment
    action_route = "inspections:selfassessment_transition"

    def make_object(self, world: Any, org: Organization) -> SelfAssessment:
        sa = _self_assessment(world, org)
        return services.do_answer_self_assessment(sa, all_answers(sa), actor=world.superuser)

    def action_url(self, obj: SelfAssessment) -> str:
        return reverse(self.action_route, args=[obj.pk]) + "?to=submitted"

    def action_data(self, world: Any, obj: SelfAssessment) -> dict[str, Any]:
        return {"to": "submitted"}
