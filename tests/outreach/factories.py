"""Records of the outreach tests: a training with headcounts, a document of a library, a dissemination."""

from __future__ import annotations

import datetime
from typing import Any

from pckb.outreach import services
from pckb.outreach.models import Dissemination, LegalDocument, TrainingEvent, TrainingTopic


def topic(code: str = "law") -> TrainingTopic:
    return TrainingTopic.objects.get(code=code)


def make_event(world: Any, org: Any = None, *, actor: Any = None, **fields: Any) -> TrainingEvent:
    values = {
        "kind": "training",
        "title": "Tập huấn nghiệp vụ phòng, chống khủng bố",
        "start_date": datetime.date(2026, 3, 10),
        "place": "Hội trường Công an tỉnh",
        "conclusions": "Rà soát phương án bảo vệ mục tiêu\nTổ chức diễn tập cấp cơ sở",
        **fields,
    }
    return services.do_create_training_event(org or world.a, actor=actor or world.org_a_editor, **values)


def make_document(world: Any, org: Any = None, *, actor: Any = None, **fields: Any) -> LegalDocument:
    values = {
        "doc_type": "plan",
        "number": "12/KH-BCĐ",
        "issued_on": datetime.date(2026, 1, 15),
        "issuer": "Ban Chỉ đạo phòng, chống khủng bố tỉnh A",
        "subject": "Kế hoạch tuyên truyền Luật Phòng, chống khủng bố năm 2026",
        **fields,
    }
    return services.do_create_legal_document(org or world.a, actor=actor or world.org_a_editor, **values)


def make_dissemination(
    world: Any, org: Any = None, *, documents: Any = None, actor: Any = None, **fields: Any
) -> Dissemination:
    org = org or world.a
    values = {
        "date": datetime.date(2026, 4, 2),
        "form": "conference",
        "audience_count": 120,
        "audience": "Cán bộ, chiến sĩ",
        **fields,
    }
    docs = documents if documents is not None else [make_document(world, world.a)]
    return services.do_create_dissemination(org, actor=actor or world.org_a_editor, documents=docs, **values)
