"""Badges of commendations (colours from awards.choices)."""

from __future__ import annotations

from typing import Any

from django import template

from pckb.core.templatetags.pckb_tags import choice_badge

from ..choices import COMMENDATION_STATUS_BADGES

register = template.Library()


@register.simple_tag
def commendation_status_badge(commendation: Any) -> str:
    return choice_badge(commendation, "status", COMMENDATION_STATUS_BADGES)
