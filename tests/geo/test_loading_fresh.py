"""Loading the shipped administrative units into an empty database: counts and the command (speed: tests/bench)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from pckb.geo.models import AdminUnit
from pckb.geo.services import load_admin_units

LAST_DAY_BEFORE = datetime.date(2025, 6, 30)


@pytest.mark.django_db
def test_it_loads_34_current_provinces_and_3321_communes_and_the_historical_units() -> None:
    result = load_admin_units()

    current = AdminUnit.objects.current()
    assert current.filter(level="province").count() == 34
    assert current.filter(level="commune").count() == 3321
    assert current.filter(level="district").count() == 0
    # Pre-merger: 63 provinces, 696 districts and ~10,000 communes, all ending on 30 June 2025.
    historical = AdminUnit.objects.filter(valid_to=LAST_DAY_BEFORE)
    assert historical.filter(level="province").count() == 63
    assert historical.filter(level="district").count() == 696
    assert historical.filter(level="commune").count() > 10_000
    assert result.total_created == AdminUnit.objects.count()


@pytest.mark.django_db
def test_the_command_loads_current_units_only_when_asked() -> None:
    out = StringIO()
    call_command("load_admin_units", "--current-only", stdout=out)
    assert AdminUnit.objects.count() == 34 + 1 + 3321  # plus Tỉnh Đồng Nai before 30 April 2026
    assert "commune: 3321" in out.getvalue()
    call_command("load_admin_units", "--current-only", stdout=out)
    assert "unchanged: 3356" in out.getvalue()
