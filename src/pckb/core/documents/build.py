"""Build the default Decree 30/2020 templates (``data/van_ban.docx`` and ``data/cong_van.docx``).

Run ``python -m pckb.core.documents.build`` after changing the layout; the output is byte-for-byte
reproducible (fixed zip dates and document properties), so an unchanged layout gives no diff. The
templates are ordinary Word files with docxtpl placeholders: an administrator can open one in Word,
restyle it and upload it as a replacement.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

__all__ = ["build_template", "main"]

DATA = Path(__file__).with_name("data")
FONT = "Times New Roman"
BODY_PT = 14

# Column widths in cm of the header table (left: issuing body, right: national title) and of the
# closing table (left: recipients, right: signature); both span the 16.5 cm text width.
HEADER_COLUMNS = (6.9, 9.6)
CLOSING_COLUMNS = (7.4, 9.1)
CELL_PADDING_CM = 0.19 * 2


def _set_fonts(rpr_parent) -> None:
    """Times New Roman for every script slot; Vietnamese is "complex" to nothing, but Word picks
    the East Asian slot for some characters, so all four are set."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)


def _border(p_or_run_pr, sides: tuple[str, ...], tag: str = "w:pBdr", size: int = 6, space: int = 1) -> None:
    box = OxmlElement(tag) if tag == "w:pBdr" else None
    for side in sides:
        el = OxmlElement(f"w:{side}" if box is not None else "w:bdr")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), str(space))
        el.set(qn("w:color"), "000000")
        if box is not None:
            box.append(el)
        else:
            p_or_run_pr.append(el)
    if box is not None:
        # Schema order matters to Word: the border goes before shading, spacing, indents, alignment.
        p_or_run_pr.insert_element_before(box, *_AFTER_PBDR)


