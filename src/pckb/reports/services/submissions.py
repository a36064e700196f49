"""Submissions: prefilled figures, the editor's saves, the roll-up taken over, and the state table
(draft → submitted → accepted, or returned with a comment → resubmitted)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.indicators import compute, count_source
from pckb.core.models import AuditAction
from pckb.core.services import locked
from pckb.core.workflow import REQUIRED, Step, Transition, Workflow, register

from ..choices import EDITABLE_STATUSES, SubmissionStatus
from ..models import ReportSubmission, SubmissionValue
from .notifying import notify_decision, notify_submitted

__all__ = [
    "SUBMISSION_WORKFLOW",
    "prefill_values",
    "parse_figure",
    "do_update_submission",
    "do_refresh_computed",
    "do_apply_rollup",
]

MAX_FIGURE = Decimal("99999999999999")
MAX_TEXT = 50_000


def _computed(code: str, sub: ReportSubmission) -> Decimal | None:
    """The count for the unit's subtree and the round's period; None when no module here counts it."""
    if not code or count_source(code) is None:
        return None
    return Decimal(compute(code, sub.organization, sub.round.period_start, sub.round.period_end))


def prefill_values(submissions: Iterable[ReportSubmission]) -> None:
    """A value row per indicator of each new submission, computed where the indicator has a source."""
    rows = []
    for sub in submissions:
        for ind in sub.round.template.indicators.all():
            computed = _computed(ind.source, sub)
            rows.append(SubmissionValue(submission=sub, indicator=ind, computed=computed, value=computed))
    SubmissionValue.objects.bulk_create(rows, batch_size=2000)


def parse_figure(raw: Any, field: str) -> Decimal | None:
    """A figure typed or sent: empty is "not given"; otherwise a number from 0 (commas as decimal marks)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValidationError({field: [_("Enter a number.")]})
    try:
        value = Decimal(str(raw).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: [_("Enter a number.")]}) from None
    if not value.is_finite():
        raise ValidationError({field: [_("Enter a number.")]})
    if value < 0:
        raise ValidationError({field: [_("A figure cannot be negative.")]})
    if value > MAX_FIGURE or value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Enter a number of at most 14 digits and 2 decimals.")]})
    return value


def _check_editable(sub: ReportSubmission) -> None:
    if not sub.round.is_open:
        raise ValidationError({"__all__": [_("This round is closed: the report can no longer change.")]})
    if sub.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {"__all__": [_("A submitted report cannot change: the committee can return it for correction.")]}
        )


def _apply_texts(sub: ReportSubmission, texts: Any) -> None:
    count = len(sub.round.template.sections)
    current = list(sub.texts or []) + [""] * max(0, count - len(sub.texts or []))
    items = texts.items() if isinstance(texts, Mapping) else enumerate(texts) if isinstance(texts, list) else None
    if items is None:
        raise ValidationError({"texts": [_("Give the sections' texts as a list.")]})
    for key, text in items:
        try:
            index = int(key)
        except (TypeError, ValueError):
            raise ValidationError({"texts": [_("Unknown section.")]}) from None
        if not 0 <= index < count:
            raise ValidationError({"texts": [_("Unknown section.")]})
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise ValidationError({f"text_{index}": [_("Write at most 50,000 characters.")]})
        current[index] = text.replace("\r\n", "\n")
    sub.texts = current[:count]


def _apply_values(sub: ReportSubmission, values: Any) -> dict[str, tuple[Any, Any]]:
    """Set figures by indicator code: {"code": value} or {"code": {"value": v, "reason": "..."}}."""
    if not isinstance(values, Mapping):
        raise ValidationError({"values": [_("Give the figures by indicator code.")]})
    rows = {row.indicator.code: row for row in sub.values.select_related("indicator").select_for_update()}
    changed: dict[str, tuple[Any, Any]] = {}
    for code, given in values.items():
        row = rows.get(code)
        if row is None:
            raise ValidationError({"values": [_("“{code}” is not an indicator of this report.").format(code=code)]})
        has_reason = isinstance(given, Mapping) and "reason" in given
        raw = given.get("value") if isinstance(given, Mapping) else given
        if isinstance(given, Mapping) and "value" not in given:
            raw = row.value
        value = parse_figure(raw, f"value_{code}")
        reason = str(given.get("reason") or "").strip()[:2000] if has_reason else row.override_reason
        if row.computed is not None and value != row.computed:
            if not reason:
                raise ValidationError(
                    {
                        f"reason_{code}": [
                            _("“{label}” differs from the computed {computed}: say why.").format(
                                label=row.indicator.label, computed=_plain(row.computed)
                            )
                        ]
                    }
                )
        else:
            reason = "" if row.computed is not None else reason
        if (value, reason) != (row.value, row.override_reason):
            changed[code] = (_plain(row.value), _plain(value))
            row.value, row.override_reason = value, reason
            row.save(update_fields=["value", "override_reason"])
    return changed


