"""The inspections demo: missions of a national and a province committee, findings in every state."""

from __future__ import annotations

import pytest

from pckb.core.audit import verify_chain
from pckb.inspections.demo import seed
from pckb.inspections.models import Finding, Inspection
from pckb.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_it_seeds_missions_in_every_state_once(world):
    for n, name in enumerate(("Công an tỉnh B", "Sở Y tế tỉnh B 2", "Ngân hàng Nhà nước KV", "Sở Văn hóa B")):
        Organization.objects.create(name=name, code=f"b-x{n}", kind="agency", level="province", parent=world.b)
    committees = {"quocgia": world.root, "bacninh": world.a, "dienbien": world.b}
    users = {"quocgia": world.superuser, "bacninh": world.org_a_admin, "dienbien": world.superuser}
    assert seed(committees, users) == 5
    assert set(Inspection.objects.values_list("status", flat=True)) == {"follow_up", "closed", "in_progress", "planned"}
    states = {f.state for f in Finding.objects.select_related("task")}
    assert states == {"recorded", "open", "reported", "verified", "cancelled"}
    national = Inspection.objects.get(organization=world.root)
    assert list(national.inspected.all()) == [world.a]
    assert next(verify_chain(), None) is None
    from pckb.inspections.models import SelfAssessment

    assert SelfAssessment.objects.filter(submitted=True).exists()
    assert SelfAssessment.objects.filter(submitted=False, score__isnull=False).exists()
    assert seed(committees, users) == 0
