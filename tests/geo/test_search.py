"""Diacritics- and đ-insensitive lookups of administrative units."""

from __future__ import annotations

import pytest

from pckb.core.text import vn_fold
from pckb.geo.models import AdminUnit


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dien bien", "Tỉnh Điện Biên"),
        ("Điện Biên", "Tỉnh Điện Biên"),
        ("DIEN BIEN", "Tỉnh Điện Biên"),
        ("dak lak", "Tỉnh Đắk Lắk"),
        ("ho chi minh", "Thành phố Hồ Chí Minh"),
        ("quang ninh", "Tỉnh Quảng Ninh"),
    ],
)
def test_it_finds_provinces_whatever_the_accents(current_units: None, typed: str, expected: str) -> None:
    names = set(AdminUnit.objects.current().filter(level="province").search(typed).values_list("name", flat=True))
    assert names == {expected}


def test_it_finds_communes_by_part_of_their_name(current_units: None) -> None:
    names = set(AdminUnit.objects.current().filter(level="commune").search("ha long").values_list("name", flat=True))
    assert "Phường Hạ Long" in names
    assert all("ha long" in vn_fold(name) for name in names)