def _plain(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


@transaction.atomic
def do_update_submission(
    sub: ReportSubmission, *, actor: Any, texts: Any = None, values: Any = None
) -> ReportSubmission:
    """Save sections (a list, or {index: text}) and figures (by code) of a draft or returned report.

    A figure differing from its computed value needs a reason, which is kept; an editor's right on the
    reporting unit. Audited once with what changed.
    """
    current = locked(ReportSubmission, sub, actor, "change")
    _check_editable(current)
    before = {"texts": list(current.texts or [])}
    if texts is not None:
        _apply_texts(current, texts)
    changed = _apply_values(current, values) if values is not None else {}
    after = {"texts": current.texts}
    if before != after:
        current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save(update_fields=["texts", "updated_by", "updated_at"])
    if before != after or changed:
        audit.record(
            AuditAction.UPDATE,
            current,
            actor=actor,
            before={**before, "values": {k: v[0] for k, v in changed.items()}},
            after={**after, "values": {k: v[1] for k, v in changed.items()}},
        )
    return current


@transaction.atomic
def do_refresh_computed(sub: ReportSubmission, *, actor: Any) -> ReportSubmission:
    """Compute the automatic figures again (records added since the round opened); figures the unit had
    left as computed follow, changed ones keep their value and reason."""
    current = locked(ReportSubmission, sub, actor, "change")
    _check_editable(current)
    changed = {}
    for row in current.values.select_related("indicator").select_for_update():
        fresh = _computed(row.indicator.source, current)
        if fresh == row.computed:
            continue
        follow = row.value == row.computed
        changed[row.indicator.code] = (_plain(row.computed), _plain(fresh))
        row.computed = fresh
        if follow:
            row.value, row.override_reason = fresh, ""
        row.save(update_fields=["computed", "value", "override_reason"])
    if changed:
        audit.record(
            AuditAction.UPDATE,
            current,
            actor=actor,
            before={"computed": {k: v[0] for k, v in changed.items()}},
            after={"computed": {k: v[1] for k, v in changed.items()}},
        )
    return current


@transaction.atomic
def do_apply_rollup(sub: ReportSubmission, *, actor: Any) -> ReportSubmission:
    """Take the accepted reports of the unit's own round for the period as its figures, with the reason.

    Each recipient reported for its own subtree, so their total is the unit's figure without counting
    anything twice (rollup.py).
    """
    from ..rollup import child_round_for, round_rollup

    current = locked(ReportSubmission, sub, actor, "change")
    _check_editable(current)
    child = child_round_for(current)
    if child is None:
        raise ValidationError({"__all__": [_("This unit has opened no round for this period.")]})
    rollup = round_rollup(child)
    accepted = max((t.reported_by for t in rollup.totals), default=0)
    if not accepted:
        raise ValidationError({"__all__": [_("No report of this unit's own round has been accepted yet.")]})
    by_code = {t.indicator.code: t.total for t in rollup.totals if t.total is not None}
    reason = str(
        _("Rolled up from the {n} accepted report(s) of the round “{round}”.").format(n=accepted, round=child)
    )
    codes = set(current.values.values_list("indicator__code", flat=True))
    values = {code: {"value": total, "reason": reason} for code, total in by_code.items() if code in codes}
    return do_update_submission(current, actor=actor, values=values)


# --- the state table ---------------------------------------------------------------------------------


def _issuer(sub: ReportSubmission) -> Any:
    return sub.round.organization


def _round_open(step: Step) -> None:
    if not step.obj.round.is_open:
        raise ValidationError({"__all__": [_("This round is closed: reports can no longer be submitted.")]})


def _is_recipient(step: Step) -> None:
    if not step.obj.round.recipients.filter(pk=step.obj.organization_id).exists():
        raise ValidationError(
            {"__all__": [_("“{name}” is not a recipient of this round.").format(name=step.obj.organization.name)]}
        )


def _complete(step: Step) -> None:
    """Every figure changed from its computed value has its reason (the editor ensures it; a guard for
    figures changed before a source was registered)."""
    missing = [
        v.indicator.label
        for v in step.obj.values.select_related("indicator")
        if v.is_overridden and not v.override_reason.strip()
    ]
    if missing:
        message = _("Say why “{label}” differs from its computed value.").format(label=missing[0])
        raise ValidationError({"__all__": [message]})


def _stamp_submitted(step: Step) -> None:
    step.obj.submitted_at, step.obj.return_comment = step.now, step.obj.return_comment
    step.touch("submitted_at")


def _stamp_accepted(step: Step) -> None:
    step.obj.accepted_at = step.now
    step.touch("accepted_at")


def _keep_return_comment(step: Step) -> None:
    step.obj.return_comment = step.comment
    step.touch("return_comment")


def _after_submit(step: Step) -> None:
    notify_submitted(step.obj, step.actor)


def _after_decision(step: Step) -> None:
    notify_decision(step.obj, step.target, step.comment, step.actor)


SUBMISSION_WORKFLOW = register(
    Workflow(
        ReportSubmission,
        states=SubmissionStatus,
        transitions=[
            Transition(
                SubmissionStatus.DRAFT,
                SubmissionStatus.SUBMITTED,
                action="change",
                label=_("Submit the report"),
                message=_("The committee receives it; it can no longer change unless the committee returns it."),
                icon="bi-send",
                guards=(_round_open, _complete),
                effects=(_stamp_submitted,),
                after=(_after_submit,),
            ),
            Transition(
                SubmissionStatus.RETURNED,
                SubmissionStatus.RESUBMITTED,
                action="change",
                label=_("Submit again"),
                icon="bi-send",
                guards=(_round_open, _complete),
                effects=(_stamp_submitted,),
                after=(_after_submit,),
            ),
            Transition(
                (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED),
                SubmissionStatus.ACCEPTED,
                side=_issuer,
                action="manage",
                label=_("Accept the report"),
                message=_("Its figures then count in the round's roll-up."),
                icon="bi-check2-circle",
                style="outline-success",
                guards=(_is_recipient,),
                effects=(_stamp_accepted,),
                after=(_after_decision,),
            ),
            Transition(
                (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED),
                SubmissionStatus.RETURNED,
                side=_issuer,
                action="manage",
                label=_("Return for correction"),
                comment=REQUIRED,
                comment_label=_("What must be corrected"),
                comment_error=_("Say what must be corrected."),
                icon="bi-arrow-return-left",
                guards=(_round_open, _is_recipient),
                effects=(_keep_return_comment,),
                after=(_after_decision,),
            ),
        ],
    )
)

