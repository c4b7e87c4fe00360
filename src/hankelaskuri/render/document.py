"""Writers for an attachment :class:`~.attachment.Document`: DOCX, PDF and Markdown.

- DOCX (python-docx): real headings, tables with repeating header rows, named styles
  (``Title``, ``Heading 1``, ``Table Number`` …), A4, page numbers, title and language in
  the document properties; a secretary edits it like any Word document.
- PDF (WeasyPrint, from HTML): tagged PDF/UA-1 with embedded fonts, A4, page numbers,
  title and language in the metadata, text extractable with ä, ö, å and € intact.
- Markdown: the same content for e-mail and case-management systems.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import BinaryIO

from .attachment import Block, Document

PAGE = {"fi": "Sivu", "sv": "Sida", "en": "Page"}
LANG_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


# -- DOCX ------------------------------------------------------------------------------------
def write_docx(doc: Document, path: Path | BinaryIO) -> None:
    from docx import Document as Docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = Docx()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)
    props = d.core_properties
    props.title = doc.title
    props.subject = doc.subtitle
    props.language = LANG_TAGS.get(doc.lang, "fi-FI")
    props.author = "hankelaskuri"

    styles = d.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANG_TAGS.get(doc.lang, "fi-FI"))
    rpr.append(lang)
    number = styles.add_style("Table Number", WD_STYLE_TYPE.PARAGRAPH)
    number.base_style = normal
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number.paragraph_format.space_after = Pt(0)
    number.font.size = Pt(9)
    cell_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell_text.base_style = normal
    cell_text.paragraph_format.space_after = Pt(0)
    cell_text.font.size = Pt(9)

    d.add_heading(doc.title, level=0)
    d.add_paragraph(doc.subtitle, style="Subtitle")
    for block in doc.blocks:
        if block.kind == "heading":
            d.add_heading(block.text, level=1)
        elif block.kind == "paragraph":
            d.add_paragraph(block.text)
        elif block.kind == "list":
            for (item,) in block.rows:
                d.add_paragraph(item, style="List Bullet")
        elif block.kind == "facts":
            table = d.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for key, value in block.rows:
                cells = table.add_row().cells
                cells[0].paragraphs[0].style = cell_text
                cells[0].paragraphs[0].add_run(key, style="Strong")
                cells[1].paragraphs[0].style = cell_text
                cells[1].paragraphs[0].add_run(value)
            _widths(table, [Mm(48), Mm(118)])
            d.add_paragraph()
        elif block.kind == "table":
            _docx_table(d, block, number, cell_text)
            d.add_paragraph()

    footer = section.footer.paragraphs[0]
    footer.style = number
    footer.add_run(f"{doc.municipality} – {PAGE.get(doc.lang, 'Sivu')} ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    d.save(path if not isinstance(path, Path) else str(path))


def _docx_table(d, block: Block, number, cell_text) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = d.add_table(rows=1, cols=len(block.header))
    table.style = "Light List Accent 1"
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    look.set(qn("w:val"), "0420")  # header row and no vertical bands; no first-column emphasis
    for attr, value in (
        ("w:firstRow", "1"),
        ("w:firstColumn", "0"),
        ("w:lastRow", "0"),
        ("w:lastColumn", "0"),
        ("w:noHBand", "0"),
        ("w:noVBand", "1"),
    ):
        look.set(qn(attr), value)
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on every page
    for i, text in enumerate(block.header):
        p = head.cells[i].paragraphs[0]
        p.style = number if block.numeric[i] else cell_text
        p.add_run(text)
    for r, row in enumerate(block.rows):
        cells = table.add_row().cells
        last = block.bold_last and r == len(block.rows) - 1
        for i, text in enumerate(row):
            p = cells[i].paragraphs[0]
            p.style = number if block.numeric[i] else cell_text
            p.add_run(text, style="Strong" if last else None)
    # the text column wide, the amount columns share the rest of the 166 mm line
    n = len(block.header)
    first = 166 * (0.5 if n <= 3 else 0.36 if n <= 4 else 0.28)
    _widths(table, [Mm(first)] + [Mm((166 - first) / (n - 1))] * (n - 1))


def _widths(table, widths) -> None:  # type: ignore[no-untyped-def]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width  # the table grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _field(paragraph, code: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# -- HTML and PDF ----------------------------------------------------------------------------
CSS = """
@page {
  size: A4;
  margin: 20mm 20mm 22mm 22mm;
  @top-right { content: "%(top)s"; font-size: 8pt; color: #555;
               font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
  @bottom-right { content: "%(page)s " counter(page) " / " counter(pages); font-size: 8pt;
                  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
}
span.amount { white-space: nowrap; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt;
       line-height: 1.35; color: #111; }
h1 { font-size: 16pt; margin: 0 0 2pt 0; }
p.subtitle { font-size: 12pt; color: #333; margin: 0 0 12pt 0; }
h2 { font-size: 12pt; margin: 14pt 0 4pt 0; border-bottom: 0.6pt solid #888;
     break-after: avoid; }
table { border-collapse: collapse; width: 100%%; margin: 2pt 0 6pt 0; break-inside: auto; }
th, td { padding: 2.5pt 4pt; vertical-align: top; }
thead th { background: #dde4ee; text-align: left; border-bottom: 0.8pt solid #333; }
tbody td { border-bottom: 0.4pt solid #ccc; }
th.num, td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 0.8pt solid #333; }
table.facts th { text-align: left; width: 32%%; font-weight: bold; background: none;
                 border-bottom: 0.4pt solid #ccc; }
"""


def to_html(doc: Document) -> str:
    e = html.escape
    parts = [
        f'<!DOCTYPE html><html lang="{LANG_TAGS.get(doc.lang, "fi-FI")}"><head>'
        f'<meta charset="utf-8"><title>{e(doc.title)}</title>'
        f'<meta name="description" content="{e(doc.subtitle)}">'
        f'<meta name="generator" content="hankelaskuri">'
        f"<style>{CSS % {'page': PAGE.get(doc.lang, 'Sivu'), 'top': _css_string(doc.municipality)}}"
        "</style></head><body>",
        f"<h1>{e(doc.title)}</h1>",
        f'<p class="subtitle">{e(doc.subtitle)}</p>',
    ]
    for block in doc.blocks:
        if block.kind == "heading":
            parts.append(f"<h2>{e(block.text)}</h2>")
        elif block.kind == "paragraph":
            parts.append(f"<p>{_amounts(e(block.text))}</p>")
        elif block.kind == "list":
            items = "".join(f"<li>{_amounts(e(item))}</li>" for (item,) in block.rows)
            parts.append(f"<ul>{items}</ul>")
        elif block.kind == "facts":
            rows = "".join(
                f'<tr><th scope="row">{e(k)}</th><td>{e(v)}</td></tr>' for k, v in block.rows
            )
            parts.append(f'<table class="facts"><tbody>{rows}</tbody></table>')
        elif block.kind == "table":
            num = [' class="num"' if n else "" for n in block.numeric]
            head = "".join(
                f'<th scope="col"{num[i]}>{e(h)}</th>' for i, h in enumerate(block.header)
            )
            body = []
            for r, row in enumerate(block.rows):
                total = ' class="total"' if block.bold_last and r == len(block.rows) - 1 else ""
                cells = "".join(f"<td{num[i]}>{e(c)}</td>" for i, c in enumerate(row))
                body.append(f"<tr{total}>{cells}</tr>")
            parts.append(
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            )
    parts.append("</body></html>")
    return "".join(parts)


_AMOUNT = re.compile(r"(?:€)?-?\d{1,3}(?:[ ,]\d{3})*[,.]\d{2}(?: €)?|\d+(?:,\d+)? %")


def _amounts(text: str) -> str:
    """Keep each amount and percentage on one line (the text keeps its plain spaces)."""
    return _AMOUNT.sub(lambda m: f'<span class="amount">{m.group(0)}</span>', text)


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def write_pdf(doc: Document, path: Path | BinaryIO) -> None:
    from ..errors import UserError

    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # Pango missing, or the package
        raise UserError(
            "PDF-tiedoston tekemiseen tarvitaan WeasyPrint ja Pango-kirjasto "
            f"(https://doc.courtbouillon.org/weasyprint/stable/first_steps.html): {exc}. "
            "DOCX- ja Markdown-muodot toimivat ilman niitä.",
            code="pdf_unavailable",
        ) from exc
    target = str(path) if isinstance(path, Path) else path
    HTML(string=to_html(doc)).write_pdf(target, pdf_variant="pdf/ua-1")


# -- Markdown --------------------------------------------------------------------------------
def to_markdown(doc: Document) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = [f"# {doc.title}", "", f"*{doc.subtitle}*", ""]
    for block in doc.blocks:
        if block.kind == "heading":
            out += [f"## {block.text}", ""]
        elif block.kind == "paragraph":
            out += [block.text, ""]
        elif block.kind == "list":
            out += [f"- {item}" for (item,) in block.rows] + [""]
        elif block.kind == "facts":
            out += [f"- **{cell(k)}:** {cell(v)}" for k, v in block.rows] + [""]
        elif block.kind == "table":
            out.append("| " + " | ".join(cell(h) for h in block.header) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in block.numeric) + "|")
            for r, row in enumerate(block.rows):
                bold = block.bold_last and r == len(block.rows) - 1
                out.append(
                    "| "
                    + " | ".join(f"**{cell(c)}**" if bold and c else cell(c) for c in row)
                    + " |"
                )
            out.append("")
    return "\n".join(out)


def write_markdown(doc: Document, path: Path | BinaryIO) -> None:
    data = to_markdown(doc).encode("utf-8")
    if isinstance(path, Path):
        path.write_bytes(data)
    else:
        path.write(data)


WRITERS = {"docx": write_docx, "pdf": write_pdf, "md": write_markdown}
