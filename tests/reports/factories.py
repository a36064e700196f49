"""Templates, rounds and submissions for the reports tests, made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from pckb.core.workflow import do_transition
from pckb.reports import services
from pckb.reports.models import ReportingRound, ReportSubmission, ReportTemplate

SECTIONS = [
    {"heading": "Công tác lãnh đạo, chỉ đạo", "guidance": "Các văn bản đã ban hành."},
    {"heading": "Tồn tại, hạn chế", "guidance": ""},
]
INDICATORS = [
    {"code": "tasks_done", "label": "Nhiệm vụ hoàn thành", "unit": "nhiệm vụ", "source": "plans.tasks_done"},
    {"code": "trainings", "label": "Lớp tập huấn", "unit": "lớp", "aggregation": "sum"},
    {"code": "largest_drill", "label": "Quy mô diễn tập lớn nhất", "unit": "người", "aggregation": "max"},
]
PERIOD = (datetime.date(2025, 12, 15), datetime.date(2026, 6, 14))


def make_template(world: Any, org: Any = None, *, publish: bool = True, **fields: Any) -> ReportTemplate:
    org = org or world.root
    data = {"title": "Báo cáo sơ kết 6 tháng", "sections": SECTIONS, "indicators": INDICATORS, **fields}
    template = services.do_create_report_template(org, actor=world.superuser, **data)
    if publish:
        template = do_transition(template, "published", actor=world.superuser)
    return template


def make_round(world: Any, org: Any = None, *, recipients: list | None = None, template: Any = None,
               **fields: Any) -> ReportingRound:
    org = org or world.a
    template = template or make_template(world)
    data = {
        "template": template,
        "period_label": "6 tháng đầu năm 2026",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "due_date": datetime.date(2026, 6, 18),
        **fields,
    }
    if recipients is None:
        recipients = [world.a1] if org == world.a else [c for c in (world.a, world.b) if c.parent_id == org.pk]
    return services.do_open_round(org, actor=world.superuser, recipients=recipients, **data)


def make_submission(world: Any, org: Any = None) -> ReportSubmission:
    """The draft of a1 (or of `org`'s province) in a round of its parent committee."""
    org = org or world.a
    rnd = make_round(world, org)
    return rnd.submissions.get()
