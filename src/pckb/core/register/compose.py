"""The register's adapter to the renderer (core.documents): a document row → its context → .docx bytes.

Everything the register needs from the renderer goes through here, so the rest of the register does
not depend on how the renderer is laid out.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..documents.context import DocumentContext, Header, Section, Signer, format_symbol, secrecy_mark
from ..documents.types import DocumentType
from ..documents.types import default_recipients as _default_recipients
from .names import organization_name
from .sources import document_source

__all__ = [
    "document_types",
    "document_type_choices",
    "default_recipients",
    "symbol",
    "header_of",
    "organization_header",
    "build_context",
    "snapshot",
    "render",
    "check_template",
    "default_template_bytes",
    "proposed_header",
]

TEMPLATE_REFUSED = _("This template cannot be used: it did not render a sample document ({error}).")


def document_types() -> list[str]:
    return [str(value) for value in DocumentType.values]


def document_type_choices() -> list[tuple[str, Any]]:
    return list(DocumentType.choices)


def default_recipients(doc_type: str) -> tuple[str, ...]:
    try:
        return _default_recipients(doc_type)
    except (KeyError, ValueError):
        return ()


def header_of(settings: Any) -> Header:
    return Header(
        body_name=settings.body_name,
        body_symbol=settings.symbol,
        place=settings.place_name,
        parent_body=settings.parent_line,
    )


def organization_header(organization: Any) -> Header:
    """The header a body prints: its settings, or the one proposed from its name until it has some."""
    from .models import DocumentHeaderSettings

    settings = DocumentHeaderSettings.objects.filter(organization=organization).first()
    if settings is not None:
        return header_of(settings)
    proposed = proposed_header(organization)
    return Header(
        body_name=proposed["body_name"],
        body_symbol=proposed["symbol"],
        place=proposed["place_name"],
        parent_body=proposed["parent_line"],
    )


def symbol(document: Any, settings: Any) -> str:
    """ "07/KH-BCĐ": the number, the type's abbreviation and the body's symbol ("123/BCĐ-VPTT" for an
    official letter, which names its drafting unit instead of a type)."""
    return format_symbol(document.number, document.doc_type, settings.symbol, document.drafting_unit)


def _free_text(document: Any) -> tuple[Section, ...]:
    paragraphs = tuple(line.strip() for line in document.body.splitlines() if line.strip())
    return (Section(heading="", paragraphs=paragraphs),) if paragraphs else ()


def build_context(document: Any, settings: Any) -> DocumentContext:
    """The context of `document` as it is issued: the source's body (or the typed content), the body's
    header, the document's own number, date, signer, subject, recipients and marks."""
    registration = document_source(document.source_label, document.doc_type) if document.source_type_id else None
    source = document.source if registration is not None else None
    own = {
        "doc_type": document.doc_type,
        "header": header_of(settings),
        "subject": document.subject,
        "signer": Signer(
            full_name=document.signer_name,
            position=document.signer_position,
            authority=document.signer_authority,
            authority_for=document.signer_body,
        ),
        "number": document.number,
        "date": document.date,
        "secrecy": secrecy_mark(document.classification),
        "urgency": document.urgency,
        "recipients": tuple(document.recipient_lines),
        "drafting_unit": document.drafting_unit,
    }
    if source is not None:
        body = registration.build(source, document)
        # A builder returns a whole context (a plan's, with its own defaults) or just its sections.
        if isinstance(body, DocumentContext):
            return dataclasses.replace(body, **own)
        return DocumentContext(sections=tuple(body), **own)
    return DocumentContext(sections=_free_text(document), **own)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def snapshot(context: DocumentContext) -> dict[str, Any]:
    """The context as JSON: what the record shows was issued."""
    data = _plain(dataclasses.asdict(context))
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def render(context: DocumentContext, template: Any = None) -> bytes:
    """The .docx of `context`, with the body's uploaded template of that type when there is one."""
    from ..documents import render_document

    data = None
    if template is not None:
        with template.file.open("rb") as handle:
            data = handle.read()
    return render_document(context, template=data)


def check_template(data: bytes, doc_type: str) -> None:
    """ValidationError on `file` unless the template renders its type's sample context."""
    from ..documents import validate_template

    try:
        validate_template(data, doc_type)
    except ValidationError as err:
        raise ValidationError({"file": err.messages})
    except Exception as err:  # noqa: BLE001 - any failure of a foreign template is a refusal, never a 500
        raise ValidationError({"file": [TEMPLATE_REFUSED.format(error=type(err).__name__)]})


def default_template_bytes(doc_type: str) -> bytes:
    from ..documents import default_template

    return default_template(doc_type)


def proposed_header(organization: Any) -> dict[str, str]:
    """A first header for a body that has none: its name in capitals, "BCĐ", its unit's name."""
    parent = organization.parent
    unit = getattr(organization, "admin_unit", None)
    place = unit.name if unit is not None else ""
    for prefix in ("Tỉnh ", "Thành phố ", "Xã ", "Phường "):
        place = place.removeprefix(prefix)
    return {
        "parent_line": organization_name(parent, timezone.localdate()).upper() if parent else "",
        "body_name": organization_name(organization, timezone.localdate()).upper(),
        "symbol": "BCĐ",
        "place_name": place,
    }
