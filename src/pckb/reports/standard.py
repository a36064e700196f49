"""The two standard templates every committee starts from: the 6-month review ("sơ kết") and the
annual review ("tổng kết"), with the sections of the work named in the domain texts and the
indicators the modules count (core.indicators; a code not installed is entered by hand).

The headings and guidance are PCKB's own wording; they are Vietnamese because they are printed as
they are in the report (Decree 30: the text on paper is Vietnamese).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from pckb.core.workflow import do_transition

from .choices import PeriodType, TemplateKind
from .models import ReportTemplate
from .services import do_create_report_template

__all__ = ["SECTIONS", "INDICATORS", "STANDARD_TITLES", "ensure_standard_templates"]

SECTIONS = [
    (
        "Công tác lãnh đạo, chỉ đạo",
        "Các chỉ thị, kế hoạch, văn bản đã ban hành; việc kiện toàn Ban Chỉ đạo và phân công thành viên.",
    ),
    (
        "Công tác tuyên truyền, phổ biến pháp luật",
        "Hội nghị, lớp tập huấn, tài liệu đã phát hành; đối tượng và số lượt người được tuyên truyền.",
    ),
    (
        "Công tác bảo vệ mục tiêu trọng điểm",
        "Rà soát danh mục mục tiêu, xây dựng và cập nhật phương án bảo vệ, phương án xử lý tình huống.",
    ),
    (
        "Công tác diễn tập, huấn luyện lực lượng",
        "Các cuộc diễn tập đã tổ chức, quy mô, lực lượng tham gia; kết quả rút kinh nghiệm.",
    ),
    (
        "Công tác kiểm tra, đôn đốc",
        "Các cuộc kiểm tra đã tiến hành, đơn vị được kiểm tra, tồn tại phát hiện và kết quả khắc phục.",
    ),
    ("Công tác phối hợp", "Quan hệ phối hợp giữa các cơ quan thành viên, với các địa phương và lực lượng liên quan."),
    (
        "Tình hình, vụ việc và công tác xử lý ban đầu",
        "Số vụ việc, tin báo (không nêu thông tin cá nhân), việc triển khai lực lượng và xử lý ban đầu.",
    ),
    ("Công tác khen thưởng", "Tập thể, cá nhân được khen thưởng và hình thức khen thưởng."),
    ("Tồn tại, hạn chế và nguyên nhân", "Nêu cụ thể những việc chưa làm được, nguyên nhân khách quan và chủ quan."),
    ("Phương hướng, nhiệm vụ kỳ tới", "Các nhiệm vụ trọng tâm, thời hạn và đơn vị chủ trì."),
    ("Đề xuất, kiến nghị", "Kiến nghị với Ban Chỉ đạo cấp trên và các cơ quan liên quan."),
]

# (code, label, unit, aggregation, source)
INDICATORS = [
    ("plans_issued", "Số kế hoạch, văn bản chỉ đạo đã ban hành", "kế hoạch", "sum", "plans.plans_issued"),
    ("tasks_received", "Số nhiệm vụ được giao", "nhiệm vụ", "sum", "plans.tasks_received"),
    ("tasks_done", "Số nhiệm vụ đã hoàn thành", "nhiệm vụ", "sum", "plans.tasks_done"),
    ("tasks_overdue", "Số nhiệm vụ quá hạn", "nhiệm vụ", "sum", "plans.tasks_overdue"),
    ("conferences_held", "Số hội nghị quán triệt, triển khai", "hội nghị", "sum", "outreach.conferences_held"),
    ("conference_attendance", "Số lượt người dự hội nghị", "lượt người", "sum", "outreach.conference_attendance"),
    ("trainings_held", "Số lớp tập huấn, bồi dưỡng", "lớp", "sum", "outreach.trainings_held"),
    ("training_attendance", "Số lượt người được tập huấn", "lượt người", "sum", "outreach.training_attendance"),
    ("disseminations", "Số đợt tuyên truyền, phổ biến", "đợt", "sum", "outreach.disseminations"),
    (
        "dissemination_audience",
        "Số lượt người được tuyên truyền",
        "lượt người",
        "sum",
        "outreach.dissemination_audience",
    ),
    ("targets_listed", "Số mục tiêu trọng điểm trong danh mục", "mục tiêu", "sum", "targets.targets_listed"),
    (
        "targets_plan_current",
        "Số mục tiêu có phương án còn hiệu lực",
        "mục tiêu",
        "sum",
        "targets.targets_plan_current",
    ),
    ("exercises_held", "Số cuộc diễn tập đã tổ chức", "cuộc", "sum", "exercises.exercises_held"),
    ("exercise_forces", "Số lượt lực lượng tham gia diễn tập", "lượt người", "sum", "exercises.exercise_forces"),
    ("inspections_held", "Số cuộc kiểm tra", "cuộc", "sum", "inspections.inspections_held"),
    ("units_inspected", "Số đơn vị được kiểm tra", "đơn vị", "sum", "inspections.units_inspected"),
    (
        "findings_recorded",
        "Số tồn tại, hạn chế phát hiện qua kiểm tra",
        "nội dung",
        "sum",
        "inspections.findings_recorded",
    ),
    ("findings_closed", "Số tồn tại đã khắc phục", "nội dung", "sum", "inspections.findings_closed"),
    ("incidents_real", "Số vụ việc thực tế", "vụ", "sum", "incidents.incidents_real"),
    ("incidents_exercise", "Số tình huống giả định đã xử lý", "tình huống", "sum", "incidents.incidents_exercise"),
    ("alerts_sent", "Số cảnh báo đã phát", "cảnh báo", "sum", "incidents.alerts_sent"),
    ("commendations_collective", "Số tập thể được khen thưởng", "tập thể", "sum", "awards.commendations_collective"),
    ("commendations_individual", "Số cá nhân được khen thưởng", "cá nhân", "sum", "awards.commendations_individual"),
]

STANDARD_TITLES = {
    PeriodType.SIX_MONTH: "Báo cáo sơ kết công tác phòng, chống khủng bố",
    PeriodType.ANNUAL: "Báo cáo tổng kết công tác phòng, chống khủng bố",
}


@transaction.atomic
def ensure_standard_templates(owner: Any, *, actor: Any) -> dict[str, ReportTemplate]:
    """The published 6-month and annual templates kept by `owner` (the national committee), made once."""
    made = {}
    for period_type, title in STANDARD_TITLES.items():
        template = ReportTemplate.objects.filter(organization=owner, title=title, status="published").first()
        if template is None:
            template = do_create_report_template(
                owner,
                actor=actor,
                title=title,
                kind=TemplateKind.PERIODIC,
                period_type=period_type,
                sections=[{"heading": h, "guidance": g} for h, g in SECTIONS],
                indicators=[
                    {"code": c, "label": label, "unit": u, "aggregation": a, "source": s}
                    for c, label, u, a, s in INDICATORS
                ],
            )
            template = do_transition(template, "published", actor=actor)
        made[period_type] = template
    return made
