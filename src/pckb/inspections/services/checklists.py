"""Checklists: drafts and their criteria, publishing (after which a version never changes), new versions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, update_scoped
from pckb.core.workflow import NONE, Step, Transition, Workflow, do_transition, register

from ..choices import ChecklistStatus
from ..models import Checklist, Criterion

__all__ = [
    "CHECKLIST_FIELDS",
    "CRITERION_FIELDS",
    "CHECKLIST_WORKFLOW",
    "PUBLISHED_IS_FINAL",
    "do_create_checklist",
    "do_update_checklist",
    "do_delete_checklist",
    "do_publish_checklist",
    "do_new_checklist_version",
    "do_add_criterion",
    "do_update_criterion",
    "do_delete_criterion",
]

CHECKLIST_FIELDS = ("title", "description", "classification")
CRITERION_FIELDS = ("number", "group", "text", "guidance", "weight", "evidence_required", "unit_kinds")
PUBLISHED_IS_FINAL = _("A published checklist cannot be changed: make a new version instead.")


@transaction.atomic
def do_create_checklist(organization: Any, *, actor: Any, **fields: Any) -> Checklist:
    """A new draft checklist of `organization` (version 1)."""
    check_fields(fields, CHECKLIST_FIELDS)
    return create_scoped(Checklist, organization, fields, actor=actor)


def _draft(checklist: Checklist, actor: Any, action: str = "change") -> Checklist:
    current = locked(Checklist, checklist, actor, action)
    if current.status != ChecklistStatus.DRAFT:
        raise ValidationError(PUBLISHED_IS_FINAL)
    return current


@transaction.atomic
def do_update_checklist(checklist: Checklist, *, actor: Any, **fields: Any) -> Checklist:
    check_fields(fields, CHECKLIST_FIELDS)
    return update_scoped(_draft(checklist, actor), fields, actor=actor)


@transaction.atomic
def do_delete_checklist(checklist: Checklist, *, actor: Any) -> None:
    checklist = _draft(checklist, actor, "delete")
    audit.record_delete(checklist, audit.snapshot(checklist), actor=actor)
    checklist.delete()


def _criteria_of(checklist: Checklist) -> list[dict[str, Any]]:
    return [
        {"number": c.number, "group": c.group, "text": c.text, "weight": str(c.weight),
         "evidence_required": c.evidence_required, "unit_kinds": list(c.unit_kinds or [])}
        for c in checklist.criteria.all()
    ]


def _record_criteria(checklist: Checklist, before: list[dict[str, Any]], actor: Any) -> None:
    from pckb.core.models import AuditAction

    audit.record(
        AuditAction.UPDATE, checklist, actor=actor, before={"criteria": before},
        after={"criteria": _criteria_of(checklist)}, event_type="inspections.checklist.criteria",
    )


def _save_criterion(criterion: Criterion) -> Criterion:
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def do_add_criterion(checklist: Checklist, *, actor: Any, **fields: Any) -> Criterion:
    """A criterion at the end of a draft (or at the number given)."""
    check_fields(fields, CRITERION_FIELDS)
    checklist = _draft(checklist, actor)
    before = _criteria_of(checklist)
    if not fields.get("number"):
        fields["number"] = (checklist.criteria.aggregate(n=Max("number"))["n"] or 0) + 1
    criterion = _save_criterion(Criterion(checklist=checklist, **fields))
    _record_criteria(checklist, before, actor)
    return criterion


@transaction.atomic
def do_update_criterion(criterion: Criterion, *, actor: Any, **fields: Any) -> Criterion:
    check_fields(fields, CRITERION_FIELDS)
    checklist = _draft(criterion.checklist, actor)
    before = _criteria_of(checklist)
    current = Criterion.objects.select_for_update().get(pk=criterion.pk)
    for key, value in fields.items():
        setattr(current, key, value)
    _save_criterion(current)
    _record_criteria(checklist, before, actor)
    return current


@transaction.atomic
def do_delete_criterion(criterion: Criterion, *, actor: Any) -> None:
    checklist = _draft(criterion.checklist, actor)
    before = _criteria_of(checklist)
    Criterion.objects.filter(pk=criterion.pk).delete()
    _record_criteria(checklist, before, actor)


def _require_criteria(step: Step) -> None:
    if not step.obj.criteria.exists():
        raise ValidationError(_("Add at least one criterion before publishing the checklist."))


def _set_published_on(step: Step) -> None:
    step.obj.published_on = timezone.localdate(step.now)
    step.touch("published_on")


CHECKLIST_WORKFLOW = register(
    Workflow(
        Checklist,
        states=ChecklistStatus,
        transitions=[
            Transition(
                ChecklistStatus.DRAFT,
                ChecklistStatus.PUBLISHED,
                action="manage",
                label=_("Publish"),
                title=_("Publish the checklist"),
                message=_("Once published, the checklist can be used by inspections and never changes again."),
                comment=NONE,
                icon="bi-send-check",
                style="primary",
                guards=(_require_criteria,),
                effects=(_set_published_on,),
            )
        ],
    )
)


def do_publish_checklist(checklist: Checklist, *, actor: Any) -> Checklist:
    return do_transition(checklist, ChecklistStatus.PUBLISHED, actor=actor)


@transaction.atomic
def do_new_checklist_version(checklist: Checklist, organization: Any, *, actor: Any) -> Checklist:
    """A draft copy of a published checklist (its criteria too), numbered after the latest version of
    the same title, owned by `organization` (the actor's committee: any committee may adapt a published
    checklist; the original never changes)."""
    source = locked(Checklist, checklist, actor, "view")
    if source.status != ChecklistStatus.PUBLISHED:
        raise ValidationError(_("Only a published checklist gets a new version: edit this draft instead."))
    if organization is None:
        raise PermissionDenied(_("You may add records in no organization: ask a manager to make the new version."))
    owner = organization
    version = (Checklist.objects.filter(title=source.title).aggregate(v=Max("version"))["v"] or 0) + 1
    fields = {"title": source.title, "description": source.description, "classification": source.classification,
              "version": version, "previous": source}
    copy = create_scoped(Checklist, owner, fields, actor=actor)
    Criterion.objects.bulk_create(
        Criterion(checklist=copy, number=c.number, group=c.group, text=c.text, guidance=c.guidance, weight=c.weight,
                  evidence_required=c.evidence_required, unit_kinds=list(c.unit_kinds or []))
        for c in source.criteria.all()
    )
    return copy
