"""`{% report_badge object %}`: the status badge of a template, round or submission in its colour;
`{{ value|figure }}`: a figure as printed in Vietnamese (1.234, 12,5; a dash when not given)."""

from __future__ import annotations

from typing import Any

from django import template

from pckb.core.templatetags.pckb_tags import choice_badge

from ..choices import ROUND_STATUS_BADGES, SUBMISSION_STATUS_BADGES, TEMPLATE_STATUS_BADGES
from ..exports import format_figure

register = template.Library()

BADGES = {
    "reporttemplate": TEMPLATE_STATUS_BADGES,
    "reportinground": ROUND_STATUS_BADGES,
    "reportsubmission": SUBMISSION_STATUS_BADGES,
}


@register.simple_tag
def report_badge(obj: Any) -> str:
    return choice_badge(obj, "status", BADGES.get(obj._meta.model_name))


@register.filter
def figure(value: Any) -> str:
    return format_figure(value)
