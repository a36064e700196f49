"""Demo data of inspections, through the services: the national committee inspected Bắc Ninh's
committee; Điện Biên's committee inspected several of its member agencies (a closed mission of last
year, one in follow-up, one in progress, one planned); Quảng Ninh's committee inspected its police and
health departments. Findings stand in every state: recorded, being corrected, reported, verified,
cancelled. Called by the demo loader as `seed(committees, users)` after the key targets demo.

Names of officials are invented; the texts are written for this demo.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from pckb.core.attachments import do_add_attachment
from pckb.core.scoping import can
from pckb.organizations.models import Organization
from pckb.plans.services import do_transition_task

from . import services
from .choices import Answer
from .models import Checklist, Finding, Inspection

__all__ = ["seed"]

TITLE = "Bộ tiêu chí kiểm tra công tác phòng, chống khủng bố"
# (severity, description, recommendation)
FINDINGS = [
    ("high", "Phương án xử lý tình huống bắt giữ con tin tại trụ sở chưa được rà soát, cập nhật từ năm 2023.",
     "Rà soát, cập nhật và trình phê duyệt phương án xử lý tình huống bắt giữ con tin."),
    ("medium", "Chưa tổ chức diễn tập xử lý tình huống khủng bố trong năm theo kế hoạch.",
     "Tổ chức diễn tập xử lý tình huống khủng bố ít nhất một lần trong năm, có báo cáo rút kinh nghiệm."),
    ("medium", "Một số báo cáo định kỳ gửi chậm so với thời hạn yêu cầu.",
     "Chấn chỉnh chế độ báo cáo; phân công cán bộ theo dõi, gửi báo cáo đúng hạn."),
    ("low", "Sổ đăng ký tài liệu mật về phòng, chống khủng bố ghi chưa đầy đủ thông tin giao nhận.",
     "Hoàn thiện sổ đăng ký, giao nhận tài liệu mật theo quy định bảo vệ bí mật nhà nước."),
    ("high", "Lực lượng bảo vệ mục tiêu trọng điểm chưa được phân công chuyên trách, còn kiêm nhiệm nhiều việc.",
     "Bố trí lực lượng bảo vệ chuyên trách cho mục tiêu trọng điểm; báo cáo kết quả bố trí."),
    ("low", "Tài liệu tuyên truyền về phòng, chống khủng bố chưa được cập nhật nội dung mới.",
     "Biên soạn, cập nhật tài liệu tuyên truyền và phổ biến đến cán bộ, nhân viên."),
]
STRENGTHS = (
    "Lãnh đạo đơn vị quan tâm chỉ đạo, quán triệt kịp thời các văn bản của cấp trên.\n"
    "Kế hoạch công tác phòng, chống khủng bố năm được ban hành sớm, phân công nhiệm vụ rõ ràng."
)
REQUIREMENTS = (
    "Tiếp tục quán triệt, nâng cao nhận thức của cán bộ về công tác phòng, chống khủng bố.\n"
    "Báo cáo kết quả khắc phục các tồn tại, hạn chế về Cơ quan Thường trực Ban Chỉ đạo đúng thời hạn."
)


def _checklist() -> Checklist | None:
    built_in = Checklist.objects.filter(title=TITLE, organization__isnull=True, status="published")
    return built_in.order_by("version").first()


def _agencies(committee: Organization, keys: tuple[str, ...], count: int) -> list[Organization]:
    """The committee's member agencies named by key (codes end in "-<key>"), else its first ones."""
    agencies = Organization.objects.filter(parent=committee, kind="agency", is_active=True)
    children = list(agencies.order_by("sort_order", "pk"))
    chosen = [org for key in keys for org in children if org.code.endswith(f"-{key}")]
    for org in children:
        if len(chosen) >= count:
            break
        if org not in chosen:
            chosen.append(org)
    return chosen[:count]


