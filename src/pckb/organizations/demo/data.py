"""What the demo contains: committees, member agencies, roster seats, communes and logins.

Plain data, no database access: the loader (pckb.demo.loader) turns it into organisations, rosters and
users through the services, and `pckb demo` and the README print the login table from DEMO_LOGINS.

Agencies are those of a province after the 2025 reorganisation (merged departments: Sở Khoa học và
Công nghệ took over information and communications, Sở Xây dựng took over transport, Sở Nông nghiệp và
Môi trường merged agriculture with natural resources; the State Bank works through regional branches).
Rosters follow Nghị định 07/2014/NĐ-CP as amended by Nghị định 62/2023/NĐ-CP. Every person's name is
invented (pckb.organizations.demo.people); titles are those of the seats.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from pckb.core.choices import Classification, Role
from pckb.organizations.choices import CommitteeRole, OrganizationKind, OrganizationLevel

__all__ = [
    "DEMO_PASSWORD",
    "Seat",
    "AgencySpec",
    "CommuneSpec",
    "CommitteeSpec",
    "DemoLogin",
    "NATIONAL",
    "MINISTRY",
    "PROVINCES",
    "COMMITTEES",
    "DEMO_LOGINS",
]

DEMO_PASSWORD = "pckb-demo"  # noqa: S105 - the demo's published password

CHAIR = CommitteeRole.CHAIR
STANDING = CommitteeRole.STANDING_VICE_CHAIR
VICE = CommitteeRole.VICE_CHAIR
MEMBER = CommitteeRole.MEMBER
SECRETARY = CommitteeRole.SECRETARY


@dataclass(frozen=True)
class Seat:
    """One place on a roster: the role, the title of whoever holds it, the rank (forces only)."""

    role: str
    title: str
    rank: str = ""


@dataclass(frozen=True)
class AgencySpec:
    """A member agency (or a unit inside one, when `parent` names another agency's key)."""

    key: str
    name: str
    short_name: str = ""
    seats: tuple[Seat, ...] = ()
    kind: str = OrganizationKind.AGENCY
    parent: str = ""


@dataclass(frozen=True)
class CommuneSpec:
    """A commune committee: a real current commune, ward or special zone of the province."""

    key: str
    unit_code: str
    place: str  # as it reads inside a name: "phường Hạ Long", "đặc khu Vân Đồn"
    decision: tuple[str, datetime.date]


@dataclass(frozen=True)
class CommitteeSpec:
    key: str  # the login of its manager and the key the plans demo receives
    code: str
    name: str
    short_name: str
    level: str
    standing: str  # key of the standing agency
    agencies: tuple[AgencySpec, ...]
    chair: Seat
    secretary: Seat | None
    decision: tuple[str, datetime.date]
    province_code: str = ""
    place: str = ""
    communes: tuple[CommuneSpec, ...] = ()
    # The roster before the last re-establishment: (seat index, decision) pairs whose holder changed.
    previous: tuple[tuple[int, tuple[str, datetime.date]], ...] = ()
    surnames: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------------ national

NATIONAL = CommitteeSpec(
    key="quocgia",
    code="bcd-quoc-gia",
    name="Ban Chỉ đạo phòng, chống khủng bố Quốc gia",
    short_name="BCĐ PCKB Quốc gia",
    level=OrganizationLevel.NATIONAL,
    standing="a05",
    chair=Seat(CHAIR, "Thủ tướng Chính phủ"),
    # Ministries in the Government's protocol order (Nghị quyết 176/2025/QH15); the tree lists them so.
    agencies=(
        AgencySpec(
            "bqp",
            "Bộ Quốc phòng",
            "BQP",
            (Seat(MEMBER, "Thứ trưởng Bộ Quốc phòng, Tổng Tham mưu trưởng", "Thượng tướng"),),
        ),
        AgencySpec(
            "bca",
            "Bộ Công an",
            "BCA",
            (
                Seat(STANDING, "Bộ trưởng Bộ Công an", "Đại tướng"),
                Seat(MEMBER, "Thứ trưởng Bộ Công an", "Thượng tướng"),
            ),
        ),
        AgencySpec(
            "a05",
            "Cục An ninh nội địa",
            "Cục ANND",
            (Seat(SECRETARY, "Phó Cục trưởng Cục An ninh nội địa, Bộ Công an", "Thiếu tướng"),),
            kind=OrganizationKind.UNIT,
            parent="bca",
        ),
        AgencySpec("bng", "Bộ Ngoại giao", "BNG", (Seat(MEMBER, "Thứ trưởng Bộ Ngoại giao"),)),
        AgencySpec("btc", "Bộ Tài chính", "BTC", (Seat(MEMBER, "Thứ trưởng Bộ Tài chính"),)),
        AgencySpec("bct", "Bộ Công Thương", "BCT", (Seat(MEMBER, "Thứ trưởng Bộ Công Thương"),)),
        AgencySpec("bxd", "Bộ Xây dựng", "BXD", (Seat(MEMBER, "Thứ trưởng Bộ Xây dựng"),)),
        AgencySpec(
            "bvhttdl",
            "Bộ Văn hóa, Thể thao và Du lịch",
            "BVHTTDL",
            (Seat(MEMBER, "Thứ trưởng Bộ Văn hóa, Thể thao và Du lịch"),),
        ),
        AgencySpec(
            "bkhcn", "Bộ Khoa học và Công nghệ", "BKHCN", (Seat(MEMBER, "Thứ trưởng Bộ Khoa học và Công nghệ"),)
        ),
        AgencySpec("byt", "Bộ Y tế", "BYT", (Seat(MEMBER, "Thứ trưởng Bộ Y tế"),)),
        AgencySpec(
            "nhnn", "Ngân hàng Nhà nước Việt Nam", "NHNN", (Seat(MEMBER, "Phó Thống đốc Ngân hàng Nhà nước Việt Nam"),)
        ),
        AgencySpec("vpcp", "Văn phòng Chính phủ", "VPCP", (Seat(MEMBER, "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"),)),
    ),
    secretary=None,
    decision=("1045/QĐ-TTg", datetime.date(2025, 9, 8)),
)

# ------------------------------------------------------------------------------------------ ministry

# Since March 2025 the duties of Ủy ban Dân tộc belong to the new Bộ Dân tộc và Tôn giáo (government restructuring).
# Users now know the committee by the ministry's name; the login stays `ubdt`, as people still call it.
MINISTRY = CommitteeSpec(
    key="ubdt",
    code="bcd-bo-dttg",
    name="Ban Chỉ đạo phòng, chống khủng bố Bộ Dân tộc và Tôn giáo",
    short_name="BCĐ PCKB Bộ DTTG (nguyên Ủy ban Dân tộc)",
    level=OrganizationLevel.MINISTRY,
    standing="vp",
    chair=Seat(CHAIR, "Thứ trưởng Bộ Dân tộc và Tôn giáo"),
    agencies=(
        AgencySpec("vp", "Văn phòng Bộ Dân tộc và Tôn giáo", "Văn phòng Bộ", (Seat(STANDING, "Chánh Văn phòng Bộ"),)),
        AgencySpec("tccb", "Vụ Tổ chức cán bộ", "Vụ TCCB", (Seat(VICE, "Vụ trưởng Vụ Tổ chức cán bộ"),)),
        AgencySpec("pc", "Vụ Pháp chế", "Vụ PC", (Seat(MEMBER, "Vụ trưởng Vụ Pháp chế"),)),
        AgencySpec("khtc", "Vụ Kế hoạch - Tài chính", "Vụ KHTC", (Seat(MEMBER, "Vụ trưởng Vụ Kế hoạch - Tài chính"),)),
        AgencySpec("htqt", "Vụ Hợp tác quốc tế", "Vụ HTQT", (Seat(MEMBER, "Vụ trưởng Vụ Hợp tác quốc tế"),)),
        AgencySpec("tt", "Thanh tra Bộ", "Thanh tra", (Seat(MEMBER, "Chánh Thanh tra Bộ"),)),
        AgencySpec("csdt", "Vụ Chính sách dân tộc", "Vụ CSDT", (Seat(MEMBER, "Vụ trưởng Vụ Chính sách dân tộc"),)),
        AgencySpec("dp", "Vụ Địa phương", "Vụ ĐP", (Seat(MEMBER, "Vụ trưởng Vụ Địa phương"),)),
        AgencySpec("cds", "Trung tâm Chuyển đổi số", "TT CĐS", (Seat(MEMBER, "Giám đốc Trung tâm Chuyển đổi số"),)),
        AgencySpec("hvdt", "Học viện Dân tộc", "HVDT", (Seat(MEMBER, "Phó Giám đốc Học viện Dân tộc"),)),
        AgencySpec(
            "bao", "Báo Dân tộc và Phát triển", "Báo DT&PT", (Seat(MEMBER, "Tổng Biên tập Báo Dân tộc và Phát triển"),)
        ),
    ),
    secretary=Seat(SECRETARY, "Chuyên viên chính Văn phòng Bộ"),
    decision=("318/QĐ-BDTTG", datetime.date(2025, 5, 16)),
)

# -------------------------------------------------------------------------------------------- provinces


def _sở(key: str, name: str, short: str, place: str) -> AgencySpec:
    full = f"{name} {place}"
    return AgencySpec(key, full, short, (Seat(MEMBER, f"Giám đốc {full}"),))


def _province_agencies(
    place: str,
    *,
    military: AgencySpec,
    border: bool,
    bank_region: int,
    culture: tuple[AgencySpec, ...] | None = None,
    extra: tuple[AgencySpec, ...] = (),
) -> tuple[AgencySpec, ...]:
    police = f"Công an {place}"
    agencies = [
        AgencySpec(
            "congan",
            police,
            "Công an tỉnh" if place.startswith("tỉnh") else "Công an Thành phố",
            (
                Seat(STANDING, f"Giám đốc {police}", "Thiếu tướng"),
                # The deputy director in charge of security is the committee's permanent member.
                Seat(MEMBER, f"Phó Giám đốc {police}, thành viên thường trực", "Đại tá"),
                Seat(SECRETARY, f"Trưởng phòng An ninh nội địa, {police}", "Thượng tá"),
            ),
        ),
        military,
    ]
    if border:
        name = f"Bộ Chỉ huy Bộ đội Biên phòng {place}"
        agencies.append(AgencySpec("bienphong", name, "BĐBP", (Seat(MEMBER, f"Chỉ huy trưởng {name}", "Đại tá"),)))
    agencies += [
        AgencySpec(
            "vpubnd",
            f"Văn phòng Ủy ban nhân dân {place}",
            "Văn phòng UBND",
            (Seat(MEMBER, f"Chánh Văn phòng Ủy ban nhân dân {place}"),),
        ),
        _sở("khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", place),
        _sở("taichinh", "Sở Tài chính", "Sở TC", place),
        _sở("xaydung", "Sở Xây dựng", "Sở XD", place),
        _sở("noivu", "Sở Nội vụ", "Sở NV", place),
        _sở("yte", "Sở Y tế", "Sở YT", place),
        _sở("gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", place),
        *(culture or (_sở("vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", place),)),
        _sở("dttg", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", place),
        _sở("congthuong", "Sở Công Thương", "Sở CT", place),
        _sở("nnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", place),
        _sở("tuphap", "Sở Tư pháp", "Sở TP", place),
    ]
    # The State Bank replaced its 63 provincial branches with 15 regional ones on 1 March 2025; the
    # region numbers here are the demo's, not a reference.
    bank = f"Ngân hàng Nhà nước Chi nhánh Khu vực {bank_region}"
    agencies.append(AgencySpec("nhnn", bank, f"NHNN KV{bank_region}", (Seat(MEMBER, f"Giám đốc {bank}"),)))
    agencies.extend(extra)
    return tuple(agencies)


def _military(place: str) -> AgencySpec:
    name = f"Bộ Chỉ huy Quân sự {place}"
    return AgencySpec("quansu", name, "Bộ CHQS", (Seat(VICE, f"Chỉ huy trưởng {name}", "Đại tá"),))


def _airport(name: str) -> AgencySpec:
    return AgencySpec("sanbay", name, "Cảng HK", (Seat(MEMBER, f"Giám đốc {name}"),))


def _province(
    key: str,
    code: str,
    province_code: str,
    place: str,
    agencies: tuple[AgencySpec, ...],
    decision: tuple[str, datetime.date],
    previous: tuple[str, datetime.date],
    communes: tuple[CommuneSpec, ...],
    surnames: tuple[str, ...] = (),
) -> CommitteeSpec:
    return CommitteeSpec(
        key=key,
        code=code,
        name=f"Ban Chỉ đạo phòng, chống khủng bố {place}",
        short_name=f"BCĐ PCKB {place}",
        level=OrganizationLevel.PROVINCE,
        standing="congan",
        # Nghị định 62/2023/NĐ-CP: the chair of the provincial People's Committee heads the committee.
        chair=Seat(CHAIR, f"Chủ tịch Ủy ban nhân dân {place}"),
        secretary=None,  # the police's security department head (a seat of "congan")
        agencies=agencies,
        decision=decision,
        province_code=province_code,
        place=place,
        communes=communes,
        # Seat 1 (the standing vice-chair, director of police) changed at the last re-establishment.
        previous=((1, previous),),
        surnames=surnames,
    )


QUANG_NINH = _province(
    "quangninh",
    "bcd-quang-ninh",
    "22",
    "tỉnh Quảng Ninh",
    _province_agencies(
        "tỉnh Quảng Ninh",
        military=_military("tỉnh Quảng Ninh"),
        border=True,
        bank_region=3,
        extra=(_airport("Cảng hàng không quốc tế Vân Đồn"),),
    ),
    decision=("2415/QĐ-UBND", datetime.date(2025, 8, 12)),
    previous=("3106/QĐ-UBND", datetime.date(2023, 10, 2)),
    communes=(
        CommuneSpec("halong", "06688", "phường Hạ Long", ("126/QĐ-UBND", datetime.date(2025, 9, 3))),
        CommuneSpec("mongcai1", "06712", "phường Móng Cái 1", ("98/QĐ-UBND", datetime.date(2025, 9, 10))),
        CommuneSpec("vandon", "06994", "đặc khu Vân Đồn", ("142/QĐ-UBND", datetime.date(2025, 9, 17))),
    ),
)

# Bắc Giang merged into Bắc Ninh on 1 July 2025; the province has no land border.
BAC_NINH = _province(
    "bacninh",
    "bcd-bac-ninh",
    "24",
    "tỉnh Bắc Ninh",
    _province_agencies("tỉnh Bắc Ninh", military=_military("tỉnh Bắc Ninh"), border=False, bank_region=5),
    decision=("1876/QĐ-UBND", datetime.date(2025, 8, 20)),
    previous=("1203/QĐ-UBND", datetime.date(2024, 3, 14)),
    communes=(
        CommuneSpec("kinhbac", "09187", "phường Kinh Bắc", ("87/QĐ-UBND", datetime.date(2025, 9, 5))),
        CommuneSpec("bacgiang", "07210", "phường Bắc Giang", ("104/QĐ-UBND", datetime.date(2025, 9, 12))),
        CommuneSpec("lucngan", "07582", "xã Lục Ngạn", ("65/QĐ-UBND", datetime.date(2025, 9, 22))),
    ),
)

DIEN_BIEN = _province(
    "dienbien",
    "bcd-dien-bien",
    "11",
    "tỉnh Điện Biên",
    _province_agencies(
        "tỉnh Điện Biên",
        military=_military("tỉnh Điện Biên"),
        border=True,
        bank_region=7,
        extra=(_airport("Cảng hàng không Điện Biên"),),
    ),
    decision=("1532/QĐ-UBND", datetime.date(2025, 8, 5)),
    previous=("2218/QĐ-UBND", datetime.date(2023, 11, 20)),
    communes=(
        CommuneSpec("dienbienphu", "03127", "phường Điện Biên Phủ", ("112/QĐ-UBND", datetime.date(2025, 9, 4))),
        CommuneSpec("muongnhe", "03160", "xã Mường Nhé", ("47/QĐ-UBND", datetime.date(2025, 9, 15))),
        CommuneSpec("tuangiao", "03253", "xã Tuần Giáo", ("53/QĐ-UBND", datetime.date(2025, 9, 19))),
    ),
    # Thái and Hmông family names are common in Điện Biên.
    surnames=("Lò", "Quàng", "Lường", "Cà", "Giàng", "Sùng", "Lò", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"),
)

# Bình Dương and Bà Rịa - Vũng Tàu merged into Thành phố Hồ Chí Minh on 1 July 2025; the city keeps a
# separate Sở Văn hóa và Thể thao and Sở Du lịch, and its armed forces are led by Bộ Tư lệnh Thành phố.
HCM_PLACE = "Thành phố Hồ Chí Minh"
HO_CHI_MINH = _province(
    "hochiminh",
    "bcd-tp-hcm",
    "79",
    HCM_PLACE,
    _province_agencies(
        HCM_PLACE,
        military=AgencySpec(
            "quansu",
            f"Bộ Tư lệnh {HCM_PLACE}",
            "BTL Thành phố",
            (Seat(VICE, f"Tư lệnh Bộ Tư lệnh {HCM_PLACE}", "Thiếu tướng"),),
        ),
        border=True,
        bank_region=2,
        culture=(
            _sở("vhtt", "Sở Văn hóa và Thể thao", "Sở VH&TT", HCM_PLACE),
            _sở("dulich", "Sở Du lịch", "Sở DL", HCM_PLACE),
        ),
        extra=(_airport("Cảng hàng không quốc tế Tân Sơn Nhất"),),
    ),
    decision=("3120/QĐ-UBND", datetime.date(2025, 8, 28)),
    previous=("4417/QĐ-UBND", datetime.date(2024, 10, 9)),
    communes=(
        CommuneSpec("saigon", "26740", "phường Sài Gòn", ("215/QĐ-UBND", datetime.date(2025, 9, 8))),
        CommuneSpec("thudaumot", "25747", "phường Thủ Dầu Một", ("176/QĐ-UBND", datetime.date(2025, 9, 11))),
        CommuneSpec("vungtau", "26506", "phường Vũng Tàu", ("158/QĐ-UBND", datetime.date(2025, 9, 16))),
    ),
)

PROVINCES: tuple[CommitteeSpec, ...] = (QUANG_NINH, BAC_NINH, DIEN_BIEN, HO_CHI_MINH)
COMMITTEES: tuple[CommitteeSpec, ...] = (NATIONAL, MINISTRY, *PROVINCES)


def commune_agencies(place: str) -> tuple[AgencySpec, ...]:
    """The member agencies of a commune committee (two-level local government since July 2025)."""
    police = f"Công an {place}"
    military = f"Ban Chỉ huy Quân sự {place}"
    office = f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {place}"
    social = f"Phòng Văn hóa - Xã hội {place}"
    return (
        AgencySpec(
            "congan",
            police,
            "Công an",
            (Seat(STANDING, f"Trưởng {police}", "Trung tá"), Seat(SECRETARY, f"Phó Trưởng {police}", "Thiếu tá")),
        ),
        AgencySpec("quansu", military, "Ban CHQS", (Seat(VICE, f"Chỉ huy trưởng {military}", "Thiếu tá"),)),
        AgencySpec("vanphong", office, "Văn phòng", (Seat(MEMBER, f"Chánh {office}"),)),
        AgencySpec("vhxh", social, "Phòng VH-XH", (Seat(MEMBER, f"Trưởng {social}"),)),
    )


def commune_chair(place: str) -> Seat:
    return Seat(CHAIR, f"Chủ tịch Ủy ban nhân dân {place}")


# ------------------------------------------------------------------------------------------------ logins


@dataclass(frozen=True)
class DemoLogin:
    """A demo account: where it holds its role. `agency` empty means the committee itself."""

    username: str
    committee: str
    role: int
    agency: str = ""
    clearance: int = Classification.UNCLASSIFIED
    title: str = ""
    superuser: bool = False
    organization_name: str = field(default="", compare=False)

    @property
    def role_label(self) -> str:
        """English label for the console and the README (the UI shows the translated role)."""
        if self.superuser:
            return "administrator"
        return {Role.VIEWER: "viewer", Role.EDITOR: "editor", Role.MANAGER: "manager", Role.ADMIN: "administrator"}[
            Role(self.role)
        ]


def _organization_name(committee: str, agency: str) -> str:
    spec = next(c for c in COMMITTEES if c.key == committee)
    if not agency:
        return spec.name
    return next(a.name for a in spec.agencies if a.key == agency)


def _login(username: str, committee: str, role: int, agency: str = "", **extra: object) -> DemoLogin:
    return DemoLogin(
        username, committee, role, agency, organization_name=_organization_name(committee, agency), **extra
    )


_CONFIDENTIAL = {"clearance": Classification.CONFIDENTIAL}

DEMO_LOGINS: tuple[DemoLogin, ...] = (
    _login(
        "admin",
        "quocgia",
        Role.ADMIN,
        clearance=Classification.SECRET,
        superuser=True,
    ),
    # Each committee's login administers its subtree: it creates its focal points' accounts itself.
    _login("quocgia", "quocgia", Role.ADMIN, title="Cán bộ Văn phòng thường trực", **_CONFIDENTIAL),
    _login("ubdt", "ubdt", Role.ADMIN, title="Chuyên viên Văn phòng Bộ", **_CONFIDENTIAL),
    *(
        login
        for province in PROVINCES
        for login in (
            _login(province.key, province.key, Role.ADMIN, title="Cán bộ Văn phòng thường trực", **_CONFIDENTIAL),
            _login(f"{province.key}.congan", province.key, Role.EDITOR, "congan", title="Cán bộ Phòng An ninh nội địa"),
            _login(f"{province.key}.yte", province.key, Role.VIEWER, "yte", title="Chuyên viên Văn phòng Sở"),
        )
    ),
)
