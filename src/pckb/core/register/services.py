"""Services of the document register: drafts, issue (number, render, file), correction, headers, templates.

```python
doc = do_create_document(committee, actor=user, doc_type="KH", source=plan, subject="...")
doc = do_issue_document(doc, actor=manager)          # number, date, symbol, .docx + SHA-256, audited
new = do_correct_document(doc, actor=manager)        # a draft that replaces `doc` once issued
```
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import audit
from ..choices import Classification
from ..models import AuditAction
from ..scoping import NOT_FOUND_MESSAGE, can
from ..services import check_fields, create_scoped, locked, update_scoped, user_or_none
from ..sources import check_source
from ..validators import DocumentFileValidator
from ..workflow import Step, Transition, Workflow, do_transition, register
from . import compose
from .choices import DocumentStatus
from .models import DocumentHeaderSettings, DocumentTemplate, OutgoingDocument
from .numbering import next_number
from .sources import document_source

__all__ = [
    "DOCUMENT_FIELDS",
    "HEADER_FIELDS",
    "DOCUMENT_WORKFLOW",
    "do_create_document",
    "do_draft_document",
    "do_update_document",
    "do_delete_document",
    "do_issue_document",
    "do_correct_document",
    "do_save_header_settings",
    "do_upload_document_template",
    "header_for",
    "active_template",
]

DOCUMENT_FIELDS = (
    "doc_type",
    "subject",
    "body",
    "signer_name",
    "signer_position",
    "signer_authority",
    "signer_body",
    "recipients",
    "urgency",
    "drafting_unit",
    "classification",
    "source_date",
)
HEADER_FIELDS = ("parent_line", "body_name", "symbol", "place_name")

ISSUED_IS_FINAL = _("An issued document cannot be changed: correct it with a new document that replaces it.")
MANAGER_ONLY = _("Only a manager of the issuing body can do this.")
NO_HEADER = _("Set up the document header of {body} (name, symbol, place) before issuing.")
docx_only = DocumentFileValidator(("docx",))


def header_for(organization: Any) -> DocumentHeaderSettings | None:
    return DocumentHeaderSettings.objects.filter(organization=organization).first()


def active_template(organization: Any, doc_type: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(organization=organization, doc_type=doc_type, is_active=True).first()


def _require_manager(actor: Any, organization: Any) -> None:
    """404 when the actor may not see the body, 403 when they see it but do not manage it."""
    if not can(actor, "view", organization):
        raise Http404(NOT_FOUND_MESSAGE)
    if not can(actor, "manage", organization):
        raise PermissionDenied(MANAGER_ONLY)


# --- drafts --------------------------------------------------------------------------------------


@transaction.atomic
def do_create_document(organization: Any, *, actor: Any, source: Any = None, **fields: Any) -> OutgoingDocument:
    """A draft issued by `organization`, optionally drafted from a source record (a plan, a roster).

    Without recipients, the renderer's default "Nơi nhận" lines of the type are proposed; with a
    registered source, its type, subject and classification are proposed too.
    """
    check_fields(fields, DOCUMENT_FIELDS)
    if source is not None:
        check_source(source, actor, field="source")
        registration = document_source(type(source), fields.get("doc_type"))
        if registration is None:
            raise ValidationError({"source": [_("Documents cannot be drafted from this record.")]})
        fields["doc_type"] = registration.doc_type
        fields.setdefault("subject", registration.subject(source, fields.get("source_date")))
        fields.setdefault("classification", getattr(source, "classification", Classification.UNCLASSIFIED))
        if registration.defaults is not None:
            for key, value in registration.defaults(source).items():
                if key in DOCUMENT_FIELDS:
                    fields.setdefault(key, value)
        fields["source_type"] = ContentType.objects.get_for_model(source)
        fields["source_id"] = source.pk
    if not fields.get("recipients") and fields.get("doc_type"):
        fields["recipients"] = "\n".join(compose.default_recipients(fields["doc_type"]))
    return create_scoped(OutgoingDocument, organization, fields, actor=actor)


@transaction.atomic
def do_draft_document(source: Any, *, actor: Any, source_date: Any = None, doc_type: Any = None) -> OutgoingDocument:
    """A draft of the document a record produces (a plan's Kế hoạch, a roster's decision on a date),
    issued by the body its registration names; the actor needs the right to add there. `doc_type`
    picks one of several registered types (default: the first)."""
    registration = document_source(type(source), doc_type)
    if registration is None:
        raise ValidationError({"source": [_("Documents cannot be drafted from this record.")]})
    fields: dict[str, Any] = {"doc_type": registration.doc_type}
    if source_date is not None:
        fields["source_date"] = source_date
    return do_create_document(registration.issuer(source), actor=actor, source=source, **fields)


@transaction.atomic
def do_update_document(document: OutgoingDocument, *, actor: Any, **fields: Any) -> OutgoingDocument:
    """Change a draft; an issued (or replaced) document is refused and stays as it was."""
    check_fields(fields, DOCUMENT_FIELDS)
    current = locked(OutgoingDocument, document, actor, "change")
    if current.status != DocumentStatus.DRAFT:
        raise ValidationError(ISSUED_IS_FINAL)
    return update_scoped(current, fields, actor=actor)


@transaction.atomic
def do_delete_document(document: OutgoingDocument, *, actor: Any) -> None:
    """Only a draft can be deleted: an issued document stays in the register for good."""
    current = locked(OutgoingDocument, document, actor, "delete")
    if current.status != DocumentStatus.DRAFT:
        raise ValidationError(ISSUED_IS_FINAL)
    audit.record_delete(current, audit.snapshot(current), actor=actor)
    current.delete()


# --- issue ---------------------------------------------------------------------------------------


def _require_complete(step: Step) -> None:
    doc = step.obj
    errors: dict[str, list] = {}
    if not doc.subject.strip():
        errors["subject"] = [_("Enter the subject line before issuing.")]
    if not doc.signer_name.strip():
        errors["signer_name"] = [_("Enter the signer's full name before issuing.")]
    if not doc.signer_position.strip():
        errors["signer_position"] = [_("Enter the signer's position before issuing.")]
    if header_for(doc.organization) is None:
        errors["organization"] = [NO_HEADER.format(body=doc.organization)]
    if doc.replaces_id and doc.replaces.status != DocumentStatus.ISSUED:
        errors["replaces"] = [_("The document this one corrects has already been replaced.")]
    if errors:
        raise ValidationError(errors)


def _number_and_render(step: Step) -> None:
    """Number, date and symbol from the register, then the .docx rendered once and kept with its hash."""
    doc = step.obj
    today = timezone.localdate()
    header = header_for(doc.organization)
    doc.year, doc.date = today.year, today
    doc.number = next_number(doc.organization, today.year)
    doc.symbol = compose.symbol(doc, header)
    context = compose.build_context(doc, header)
    template = active_template(doc.organization, doc.doc_type)
    data = compose.render(context, template)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.file.save(doc.file_name, ContentFile(data), save=False)
    doc.context = compose.snapshot(context)
    doc.issued_at, doc.issued_by = step.now, user_or_none(step.actor)
    step.touch("year", "date", "number", "symbol", "sha256", "file", "context", "issued_at", "issued_by")


def _tell_source(step: Step) -> None:
    """The source record learns the number of the document drafted from it (its `on_issue`, if any)."""
    doc = step.obj
    registration = document_source(doc.source_type.model_class(), doc.doc_type) if doc.source_type_id else None
    if registration is None or registration.on_issue is None or doc.source is None:
        return
    registration.on_issue(doc.source, doc, step.actor)


def _replace_corrected(step: Step) -> None:
    """The corrected document becomes "replaced" (its own audit entry), linked to this one."""
    doc = step.obj
    if not doc.replaces_id:
        return
    old = OutgoingDocument.objects.select_for_update().get(pk=doc.replaces_id)
    old.status = DocumentStatus.REPLACED
    old.save(update_fields=["status", "updated_at"])
    audit.record(
        AuditAction.TRANSITION,
        old,
        actor=step.actor,
        before={"status": DocumentStatus.ISSUED},
        after={"status": DocumentStatus.REPLACED},
        event_type="core.outgoingdocument.replaced",
        message=str(_("Replaced by {symbol}.").format(symbol=doc.symbol)),
    )


def _issue_message(doc: OutgoingDocument) -> str:
    return str(
        _(
            "Issuing gives the document the next number of {body} for this year and stores the .docx for good. "
            "It can no longer be changed afterwards, only corrected by a new document."
        ).format(body=doc.organization)
    )


DOCUMENT_WORKFLOW = register(
    Workflow(
        OutgoingDocument,
        states=DocumentStatus,
        transitions=[
            Transition(
                DocumentStatus.DRAFT,
                DocumentStatus.ISSUED,
                action="manage",
                label=_("Issue"),
                title=_("Issue the document"),
                message=_issue_message,
                denied=MANAGER_ONLY,
                destructive=True,
                icon="bi-send-check",
                comment="none",
                guards=(_require_complete,),
                effects=(_number_and_render,),
                after=(_replace_corrected, _tell_source),
            ),
        ],
    )
)


def do_issue_document(document: OutgoingDocument, *, actor: Any) -> OutgoingDocument:
    """Draft → issued (a manager of the issuing body): numbered, rendered, stored, audited."""
    return do_transition(document, DocumentStatus.ISSUED, actor=actor)


@transaction.atomic
def do_correct_document(document: OutgoingDocument, *, actor: Any) -> OutgoingDocument:
    """A new draft copying an issued document, which it replaces once issued (both linked)."""
    current = locked(OutgoingDocument, document, actor, "view")
    _require_manager(actor, current.organization)
    if current.status != DocumentStatus.ISSUED:
        raise ValidationError(_("Only an issued document that has not been replaced can be corrected."))
    if current.replacements.filter(status=DocumentStatus.DRAFT).exists():
        raise ValidationError(_("A correction of this document is already being drafted."))
    fields = {name: getattr(current, name) for name in DOCUMENT_FIELDS}
    fields.update(source_type=current.source_type, source_id=current.source_id, replaces=current)
    return create_scoped(OutgoingDocument, current.organization, fields, actor=actor, action="manage")


# --- headers and templates ------------------------------------------------------------------------


@transaction.atomic
def do_save_header_settings(organization: Any, *, actor: Any, **fields: Any) -> DocumentHeaderSettings:
    """Create or change the header of an issuing body (its managers)."""
    check_fields(fields, HEADER_FIELDS)
    _require_manager(actor, organization)
    current = DocumentHeaderSettings.objects.select_for_update().filter(organization=organization).first()
    if current is None:
        return create_scoped(DocumentHeaderSettings, organization, fields, actor=actor, action="manage")
    return update_scoped(current, fields, actor=actor, action="manage")


@transaction.atomic
def do_upload_document_template(organization: Any, *, actor: Any, doc_type: Any, file: Any) -> DocumentTemplate:
    """Replace the layout of one document type for one body; accepted only if it renders a sample."""
    _require_manager(actor, organization)
    if str(doc_type) not in compose.document_types():
        raise ValidationError({"doc_type": [_("Choose a document type.")]})
    if file is None:
        raise ValidationError({"file": [_("Choose a .docx file.")]})
    try:
        docx_only.check(file)
    except ValidationError as err:
        raise ValidationError({"file": err.messages})
    file.seek(0)
    data = file.read()
    compose.check_template(data, str(doc_type))
    DocumentTemplate.objects.filter(organization=organization, doc_type=doc_type, is_active=True).update(
        is_active=False
    )
    fields = {
        "doc_type": str(doc_type),
        "original_name": str(getattr(file, "name", "") or "template.docx")[-255:],
        "sha256": hashlib.sha256(data).hexdigest(),
        "uploaded_by": user_or_none(actor),
        "file": ContentFile(data, name="template.docx"),
    }
    return create_scoped(DocumentTemplate, organization, fields, actor=actor, action="manage")
