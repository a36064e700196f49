"""Badges of exercises and the list of a key target's exercises (included in the target's page)."""

from __future__ import annotations

from typing import Any

from django import template

from pckb.core.templatetags.pckb_tags import choice_badge

from ..choices import EXERCISE_STATUS_BADGES, RATING_BADGES
from ..models import Exercise

register = template.Library()


@register.simple_tag
def exercise_status_badge(exercise: Any) -> str:
    return choice_badge(exercise, "status", EXERCISE_STATUS_BADGES)


@register.simple_tag
def rating_badge(objective: Any) -> str:
    return choice_badge(objective, "rating", RATING_BADGES) if objective.rating else ""


@register.simple_tag(takes_context=True)
def target_exercises(context: template.Context, target: Any, limit: int = 50) -> list[Exercise]:
    """The exercises held or planned at `target` that the reader may see, newest first."""
    user = context["request"].user
    return list(
        Exercise.objects.visible_to(user)
        .filter(target=target)
        .select_related("organization")
        .order_by("-date", "-pk")[:limit]
    )
