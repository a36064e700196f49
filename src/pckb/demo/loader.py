"""Loading the demo: committees, member agencies, rosters, commune committees and the demo logins.

Everything goes through the services (pckb.organizations.services, pckb.accounts.services) with the
demo administrator as actor, so the audit trail of the demo is the real one. The only direct model
writes are the first administrator and its own membership: no service may grant a role to oneself.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from pckb.accounts.services import do_create_user
from pckb.cli import ensure_administrator
from pckb.core import audit
from pckb.core.choices import Role
from pckb.geo.choices import AdminLevel
from pckb.geo.models import AdminUnit
from pckb.organizations.choices import OrganizationKind, OrganizationLevel
from pckb.organizations.demo import data
from pckb.organizations.demo.history import reorganise_2025
from pckb.organizations.demo.people import NameMaker
from pckb.organizations.models import Membership, Organization
from pckb.organizations.services import do_add_committee_member, do_create_organization, do_update_organization

__all__ = ["DemoResult", "DemoAlreadyLoaded", "load_demo", "demo_present", "PLANS_SEED_MODULE", "MODULE_SEEDS"]

PLANS_SEED_MODULE = "pckb.plans.demo"
TARGETS_SEED_MODULE = "pckb.targets.demo"
EMAIL_DOMAIN = "demo.pckb.local"
# Siblings in the tree: the committees below a committee first, then its agencies in the data's order
# (the ministries in protocol order, a province's forces first).
AGENCY_SORT_START = 1000
FOCAL_POINT_TITLE = "Cán bộ đầu mối phòng, chống khủng bố"


class DemoAlreadyLoaded(Exception):
    """The database already holds the demo (loading twice would duplicate nothing but fail on codes)."""


@dataclass
class DemoResult:
    """What was created: committees and users keyed by login name, plus counts for the console."""

    committees: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    organizations: int = 0
    roster_entries: int = 0
    focal_points: int = 0
    historical: dict[str, Organization] = field(default_factory=dict)
    seconds: float = 0.0
    plans_seeded: bool = False


def demo_present() -> bool:
    return Organization.objects.filter(code=data.NATIONAL.code).exists()


@contextmanager
def _quick_password_hashing() -> Iterator[None]:
    """Hash the demo's published password with few PBKDF2 rounds while loading.

    Django re-hashes it with the full cost at each account's first sign-in (PBKDF2's `must_update`),
    so the demo starts seconds sooner at no cost to real passwords. Other hashers are left alone.
    """
    pbkdf2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    if settings.PASSWORD_HASHERS[0] != pbkdf2:
        yield
        return
    from django.test.utils import override_settings

    with override_settings(
        PASSWORD_HASHERS=["pckb.demo.hashers.QuickPBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    ):
        yield


class _Builder:
    def __init__(self, admin: Any, log: Callable[[str], None]) -> None:
        self.admin = admin
        self.log = log
        self.names = NameMaker()
        self.result = DemoResult()
        self.units = {
            (unit.level, unit.code): unit
            for unit in AdminUnit.objects.current().filter(level__in=[AdminLevel.PROVINCE, AdminLevel.COMMUNE])
        }
        # The organisation of each (committee key, agency key); "" is the committee itself.
        self.orgs: dict[tuple[str, str], Organization] = {}

    def unit(self, level: str, code: str) -> AdminUnit | None:
        return self.units.get((level, code))

    def organization(self, parent: Organization | None, **fields: Any) -> Organization:
        org = do_create_organization(actor=self.admin, parent=parent, **fields)
        self.result.organizations += 1
        return org

    def committee(
        self,
        spec_key: str,
        *,
        parent: Organization | None,
        code: str,
        name: str,
        short_name: str,
        level: str,
        admin_unit: AdminUnit | None,
        agencies: tuple[data.AgencySpec, ...],
        standing: str,
        sort_order: int = 0,
    ) -> Organization:
        committee = self.organization(
            parent,
            name=name,
            short_name=short_name,
            code=code,
            kind=OrganizationKind.COMMITTEE,
            level=level,
            admin_unit=admin_unit,
            sort_order=sort_order,
        )
        self.orgs[(spec_key, "")] = committee
        for index, agency in enumerate(agencies):
            agency_parent = self.orgs[(spec_key, agency.parent)] if agency.parent else committee
            self.orgs[(spec_key, agency.key)] = self.organization(
                agency_parent,
                name=agency.name,
                short_name=agency.short_name,
                code=f"{code}-{agency.key}",
                kind=agency.kind,
                level=level,
                admin_unit=admin_unit,
                sort_order=AGENCY_SORT_START + 10 * index,
            )
        return do_update_organization(committee, actor=self.admin, standing_org=self.orgs[(spec_key, standing)])

    def roster(
        self,
        spec_key: str,
        committee: Organization,
        seats: list[tuple[data.Seat, str]],
        decision: tuple[str, datetime.date],
        *,
        surnames: tuple[str, ...] = (),
        previous: tuple[tuple[int, tuple[str, datetime.date]], ...] = (),
    ) -> None:
        """One current entry per seat; for `previous` seats also the holder before the last decision."""
        number, date = decision
        replaced = dict(previous)
        for order, (seat, agency_key) in enumerate(seats, start=1):
            representing = self.orgs.get((spec_key, agency_key)) if agency_key else None
            common = {
                "title": seat.title,
                "rank": seat.rank,
                "committee_role": seat.role,
                "representing": representing,
                "sort_order": order * 10,
            }
            if order - 1 in replaced:
                old_number, old_date = replaced[order - 1]
                self._member(
                    committee,
                    full_name=self.names.name(surnames, male=bool(seat.rank)),
                    decision_number=old_number,
                    decision_date=old_date,
                    valid_from=old_date,
                    valid_to=date - datetime.timedelta(days=1),
                    **common,
                )
            self._member(
                committee,
                full_name=self.names.name(surnames, male=bool(seat.rank)),
                decision_number=number,
                decision_date=date,
                valid_from=date,
                **common,
            )

    def _member(self, committee: Organization, **fields: Any) -> None:
        do_add_committee_member(committee, actor=self.admin, **fields)
        self.result.roster_entries += 1


ROLE_ORDER = {data.CHAIR: 0, data.STANDING: 1, data.VICE: 2, data.MEMBER: 3, data.SECRETARY: 4}


def _seats(spec: data.CommitteeSpec | None, agencies: tuple[data.AgencySpec, ...], chair: data.Seat, chair_agency: str):
    """Roster order: chair, standing vice-chair, vice-chairs, members, secretary, each with its agency key."""
    seats: list[tuple[data.Seat, str]] = [(chair, chair_agency)]
    seats += [(seat, agency.key) for agency in agencies for seat in agency.seats]
    if spec is not None and spec.secretary is not None:
        seats.append((spec.secretary, spec.standing))
    return sorted(seats, key=lambda item: ROLE_ORDER[item[0].role])


def _build_committees(builder: _Builder) -> None:
    national_spec = data.NATIONAL
    national = builder.committee(
        national_spec.key,
        parent=None,
        code=national_spec.code,
        name=national_spec.name,
        short_name=national_spec.short_name,
        level=national_spec.level,
        admin_unit=None,
        agencies=national_spec.agencies,
        standing=national_spec.standing,
    )
    builder.result.committees[national_spec.key] = national
    builder.roster(
        national_spec.key,
        national,
        _seats(national_spec, national_spec.agencies, national_spec.chair, ""),
        national_spec.decision,
    )

    for index, spec in enumerate((data.MINISTRY, *data.PROVINCES), start=1):
        province = builder.unit(AdminLevel.PROVINCE, spec.province_code) if spec.province_code else None
        committee = builder.committee(
            spec.key,
            parent=national,
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            level=spec.level,
            admin_unit=province,
            agencies=spec.agencies,
            standing=spec.standing,
            sort_order=10 * index,
        )
        builder.result.committees[spec.key] = committee
        # A provincial chair heads the People's Committee, whose office is a member agency.
        chair_agency = "vpubnd" if spec.level == OrganizationLevel.PROVINCE else ""
        builder.roster(
            spec.key,
            committee,
            _seats(spec, spec.agencies, spec.chair, chair_agency),
            spec.decision,
            surnames=spec.surnames,
            previous=spec.previous,
        )
        for position, commune in enumerate(spec.communes, start=1):
            _build_commune(builder, spec, committee, commune, sort_order=10 * position)
        builder.log(f"  {spec.name}: {committee.descendants().count()} organisations below it")


def _build_commune(
    builder: _Builder, spec: data.CommitteeSpec, parent: Organization, commune: data.CommuneSpec, *, sort_order: int
) -> None:
    key = f"{spec.key}.{commune.key}"
    agencies = data.commune_agencies(commune.place)
    committee = builder.committee(
        key,
        parent=parent,
        code=f"{spec.code}-{commune.key}",
        name=f"Ban Chỉ đạo phòng, chống khủng bố {commune.place}",
        short_name=f"BCĐ PCKB {commune.place}",
        level=OrganizationLevel.COMMUNE,
        admin_unit=builder.unit(AdminLevel.COMMUNE, commune.unit_code),
        agencies=agencies,
        standing="congan",
        sort_order=sort_order,
    )
    builder.roster(
        key,
        committee,
        _seats(None, agencies, data.commune_chair(commune.place), "vanphong"),
        commune.decision,
        surnames=spec.surnames,
    )


def _create_users(builder: _Builder) -> None:
    builder.result.users["admin"] = builder.admin
    for login in data.DEMO_LOGINS:
        organization = builder.orgs[(login.committee, login.agency)]
        if login.superuser:
            # No service grants a role to its own actor; this one membership is written directly.
            membership = Membership.objects.create(user=builder.admin, organization=organization, role=login.role)
            audit.record_create(membership, actor=builder.admin)
            continue
        builder.result.users[login.username] = do_create_user(
            login.username,
            data.DEMO_PASSWORD,
            actor=builder.admin,
            organization=organization,
            role=login.role,
            full_name=builder.names.name(),
            title=login.title,
            email=f"{login.username}@{EMAIL_DOMAIN}",
            clearance=login.clearance,
        )


def _create_focal_points(builder: _Builder) -> int:
    """An editor of its own for every organisation directly under a demo committee that has none.

    Committees assign their tasks to these organisations; with a focal point each, progress is
    reported by the agency itself rather than by the committee's staff. The login is
    `<committee>.<agency>` (a commune committee: `<province>.<commune>`), or `….daumoi` when the
    agency's demo login is a viewer.
    """
    taken = {login.username for login in data.DEMO_LOGINS}
    usernames = {
        org.pk: f"{spec_key}.{agency_key}" if agency_key else spec_key
        for (spec_key, agency_key), org in builder.orgs.items()
    }
    committees = [builder.orgs[(login.committee, "")] for login in data.DEMO_LOGINS if not login.agency]
    staffed = set(Membership.objects.filter(role__gte=Role.EDITOR).values_list("organization_id", flat=True))
    created = 0
    for organization in Organization.objects.filter(parent__in=committees).order_by("path"):
        if organization.pk in staffed or organization.pk not in usernames:
            continue
        username = usernames[organization.pk]
        if username in taken:
            username = f"{username}.daumoi"
        do_create_user(
            username,
            data.DEMO_PASSWORD,
            actor=builder.admin,
            organization=organization,
            role=Role.EDITOR,
            full_name=builder.names.name(),
            title=FOCAL_POINT_TITLE,
            email=f"{username}@{EMAIL_DOMAIN}",
        )
        created += 1
    return created


def _ensure_current_units(log: Callable[[str], None]) -> None:
    if AdminUnit.objects.current().filter(level=AdminLevel.PROVINCE).exists():
        return
    from pckb.geo.services import load_admin_units

    log("  no administrative units yet: loading the current ones")
    load_admin_units(current_only=True)


# Each module's demo, in this order (later ones use earlier ones' records: inspections visit key targets,
# reports count everything). A module seeds with `seed(committees, users)` returning what to log (a
# count or a sentence); a module not installed is skipped.
MODULE_SEEDS = [
    PLANS_SEED_MODULE,
    TARGETS_SEED_MODULE,
    "pckb.inspections.demo",
    "pckb.exercises.demo",
    "pckb.outreach.demo",
    "pckb.awards.demo",
    "pckb.incidents.demo",
    "pckb.reports.demo",
]


def _installed(module: str) -> bool:
    app = module.rsplit(".", 1)[0]
    if app not in settings.INSTALLED_APPS:
        return False
    return importlib.util.find_spec(module) is not None


def _seed_modules(result: DemoResult, log: Callable[[str], None]) -> None:
    for module in MODULE_SEEDS:
        if not _installed(module):
            continue
        started = time.monotonic()
        outcome = importlib.import_module(module).seed(dict(result.committees), dict(result.users))
        if module == PLANS_SEED_MODULE:
            result.plans_seeded = True
        log(f"  {module.split('.')[1]}: {outcome} in {time.monotonic() - started:.1f} s")


@transaction.atomic
def load_demo(*, log: Callable[[str], None] = lambda message: None, with_plans: bool = True) -> DemoResult:
    """Create the whole demo in one transaction (all or nothing); refuses when it is already there."""
    if demo_present():
        raise DemoAlreadyLoaded("The demo data is already loaded.")
    started = time.monotonic()
    _ensure_current_units(log)
    admin_login = data.DEMO_LOGINS[0]
    with _quick_password_hashing():
        admin, created = ensure_administrator(
            admin_login.username,
            f"{admin_login.username}@{EMAIL_DOMAIN}",
            data.DEMO_PASSWORD,
            full_name="Quản trị hệ thống",
        )
        if not created:
            log(f"  the existing account {admin.username!r} is the demo administrator and keeps its password")
        builder = _Builder(admin, log)
        _build_committees(builder)
        _create_users(builder)
        builder.result.focal_points = _create_focal_points(builder)
        # The 2025 mergers, renames and dissolutions, through the lifecycle services (#9).
        builder.result.historical = reorganise_2025(builder.orgs, builder.admin)
    if with_plans:
        _seed_modules(builder.result, log)
    builder.result.seconds = time.monotonic() - started
    return builder.result
