"""The 2025 reorganisation in the demo provinces, played through the lifecycle services.

- 1 March 2025: each province's Sở Thông tin và Truyền thông merged into its Sở Khoa học và Công nghệ
  (Nghị quyết 18-NQ/TW streamlining); the Ban Dân tộc of Bắc Ninh became the Sở Dân tộc và Tôn giáo
  (recorded as a rename of the same body); the district police were dissolved (three-level police).
- 1 July 2025: the district level was abolished; the committee of huyện Vân Đồn (Quảng Ninh), linked to
  the pre-2025 district unit, is dissolved (its records stay readable by the provincial committee). The
  commune committees of the two-level government (data.CommuneSpec) and their agencies exist from that
  day: the tree "as on" a date of 2024 does not list them.

Historical tasks of these bodies (2024) are the task tracker's demo (plans.demo.seed_history).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from pckb.geo.choices import AdminLevel
from pckb.geo.models import AdminUnit
from pckb.geo.services import HISTORICAL_TO

from ..choices import OrganizationKind, OrganizationLevel
from ..lifecycle import do_dissolve_organization, do_merge_organization, do_rename_organization
from ..models import Organization
from ..services import do_create_organization, do_update_organization
from .data import PROVINCES

__all__ = ["MERGED_DIC", "DISSOLVED_DISTRICT", "RENAMED", "reorganise_2025"]

MARCH_2025 = datetime.date(2025, 3, 1)
JULY_2025 = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class MergedAgency:
    committee: str  # the demo committee key
    place: str
    successor: str  # the agency key of the successor (data.AgencySpec.key)
    province_code: str  # the province's code before 1 July 2025


# The Sở Thông tin và Truyền thông of these provinces; codes "<committee code>-tttt".
MERGED_DIC = (
    MergedAgency("quangninh", "tỉnh Quảng Ninh", "khcn", "22"),
    MergedAgency("bacninh", "tỉnh Bắc Ninh", "khcn", "27"),
)
# (committee key, agency key, name before 1 March 2025, short name then)
RENAMED = ("bacninh", "dttg", "Ban Dân tộc tỉnh Bắc Ninh", "Ban DT")
# (committee key, pre-2025 province code, district code, district name)
DISSOLVED_DISTRICT = ("quangninh", "22", "203", "huyện Vân Đồn")
DISTRICT_COMMITTEE_CODE = "bcd-quang-ninh-van-don-cu"


def _retired_unit(level: str, code: str, name: str, parent: AdminUnit | None = None) -> AdminUnit:
    """A unit of the pre-2025 structure, as geo's full load creates it (same key: level, code, no start).

    The demo loads only the current units; these few retired ones are what its historical bodies name.
    Running `pckb manage load_admin_units` later upserts the same rows.
    """
    unit, _created = AdminUnit.objects.get_or_create(
        level=level, code=code, valid_from=None, defaults={"name": name, "parent": parent, "valid_to": HISTORICAL_TO}
    )
    return unit


def _merge_dic(orgs: dict[tuple[str, str], Organization], spec: MergedAgency, admin: Any) -> Organization:
    committee = orgs[(spec.committee, "")]
    dic = do_create_organization(
        committee,
        actor=admin,
        name=f"Sở Thông tin và Truyền thông {spec.place}",
        short_name="Sở TT&TT",
        code=f"{committee.code}-tttt",
        kind=OrganizationKind.AGENCY,
        level=OrganizationLevel.PROVINCE,
        # It ended before 1 July 2025: its unit is the province as it was then.
        admin_unit=_retired_unit(AdminLevel.PROVINCE, spec.province_code, f"Tỉnh {spec.place[5:]}"),
        valid_from=datetime.date(2008, 4, 1),
    )
    return do_merge_organization(dic, orgs[(spec.committee, spec.successor)], MARCH_2025, actor=admin)


def _dissolve_district(orgs: dict[tuple[str, str], Organization], admin: Any) -> Organization:
    key, province_code, code, name = DISSOLVED_DISTRICT
    province_unit = _retired_unit(AdminLevel.PROVINCE, province_code, "Tỉnh Quảng Ninh")
    unit = _retired_unit(AdminLevel.DISTRICT, code, name[:1].upper() + name[1:], province_unit)
    province = orgs[(key, "")]
    committee = do_create_organization(
        province,
        actor=admin,
        name=f"Ban Chỉ đạo phòng, chống khủng bố {name}",
        short_name=f"BCĐ PCKB {name}",
        code=DISTRICT_COMMITTEE_CODE,
        kind=OrganizationKind.COMMITTEE,
        level=OrganizationLevel.DISTRICT,
        admin_unit=unit,
        valid_from=datetime.date(2016, 9, 1),
    )
    police = do_create_organization(
        committee,
        actor=admin,
        name=f"Công an {name}",
        short_name="Công an huyện",
        code=f"{DISTRICT_COMMITTEE_CODE}-congan",
        kind=OrganizationKind.AGENCY,
        level=OrganizationLevel.DISTRICT,
        admin_unit=unit,
        valid_from=datetime.date(2016, 9, 1),
    )
    do_dissolve_organization(police, MARCH_2025, actor=admin)
    return do_dissolve_organization(committee, JULY_2025, actor=admin)


def _rename(orgs: dict[tuple[str, str], Organization], admin: Any) -> Organization:
    key, agency, old_name, old_short = RENAMED
    org = orgs[(key, agency)]
    current, short = org.name, org.short_name
    # The demo creates bodies under today's names: give it back its old name, then play the rename.
    org = do_update_organization(org, actor=admin, name=old_name, short_name=old_short)
    return do_rename_organization(org, current, short, MARCH_2025, actor=admin)


def _found_communes(orgs: dict[tuple[str, str], Organization], admin: Any) -> None:
    """Date the commune committees and their agencies from 1 July 2025 (the loader builds them undated)."""
    communes = {f"{province.key}.{commune.key}" for province in PROVINCES for commune in province.communes}
    for key, org in orgs.items():
        if key[0] in communes:
            orgs[key] = do_update_organization(org, actor=admin, valid_from=JULY_2025)


def reorganise_2025(orgs: dict[tuple[str, str], Organization], admin: Any) -> dict[str, Organization]:
    """Play the 2025 reorganisation; returns the historical bodies by role ("tttt.<committee>", "district")."""
    played: dict[str, Organization] = {}
    for spec in MERGED_DIC:
        played[f"tttt.{spec.committee}"] = _merge_dic(orgs, spec, admin)
    played["district"] = _dissolve_district(orgs, admin)
    played["renamed"] = _rename(orgs, admin)
    _found_communes(orgs, admin)
    return played
