"""Body tables as WordprocessingML text.

A table is written as XML text rather than through python-docx objects: a 500-row table then costs a
few milliseconds instead of seconds, and the template places it with ``{{p block.table }}``. The heading
row repeats on every page (``w:tblHeader``) and no row splits across pages (``w:cantSplit``).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as _escape

from .context import Table

__all__ = ["TEXT_WIDTH_TWIPS", "clean_text", "table_xml"]

# Characters XML 1.0 forbids (most C0 controls): pasted text sometimes carries them, and one would
# make Word refuse the whole file.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return _FORBIDDEN.sub("", text)


def escape(text: str) -> str:
    return _escape(clean_text(text))


# A4 (210 mm) less the 30 mm left and 15 mm right margins of the default templates, in twentieths of
# a point; the tables span exactly the text width.
TEXT_WIDTH_TWIPS = round((210 - 30 - 15) / 25.4 * 1440)

# Table text is 12 pt (Decree 30 allows 10–12 pt in tables); sizes are in half-points.
_SIZE = 24
_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
)
_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


# A 12 pt Times New Roman digit is 6 pt (120 twips) wide; short columns ("TT", dates) get at least
# room for their longest value on one line, so "100" never wraps as "10/0".
_CHAR_TWIPS = 120
_PADDING_TWIPS = 2 * 80 + 40


def _widths(table: Table, short: list[bool]) -> list[int]:
    weights = table.widths or (1.0,) * len(table.headings)
    total = float(sum(weights))
    widths = [TEXT_WIDTH_TWIPS * w / total for w in weights]
    minimum = [
        _CHAR_TWIPS * max((len(row[i]) for row in table.rows), default=0) + _PADDING_TWIPS if short[i] else 0
        for i in range(len(widths))
    ]
    missing = sum(max(m - w, 0) for m, w in zip(minimum, widths, strict=True))
    if missing:
        # Take the room from the wide columns, in proportion to their width.
        spare = sum(w for m, w in zip(minimum, widths, strict=True) if m <= w)
        widths = [m if m > w else w - missing * w / spare for m, w in zip(minimum, widths, strict=True)]
    result = [int(w) for w in widths]
    result[-1] += TEXT_WIDTH_TWIPS - sum(result)  # rounding goes to the last column
    return result


def _paragraph(text: str, *, bold: bool = False, align: str = "left") -> str:
    run_props = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{_SIZE}"/><w:szCs w:val="{_SIZE}"/></w:rPr>'
    return (
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/>{run_props}</w:pPr>'
        f'<w:r>{run_props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def _cell(text: str, width: int, *, bold: bool, align: str) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        + "".join(_paragraph(line, bold=bold, align=align) for line in (text.split("\n") or [""]))
        + "</w:tc>"
    )


def _is_short(values: list[str]) -> bool:
    # Numbers and short codes ("TT", "1", "30/4/2026") read better centred.
    return all(len(v) <= 12 for v in values)


def table_xml(table: Table) -> str:
    """The table as a ``<w:tbl>`` element (preceded by its caption paragraph, if any)."""
    centred = [_is_short([row[i] for row in table.rows]) for i in range(len(table.headings))]
    widths = _widths(table, centred)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = (
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(_cell(h, w, bold=True, align="center") for h, w in zip(table.headings, widths, strict=True))
        + "</w:tr>"
    )
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(
            _cell(value, w, bold=False, align="center" if c else "left")
            for value, w, c in zip(row, widths, centred, strict=True)
        )
        + "</w:tr>"
        for row in table.rows
    )
    caption = _paragraph(table.caption, bold=True, align="center") if table.caption else ""
    return (
        caption
        + f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:jc w:val="center"/>'
        + _BORDERS
        + '<w:tblLayout w:type="fixed"/>'
        + _CELL_MARGINS
        + f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{head}{body}</w:tbl>"
        # A paragraph after the table keeps two consecutive tables apart and the body flowing.
        # Its mark is 6 pt so the gap before the next heading stays small.
        + '<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="12"/></w:rPr></w:pPr></w:p>'
    )
