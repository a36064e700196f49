"""Plans and rosters as documents: the pure context functions, and the drafts they give in the register."""

import datetime
import io

import docx
from django.utils import timezone

from pckb.core.documents import Header, render_document
from pckb.core.register.choices import DocumentStatus
from pckb.core.register.services import do_draft_document, do_issue_document, do_update_document
from pckb.organizations.exports import MemberRow, build_roster_context, roster_context
from pckb.organizations.models import CommitteeMember
from pckb.plans import services as plan_services
from pckb.plans.exports import TaskRow, build_plan_context, plan_context

from .conftest import set_header

HEADER = Header(body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ", body_symbol="BCĐ", place="Bắc Ninh")
DAY = datetime.date(2026, 3, 9)


def _tables(data: bytes) -> list[list[str]]:
    document = docx.Document(io.BytesIO(data))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_a_plan_context_has_purpose_tasks_and_organisation_sections():
    context = plan_context(
        header=HEADER,
        subject="Triển khai công tác phòng, chống khủng bố năm 2026",
        purpose=["Chủ động phòng ngừa.", "  ", "Không để bị động, bất ngờ."],
        tasks=[
            TaskRow("Rà soát mục tiêu", "Công an tỉnh", ("Sở Y tế", "Sở Xây dựng"), datetime.date(2026, 4, 30)),
            TaskRow("Diễn tập", "Bộ Chỉ huy Quân sự tỉnh", (), None),
        ],
        date=DAY,
    )
    assert context.doc_type == "KH"
    assert [s.heading for s in context.sections] == ["Mục đích, yêu cầu", "Nội dung, nhiệm vụ", "Tổ chức thực hiện"]
    assert context.sections[0].paragraphs == ("Chủ động phòng ngừa.", "Không để bị động, bất ngờ.")
    table = context.sections[1].table
    assert table.headings == ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn")
    assert table.rows == (
        ("1", "Rà soát mục tiêu", "Công an tỉnh", "Sở Y tế, Sở Xây dựng", "30/04/2026"),
        ("2", "Diễn tập", "Bộ Chỉ huy Quân sự tỉnh", "", ""),
    )


def test_a_plan_without_a_description_gets_the_standard_purpose():
    context = plan_context(header=HEADER, subject="X", purpose=[], tasks=[])
    assert context.sections[0].paragraphs and context.sections[1].table.rows == ()


def test_a_roster_context_is_a_decision_listing_the_members_with_their_roles():
    context = roster_context(
        header=HEADER,
        committee_name="Ban Chỉ đạo phòng, chống khủng bố tỉnh Bắc Ninh",
        members=[MemberRow("Nguyễn Văn An", "Chủ tịch UBND tỉnh", "Trưởng ban")],
        date=DAY,
    )
    assert context.doc_type == "QD" and context.enacting_words == "QUYẾT ĐỊNH:"
    assert context.subject == "Về việc kiện toàn Ban Chỉ đạo phòng, chống khủng bố tỉnh Bắc Ninh"
    assert context.sections[0].table.rows == (("1", "Nguyễn Văn An", "Chủ tịch UBND tỉnh", "Trưởng ban"),)


def _plan(world):
    today = timezone.localdate()
    plan = plan_services.do_create_plan(
        world.a,
        actor=world.superuser,
        title="Kế hoạch triển khai công tác phòng, chống khủng bố năm 2026",
        period_from=today,
        period_to=today + datetime.timedelta(days=200),
        description="Chủ động phòng ngừa.",
        classification=1,
    )
    for title, days in (("Rà soát mục tiêu", 40), ("Tuyên truyền", 20), ("Hủy bỏ", 10)):
        task = plan_services.do_create_task(
            world.a,
            actor=world.superuser,
            title=title,
            assignee=world.a1,
            deadline=today + datetime.timedelta(days=days),
            plan=plan,
        )
        task.supporters.add(world.a)
    cancelled = plan.tasks.get(title="Hủy bỏ")
    plan_services.do_transition_task(cancelled, "cancelled", actor=world.superuser, comment="Không cần")
    return plan


def test_build_plan_context_reads_the_tasks_in_deadline_order_without_the_cancelled(world):
    context = build_plan_context(_plan(world))
    rows = context.sections[1].table.rows
    assert [row[1] for row in rows] == ["Tuyên truyền", "Rà soát mục tiêu"]
    assert rows[0][2] == "Sở Y tế tỉnh A" and rows[0][3] == "Ban Chỉ đạo PCKB tỉnh A"
    assert context.subject == "Triển khai công tác phòng, chống khủng bố năm 2026"


def test_a_plan_drafts_its_ke_hoach_which_issues_with_a_register_number(world):
    set_header(world)
    plan = _plan(world)
    draft = do_draft_document(plan, actor=world.org_a_manager)
    assert (draft.doc_type, draft.status, draft.organization) == ("KH", DocumentStatus.DRAFT, world.a)
    assert draft.classification == 1  # the plan's classification: the document is "MẬT"
    draft = do_update_document(
        draft, actor=world.org_a_manager, signer_name="Nguyễn Văn An", signer_position="Trưởng ban"
    )
    doc = do_issue_document(draft, actor=world.org_a_manager)
    assert doc.symbol == "01/KH-BCĐ" and doc.context["secrecy"] == "MẬT"
    plan.refresh_from_db()
    assert plan.document_number == "01/KH-BCĐ"  # the plan is known by its register number
    cells = [cell for row in _tables(doc.file.read()) for cell in row]
    assert "Rà soát mục tiêu" in cells and "Sở Y tế tỉnh A" in cells


def test_a_roster_decision_lists_the_members_valid_on_the_chosen_day(world):
    set_header(world)
    create = CommitteeMember.objects.create
    create(organization=world.a, full_name="Nguyễn Văn An", title="Chủ tịch UBND tỉnh", committee_role="chair")
    create(
        organization=world.a,
        full_name="Lê Cũ",
        committee_role="member",
        valid_to=datetime.date(2025, 12, 31),
    )
    create(
        organization=world.a,
        full_name="Trần Mới",
        committee_role="vice_chair",
        representing=world.a1,
        title="Giám đốc",
        valid_from=datetime.date(2026, 3, 1),
    )
    names = [row[1] for row in build_roster_context(world.a, datetime.date(2025, 6, 1)).sections[0].table.rows]
    assert names == ["Nguyễn Văn An", "Lê Cũ"]
    rows = build_roster_context(world.a, DAY).sections[0].table.rows
    assert [row[1:] for row in rows] == [
        ("Nguyễn Văn An", "Chủ tịch UBND tỉnh", "Trưởng ban"),
        ("Trần Mới", "Giám đốc, Sở Y tế tỉnh A", "Phó Trưởng ban"),
    ]
    draft = do_draft_document(world.a, actor=world.org_a_manager, source_date=DAY)
    assert draft.doc_type == "QD" and draft.source_date == DAY
    draft = do_update_document(
        draft, actor=world.org_a_manager, signer_name="Nguyễn Văn An", signer_position="Chủ tịch UBND tỉnh"
    )
    doc = do_issue_document(draft, actor=world.org_a_manager)
    assert doc.symbol == "01/QĐ-BCĐ"
    cells = [cell for row in _tables(doc.file.read()) for cell in row]
    assert "Trần Mới" in cells and "Lê Cũ" not in cells


def test_the_pure_contexts_render_without_the_database():
    data = render_document(plan_context(header=HEADER, subject="X", purpose=["Y"], tasks=[], date=DAY))
    assert data.startswith(b"PK")


def test_a_document_names_an_organisation_as_it_was_called_on_the_document_date(world):
    from pckb.organizations.lifecycle import do_rename_organization

    plan = _plan(world)
    today = timezone.localdate()
    do_rename_organization(world.a1, "Sở Y tế và Dân số tỉnh A", "", today, actor=world.superuser)
    world.a1.refresh_from_db()

    before = build_plan_context(plan, today - datetime.timedelta(days=1)).sections[1].table.rows
    after = build_plan_context(plan, today).sections[1].table.rows
    assert {row[2] for row in before} == {"Sở Y tế tỉnh A"}
    assert {row[2] for row in after} == {"Sở Y tế và Dân số tỉnh A"}


def test_a_record_with_two_document_types_drafts_either_and_each_renders_its_own_body(world):
    from pckb.core.documents import Section
    from pckb.core.register import sources

    set_header(world)
    plan = _plan(world)
    saved = list(sources._SOURCES["plans.plan"])
    sources.register_document_source(
        type(plan),
        doc_type="TB",
        build=lambda record, document: (Section(heading="", paragraphs=(f"Thông báo về {record.title}",)),),
        subject=lambda record, on_date: f"Thông báo {record.title}",
    )
    try:
        assert sources.document_types_of(plan) == ["KH", "TB"]
        default = do_draft_document(plan, actor=world.org_a_manager)
        notice = do_draft_document(plan, actor=world.org_a_manager, doc_type="TB")
        assert (default.doc_type, notice.doc_type) == ("KH", "TB")
        assert notice.subject.startswith("Thông báo")
        notice = do_update_document(
            notice, actor=world.org_a_manager, signer_name="Nguyễn Văn An", signer_position="Trưởng ban"
        )
        issued = do_issue_document(notice, actor=world.org_a_manager)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(issued.file.read())).paragraphs)
        assert f"Thông báo về {plan.title}" in text and issued.symbol == "01/TB-BCĐ"
        plan.refresh_from_db()
        assert plan.document_number != issued.symbol  # the plan's on_issue belongs to its Kế hoạch only
    finally:
        sources._SOURCES["plans.plan"] = saved
