"""Dissemination records, and the gap list: organisations that have not yet disseminated a document."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pckb.core import audit
from pckb.core.scoping import check_write_scope
from pckb.core.services import check_fields, create_scoped, locked, update_scoped

from ..models import Dissemination, LegalDocument

__all__ = [
    "DISSEMINATION_FIELDS",
    "do_create_dissemination",
    "do_update_dissemination",
    "do_delete_dissemination",
    "gap_organizations",
    "do_assign_dissemination_tasks",
    "GAP_LIMIT",
]

DISSEMINATION_FIELDS = ("documents", "date", "form", "audience_count", "audience", "notes", "classification")
GAP_LIMIT = 500  # organisations shown (and assigned) at once: a province's agencies and communes fit


def _check_documents(documents: list[LegalDocument], actor: Any) -> None:
    if not documents:
        raise ValidationError({"documents": [_("Choose at least one document.")]})
    visible = set(
        LegalDocument.objects.visible_to(actor).filter(pk__in=[d.pk for d in documents]).values_list("pk", flat=True)
    )
    if len(visible) != len({d.pk for d in documents}):
        raise ValidationError({"documents": [_("Not found, or you may not use it here.")]})


@transaction.atomic
def do_create_dissemination(organization: Any, *, actor: Any, **fields: Any) -> Dissemination:
    """`organization` briefed its audience on `documents` (editors of that organisation and above)."""
    check_fields(fields, DISSEMINATION_FIELDS)
    documents = list(fields.pop("documents", None) or [])
    check_write_scope(actor, organization, "add")
    _check_documents(documents, actor)
    record = create_scoped(Dissemination, organization, fields, actor=actor)
    record.documents.set(documents)
    return record


@transaction.atomic
def do_update_dissemination(record: Dissemination, *, actor: Any, **fields: Any) -> Dissemination:
    check_fields(fields, DISSEMINATION_FIELDS)
    documents = fields.pop("documents", None)
    current = locked(Dissemination, record, actor, "change")
    if documents is not None:
        documents = list(documents)
        _check_documents(documents, actor)
        before = audit.snapshot(current)
        current.documents.set(documents)
        if not fields:
            audit.record_update(current, before, actor=actor)
            return current
    return update_scoped(current, fields, actor=actor)


@transaction.atomic
def do_delete_dissemination(record: Dissemination, *, actor: Any) -> None:
    current = locked(Dissemination, record, actor, "delete")
    audit.record_delete(current, audit.snapshot(current), actor=actor)
    current.delete()


def gap_organizations(document: LegalDocument, root: Any, *, whole_subtree: bool = False) -> QuerySet:
    """Active organisations under `root` (its direct members, or its whole subtree) with no record of
    disseminating `document` themselves; in tree order."""
    from pckb.organizations.models import Organization

    # Merged or dissolved organisations (pre-2025 districts) disseminate nothing any more.
    below = Organization.objects.filter(is_active=True, path__startswith=root.path).current().exclude(pk=root.pk)
    if not whole_subtree:
        below = below.filter(parent=root)
    done = Dissemination.objects.filter(documents=document).values("organization_id")
    return below.exclude(pk__in=done).order_by("path")


@transaction.atomic
def do_assign_dissemination_tasks(
    document: LegalDocument,
    issuer: Any,
    assignees: Iterable[Any],
    *,
    actor: Any,
    title: str,
    deadline: datetime.date,
    description: str = "",
) -> Any:
    """One task per organisation of the gap ("disseminate this document"), under one group, whose
    source is the document; an organisation that already disseminated it is refused."""
    from pckb.plans.services import do_assign_task_to_many

    if not LegalDocument.objects.visible_to(actor).filter(pk=document.pk).exists():
        raise ValidationError({"document": [_("Not found, or you may not use it here.")]})
    assignees = list(assignees)
    done = set(
        Dissemination.objects.filter(documents=document, organization__in=assignees).values_list(
            "organization__name", flat=True
        )
    )
    if done:
        raise ValidationError(
            {"assignees": [_("Already disseminated by: {names}.").format(names=", ".join(sorted(done)))]}
        )
    return do_assign_task_to_many(
        issuer, assignees, actor=actor, source=document, title=title, deadline=deadline, description=description
    )
