"""Badges of inspections, checklists, answers and findings (colours from inspections.choices)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from pckb.core.templatetags.pckb_tags import choice_badge

from ..choices import (
    ANSWER_BADGES,
    CHECKLIST_STATUS_BADGES,
    FINDING_STATE_BADGES,
    INSPECTION_STATUS_BADGES,
    SEVERITY_BADGES,
    FindingState,
)

register = template.Library()


@register.simple_tag
def inspection_status_badge(inspection: Any) -> str:
    return choice_badge(inspection, "status", INSPECTION_STATUS_BADGES)


@register.simple_tag
def checklist_status_badge(checklist: Any) -> str:
    return choice_badge(checklist, "status", CHECKLIST_STATUS_BADGES)


@register.simple_tag
def answer_badge(answer: Any) -> str:
    if not answer.answer:
        return format_html('<span class="badge text-bg-light border">—</span>')
    return choice_badge(answer, "answer", ANSWER_BADGES)


@register.simple_tag
def severity_badge(finding: Any) -> str:
    return choice_badge(finding, "severity", SEVERITY_BADGES)


@register.simple_tag
def finding_state_badge(finding: Any) -> str:
    state = finding.state
    return format_html(
        '<span class="badge text-bg-{}" data-state="{}">{}</span>',
        FINDING_STATE_BADGES.get(state, "secondary"),
        state,
        FindingState(state).label,
    )


@register.simple_tag
def score_text(score: Any) -> str:
    return "—" if score is None else f"{score:.1f}".replace(".", ",")
