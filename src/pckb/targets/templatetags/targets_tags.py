"""Badges of key targets and response plans (colours from targets.choices)."""

from __future__ import annotations

from typing import Any

from django import template

from pckb.core.templatetags.pckb_tags import choice_badge

from ..choices import RESPONSE_PLAN_STATUS_BADGES, TARGET_STATUS_BADGES

register = template.Library()


@register.simple_tag
def plan_status_badge(plan: Any) -> str:
    return choice_badge(plan, "status", RESPONSE_PLAN_STATUS_BADGES)


@register.simple_tag
def target_status_badge(target: Any) -> str:
    return choice_badge(target, "status", TARGET_STATUS_BADGES)
