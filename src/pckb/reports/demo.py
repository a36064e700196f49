"""Demo data of periodic reports: the standard templates, a closed annual round for 2025 and an open
6-month round for 2026, nationally and in each demo province, with reports in every state.

Called by the demo loader as `seed(committees, users)` after the other modules (their records feed the
computed figures). Everything goes through the services and the state table, acted by the committees'
administrators and, for the police agency's own report, its focal point. Only the times of the 2025
steps are set back afterwards (a demo loaded today would otherwise show every 2025 report as submitted
late); texts are written for the demo, with no personal data.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from pckb.core.workflow import do_transition
from pckb.organizations.models import Organization

from . import services
from .choices import PeriodType
from .models import ReportingRound, ReportSubmission, ReportTemplate
from .standard import ensure_standard_templates

__all__ = ["seed"]

NATIONAL_KEY = "quocgia"
PROVINCE_KEYS = ("quangninh", "bacninh", "dienbien", "hochiminh")
MAX_UNITS = 40  # recipients per provincial round (agencies first, then communes)

# What a unit writes, section by section (index of standard.SECTIONS); "{unit}" is its short name.
TEXTS = {
    0: "{unit} đã ban hành kế hoạch triển khai công tác phòng, chống khủng bố trong kỳ, phân công rõ lãnh đạo "
    "phụ trách và cán bộ đầu mối; định kỳ rà soát, đôn đốc việc thực hiện.",
    1: "Tổ chức quán triệt Luật Phòng, chống khủng bố cho cán bộ, công chức; phối hợp đăng tải tin bài trên trang "
    "thông tin điện tử và hệ thống truyền thanh cơ sở.",
    2: "Rà soát danh mục mục tiêu thuộc phạm vi quản lý, cập nhật phương án bảo vệ và phương án xử lý tình huống "
    "phù hợp với thực tế sau sắp xếp đơn vị hành chính.",
    3: "Tham gia diễn tập xử lý tình huống giả định tại mục tiêu; lực lượng tham gia nắm chắc quy trình báo cáo, "
    "xử lý ban đầu.",
    4: "Tự kiểm tra việc triển khai nhiệm vụ tại các phòng, đơn vị trực thuộc; các tồn tại phát hiện đã được "
    "giao khắc phục có thời hạn.",
    5: "Duy trì quan hệ phối hợp với Công an tỉnh và các cơ quan thành viên trong trao đổi thông tin, "
    "bảo đảm an ninh, an toàn các sự kiện lớn.",
    6: "Trong kỳ không phát sinh vụ việc khủng bố; các tin báo đều được tiếp nhận, xác minh và xử lý kịp thời.",
    7: "Đề nghị khen thưởng tập thể, cá nhân có thành tích trong diễn tập và bảo vệ mục tiêu.",
    8: "Một số phương án chưa được cập nhật kịp thời; kinh phí cho công tác tuyên truyền còn hạn chế.",
    9: "Tiếp tục rà soát, cập nhật phương án; tổ chức tập huấn cho lực lượng bảo vệ tại mục tiêu.",
    10: "Đề nghị Ban Chỉ đạo tỉnh bố trí kinh phí cho diễn tập và bổ sung tài liệu tuyên truyền.",
}
RETURN_COMMENT = "Đề nghị bổ sung số liệu tập huấn và nêu rõ nguyên nhân các nhiệm vụ quá hạn."


def _short(org: Organization) -> str:
    return org.short_name or org.name


def _write(sub: ReportSubmission, actor: Any, rng: random.Random, *, template: ReportTemplate) -> None:
    """Fill the sections and the figures no module counts here, like a focal point would."""
    texts = [TEXTS.get(n, "").format(unit=_short(sub.organization)) for n in range(len(template.sections))]
    manual = {}
    for v in sub.values.select_related("indicator").filter(computed=None):
        people = "attendance" in v.indicator.code or "audience" in v.indicator.code or "forces" in v.indicator.code
        manual[v.indicator.code] = rng.randint(0, 12) * (25 if people else 1)
    services.do_update_submission(sub, actor=actor, texts=texts, values=manual)


def _actor_for(sub: ReportSubmission, province_admin: Any, users: dict[str, Any], key: str) -> Any:
    police = users.get(f"{key}.congan")
    if police is not None and sub.organization.code.endswith("congan"):
        return police
    return province_admin


def _units(committee: Organization) -> list[Organization]:
    return services.default_recipients(committee)[:MAX_UNITS]


def _open(committee: Organization, actor: Any, template: ReportTemplate, year: int, label: str,
          recipients: list[Organization]) -> ReportingRound:
    start, end, due = template.period_for(year)
    return services.do_open_round(
        committee,
        actor=actor,
        template=template,
        period_label=label,
        period_start=start,
        period_end=end,
        due_date=due,
        recipients=recipients,
    )


def _province_round(committee: Organization, admin: Any, users: dict[str, Any], key: str, template: ReportTemplate,
                    year: int, label: str, rng: random.Random, *, all_accepted: bool) -> ReportingRound:
    rnd = _open(committee, admin, template, year, label, _units(committee))
    subs = list(rnd.submissions.select_related("organization").order_by("organization__sort_order", "pk"))
    for n, sub in enumerate(subs):
        actor = _actor_for(sub, admin, users, key)
        # 2026: a mix of every state; the last units have not reported yet.
        step = 4 if all_accepted else n % 6
        if step == 5:
            continue
        _write(sub, actor, rng, template=template)
        if step == 0:
            continue  # draft, written but not sent
        sub = do_transition(sub, "submitted", actor=actor)
        if step in (2, 3):
            sub = do_transition(sub, "returned", actor=admin, comment=RETURN_COMMENT)
            if step == 3:
                sub = do_transition(sub, "resubmitted", actor=actor)
        elif step == 4:
            do_transition(sub, "accepted", actor=admin)
    return rnd


def _backdate(rnd: ReportingRound, rng: random.Random) -> None:
    """2025's steps happened before its due date (demo only: the services stamp the current time)."""
    due = timezone.make_aware(datetime.datetime.combine(rnd.due_date, datetime.time(9)))
    for sub in rnd.submissions.exclude(submitted_at=None):
        at = due - datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 8))
        accepted = at + datetime.timedelta(hours=20)
        ReportSubmission.objects.filter(pk=sub.pk).update(submitted_at=at, accepted_at=accepted)