def _answer(inspection: Inspection, actor: Any, seed: int, *, blanks: int = 0) -> None:
    """Answers that differ per unit (most criteria met, some partly or not), `blanks` left unanswered."""
    pattern = [Answer.MET, Answer.MET, Answer.PARTLY, Answer.MET, Answer.NOT_MET, Answer.MET, Answer.NOT_APPLICABLE]
    for n, assessment in enumerate(inspection.assessments.order_by("pk")):
        rows = list(assessment.answers.order_by("criterion__number"))
        answers = {}
        for i, row in enumerate(rows[: len(rows) - blanks]):
            answer = pattern[(i + seed + n) % len(pattern)]
            seen = answer == Answer.MET and row.criterion.evidence_required
            note = "Đã xem hồ sơ, tài liệu kèm theo." if seen else ""
            if answer == Answer.NOT_MET:
                note = "Chưa có tài liệu chứng minh."
            answers[row.criterion_id] = {"answer": answer, "note": note}
        services.do_answer_assessment(assessment, answers, actor=actor)
        _evidence(assessment, actor)
        services.do_update_assessment(
            assessment,
            actor=actor,
            received_by=(
                f"Đồng chí Phó Thủ trưởng {assessment.inspected.name}\n"
                "Đồng chí cán bộ đầu mối phòng, chống khủng bố"
            ),
            summary="Đơn vị đã triển khai cơ bản đầy đủ nhiệm vụ; còn một số tồn tại cần khắc phục.",
        )


def _evidence(assessment: Any, actor: Any) -> None:
    """A scanned record on every evidence-required answer claimed met or partly met (conclusion needs it)."""
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    rows = assessment.answers.filter(criterion__evidence_required=True, answer__in=(Answer.MET, Answer.PARTLY))
    for row in rows.select_related("criterion"):
        name = f"bien-ban-kiem-tra-tieu-chi-{row.criterion.number}.pdf"
        do_add_attachment(row, SimpleUploadedFile(name, body, content_type="application/pdf"), actor=actor)


def _findings(inspection: Inspection, actor: Any, picks: list[int], deadline: datetime.date) -> None:
    units = [a.inspected for a in inspection.assessments.select_related("inspected").order_by("pk")]
    for n, index in enumerate(picks):
        severity, description, recommendation = FINDINGS[index % len(FINDINGS)]
        services.do_create_finding(
            inspection,
            actor=actor,
            inspected=units[n % len(units)],
            severity=severity,
            description=description,
            recommendation=recommendation,
            deadline=deadline,
        )


def _mission(owner: Organization, units: list[Organization], actor: Any, *, title: str, number: str,
             visit: datetime.date, targets: list[Any] = ()) -> Inspection:
    checklist = _checklist()
    return services.do_create_inspection(
        owner,
        actor=actor,
        inspected=units,
        key_targets=list(targets),
        title=title,
        decision_number=number,
        decision_date=visit - datetime.timedelta(days=14),
        team_head="Nguyễn Đức Thắng" if owner.parent_id is None else "Lò Văn Hải",
        team_head_title=(
            "Phó Trưởng ban Thường trực Ban Chỉ đạo"
            if owner.parent_id is None
            else "Phó Giám đốc Công an tỉnh, Thiếu tướng"
        ),
        team_members=(
            "Trần Thị Minh Thu, chuyên viên Văn phòng thường trực\nPhạm Quốc Bảo, Trung tá, Phòng An ninh nội địa"
        ),
        period_from=datetime.date(visit.year - 1, 1, 1),
        period_to=visit - datetime.timedelta(days=30),
        visit_from=visit,
        visit_to=visit + datetime.timedelta(days=2),
        checklist=checklist,
        strengths=STRENGTHS,
        requirements=REQUIREMENTS,
    )


def _conclude(inspection: Inspection, manager: Any) -> Inspection:
    inspection = services.do_transition_inspection(inspection, "concluded", actor=manager)
    return services.do_transition_inspection(inspection, "follow_up", actor=manager)


