"""Exercises of the tests: planned, conducted or evaluated, at a key target of province A."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pckb.exercises import services
from pckb.exercises.models import Exercise
from pckb.targets import services as target_services
from pckb.targets.models import KeyTarget, Scenario, TargetCategory
from pckb.targets.testing import places


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_target(world: Any, org: Any, *, actor: Any = None, **fields: Any) -> KeyTarget:
    p = places()
    values = {
        "name": "Cảng hàng không quốc tế Vân Đồn",
        "category": TargetCategory.objects.get(code="airport"),
        "province": p["qn"],
        "admin_unit": p["halong"],
        "latitude": Decimal("21.120000"),
        "longitude": Decimal("107.415000"),
        "importance": "national",
        **fields,
    }
    return target_services.do_create_key_target(org, actor=actor or world.superuser, **values)


def make_exercise(
    world: Any, org: Any = None, *, state: str = "planned", target: Any = True, **fields: Any
) -> Exercise:
    org = org or world.a
    if target is True:
        target = make_target(world, org, actor=world.superuser)
    values = {
        "title": "Diễn tập phương án chống khủng bố tại cảng hàng không",
        "kind": "full_scale",
        "date": days(-10) if state != "planned" or "date" not in fields else fields["date"],
        "place": "Cảng hàng không Vân Đồn",
        "target": target,
        "scenario": Scenario.objects.get(code="bomb-threat"),
        "objectives": ["Báo cáo, thông tin kịp thời", "Phong tỏa, sơ tán hành khách"],
        "participants": [{"organization": org, "force_count": 40}],
        **fields,
    }
    exercise = services.do_create_exercise(org, actor=world.superuser, **values)
    if state in ("conducted", "evaluated"):
        exercise = services.do_conduct_exercise(exercise, actor=world.superuser)
    if state == "evaluated":
        services.do_update_exercise(
            exercise,
            actor=world.superuser,
            objectives=[
                {"description": o.description, "rating": "S", "observation": "Còn lúng túng"}
                for o in exercise.objectives.all()
            ],
            strengths="Lực lượng có mặt nhanh",
            areas_for_improvement="Thông tin liên lạc chưa thông suốt",
        )
        exercise = services.do_evaluate_exercise(exercise, actor=world.superuser)
    return Exercise.objects.get(pk=exercise.pk)
