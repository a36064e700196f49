"""Report templates: drafts are edited freely; publishing freezes a version; a change is a new version."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, require, update_scoped
from pckb.core.workflow import Step, Transition, Workflow, register

from ..choices import Aggregation, TemplateStatus
from ..models import Indicator, ReportTemplate

__all__ = [
    "TEMPLATE_FIELDS",
    "TEMPLATE_WORKFLOW",
    "clean_sections",
    "clean_indicators",
    "do_create_report_template",
    "do_update_report_template",
    "do_new_template_version",
]

TEMPLATE_FIELDS = (
    "title",
    "kind",
    "period_type",
    "cutoff_day",
    "deadline_days",
    "sections",
    "indicators",
    "classification",
)
CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,59}$")
MAX_SECTIONS, MAX_INDICATORS = 40, 100


def clean_sections(sections: Any) -> list[dict[str, str]]:
    """[{"heading", "guidance"}, ...]: a heading each, at most MAX_SECTIONS."""
    if not isinstance(sections, list) or len(sections) > MAX_SECTIONS:
        message = _("Give at most {n} sections, each with a heading.").format(n=MAX_SECTIONS)
        raise ValidationError({"sections": [message]})
    result = []
    for item in sections:
        if not isinstance(item, dict) or not str(item.get("heading") or "").strip():
            raise ValidationError({"sections": [_("Every section needs a heading.")]})
        result.append(
            {"heading": str(item["heading"]).strip()[:300], "guidance": str(item.get("guidance") or "").strip()[:2000]}
        )
    return result


def clean_indicators(indicators: Any) -> list[dict[str, str]]:
    """[{"code", "label", "unit", "aggregation", "source"}, ...]: codes unique, sources registered or empty."""
    if not isinstance(indicators, list) or len(indicators) > MAX_INDICATORS:
        raise ValidationError({"indicators": [_("Give at most {n} indicators.").format(n=MAX_INDICATORS)]})
    result, seen = [], set()
    for item in indicators:
        if not isinstance(item, dict):
            raise ValidationError({"indicators": [_("Every indicator needs a code and a label.")]})
        code = str(item.get("code") or "").strip().lower()
        label = str(item.get("label") or "").strip()
        if not CODE.match(code) or not label:
            raise ValidationError(
                {"indicators": [_("Every indicator needs a code (lower-case letters, digits, _ . -) and a label.")]}
            )
        if code in seen:
            raise ValidationError({"indicators": [_("The code “{code}” is used twice.").format(code=code)]})
        seen.add(code)
        aggregation = str(item.get("aggregation") or Aggregation.SUM)
        if aggregation not in Aggregation.values:
            raise ValidationError(
                {"indicators": [_("“{value}” is not an aggregation: sum, max or latest.").format(value=aggregation)]}
            )
        source = str(item.get("source") or "").strip()
        # A code of a module that is not installed here is kept: the figure is then entered by hand.
        if source and not CODE.match(source):
            raise ValidationError({"indicators": [_("“{value}” is not a count code.").format(value=source)]})
        result.append(
            {
                "code": code,
                "label": label[:300],
                "unit": str(item.get("unit") or "").strip()[:50],
                "aggregation": aggregation,
                "source": source,
            }
        )
    return result


def _set_indicators(template: ReportTemplate, indicators: list[dict[str, str]]) -> None:
    template.indicators.all().delete()
    Indicator.objects.bulk_create(
        Indicator(template=template, position=n, **item) for n, item in enumerate(indicators, start=1)
    )


def _indicator_dicts(template: ReportTemplate) -> list[dict[str, str]]:
    return [
        {"code": i.code, "label": i.label, "unit": i.unit, "aggregation": i.aggregation, "source": i.source}
        for i in template.indicators.all()
    ]


@transaction.atomic
def do_create_report_template(organization: Any, *, actor: Any, **fields: Any) -> ReportTemplate:
    """A new draft template kept by `organization` (a manager's right there)."""
    check_fields(fields, TEMPLATE_FIELDS)
    indicators = clean_indicators(fields.pop("indicators", []) or [])
    fields["sections"] = clean_sections(fields.get("sections") or [])
    require(actor, "manage", organization, _("Only the committee's managers keep its report templates."))
    template = create_scoped(ReportTemplate, organization, fields, actor=actor, action="manage")
    _set_indicators(template, indicators)
    return template


@transaction.atomic
def do_update_report_template(template: ReportTemplate, *, actor: Any, **fields: Any) -> ReportTemplate:
    """Change a draft; a published version is refused (make a new version)."""
    check_fields(fields, TEMPLATE_FIELDS)
    current = locked(ReportTemplate, template, actor, "manage")
    if not current.is_draft:
        raise ValidationError(
            {"__all__": [_("A published template cannot change: make a new version and publish it.")]}
        )
    indicators = fields.pop("indicators", None)
    if "sections" in fields:
        fields["sections"] = clean_sections(fields["sections"] or [])
    if indicators is not None:
        indicators = clean_indicators(indicators)
        before = audit.snapshot(current)
        _set_indicators(current, indicators)
        if not fields:
            audit.record_update(current, before, actor=actor)
            return current
    return update_scoped(current, fields, actor=actor, action="manage")


@transaction.atomic
def do_new_template_version(template: ReportTemplate, *, actor: Any) -> ReportTemplate:
    """A draft copy of `template` numbered after the family's last version, to change and publish."""
    current = locked(ReportTemplate, template, actor, "manage")
    last = ReportTemplate.objects.filter(family=current.family).aggregate(v=Max("version"))["v"] or 0
    if ReportTemplate.objects.filter(family=current.family, status=TemplateStatus.DRAFT).exists():
        raise ValidationError({"__all__": [_("A draft version of this template already exists: edit it.")]})
    fields = {
        "title": current.title,
        "kind": current.kind,
        "period_type": current.period_type,
        "cutoff_day": current.cutoff_day,
        "deadline_days": current.deadline_days,
        "sections": current.sections,
        "classification": current.classification,
    }
    copy = create_scoped(ReportTemplate, current.organization, fields, actor=actor, action="manage")
    ReportTemplate.objects.filter(pk=copy.pk).update(family=current.family, version=last + 1)
    copy.refresh_from_db()
    _set_indicators(copy, _indicator_dicts(current))
    return copy


def _check_publishable(step: Step) -> None:
    template = step.obj
    if not template.sections and not template.indicators.exists():
        raise ValidationError({"sections": [_("Give the template at least one section or indicator first.")]})


def _publish(step: Step) -> None:
    step.obj.published_at = step.now
    step.touch("published_at")
    ReportTemplate.objects.filter(family=step.obj.family, status=TemplateStatus.PUBLISHED).exclude(
        pk=step.obj.pk
    ).update(status=TemplateStatus.SUPERSEDED)


TEMPLATE_WORKFLOW = register(
    Workflow(
        ReportTemplate,
        states=TemplateStatus,
        transitions=[
            Transition(
                TemplateStatus.DRAFT,
                TemplateStatus.PUBLISHED,
                action="manage",
                label=_("Publish"),
                title=_("Publish the template"),
                message=_(
                    "Rounds can then use this version; it can no longer change. The version it replaces is "
                    "kept for the rounds that used it."
                ),
                icon="bi-megaphone",
                guards=(_check_publishable,),
                effects=(_publish,),
            ),
        ],
    )
)
