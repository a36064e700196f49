"""Key targets: create, update, remove from the list and put back (a workflow table)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.services import check_fields, create_scoped, locked, update_scoped
from pckb.core.workflow import Step, Transition, Workflow, do_transition, register

from ..choices import TargetStatus
from ..models import KeyTarget
from .codes import CODE_PATTERN, note_used, prefix_for, take_numbers

__all__ = [
    "TARGET_FIELDS",
    "TARGET_WORKFLOW",
    "do_create_key_target",
    "do_update_key_target",
    "do_remove_key_target",
    "do_restore_key_target",
    "check_code",
    "duplicate_code_error",
]

TARGET_FIELDS = (
    "name",
    "category",
    "province",
    "admin_unit",
    "address",
    "latitude",
    "longitude",
    "importance",
    "listing_decision_number",
    "listing_decision_date",
    "listing_committee",
    "protection_force",
    "protection_force_size",
    "protection_force_dedicated",
    "scenarios",
    "notes",
    "classification",
)
# Relations are checked by the model's clean() and the forms' scoped choices; skipping their
# per-field existence query keeps one target's validation cheap (and 10,000 in an import).
RELATIONS = tuple(f.name for f in KeyTarget._meta.concrete_fields if f.is_relation)


def duplicate_code_error(code: str) -> ValidationError:
    return ValidationError({"code": [_("A key target with the code “{code}” already exists.").format(code=code)]})


def check_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not CODE_PATTERN.match(code):
        raise ValidationError({"code": [_("A code looks like QNI-0042: letters, a hyphen and four digits.")]})
    return code


def validate_target(target: KeyTarget) -> None:
    """Field checks and the model's rules (coordinates, commune in province), without the code."""
    target.clean_fields(exclude=["code", "search_name", *RELATIONS])
    target.clean()


def _assign_code(target: KeyTarget, code: str) -> None:
    if code:
        code = check_code(code)
        if KeyTarget.objects.filter(code=code).exists():
            raise duplicate_code_error(code)
        target.code = code
        note_used([code])
    else:
        target.code = take_numbers(prefix_for(target.province))[0]


@transaction.atomic
def do_create_key_target(organization: Any, *, actor: Any, code: str = "", **fields: Any) -> KeyTarget:
    """A new target on the list, owned by `organization`; its code is given once (locked counter)."""
    check_fields(fields, TARGET_FIELDS)
    scenarios = fields.pop("scenarios", None) or []

    def validate(target: KeyTarget) -> None:
        validate_target(target)
        _assign_code(target, code)

    target = create_scoped(KeyTarget, organization, fields, actor=actor, validate=validate)
    if scenarios:
        target.scenarios.set(scenarios)
    return target


@transaction.atomic
def do_update_key_target(target: KeyTarget, *, actor: Any, **fields: Any) -> KeyTarget:
    check_fields(fields, TARGET_FIELDS)
    scenarios = fields.pop("scenarios", None)
    current = locked(KeyTarget, target, actor, "change")
    if scenarios is not None:
        before = audit.snapshot(current)
        current.scenarios.set(scenarios)
        if not fields:
            audit.record_update(current, before, actor=actor)
            return current
    return update_scoped(current, fields, actor=actor, validate=validate_target)


def _mark_removed(step: Step) -> None:
    step.obj.removed_on = timezone.localdate(step.now)
    step.obj.removal_reason = step.comment
    step.touch("removed_on", "removal_reason")


def _mark_restored(step: Step) -> None:
    step.obj.removed_on, step.obj.removal_reason = None, ""
    step.touch("removed_on", "removal_reason")


def _check_restorable(step: Step) -> None:
    unit = step.obj.admin_unit
    if not unit.is_current:
        raise ValidationError(
            {"admin_unit": [_("The commune “{unit}” no longer exists: choose a current one first.").format(unit=unit)]}
        )


# The committee's list: managers take a target off it (with the reason) or put it back.
TARGET_WORKFLOW = register(
    Workflow(
        KeyTarget,
        states=TargetStatus,
        transitions=[
            Transition(
                TargetStatus.ACTIVE,
                TargetStatus.REMOVED,
                action="manage",
                label=_("Remove from the list"),
                title=_("Remove the target from the list"),
                message=_("The target stays on record with its plans and history; give the reason."),
                comment="required",
                comment_label=_("Reason for removal"),
                comment_error=_("Give the reason for removing the target."),
                destructive=True,
                icon="bi-x-circle",
                effects=(_mark_removed,),
            ),
            Transition(
                TargetStatus.REMOVED,
                TargetStatus.ACTIVE,
                action="manage",
                label=_("Put back on the list"),
                icon="bi-arrow-counterclockwise",
                guards=(_check_restorable,),
                effects=(_mark_restored,),
            ),
        ],
    )
)


def do_remove_key_target(target: KeyTarget, reason: str, *, actor: Any) -> KeyTarget:
    return do_transition(target, TargetStatus.REMOVED, actor=actor, comment=reason)


def do_restore_key_target(target: KeyTarget, *, actor: Any) -> KeyTarget:
    return do_transition(target, TargetStatus.ACTIVE, actor=actor)