def _settle(inspection: Inspection, assignee_actor: Any, manager: Any, states: list[str]) -> None:
    """Move each finding's task: "open", "started", "reported", "verified" or "cancelled"."""
    findings = Finding.objects.filter(assessment__inspection=inspection).select_related("task").order_by("pk")
    for finding, state in zip(findings, states, strict=False):
        task = finding.task
        # The unit's own login reports when it has one there; otherwise its committee reports for it.
        reporter = assignee_actor if can(assignee_actor, "change", task.assignee) else manager
        if state == "started":
            do_transition_task(task, "in_progress", actor=reporter)
        elif state in ("reported", "verified"):
            do_transition_task(task, "done", "Đã khắc phục, gửi kèm báo cáo kết quả.", actor=reporter)
            if state == "verified":
                do_transition_task(task, "verified", actor=manager)
        elif state == "cancelled":
            do_transition_task(task, "cancelled", "Nội dung đã được xử lý theo một nhiệm vụ khác.", actor=manager)


def _documents(inspection: Inspection, manager: Any) -> None:
    """The team decision and the conclusion notice, issued when the committee has its document header
    (the plans demo sets it up); otherwise nothing."""
    from django.core.exceptions import ValidationError

    from pckb.core.register.services import do_draft_document, do_issue_document, do_update_document

    for doc_type in ("QD", "TB"):
        draft = do_draft_document(inspection, actor=manager, doc_type=doc_type)
        if doc_type == "QD":
            draft = do_update_document(
                draft, actor=manager, signer_name="Nguyễn Văn Quang", signer_position="Trưởng ban",
                signer_authority="", signer_body="",
            )
        try:
            with transaction.atomic():
                do_issue_document(draft, actor=manager)
        except ValidationError:
            return  # no header yet: the drafts stay in the register


def _campaign(committee: Organization, units: list[Organization], manager: Any, answerers: list[Any],
              today: datetime.date) -> None:
    """A self-assessment campaign: the first units answer (the first one submits), the last one has not begun."""
    campaign = services.do_create_campaign(
        committee, actor=manager, title=f"Tự kiểm tra công tác phòng, chống khủng bố năm {today.year}",
        checklist=_checklist(), deadline=today + datetime.timedelta(days=25), recipients=units,
    )
    pattern = [Answer.MET, Answer.PARTLY, Answer.MET, Answer.NOT_MET, Answer.MET]
    for n, sa in enumerate(campaign.self_assessments.order_by("pk")[: max(len(units) - 1, 1)]):
        actor = next((a for a in answerers if can(a, "change", sa.organization)), manager)
        criteria = sa.campaign.checklist.criteria_for(sa.unit_kind)
        answers = {c.pk: {"answer": pattern[(i + n) % len(pattern)], "note": ""} for i, c in enumerate(criteria)}
        sa = services.do_answer_self_assessment(sa, answers, actor=actor)
        if n == 0:
            services.do_submit_self_assessment(sa, actor=actor)


def _targets_of(committee: Organization, count: int) -> list[Any]:
    from pckb.targets.models import KeyTarget

    own = KeyTarget.objects.filter(organization__path__startswith=committee.path, status="active")
    return list(own.order_by("pk")[:count])


