"""Records that produce a document: a module registers its context builder here (docs/conventions.md).

```python
# pckb/plans/exports.py
register_document_source(Plan, doc_type=DocumentType.PLAN, build=plan_document, subject=plan_subject)
```

`issuer(source)` is the issuing body (the record's owner unless given); `build(source, document)`
returns the body of the document drafted from `source` as it is issued: its sections (a tuple of
`core.documents.Section`, with their tables) or a whole `DocumentContext`; `subject(source, on_date)`
proposes the subject line of the draft. The model is also registered as a `core.sources` source type,
so the document's link is checked through `visible_to`.

A record may produce documents of several types (an inspection: the team's decision and the
conclusion notice): register the model once per type. The first registration is its default type;
`DraftFromSourceView.as_view(doc_type=...)` and `do_draft_document(..., doc_type=...)` pick another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from ..sources import register_source_type

__all__ = [
    "DocumentSource",
    "register_document_source",
    "document_source",
    "document_types_of",
    "document_source_choices",
]


@dataclass(frozen=True)
class DocumentSource:
    model: type[models.Model]
    doc_type: str
    build: Callable[[Any, Any], Any]
    subject: Callable[[Any, Any], str]
    issuer: Callable[[Any], Any]
    on_issue: Callable[[Any, Any, Any], None] | None = None
    defaults: Callable[[Any], dict[str, Any]] | None = None


# "app.model" -> its registrations, in the order made (the first is the default type).
_SOURCES: dict[str, list[DocumentSource]] = {}


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _owner(record: Any) -> Any:
    return record.organization


def register_document_source(
    model: type[models.Model],
    *,
    doc_type: str,
    build: Callable[[Any, Any], Any],
    subject: Callable[[Any, Any], str],
    issuer: Callable[[Any], Any] = _owner,
    on_issue: Callable[[Any, Any, Any], None] | None = None,
    defaults: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """Let `model`'s records draft documents; `issuer(record)` is the issuing body (default its owner).

    `on_issue(record, document, actor)` runs inside the issue's transaction once the document has its
    number, e.g. a plan takes the symbol of its Kế hoạch as its document number (through its service).
    `defaults(record)` proposes other fields of the draft (recipients, signer_name, signer_position...),
    e.g. an inspection's conclusion is signed by the team head and sent to the inspected units.
    """
    register_source_type(model)
    registration = DocumentSource(model, str(doc_type), build, subject, issuer, on_issue, defaults)
    kept = [other for other in _SOURCES.get(_label(model), []) if other.doc_type != registration.doc_type]
    _SOURCES[_label(model)] = [*kept, registration]


def document_source(model_or_label: Any, doc_type: Any = None) -> DocumentSource | None:
    """The registration of a model (or "app.model" label) for `doc_type` (default: its first), or None."""
    label = model_or_label if isinstance(model_or_label, str) else _label(model_or_label)
    registrations = _SOURCES.get(label.lower(), [])
    if doc_type in (None, ""):
        return registrations[0] if registrations else None
    return next((r for r in registrations if r.doc_type == str(doc_type)), None)


def document_types_of(model_or_label: Any) -> list[str]:
    """The document types a model's records can draft, default first."""
    label = model_or_label if isinstance(model_or_label, str) else _label(model_or_label)
    return [registration.doc_type for registration in _SOURCES.get(label.lower(), [])]


def document_source_choices() -> list[tuple[str, Any]]:
    """The registered source types with their names, for the register's filter."""
    from django.utils.text import capfirst

    return sorted(
        ((label, capfirst(sources[0].model._meta.verbose_name)) for label, sources in _SOURCES.items()),
        key=lambda choice: str(choice[1]),
    )
