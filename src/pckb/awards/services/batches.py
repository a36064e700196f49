"""Decision batches: approved commendations gathered under the body that issues their decision (QĐ)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.models import AuditAction
from pckb.core.scoping import can
from pckb.core.services import check_fields, create_scoped, locked, require

from ..choices import CommendationStatus
from ..models import Commendation, CommendationBatch

__all__ = ["BATCH_FIELDS", "do_create_batch", "do_record_decision", "batchable_commendations"]

BATCH_FIELDS = ("title", "year", "commendations", "classification")


def batchable_commendations(organization: Any, user: Any) -> Any:
    """Approved commendations not yet in a batch, proposed inside `organization`'s subtree."""
    qs = Commendation.objects.visible_to(user, "view").filter(status=CommendationStatus.APPROVED, batch__isnull=True)
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    return qs


@transaction.atomic
def do_create_batch(organization: Any, *, actor: Any, **fields: Any) -> CommendationBatch:
    """A batch issued by `organization` (managers there) of approved, unbatched commendations of its tree."""
    check_fields(fields, BATCH_FIELDS)
    if organization is not None and can(actor, "view", organization):
        # Editors see the form (their organisation is a choice); deciding is the managers'.
        require(actor, "manage", organization, _("Only the managers of the deciding organization make a batch."))
    chosen: Iterable[Commendation] = list(fields.pop("commendations", None) or [])
    if not chosen:
        raise ValidationError({"commendations": [_("Choose at least one approved commendation.")]})
    batch = create_scoped(CommendationBatch, organization, fields, actor=actor, action="manage")
    ids = sorted({c.pk for c in chosen})
    # The chosen rows are locked before they are checked: two batches made at once cannot both take one.
    list(Commendation.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    allowed = set(batchable_commendations(organization, actor).filter(pk__in=ids).values_list("pk", flat=True))
    if any(pk not in allowed for pk in ids):
        raise ValidationError(
            {"commendations": [_("Choose approved commendations, not yet decided, proposed within this organization.")]}
        )
    Commendation.objects.filter(pk__in=ids).update(batch=batch)
    audit.record(
        AuditAction.UPDATE,
        batch,
        actor=actor,
        before={"commendations": []},
        after={"commendations": ids},
        event_type="awards.commendationbatch.commendations",
    )
    return batch


@transaction.atomic
def do_record_decision(batch: CommendationBatch, number: str, date: datetime.date | None, *, actor: Any) -> None:
    """The issued decision's number and date, on the batch and each of its commendations."""
    current = locked(CommendationBatch, batch, actor, "view")
    before = {"decision_number": current.decision_number}
    current.decision_number, current.decision_date = number, date
    current.save(update_fields=["decision_number", "decision_date", "updated_at"])
    current.commendations.update(decision_number=number, decision_date=date)
    audit.record(
        AuditAction.UPDATE,
        current,
        actor=actor,
        before=before,
        after={"decision_number": number},
        event_type="awards.commendationbatch.decision",
    )