_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def paragraph(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_PT,
    align: str = "center",
    before: float = 0,
    after: float = 0,
    first_line: float = 0,
    left_cm: float = 0,
    right_cm: float = 0,
    keep_next: bool = False,
    boxed: bool = False,
):
    """One paragraph with one run; ``text`` may hold Jinja placeholders."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = Cm(first_line)
    fmt.left_indent, fmt.right_indent = Cm(left_cm), Cm(right_cm)
    fmt.keep_with_next = keep_next or None
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        run.font.size = Pt(size)
        if boxed:
            _border(run._r.get_or_add_rPr(), ("bdr",), tag="w:bdr", size=8, space=3)
    return p


def rule(container, length_cm: float, width_cm: float, *, before: float = 1, after: float = 0):
    """A solid line of ``length_cm`` centred in ``width_cm``: a bottom border on an empty 1 pt
    paragraph whose indents shorten it (Decree 30 wants drawn lines, not underlined text)."""
    side = max((width_cm - length_cm) / 2, 0)
    p = paragraph(container, size=1, left_cm=side, right_cm=side, before=before, after=after)
    pr = p._p.get_or_add_pPr()
    _border(pr, ("bottom",), size=6)
    # The empty paragraph's own height follows its mark's size: make it tiny so the line hugs the text.
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "2")
        mark.append(el)
    pr.append(mark)
    return p


def borderless_table(doc, widths_cm: tuple[float, ...], rows: int = 1):
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
            # Drop the empty paragraph python-docx puts in each new cell; callers add their own.
            for p in list(cell.paragraphs):
                p._p.getparent().remove(p._p)
    return table


def _header_table(doc, letter: bool) -> None:
    left_w, right_w = (w - CELL_PADDING_CM for w in HEADER_COLUMNS)
    table = borderless_table(doc, HEADER_COLUMNS, rows=2)
    top_left, top_right = table.rows[0].cells
    paragraph(top_left, "{%p if parent_body %}", size=12)
    paragraph(top_left, "{{ parent_body }}", size=12)
    paragraph(top_left, "{%p endif %}", size=12)
    paragraph(top_left, "{{ body_name }}", bold=True, size=12)
    rule(top_left, 2.2, left_w)
    paragraph(top_right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    paragraph(top_right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    rule(top_right, 6.05, right_w)

    low_left, low_right = table.rows[1].cells
    paragraph(low_left, "{{ symbol_line }}", size=13, before=6)
    if letter:
        paragraph(low_left, "{{ letter_subject }}", size=12, before=2)
    for mark in ("secrecy", "urgency"):
        paragraph(low_left, "{%p if " + mark + " %}", size=12)
        paragraph(low_left, "{{ " + mark + " }}", bold=True, size=13, before=8, boxed=True)
        paragraph(low_left, "{%p endif %}", size=12)
    paragraph(low_right, "{{ date_line }}", italic=True, size=14, before=6)


def _addressees(doc) -> None:
    paragraph(doc, "{%p if addressees|length == 1 %}")
    paragraph(doc, "Kính gửi: {{ addressees[0] }}.", before=12, after=6)
    paragraph(doc, "{%p elif addressees %}")
    paragraph(doc, "Kính gửi:", align="left", left_cm=3.0, before=12)
    paragraph(doc, "{%p for a in addressees %}")
    paragraph(doc, "- {{ a }}{{ ';' if not loop.last else '.' }}", align="left", left_cm=5.0)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}", after=6)


def _body(doc) -> None:
    """Decision preamble, then the numbered blocks; body text is justified with a 1.27 cm indent."""
    body = {"align": "justify", "first_line": 1.27, "before": 6}
    paragraph(doc, "{%p if authority_heading %}")
    paragraph(doc, "{{ authority_heading }}", bold=True, before=12, after=6)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p for line in preamble %}")
    paragraph(doc, "{{ line }}", italic=True, **body)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if enacting_words %}")
    paragraph(doc, "{{ enacting_words }}", bold=True, before=12, after=6)
    paragraph(doc, "{%p endif %}")

    paragraph(doc, "{%p for b in blocks %}")
    paragraph(doc, '{%p if b.kind == "heading" %}')
    paragraph(doc, "{{ b.label }} {{ b.text }}", bold=True, keep_next=True, **body)
    paragraph(doc, '{%p elif b.kind == "item" %}')
    paragraph(doc, "{{ b.label }} {{ b.text }}", **body)
    paragraph(doc, '{%p elif b.kind == "article" %}')
    article = paragraph(doc, "{{ b.label }}", bold=True, **body)
    run = article.add_run(" {{ b.text }}")
    run.font.size = Pt(BODY_PT)
    paragraph(doc, '{%p elif b.kind == "table" %}')
    paragraph(doc, "{{p b.table }}")
    paragraph(doc, "{%p else %}")
    paragraph(doc, "{{ b.text }}", **body)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")


def _closing_table(doc) -> None:
    table = borderless_table(doc, CLOSING_COLUMNS, rows=1)
    recipients, signature = table.rows[0].cells
    paragraph(recipients, "Nơi nhận:", bold=True, italic=True, size=12, align="left", before=12)
    paragraph(recipients, "{%p for line in recipients %}", size=11)
    paragraph(recipients, "{{ line }}", size=11, align="left")
    paragraph(recipients, "{%p endfor %}", size=11)
    paragraph(signature, "{%p if signer.authority_line %}")
    paragraph(signature, "{{ signer.authority_line }}", bold=True, before=12)
    paragraph(signature, "{%p endif %}")
    paragraph(signature, "{{ signer.position }}", bold=True)
    # Room for the signature and the seal (Decree 30 slots 7c and 8).
    for _ in range(4):
        paragraph(signature, "\u00a0")
    paragraph(signature, "{{ signer.full_name }}", bold=True)
    # Keep the closing block together with the last body lines instead of alone on a page.
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def _page_numbers(section) -> None:
    """PAGE field centred in the top margin, from page 2 (the first page has its own, empty header)."""
    section.different_first_page_header_footer = True
    # An explicit empty first-page header, so no reader falls back to another header on page 1.
    section.first_page_header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        run.font.size = Pt(BODY_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element)
    # The document defaults name the theme's fonts (Calibri, Cambria); anything a later edit adds
    # without a style would fall back to them, so they become Times New Roman too.
    for fonts in doc.styles.element.find(qn("w:docDefaults")).iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    for name in ("Header", "Footer"):
        if name in [s.name for s in doc.styles]:
            style = doc.styles[name]
            style.font.name = FONT
            _set_fonts(style.element)


def build_template(letter: bool = False) -> bytes:
    """The template as .docx bytes; ``letter`` gives the công văn layout (no type name, "V/v" subject
    under the number)."""
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    _page_numbers(section)
    _header_table(doc, letter)
    if not letter:
        paragraph(doc, "{{ type_name }}", bold=True, before=18, keep_next=True)
        paragraph(doc, "{{ subject }}", bold=True, keep_next=True)
        rule(doc, 4.0, 16.5, before=3, after=6)
    _addressees(doc)
    _body(doc)
    _closing_table(doc)

    props = doc.core_properties
    props.author = props.last_modified_by = "PCKB"
    props.title = props.subject = props.keywords = props.comments = ""
    props.created = props.modified = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue())


def _reproducible(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry dates and order so a rebuild gives identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


def main() -> None:
    DATA.mkdir(exist_ok=True)
    for name, letter in (("van_ban.docx", False), ("cong_van.docx", True)):
        (DATA / name).write_bytes(build_template(letter))
        print(f"wrote {DATA / name}")


if __name__ == "__main__":
    main()
