"""The loaded administrative units: periods, the Đồng Nai change, idempotence (units loaded once per module)."""

from __future__ import annotations

import datetime

from pckb.geo.models import AdminUnit
from pckb.geo.services import load_admin_units

REFORM = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE = datetime.date(2025, 6, 30)


def test_it_keeps_the_periods_apart_when_codes_repeat(all_units: None) -> None:
    # Code 00004 is Phường Ba Đình since 1 July 2025, and was Phường Trúc Bạch (quận Ba Đình) before.
    new = AdminUnit.objects.get(level="commune", code="00004", valid_from=REFORM)
    old = AdminUnit.objects.get(level="commune", code="00004", valid_from__isnull=True)
    assert (new.name, new.valid_to, new.parent.name) == ("Phường Ba Đình", None, "Thành phố Hà Nội")
    assert (old.name, old.valid_to, old.parent.name) == ("Phường Trúc Bạch", LAST_DAY_BEFORE, "Quận Ba Đình")
    assert old.parent.parent.name == "Thành phố Hà Nội"
    assert old.parent.level == "district"


def test_it_records_dong_nai_becoming_a_city_on_30_april_2026(all_units: None) -> None:
    city = AdminUnit.objects.current().get(level="province", code="75")
    province = AdminUnit.objects.get(level="province", code="75", valid_from=REFORM)
    assert (city.name, city.valid_from, city.valid_to) == ("Thành phố Đồng Nai", datetime.date(2026, 4, 30), None)
    assert (province.name, province.valid_to) == ("Tỉnh Đồng Nai", datetime.date(2026, 4, 29))
    assert city.children.count() == 95
    assert AdminUnit.objects.current(on=datetime.date(2026, 1, 1)).get(level="province", code="75") == province


def test_it_changes_nothing_when_run_twice(all_units: None) -> None:
    before = list(AdminUnit.objects.order_by("pk").values_list("pk", "name", "parent_id", "valid_from", "valid_to"))
    result = load_admin_units()
    after = list(AdminUnit.objects.order_by("pk").values_list("pk", "name", "parent_id", "valid_from", "valid_to"))
    assert after == before
    assert (result.total_created, result.updated, result.unchanged) == (0, 0, len(before))


def test_it_refreshes_a_renamed_unit_in_place(all_units: None) -> None:
    unit = AdminUnit.objects.current().get(level="province", code="11")
    AdminUnit.objects.filter(pk=unit.pk).update(name="Old name", search_name="old name")
    result = load_admin_units(current_only=True)
    unit.refresh_from_db()
    assert (unit.name, unit.search_name) == ("Tỉnh Điện Biên", "tinh dien bien")
    assert result.updated == 1


def test_it_capitalises_the_one_lower_case_name_of_the_source(all_units: None) -> None:
    assert AdminUnit.objects.filter(code="06325", valid_from=REFORM).get().name == "Xã Bắc Sơn"
