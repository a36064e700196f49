"""Badges of the plans pages: statuses, priorities and the derived "overdue" mark."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from pckb.core.templatetags.pckb_tags import badge, choice_badge

from ..choices import PLAN_STATUS_BADGES, PRIORITY_BADGES, TASK_STATUS_BADGES, UPDATE_KIND_ICONS

__all__ = ["task_status_badge", "plan_status_badge", "priority_badge", "overdue_badge", "update_icon"]

register = template.Library()


@register.simple_tag
def task_status_badge(task: Any) -> str:
    return choice_badge(task, "status", TASK_STATUS_BADGES)


@register.simple_tag
def plan_status_badge(plan: Any) -> str:
    return choice_badge(plan, "status", PLAN_STATUS_BADGES)


@register.simple_tag
def priority_badge(task: Any) -> str:
    return choice_badge(task, "priority", PRIORITY_BADGES)


@register.simple_tag
def overdue_badge() -> str:
    return badge(_("Overdue"), "danger")


@register.simple_tag
def update_icon(entry: Any) -> str:
    return UPDATE_KIND_ICONS.get(entry.kind, "bi-dot")
