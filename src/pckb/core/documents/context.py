"""What a Decree 30/2020 document says, as plain frozen data, and the pure formatting rules.

A module that issues paper writes one function returning a ``DocumentContext``; it needs no database
access beyond reading its record, and the tests check it without one. ``render_document`` turns the
context into .docx bytes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from pckb.core.choices import Classification

from .types import Authority, DocumentType, Urgency

__all__ = [
    "DocumentContext",
    "Header",
    "Section",
    "Signer",
    "Table",
    "format_date_line",
    "format_number",
    "format_symbol",
    "recipient_lines",
    "secrecy_mark",
]

# Blank runs a clerk fills in by hand on a draft that has no number or date yet.
_BLANK = "\u00a0" * 6


@dataclass(frozen=True)
class Header:
    """The issuing body's block at the top left (slot 2) and its place name (slot 4).

    ``parent_body`` is the superior body printed above, upright ("UBND TỈNH BẮC NINH"), or "";
    ``body_name`` the issuing body in capitals as printed (it may be long: the cell wraps it);
    ``body_symbol`` the body part of the symbol ("BCĐ" or "BCĐPCKB");
    ``place`` the place name of the date line ("Bắc Ninh").
    """

    body_name: str
    body_symbol: str
    place: str
    parent_body: str = ""


@dataclass(frozen=True)
class Signer:
    """The signature block (slots 7a–7c).

    ``authority`` with ``authority_for`` gives the first line ("TM." + "BAN CHỈ ĐẠO" →
    "TM. BAN CHỈ ĐẠO"; "KT." + "TRƯỞNG BAN"); ``position`` the signer's own position ("PHÓ TRƯỞNG BAN"),
    printed in capitals; ``full_name`` printed bold under the space for the signature and the seal.
    """

    full_name: str
    position: str
    authority: Authority | str = Authority.NONE
    authority_for: str = ""

    @property
    def authority_line(self) -> str:
        """ "TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN" or "" when the signer signs in his own name."""
        if not self.authority:
            return ""
        return f"{self.authority} {self.authority_for.upper()}".strip()


@dataclass(frozen=True)
class Table:
    """A body table; its heading row repeats on every page.

    ``widths`` are relative column widths (any positive numbers, scaled to the text width); empty means
    equal columns. Every row has as many cells as there are headings.
    """

    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    caption: str = ""

    def __post_init__(self) -> None:
        if self.widths and len(self.widths) != len(self.headings):
            raise ValueError("Table.widths must have one entry per heading")
        for row in self.rows:
            if len(row) != len(self.headings):
                raise ValueError("every Table row must have one cell per heading")


@dataclass(frozen=True)
class Section:
    """A numbered part of the body. Top-level sections are numbered I., II. (or Điều 1., Điều 2. in a
    decision), their ``items`` 1., 2., and the items' items a), b); the renderer numbers them, so the
    heading holds only the words. A section with an empty heading is printed without a number (free
    paragraphs). ``table`` is printed after the paragraphs, before the items."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Section, ...] = ()
    table: Table | None = None


@dataclass(frozen=True)
class DocumentContext:
    """Everything printed on one document.

    ``number`` and ``date`` are None on a draft (the "Số" and date lines then keep blanks to fill in);
    ``secrecy`` is "", "MẬT" or "TỐI MẬT" (see ``secrecy_mark``); ``preamble`` the legal bases printed in
    italics ("Căn cứ ...;"); ``authority_heading`` the deciding authority printed above a decision's
    bases ("TRƯỞNG BAN CHỈ ĐẠO ..."), and ``enacting_words`` the line after them ("QUYẾT ĐỊNH:");
    ``addressees`` the "Kính gửi" lines of a công văn or tờ trình; ``tables`` follow all sections;
    ``recipients`` are the "Nơi nhận" lines without the archive line, which ``filed_by`` gives
    ("VT, VPTT" → "- Lưu: VT, VPTT."); ``drafting_unit`` completes a công văn's symbol (123/BCĐ-VPTT);
    ``extra`` carries whatever a module's own template needs beyond these fields (``{{ extra.x }}``).
    """

    doc_type: DocumentType | str
    header: Header
    subject: str
    signer: Signer
    number: int | None = None
    date: datetime.date | None = None
    secrecy: str = ""
    urgency: Urgency | str = Urgency.NORMAL
    addressees: tuple[str, ...] = ()
    authority_heading: str = ""
    preamble: tuple[str, ...] = ()
    enacting_words: str = ""
    sections: tuple[Section, ...] = ()
    tables: tuple[Table, ...] = ()
    recipients: tuple[str, ...] = ()
    filed_by: str = "VT"
    drafting_unit: str = ""
    extra: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        # Normalised once so templates and callers can rely on the enum's properties.
        object.__setattr__(self, "doc_type", DocumentType(self.doc_type))
        object.__setattr__(self, "urgency", Urgency(self.urgency))

    @property
    def symbol(self) -> str:
        """ "07/BC-BCĐ", or "/BC-BCĐ" preceded by blanks on a draft."""
        return format_symbol(self.number, self.doc_type, self.header.body_symbol, self.drafting_unit)

    @property
    def date_line(self) -> str:
        return format_date_line(self.header.place, self.date)


def format_number(number: int | None) -> str:
    """The number as printed: two digits at least ("07"), blanks while unnumbered."""
    if number is None:
        return _BLANK
    if number < 1:
        raise ValueError("document numbers start at 1")
    return f"{number:02d}"


def format_symbol(number: int | None, doc_type: DocumentType | str, body_symbol: str, drafting_unit: str = "") -> str:
    """The number and symbol of slot 3, without "Số: ".

    "07/BC-BCĐ" for a typed document; a công văn has no type abbreviation, so its symbol is the body
    symbol followed by the drafting unit when there is one ("123/BCĐ-VPTT").
    """
    doc_type = DocumentType(doc_type)
    if doc_type.abbreviation:
        groups = [doc_type.abbreviation, body_symbol]
    else:
        groups = [body_symbol, drafting_unit]
    return format_number(number) + "/" + "-".join(g for g in groups if g)


def format_date_line(place: str, date: datetime.date | None) -> str:
    """The italic place-and-date line of slot 4.

    Days below 10 and the months January and February take a leading zero, the other months do not:
    "Bắc Ninh, ngày 05 tháng 02 năm 2026", "Bắc Ninh, ngày 07 tháng 6 năm 2026". On a draft (no date)
    the day, month and year are left blank for the clerk.
    """
    if date is None:
        return f"{place}, ngày{_BLANK}tháng{_BLANK}năm{_BLANK}"
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def secrecy_mark(classification: Classification | int | None) -> str:
    """The secrecy mark printed for a record's classification: "", "MẬT" or "TỐI MẬT"."""
    if classification is None:
        return ""
    return _SECRECY_MARKS[Classification(classification)]


_SECRECY_MARKS = {
    Classification.UNCLASSIFIED: "",
    Classification.CONFIDENTIAL: "MẬT",
    Classification.SECRET: "TỐI MẬT",
}


def recipient_lines(recipients: tuple[str, ...] | list[str], filed_by: str = "VT") -> list[str]:
    """The "Nơi nhận" list as printed: "- X;" for each recipient, then "- Lưu: VT, VPTT."."""
    lines = [f"- {r.strip().rstrip(';.').strip()};" for r in recipients if r.strip()]
    lines.append(f"- Lưu: {filed_by.strip().rstrip('.')}.")
    return lines