def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """The templates and rounds; returns the number of reports made."""
    national, national_admin = committees.get(NATIONAL_KEY), users.get(NATIONAL_KEY)
    if national is None or national_admin is None or ReportingRound.objects.filter(organization=national).exists():
        return 0
    rng = random.Random(2026)
    templates = ensure_standard_templates(national, actor=national_admin)
    annual, half = templates[PeriodType.ANNUAL], templates[PeriodType.SIX_MONTH]
    provinces = [(k, committees[k], users[k]) for k in PROVINCE_KEYS if k in committees and k in users]

    # 2025, the year's review: everyone reported and was accepted, up to the national committee; closed.
    national_2025 = _open(national, national_admin, annual, 2025, "Năm 2025", [c for _k, c, _u in provinces])
    for key, committee, admin in provinces:
        own = _province_round(committee, admin, users, key, annual, 2025, "Năm 2025", rng, all_accepted=True)
        sub = national_2025.submissions.get(organization=committee)
        _write(sub, admin, rng, template=annual)
        services.do_apply_rollup(sub, actor=admin)
        do_transition(sub, "submitted", actor=admin)
        do_transition(sub, "accepted", actor=national_admin)
        do_transition(own, "closed", actor=admin)
        _backdate(own, rng)
    do_transition(national_2025, "closed", actor=national_admin)
    _backdate(national_2025, rng)

    # 2026, the first half: open, reports in every state.
    national_2026 = _open(national, national_admin, half, 2026, "6 tháng đầu năm 2026", [c for _k, c, _u in provinces])
    national_steps = ["accepted", "submitted", "returned", "draft"]
    for (key, committee, admin), state in zip(provinces, national_steps, strict=False):
        own = _province_round(committee, admin, users, key, half, 2026, "6 tháng đầu năm 2026", rng, all_accepted=False)
        sub = national_2026.submissions.get(organization=committee)
        _write(sub, admin, rng, template=half)
        if own.submissions.filter(status="accepted").exists():
            services.do_apply_rollup(sub, actor=admin)
        if state == "draft":
            continue
        do_transition(sub, "submitted", actor=admin)
        if state == "accepted":
            do_transition(sub, "accepted", actor=national_admin)
        elif state == "returned":
            do_transition(sub, "returned", actor=national_admin, comment=RETURN_COMMENT)
    return ReportSubmission.objects.count()
