"""Improvement items: each one a plans task issued by the exercise's lead, whose source is the exercise."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core.services import locked

from ..choices import ExerciseStatus
from ..models import Exercise

__all__ = ["IMPROVEMENT_FIELDS", "do_add_improvement_item", "improvement_items"]

IMPROVEMENT_FIELDS = ("title", "description", "assignee", "deadline", "priority")


@transaction.atomic
def do_add_improvement_item(exercise: Exercise, *, actor: Any, **fields: Any) -> Any:
    """A task for the owner of an area for improvement (`assignee`), with its deadline."""
    from pckb.core.services import check_fields
    from pckb.plans.services import do_create_task

    check_fields(fields, IMPROVEMENT_FIELDS)
    current = locked(Exercise, exercise, actor, "add")
    if current.status == ExerciseStatus.PLANNED:
        raise ValidationError(_("Improvement items follow an exercise that has been conducted."))
    errors: dict[str, list] = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = [_("Describe the improvement to make.")]
    if fields.get("assignee") is None:
        errors["assignee"] = [_("Name the organization that owns this improvement item.")]
    if fields.get("deadline") is None:
        errors["deadline"] = [_("Set a deadline for this improvement item.")]
    if errors:
        raise ValidationError(errors)
    return do_create_task(
        current.organization,
        actor=actor,
        source=current,
        assigned_on=timezone.localdate(),
        classification=current.classification,
        **{k: v for k, v in fields.items() if v not in (None, "")},
    )


def improvement_items(exercise: Exercise, user: Any = None) -> QuerySet:
    """The tasks following up the exercise (those `user` may see, when given)."""
    from pckb.plans.models import Task

    qs = Task.objects.visible_to(user) if user is not None else Task.objects.all()
    return (
        qs.filter(source_type=ContentType.objects.get_for_model(Exercise), source_id=exercise.pk)
        .select_related("assignee")
        .order_by("deadline", "pk")
    )
