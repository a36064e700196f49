"""The outreach demo: the public core once, a year of events with headcounts, a gap list with something in it."""

from __future__ import annotations

import pytest

from pckb.core.audit import verify_chain
from pckb.organizations.models import Organization
from pckb.outreach import services
from pckb.outreach.demo import EVENTS, seed
from pckb.outreach.models import Dissemination, LegalDocument, TrainingEvent
from pckb.plans.models import Task

pytestmark = pytest.mark.django_db


def test_it_seeds_the_core_and_a_province_year_once(world):
    world.a.level = "province"
    world.a.save()
    for index in range(2, 5):
        Organization.objects.create(
            name=f"Sở số {index} tỉnh A", code=f"a{index}", kind="agency", level="province", parent=world.a
        )
    users = {"quocgia": world.superuser, "a": world.org_a_manager}
    created = seed({"quocgia": world.root, "a": world.a}, users)
    assert created > len(EVENTS)
    assert LegalDocument.objects.filter(is_public=True, organization=world.root).count() == len(services.PUBLIC_CORE)
    events = TrainingEvent.objects.filter(organization=world.a)
    assert events.count() == len(EVENTS)
    kinds = set(events.values_list("kind", flat=True))
    assert kinds == {"training", "interim_review", "annual_review", "outreach_campaign"}
    assert all(e.total_headcount() > 0 for e in events.exclude(participants=None))
    assert Task.objects.filter(source_type__model="trainingevent").exists()
    law = LegalDocument.objects.get(number="28/2013/QH13")
    gap = list(services.gap_organizations(law, world.a))
    assert gap and Dissemination.objects.filter(documents=law).exists()
    assert next(verify_chain(), None) is None
    assert seed({"quocgia": world.root, "a": world.a}, users) == 0
