"""Demo data of trainings, the legal library and dissemination: a year of each committee's activity.

Called by the demo loader as `seed(committees, users)`. The national committee's library receives the
public core (the law and the decrees); each demo province committee gets a year of review conferences,
trainings and an outreach campaign with headcounts per organisation, its own plan for disseminating the
law, and disseminations by most (not all) of its member agencies, so the gap list has something to show.
Everything goes through the services, acted by the committee's administrator (the audit trail is real).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from pckb.organizations.models import Organization

from . import services
from .models import LegalDocument, TrainingEvent, TrainingTopic

__all__ = ["seed"]

# (months before today, kind, title, place, topics, conclusions); a negative month is still to come.
EVENTS: list[tuple[int, str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        11,
        "annual_review",
        "Hội nghị tổng kết công tác phòng, chống khủng bố năm {year}",
        "Hội trường Ủy ban nhân dân tỉnh",
        ("review", "committee-work"),
        (
            "Kiện toàn Ban Chỉ đạo phòng, chống khủng bố cấp xã sau sắp xếp đơn vị hành chính",
            "Rà soát, bổ sung danh mục mục tiêu trọng điểm và phương án bảo vệ",
            "Tổ chức ít nhất một cuộc diễn tập xử lý tình huống khủng bố trong năm",
        ),
    ),
    (
        9,
        "training",
        "Tập huấn nhận biết vật liệu nổ, tiền chất thuốc nổ",
        "Trung tâm Huấn luyện Công an tỉnh",
        ("explosives", "initial-response"),
        ("Các cơ sở kinh doanh tiền chất thuốc nổ tự kiểm tra quy trình bảo quản",),
    ),
    (
        7,
        "outreach_campaign",
        "Đợt cao điểm tuyên truyền Luật Phòng, chống khủng bố tại khu dân cư",
        "Các xã, phường trên địa bàn tỉnh",
        ("law", "community"),
        (),
    ),
    (
        5,
        "interim_review",
        "Hội nghị sơ kết 6 tháng đầu năm công tác phòng, chống khủng bố",
        "Phòng họp Ban Chỉ đạo tỉnh",
        ("review",),
        (
            "Đẩy nhanh tiến độ xây dựng phương án bảo vệ các mục tiêu còn thiếu",
            "Báo cáo kết quả tuyên truyền pháp luật trước ngày 15 tháng sau",
        ),
    ),
    (
        3,
        "training",
        "Tập huấn xử lý ban đầu các tình huống khủng bố cho lực lượng bảo vệ cơ quan",
        "Hội trường Bộ Chỉ huy Quân sự tỉnh",
        ("initial-response", "key-target-protection"),
        ("Các cơ quan, đơn vị cập nhật phương án xử lý ban đầu theo nội dung tập huấn",),
    ),
    (
        1,
        "training",
        "Tập huấn phòng, chống khủng bố trên không gian mạng",
        "Sở Khoa học và Công nghệ",
        ("cyber",),
        (),
    ),
    (
        -1,
        "annual_review",
        "Hội nghị tổng kết công tác phòng, chống khủng bố năm {year}",
        "Hội trường Ủy ban nhân dân tỉnh",
        ("review", "committee-work"),
        (),
    ),
]

FORMS = ("conference", "in_writing", "online")
AUDIENCES = ("Cán bộ, chiến sĩ toàn đơn vị", "Cán bộ, công chức, viên chức", "Lãnh đạo và cán bộ chủ chốt")


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    month = today.month - 1 - months
    year, month = today.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(today.day, 28))


def _seed_events(
    committee: Organization, agencies: list[Organization], manager: Any, rng: random.Random, today: datetime.date
) -> int:
    topics = {t.code: t for t in TrainingTopic.objects.all()}
    for months, kind, title, place, topic_codes, conclusions in EVENTS:
        start = _months_ago(today, months)
        end = start + datetime.timedelta(days=1) if kind == "training" else None
        event = services.do_create_training_event(
            committee,
            actor=manager,
            kind=kind,
            title=title.format(year=start.year - 1 if kind == "annual_review" else start.year),
            start_date=start,
            end_date=end,
            place=place,
            topics=[topics[code] for code in topic_codes if code in topics],
            conclusions="\n".join(conclusions),
            participants=None if months < 0 else _headcounts(committee, agencies, kind, rng),
        )
        if conclusions and months >= 3 and agencies:
            _task_from_conclusion(event, conclusions[0], agencies[0], manager, today)
    return len(EVENTS)


def _headcounts(
    committee: Organization, agencies: list[Organization], kind: str, rng: random.Random
) -> list[dict[str, Any]]:
    invited = agencies if kind != "training" else rng.sample(agencies, k=min(len(agencies), 6))
    high = 600 if kind == "outreach_campaign" else 40
    rows = [{"organization": committee, "headcount": rng.randint(8, 20)}]
    rows += [{"organization": org, "headcount": rng.randint(2, high)} for org in invited]
    return rows


def _task_from_conclusion(event: TrainingEvent, title: str, assignee: Organization, manager: Any, today: Any) -> None:
    from pckb.plans.services import do_create_task

    do_create_task(
        event.organization,
        actor=manager,
        source=event,
        title=title,
        assignee=assignee,
        assigned_on=event.start_date,
        deadline=today + datetime.timedelta(days=45),
    )


def _seed_disseminations(
    committee: Organization, agencies: list[Organization], manager: Any, rng: random.Random, today: datetime.date
) -> int:
    law = LegalDocument.objects.filter(number="28/2013/QH13", is_public=True).first()
    decree = LegalDocument.objects.filter(number="62/2023/NĐ-CP", is_public=True).first()
    plan = services.do_create_legal_document(
        committee,
        actor=manager,
        doc_type="plan",
        number="15/KH-BCĐ",
        issued_on=_months_ago(today, 10),
        issuer=committee.name,
        subject="Kế hoạch tuyên truyền, phổ biến Luật Phòng, chống khủng bố và các văn bản hướng dẫn",
        effective_date=_months_ago(today, 10),
    )
    documents = [d for d in (law, decree) if d is not None]
    created = 0
    if documents:
        services.do_create_dissemination(
            committee,
            actor=manager,
            documents=[*documents, plan],
            date=_months_ago(today, 9),
            form="conference",
            audience_count=rng.randint(60, 150),
            audience="Thành viên Ban Chỉ đạo và lãnh đạo các sở, ngành",
        )
        created += 1
    # Two agencies in three have disseminated the law: the rest are the gap list.
    for index, agency in enumerate(agencies):
        if index % 3 == 2 or not documents:
            continue
        services.do_create_dissemination(
            agency,
            actor=manager,
            documents=documents[: 1 + index % 2],
            date=_months_ago(today, rng.randint(1, 8)),
            form=FORMS[index % len(FORMS)],
            audience_count=rng.randint(15, 400),
            audience=AUDIENCES[index % len(AUDIENCES)],
        )
        created += 1
    return created


@transaction.atomic
def seed(committees: dict[str, Organization], users: dict[str, Any]) -> int:
    """The public core, then each demo province committee's year; returns the records made."""
    today = timezone.localdate()
    rng = random.Random(20260112)
    total = 0
    for login, committee in committees.items():
        manager = users.get(login)
        if manager is not None and committee.parent_id is None:
            total += services.seed_public_core(committee, actor=manager)
    for login, committee in committees.items():
        manager = users.get(login)
        if manager is None or committee.level != "province":
            continue
        if TrainingEvent.objects.filter(organization=committee).exists():
            continue
        agencies = list(
            Organization.objects.filter(parent=committee, is_active=True, kind="agency")
            .current()
            .order_by("sort_order", "pk")
        )
        total += _seed_events(committee, agencies, manager, rng, today)
        total += _seed_disseminations(committee, agencies, manager, rng, today)
    return total
