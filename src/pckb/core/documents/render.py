"""Turn a DocumentContext into .docx bytes through a docxtpl (Jinja-in-Word) template.

The default templates (``data/*.docx``, rebuilt by ``python -m pckb.core.documents.build``) print the
Decree 30/2020 layout; an administrator may upload an ordinary Word file with the same placeholders as
a replacement, which ``validate_template`` accepts only when it renders the type's sample. Uploaded
templates run in Jinja's sandbox: a placeholder cannot reach Python internals.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .context import DocumentContext, Section, recipient_lines
from .tables import clean_text, table_xml
from .types import DocumentType

__all__ = ["default_template", "render_document", "template_data", "validate_template"]

_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# Upper bound on what an uploaded template may unpack to: a real one is well under 1 MB.
MAX_UNPACKED_BYTES = 30 * 1024 * 1024

# Vietnamese drafting letters the third level runs through (no f, j, w, z; đ after d).
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def _roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _letter(n: int) -> str:
    # Past "y" the letters double (aa, bb) rather than wrap, so labels stay unique.
    return _LETTERS[(n - 1) % len(_LETTERS)] * ((n - 1) // len(_LETTERS) + 1)


def _label(level: int, n: int, articles: bool) -> str:
    if level == 1:
        return f"Điều {n}." if articles else f"{_roman(n)}."
    if level == 2:
        return f"{n}."
    return f"{_letter(n)})"


def _blocks(sections: tuple[Section, ...], articles: bool, level: int = 1) -> list[dict[str, object]]:
    """Flatten the section tree into the blocks the template loops over, numbering as it goes."""
    blocks: list[dict[str, object]] = []
    n = 0
    for section in sections:
        if section.heading:
            n += 1
            label = _label(min(level, 3), n, articles)
            has_body = bool(section.paragraphs or section.items or section.table)
            if level == 1 and articles:
                kind, text = "article", section.heading
            elif level == 1:
                kind, text = "heading", section.heading.upper()
            elif level == 2 and has_body:
                kind, text = "heading", section.heading
            else:
                # A numbered line with nothing under it is a list item, printed as body text.
                kind, text = "item", section.heading
            blocks.append({"kind": kind, "level": min(level, 3), "label": label, "text": text})
        blocks.extend({"kind": "paragraph", "level": level, "label": "", "text": p} for p in section.paragraphs)
        if section.table is not None:
            blocks.append({"kind": "table", "level": level, "label": "", "text": "", "table": table_xml(section.table)})
        blocks.extend(_blocks(section.items, articles, level + 1))
    return blocks


def template_data(context: DocumentContext) -> dict[str, object]:
    """The variables a template sees; documented in docs/architecture.md ("Word documents")."""
    doc_type = context.doc_type
    blocks = _blocks(context.sections, doc_type.uses_articles)
    blocks.extend({"kind": "table", "level": 1, "label": "", "text": "", "table": table_xml(t)} for t in context.tables)
    signer = context.signer
    return _cleaned(
        {
            "doc_type": doc_type.value,
            "type_name": doc_type.printed_name,
            "parent_body": context.header.parent_body.upper(),
            "body_name": context.header.body_name.upper(),
            "symbol": context.symbol,
            "symbol_line": f"Số: {context.symbol}",
            "date_line": context.date_line,
            "secrecy": context.secrecy,
            "urgency": context.urgency.mark,
            "subject": context.subject,
            "letter_subject": _letter_subject(context.subject),
            "addressees": list(context.addressees),
            "authority_heading": context.authority_heading.upper(),
            "preamble": list(context.preamble),
            "enacting_words": context.enacting_words,
            "blocks": blocks,
            "recipients": recipient_lines(context.recipients, context.filed_by),
            "signer": {
                "authority_line": signer.authority_line,
                "position": signer.position.upper(),
                "full_name": signer.full_name,
            },
            "extra": dict(context.extra),
        }
    )


def _letter_subject(subject: str) -> str:
    """A công văn's subject under its number starts "V/v " (về việc), added once."""
    subject = subject.strip()
    if subject[:3].lower() == "v/v":
        subject = subject[3:].strip()
    return f"V/v {subject}"


def _cleaned(value):
    """Strip XML-forbidden characters from every string a template may print."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_cleaned(v) for v in value]
    return value


@cache
def _default_template_bytes(name: str) -> bytes:
    return resources.files(__package__).joinpath("data", name).read_bytes()


def default_template(doc_type: DocumentType | str) -> bytes:
    """The shipped template for a type: a công văn has its own layout, every named type shares one."""
    if DocumentType(doc_type) == DocumentType.OFFICIAL_LETTER:
        return _default_template_bytes("cong_van.docx")
    return _default_template_bytes("van_ban.docx")


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_document(context: DocumentContext, template: bytes | None = None) -> bytes:
    """Render ``context`` into .docx bytes with ``template`` (an uploaded replacement) or the default."""
    source = template if template is not None else default_template(context.doc_type)
    doc = DocxTemplate(io.BytesIO(source))
    data = template_data(context)
    # Tables arrive as ready WordprocessingML: mark them safe so autoescape leaves the tags alone.
    for block in data["blocks"]:  # type: ignore[union-attr]
        if "table" in block:
            block["table"] = Markup(block["table"])  # noqa: S704 (table_xml escapes every cell)
    doc.render(data, jinja_env=_environment())
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _not_docx() -> ValidationError:
    return ValidationError(_("The file is not a Word document (.docx)."), code="not_docx")


def validate_template(data: bytes, doc_type: DocumentType | str) -> None:
    """Accept an uploaded replacement template only if it is a real .docx that renders the sample.

    Raises a translated ValidationError otherwise; the file name is not looked at, only the content.
    """
    from .samples import sample_context  # the samples import this module's siblings only

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise _not_docx()
            # A macro-enabled file (.docm) or a Word template (.dotx) renamed .docx is not a document.
            content_types = archive.read("[Content_Types].xml")
            if _DOCX_MAIN not in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
                raise _not_docx()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ValidationError(_("The Word document is too large once unpacked."), code="too_large")
            if archive.testzip() is not None:
                raise _not_docx()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise _not_docx()

    try:
        rendered = render_document(sample_context(doc_type), data)
        Document(io.BytesIO(rendered))
    except TemplateSyntaxError as exc:
        raise ValidationError(
            _("A placeholder in the template is malformed: %(error)s."), code="syntax", params={"error": exc.message}
        )
    except UndefinedError as exc:
        raise ValidationError(
            _("The template uses a placeholder that does not exist: %(error)s."),
            code="undefined",
            params={"error": exc.message},
        )
    except (TemplateError, KeyError, ValueError, AttributeError, TypeError, OSError, zipfile.BadZipFile) as exc:
        raise ValidationError(
            _("The template cannot be filled in with a sample document: %(error)s."),
            code="render",
            params={"error": str(exc) or exc.__class__.__name__},
        )