@transaction.atomic
def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """The missions described above for the committees present; returns the number of missions made."""
    if _checklist() is None or Inspection.objects.exists():
        return 0
    today = timezone.localdate()
    made = 0
    national, bacninh = committees.get("quocgia"), committees.get("bacninh")
    if national is not None and bacninh is not None and users.get("quocgia") and users.get("bacninh"):
        inspection = _mission(national, [bacninh], users["quocgia"], number="45/QĐ-BCĐ",
                              title="Kiểm tra công tác phòng, chống khủng bố tại tỉnh Bắc Ninh",
                              visit=today - datetime.timedelta(days=75), targets=_targets_of(bacninh, 2))
        services.do_transition_inspection(inspection, "in_progress", actor=users["quocgia"])
        _answer(inspection, users["quocgia"], 1)
        _findings(inspection, users["quocgia"], [0, 1, 2, 3], today + datetime.timedelta(days=45))
        _conclude(inspection, users["quocgia"])
        _settle(inspection, users["bacninh"], users["quocgia"], ["verified", "reported", "started", "open"])
        _documents(inspection, users["quocgia"])
        made += 1
    dienbien = committees.get("dienbien")
    if dienbien is not None and users.get("dienbien"):
        made += _seed_dienbien(dienbien, users, today)
    quangninh = committees.get("quangninh")
    if quangninh is not None and users.get("quangninh"):
        manager = users["quangninh"]
        units = _agencies(quangninh, ("congan", "yte"), 2)
        inspection = _mission(quangninh, units, manager, number="112/QĐ-BCĐ",
                              title="Kiểm tra công tác phòng, chống khủng bố tại Công an tỉnh và Sở Y tế",
                              visit=today - datetime.timedelta(days=40), targets=_targets_of(quangninh, 3))
        services.do_transition_inspection(inspection, "in_progress", actor=manager)
        _answer(inspection, manager, 3)
        _findings(inspection, manager, [4, 1, 5], today + datetime.timedelta(days=30))
        _conclude(inspection, manager)
        _settle(inspection, users.get("quangninh.congan", manager), manager, ["reported", "open", "open"])
        _documents(inspection, manager)
        _campaign(quangninh, units, manager, [users.get("quangninh.congan", manager)], today)
        draft = services.do_create_checklist(
            quangninh,
            actor=manager,
            title="Bộ tiêu chí kiểm tra cấp xã tỉnh Quảng Ninh",
            description="Dự thảo bộ tiêu chí riêng cho Ban Chỉ đạo cấp xã.",
        )
        for text, weight in (
            ("Ban Chỉ đạo cấp xã được kiện toàn sau sắp xếp đơn vị hành chính.", 3),
            ("Có cán bộ đầu mối và số điện thoại trực.", 2),
        ):
            services.do_add_criterion(draft, actor=manager, group="I. Tổ chức", text=text, weight=weight)
        made += 1
    return made


def _seed_dienbien(committee: Organization, users: dict[str, Any], today: datetime.date) -> int:
    manager = users["dienbien"]
    police_editor = users.get("dienbien.congan", manager)
    agencies = _agencies(committee, ("congan", "yte", "nhnn", "vhttdl", "khcn"), 5)
    if len(agencies) < 2:
        return 0
    # Last year: three agencies, every task verified, the mission closed.
    old = _mission(
        committee, agencies[:3], manager, number="18/QĐ-BCĐ",
        title="Kiểm tra công tác phòng, chống khủng bố năm trước tại các sở, ngành",
        visit=today - datetime.timedelta(days=320),
    )
    services.do_transition_inspection(old, "in_progress", actor=manager)
    _answer(old, manager, 2)
    _findings(old, manager, [2, 3], today + datetime.timedelta(days=10))
    _conclude(old, manager)
    _settle(old, manager, manager, ["verified", "cancelled"])
    services.do_transition_inspection(old, "closed", actor=manager)
    # This year: police and health, in follow-up with a finding in each state.
    current = _mission(
        committee, agencies[:2], manager, number="76/QĐ-BCĐ",
        title="Kiểm tra công tác phòng, chống khủng bố tại Công an tỉnh và Sở Y tế",
        visit=today - datetime.timedelta(days=50), targets=_targets_of(committee, 2),
    )
    services.do_transition_inspection(current, "in_progress", actor=manager)
    _answer(current, manager, 0)
    _findings(current, manager, [0, 4, 1, 5], today + datetime.timedelta(days=20))
    _conclude(current, manager)
    _settle(current, police_editor, manager, ["reported", "started", "verified", "open"])
    # In progress: answers partly given, a finding recorded, no task yet.
    ongoing = _mission(committee, agencies[2:4] or agencies[:1], manager, number="91/QĐ-BCĐ",
                       title="Kiểm tra việc khắc phục tồn tại tại Ngân hàng Nhà nước và Sở Văn hóa",
                       visit=today - datetime.timedelta(days=2))
    services.do_transition_inspection(ongoing, "in_progress", actor=manager)
    _answer(ongoing, manager, 4, blanks=6)
    _findings(ongoing, manager, [3], today + datetime.timedelta(days=60))
    _campaign(committee, agencies[:3], manager, [police_editor], today)
    # Planned for next month.
    _mission(
        committee, agencies[-1:], manager, number="",
        title="Kiểm tra công tác phòng, chống khủng bố tại Sở Khoa học và Công nghệ",
        visit=today + datetime.timedelta(days=30),
    )
    return 4
