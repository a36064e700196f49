"""Decree 30/2020 Word documents: the one renderer every module uses (issue #9).

A module builds a ``DocumentContext`` with a pure function and calls ``render_document``; see
docs/architecture.md, "Word documents".
"""

from .context import (
    DocumentContext,
    Header,
    Section,
    Signer,
    Table,
    format_date_line,
    format_number,
    format_symbol,
    recipient_lines,
    secrecy_mark,
)
from .render import default_template, render_document, template_data, validate_template
from .samples import sample_context
from .types import Authority, DocumentType, Urgency, default_recipients

__all__ = [
    "Authority",
    "DocumentContext",
    "DocumentType",
    "Header",
    "Section",
    "Signer",
    "Table",
    "Urgency",
    "default_recipients",
    "default_template",
    "format_date_line",
    "format_number",
    "format_symbol",
    "recipient_lines",
    "render_document",
    "sample_context",
    "secrecy_mark",
    "template_data",
    "validate_template",
]
