"""Loading the administrative units shipped with PCKB (src/pckb/geo/data, MIT licence beside the files).

Two snapshots of thanglequoc/vietnamese-provinces-database:

- the current two-level structure (34 provinces, 3,321 communes), in force since 1 Jul 2025;
- the last three-level structure before the merger (63 provinces, 696 districts, ~10,000 communes),
  kept as historical units valid until 30 Jun 2025 because older records name them.

Units are keyed by (level, code, valid_from): codes are reused across eras. Loading is an upsert, so
running it twice changes nothing and a newer snapshot updates names in place.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from pckb.core.text import nfc, vn_fold

from .choices import AdminLevel
from .models import REFORM_DATE, AdminUnit
from .outlines import (
    OUTLINES_STATIC_PATH,
    Province,
    outlines,
    point_in_province,
    province_at,
    province_bbox,
    random_point_in_province,
)

# The provinces' outlines are offered here too: apps import each other's models and services only.
__all__ = [
    "load_admin_units",
    "LoadResult",
    "CURRENT_FILE",
    "HISTORICAL_FILE",
    "OUTLINES_STATIC_PATH",
    "Province",
    "outlines",
    "point_in_province",
    "province_at",
    "province_bbox",
    "random_point_in_province",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_FILE = DATA_DIR / "units-2026-07-25.json"
HISTORICAL_FILE = DATA_DIR / "units-2025-07-12-pre-merger.json"
HISTORICAL_TO = REFORM_DATE - datetime.timedelta(days=1)

# NQ 30/2026/QH16 made Đồng Nai a centrally-run city from 30 Apr 2026 under the same code. The snapshot
# only has the new name, so the province as it stood from 1 Jul 2025 is added as a retired unit. The ten
# communes that became wards on that day keep their current names only: the snapshot has no older ones.
ERA_SPLITS: dict[tuple[str, str], tuple[datetime.date, str]] = {
    (AdminLevel.PROVINCE, "75"): (datetime.date(2026, 4, 30), "Tỉnh Đồng Nai"),
}

Key = tuple[str, str, datetime.date | None]


@dataclass(frozen=True)
class UnitRow:
    level: str
    code: str
    name: str
    parent: Key | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @property
    def key(self) -> Key:
        return (self.level, self.code, self.valid_from)


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: int = 0
    unchanged: int = 0

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def _clean_name(name: str) -> str:
    # One source row is spelt "xã Bắc Sơn"; every other name starts with a capital.
    name = nfc(name)
    return name[:1].upper() + name[1:]


def _current_rows(data: list[dict]) -> Iterator[UnitRow]:
    for province in data:
        code = province["Code"]
        valid_from = REFORM_DATE
        split = ERA_SPLITS.get((AdminLevel.PROVINCE, code))
        if split is not None:
            valid_from, old_name = split
            yield UnitRow(
                AdminLevel.PROVINCE,
                code,
                old_name,
                None,
                REFORM_DATE,
                valid_from - datetime.timedelta(days=1),
            )
        province_key = (AdminLevel.PROVINCE, code, valid_from)
        yield UnitRow(AdminLevel.PROVINCE, code, _clean_name(province["FullName"]), None, valid_from, None)
        for commune in province.get("Wards") or []:
            yield UnitRow(
                AdminLevel.COMMUNE, commune["Code"], _clean_name(commune["FullName"]), province_key, REFORM_DATE, None
            )


def _historical_rows(data: list[dict]) -> Iterator[UnitRow]:
    # The start of each retired unit is not in the data: valid_from stays empty ("since before PCKB").
    for province in data:
        province_key = (AdminLevel.PROVINCE, province["Code"], None)
        yield _retired(AdminLevel.PROVINCE, province, None)
        for district in province.get("District") or []:
            district_key = (AdminLevel.DISTRICT, district["Code"], None)
            yield _retired(AdminLevel.DISTRICT, district, province_key)
            for commune in district.get("Ward") or []:
                yield _retired(AdminLevel.COMMUNE, commune, district_key)


def _retired(level: str, item: dict, parent: Key | None) -> UnitRow:
    return UnitRow(level, item["Code"], _clean_name(item["FullName"]), parent, None, HISTORICAL_TO)


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


LEVEL_ORDER = (AdminLevel.PROVINCE, AdminLevel.DISTRICT, AdminLevel.COMMUNE)


@transaction.atomic
def load_admin_units(
    *,
    current_only: bool = False,
    current_file: Path = CURRENT_FILE,
    historical_file: Path = HISTORICAL_FILE,
) -> LoadResult:
    """Create or refresh the administrative units; parents are loaded before their children.

    `current_only` skips the ~10,800 retired units (fast test and demo set-ups).
    """
    rows: list[UnitRow] = list(_current_rows(_read(current_file)))
    if not current_only:
        rows.extend(_historical_rows(_read(historical_file)))
    existing = {
        (level, code, valid_from): (pk, name, parent_id, valid_to)
        for pk, level, code, valid_from, name, parent_id, valid_to in AdminUnit.objects.values_list(
            "pk", "level", "code", "valid_from", "name", "parent_id", "valid_to"
        )
    }
    ids: dict[Key, int] = {key: value[0] for key, value in existing.items()}
    result = LoadResult()
    for level in LEVEL_ORDER:
        level_rows = [r for r in rows if r.level == level]
        to_create = [r for r in level_rows if r.key not in existing]
        created = AdminUnit.objects.bulk_create(_new_units(to_create, ids), batch_size=2000)
        for row, unit in zip(to_create, created, strict=True):
            ids[row.key] = unit.pk
        result.created[level] = len(created)
        changed = list(_changed_units((r for r in level_rows if r.key in existing), existing, ids))
        AdminUnit.objects.bulk_update(changed, ["name", "search_name", "parent", "valid_to"], batch_size=2000)
        result.updated += len(changed)
        result.unchanged += len(level_rows) - len(to_create) - len(changed)
    return result


def _new_units(rows: Iterable[UnitRow], ids: dict[Key, int]) -> list[AdminUnit]:
    # bulk_create skips save(): the folded search key is computed here, as save() would.
    return [
        AdminUnit(
            level=r.level,
            code=r.code,
            name=r.name,
            search_name=vn_fold(r.name),
            parent_id=ids[r.parent] if r.parent else None,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
        )
        for r in rows
    ]


def _changed_units(
    rows: Iterable[UnitRow], existing: dict[Key, tuple], ids: dict[Key, int]
) -> Iterator[AdminUnit]:
    for r in rows:
        pk, name, parent_id, valid_to = existing[r.key]
        new_parent = ids[r.parent] if r.parent else None
        if (name, parent_id, valid_to) != (r.name, new_parent, r.valid_to):
            yield AdminUnit(
                pk=pk, name=r.name, search_name=vn_fold(r.name), parent_id=new_parent, valid_to=r.valid_to
            )
