"""Places for the key target tests and browser tests: two provinces with some communes."""

from __future__ import annotations

import datetime
from typing import Any

from pckb.geo.models import AdminUnit

__all__ = ["places", "unit"]

REFORM = datetime.date(2025, 7, 1)


def unit(level: str, code: str, name: str, parent: AdminUnit | None = None, **extra: Any) -> AdminUnit:
    found = AdminUnit.objects.filter(level=level, code=code).first()
    return found or AdminUnit.objects.create(level=level, code=code, name=name, parent=parent, **extra)


def places() -> dict[str, AdminUnit]:
    """Quảng Ninh with two wards and a retired commune, and Bắc Ninh with one ward."""
    qn = unit("province", "22", "Tỉnh Quảng Ninh", valid_from=REFORM)
    bn = unit("province", "24", "Tỉnh Bắc Ninh", valid_from=REFORM)
    return {
        "qn": qn,
        "bn": bn,
        "halong": unit("commune", "06652", "Phường Hạ Long", qn, valid_from=REFORM),
        "bai_chay": unit("commune", "06661", "Phường Bãi Cháy", qn, valid_from=REFORM),
        "old": unit("commune", "06700", "Xã Hoành Bồ", qn, valid_to=REFORM - datetime.timedelta(days=1)),
        "kinh_bac": unit("commune", "09190", "Phường Kinh Bắc", bn, valid_from=REFORM),
    }
