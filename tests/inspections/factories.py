"""Records of the inspection tests: a mission of province A's committee to its units, answered, concluded."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pckb.core.attachments import do_add_attachment
from pckb.inspections import services
from pckb.inspections.choices import Answer
from pckb.inspections.models import Assessment, Checklist, Finding, Inspection
from pckb.organizations.models import Organization

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TITLE = "Bộ tiêu chí kiểm tra công tác phòng, chống khủng bố"


def default_checklist() -> Checklist:
    return Checklist.objects.get(title=TITLE, organization__isnull=True, version=1)


def second_unit(world: Any) -> Organization:
    """Another agency under province A (the world has one)."""
    org, _ = Organization.objects.get_or_create(
        code="a2", defaults={"name": "Sở Văn hóa tỉnh A", "kind": "agency", "level": "province", "parent": world.a}
    )
    return org


def make_inspection(world: Any, org: Any = None, *, units: Any = None, actor: Any = None, **fields: Any) -> Inspection:
    org = org or world.a
    units = units if units is not None else ([world.a1] if org == world.a else list(org.children.all()[:1]))
    data = {
        "title": "Kiểm tra công tác PCKB năm 2026",
        "team_head": "Nguyễn Văn Hùng",
        "team_head_title": "Phó Trưởng ban Thường trực",
        "visit_from": datetime.date(2026, 3, 10),
        "visit_to": datetime.date(2026, 3, 12),
        "checklist": default_checklist(),
        **fields,
    }
    return services.do_create_inspection(org, actor=actor or world.org_a_editor, inspected=units, **data)


def answer_all(assessment: Assessment, actor: Any, answer: str = Answer.MET) -> Assessment:
    rows = {a.criterion_id: {"answer": answer} for a in assessment.answers.all()}
    assessment = services.do_answer_assessment(assessment, rows, actor=actor)
    if answer in (Answer.MET, Answer.PARTLY):
        for row in assessment.answers.filter(criterion__evidence_required=True):
            attach_evidence(row, actor)
    return assessment


def attach_evidence(row: Any, actor: Any) -> Any:
    """The evidence file concluding needs on an evidence-required answer claimed met."""
    return do_add_attachment(row, SimpleUploadedFile("bien-ban.pdf", PDF_BYTES), actor=actor)


def start(world: Any, inspection: Inspection) -> Inspection:
    return services.do_transition_inspection(inspection, "in_progress", actor=world.org_a_editor)


def add_finding(world: Any, inspection: Inspection, unit: Any = None, **fields: Any) -> Finding:
    data = {"severity": "high", "description": "Phương án xử lý tình huống chưa được rà soát trong năm.",
            "recommendation": "Rà soát, cập nhật phương án xử lý tình huống khủng bố.", **fields}
    return services.do_create_finding(inspection, actor=world.org_a_editor, inspected=unit or world.a1, **data)


def concluded(world: Any, org: Any = None, *, findings: int = 1) -> Inspection:
    """A mission answered in full, with `findings` findings, concluded by province A's manager."""
    inspection = start(world, make_inspection(world, org))
    for assessment in inspection.assessments.all():
        answer_all(assessment, world.org_a_editor)
    for _ in range(findings):
        add_finding(world, inspection)
    return services.do_transition_inspection(inspection, "concluded", actor=world.org_a_manager)


def issued_conclusion(world: Any, inspection: Inspection) -> Any:
    """The conclusion notice drafted from the mission and issued by province A's manager."""
    from pckb.core.register.services import do_draft_document, do_issue_document, do_save_header_settings

    do_save_header_settings(
        inspection.organization, actor=world.superuser, parent_line="UBND TỈNH A",
        body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ", symbol="BCĐ", place_name="Bắc Ninh",
    )
    draft = do_draft_document(inspection, actor=world.org_a_editor, doc_type="TB")
    return do_issue_document(draft, actor=world.org_a_manager)


def unit_below(world: Any, org: Any) -> Organization:
    """A unit under `org` that none of the world's personas belongs to (a2 under A)."""
    if org == world.a:
        return second_unit(world)
    unit, _ = Organization.objects.get_or_create(
        code=f"{org.code}-x", defaults={"name": f"Đơn vị thuộc {org.name}", "kind": "agency", "level": "province",
                                        "parent": org}
    )
    return unit


def mission(world: Any, org: Any, *, status: str = "planned", findings: int = 0) -> Inspection:
    """A mission of `org` to a unit none of the personas belongs to, taken to `status`."""
    inspection = make_inspection(world, org, units=[unit_below(world, org)], actor=world.superuser)
    if status == "planned":
        return inspection
    inspection = services.do_transition_inspection(inspection, "in_progress", actor=world.superuser)
    if status == "in_progress" and not findings:
        return inspection
    for assessment in inspection.assessments.all():
        answer_all(assessment, world.superuser)
    for _ in range(findings):
        services.do_create_finding(inspection, actor=world.superuser, inspected=unit_below(world, org),
                                   severity="medium", description="Chưa rà soát phương án.",
                                   recommendation="Rà soát phương án.")
    if status == "in_progress":
        return inspection
    return services.do_transition_inspection(inspection, "concluded", actor=world.superuser)
