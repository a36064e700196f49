"""Badges of inspections, checklists, answers and findings (colours from inspections.choices)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
        return mark_safe('<span class="badge text-bg-light border">—</span>')  # noqa: S308 - a constant
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


@register.simple_tag(takes_context=True)
def target_inspections(context: template.Context, target: Any) -> list[Any]:
    """The missions the user may read that visited a key target, newest first (the target's page)."""
    from ..models import Inspection

    user = context["request"].user
    return list(
        Inspection.objects.visible_to(user).filter(key_targets=target).select_related("organization")
        .order_by("-visit_from", "-id")[:20]
    )


@register.simple_tag(takes_context=True)
def unit_inspections(context: template.Context, organization: Any) -> dict[str, Any]:
    """An organisation's page: the missions it received (with its score, when readable), those it led,
    and its open findings."""
    from ..models import Assessment, Finding, Inspection
    from ..services.queries import open_findings_q

    user = context["request"].user
    received = list(
        Inspection.objects.visible_to(user).filter(inspected=organization).select_related("organization")
        .order_by("-visit_from", "-id")[:20]
    )
    scores = {
        a.inspection_id: a
        for a in Assessment.objects.visible_to(user).filter(inspected=organization, inspection__in=received)
    }
    rows = [{"inspection": i, "assessment": scores.get(i.pk)} for i in received]
    led = list(Inspection.objects.visible_to(user).filter(organization=organization).order_by("-visit_from")[:10])
    findings = list(
        Finding.objects.visible_to(user).filter(assessment__inspected=organization).filter(open_findings_q())
        .select_related("task", "assessment__inspection").order_by("id")[:20]
    )
    from ..models import Campaign, SelfAssessment

    own = list(
        SelfAssessment.objects.visible_to(user).filter(organization=organization).select_related("campaign")
        .order_by("-campaign__deadline")[:10]
    )
    sent = list(Campaign.objects.visible_to(user).filter(organization=organization).order_by("-deadline")[:10])
    return {"received": rows, "led": led, "open_findings": findings, "self_assessments": own, "campaigns": sent,
            "any": bool(rows or led or findings or own or sent)}
