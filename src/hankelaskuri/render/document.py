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
import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any, BinaryIO

from ..i18n import t
from . import layout
from .attachment import Block, Document
from .markdown import md_block, md_inline

LANG_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


# -- DOCX ------------------------------------------------------------------------------------
FONT = "Arial"  # metric twin Liberation Sans; LibreOffice falls back to DejaVu Sans
INK, RULE, LIGHT_RULE = "111111", "333333", "BBBBBB"
HEAD_FILL, MARK_FILL = "DDE4EE", "FFF1B8"


def write_docx(doc: Document, path: Path | BinaryIO) -> None:
    """The attachment as DOCX with its own styles: the look of the PDF, not Word's template.

    Table borders and shading are direct cell properties (not a table style), which Word and
    LibreOffice both keep; column widths come from :mod:`.layout`, as in the PDF.
    """
    from docx import Document as Docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    d = Docx()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH_MM), Mm(297)
    section.left_margin = Mm(layout.MARGIN_LEFT_MM)
    section.right_margin = Mm(layout.MARGIN_RIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    props = d.core_properties
    # Word's core properties hold at most 255 characters (a project name may have 500)
    props.title = _core_property(doc.title)
    props.subject = _core_property(doc.subtitle)
    props.language = LANG_TAGS.get(doc.lang, "fi-FI")
    props.author = "hankelaskuri"

    def font(style, size: float, bold: bool = False, color: str = INK) -> None:  # type: ignore[no-untyped-def]
        rpr = style.element.get_or_add_rPr()
        for old in rpr.findall(qn("w:rFonts")):
            rpr.remove(old)  # drop the template's theme fonts, which win over a name
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor.from_string(color)

    def rule_below(style, color: str) -> None:  # type: ignore[no-untyped-def]
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:pBdr")):
            ppr.remove(old)
        if color:
            border = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for k, v in (("w:val", "single"), ("w:sz", "5"), ("w:space", "1"), ("w:color", color)):
                bottom.set(qn(k), v)
            border.append(bottom)
            ppr.append(border)

    styles = d.styles
    normal = styles["Normal"]
    font(normal, 9.5)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANG_TAGS.get(doc.lang, "fi-FI"))
    normal.element.get_or_add_rPr().append(lang)
    title = styles["Title"]
    font(title, 16, bold=True)
    rule_below(title, "")
    title.paragraph_format.space_after = Pt(2)
    subtitle = styles["Subtitle"]
    font(subtitle, 12, color=RULE)
    subtitle.paragraph_format.space_after = Pt(12)
    heading = styles["Heading 1"]
    font(heading, 12, bold=True)
    rule_below(heading, "888888")
    heading.paragraph_format.space_before = Pt(14)
    heading.paragraph_format.space_after = Pt(4)
    heading.paragraph_format.keep_with_next = True
    font(styles["List Bullet"], 9.5)
    number = styles.add_style("Table Number", WD_STYLE_TYPE.PARAGRAPH)
    number.base_style = normal
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number.paragraph_format.space_after = Pt(0)
    number.paragraph_format.line_spacing = 1.0
    number.font.size = Pt(layout.TABLE_PT)
    cell_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell_text.base_style = normal
    cell_text.paragraph_format.space_after = Pt(0)
    cell_text.paragraph_format.line_spacing = 1.0
    cell_text.font.size = Pt(layout.TABLE_PT)

    # Styles are given by id: python-docx's by-name or by-object assignment searches every
    # style of the template on each call, most of the time of writing a document.
    _styled(d.add_paragraph(doc.title), title)
    _styled(d.add_paragraph(doc.subtitle), subtitle)
    bullet = styles["List Bullet"]
    for block in layout.laid_out(doc.blocks):
        if block.kind == "heading":
            _styled(d.add_paragraph(block.text), heading)
        elif block.kind == "paragraph":
            d.add_paragraph(_unbroken(block.text))
        elif block.kind == "list":
            if d.paragraphs:
                d.paragraphs[-1].paragraph_format.keep_with_next = True  # the list's lead-in
            for n, (item,) in enumerate(block.rows, 1):
                para = _styled(d.add_paragraph(_unbroken(item)), bullet)
                para.paragraph_format.keep_with_next = n < len(block.rows)
        elif block.kind in ("facts", "table"):
            _docx_table(d, block, number, cell_text)
            gap = d.add_paragraph()
            gap.paragraph_format.space_after = Pt(2)

    footer = _styled(section.footer.paragraphs[0], number)
    footer.add_run(f"{doc.municipality} – {t('attachment.page', doc.lang)} ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    d.save(path if not isinstance(path, Path) else str(path))


def _styled(paragraph, style):  # type: ignore[no-untyped-def]
    """``paragraph`` in ``style`` (not the default style), set by the style's id."""
    paragraph._p.style = style.style_id
    return paragraph


# the schema's order of the children of table and cell properties (Word insists on it)
_ORDER = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "tblBorders": "top left start bottom right end insideH insideV",
    "tcBorders": "top left start bottom right end insideH insideV tl2br tr2bl",
    "tblCellMar": "top left start bottom right end",
}


def _set(parent, tag: str, **attrs: str):  # type: ignore[no-untyped-def]
    """Replace ``parent``'s child ``tag`` with one carrying ``attrs`` (w: namespace), in
    the position the schema gives it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for old in parent.findall(qn(tag)):
        parent.remove(old)
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    parent.append(el)
    order = _ORDER.get(parent.tag.rsplit("}", 1)[-1])
    if order:
        names = order.split()
        rank = {n: i for i, n in enumerate(names)}
        children = sorted(parent, key=lambda c: rank.get(c.tag.rsplit("}", 1)[-1], len(names)))
        for child in children:
            parent.append(child)  # re-appending moves it: the children end up sorted
    return el


def _borders(parent, tag: str, **edges: tuple[int, str]) -> None:  # type: ignore[no-untyped-def]
    """Borders as (eighths of a point, colour) per edge; 0 means none."""
    box = _set(parent, tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if edge not in edges:
            continue
        size, color = edges[edge]
        if size:
            _set(box, f"w:{edge}", val="single", sz=str(size), space="0", color=color)
        else:
            _set(box, f"w:{edge}", val="nil")


def _docx_table(d, block: Block, number, cell_text) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm

    facts = block.kind == "facts"
    header = [] if facts else block.header
    numeric = [False, False] if facts else block.numeric
    widths = [Mm(w) for w in layout.widths(block)] if not facts else [Mm(48), Mm(118)]
    table = d.add_table(rows=0, cols=len(numeric))
    tblpr = table._tbl.tblPr
    _borders(
        tblpr,
        "w:tblBorders",
        top=(6, RULE) if not facts else (4, LIGHT_RULE),
        bottom=(6, RULE) if not facts else (4, LIGHT_RULE),
        insideH=(4, LIGHT_RULE),
        left=(0, ""),
        right=(0, ""),
        insideV=(0, ""),
    )
    margins = _set(tblpr, "w:tblCellMar")
    for edge, twips in (("top", 30), ("left", 60), ("bottom", 30), ("right", 60)):
        _set(margins, f"w:{edge}", w=str(twips), type="dxa")
    _set(tblpr, "w:tblLayout", type="fixed")
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width  # the table grid, which LibreOffice reads
    _set(tblpr, "w:tblW", w=str(sum(int(w.twips) for w in widths)), type="dxa")

    # The rows are written as WordprocessingML text and parsed once: python-docx's cell,
    # paragraph and run objects (each property placed by a search of the schema's order)
    # took most of the time of writing a document.
    rows = [header, *block.rows] if header else list(block.rows)
    keep = len(rows) <= layout.KEEP_ROWS
    cell_twips = [w.twips for w in widths]
    out = []
    for r, values in enumerate(rows):
        is_head = bool(header) and r == 0
        body_index = r - 1 if header else r
        last = block.bold_last and body_index == len(block.rows) - 1
        mark = block.highlight is not None and body_index == block.highlight
        # a short table stays on one page: each row keeps with the next
        keep_next = keep and r < len(rows) - 1
        out.append("<w:tr><w:trPr><w:cantSplit/>")
        if is_head:
            out.append("<w:tblHeader/>")  # repeats on every page
        out.append("</w:trPr>")
        for i in range(len(numeric)):
            out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{cell_twips[i]}"/>')
            if i >= len(values):
                out.append("</w:tcPr><w:p/></w:tc>")
                continue
            if is_head or last:
                edge = "bottom" if is_head else "top"
                out.append(
                    f'<w:tcBorders><w:{edge} w:val="single" w:sz="8" w:space="0" '
                    f'w:color="{RULE}"/></w:tcBorders>'
                )
            if is_head or mark:
                fill = HEAD_FILL if is_head else MARK_FILL
                out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
            if numeric[i] and not is_head:
                out.append("<w:noWrap/>")
            style = (number if numeric[i] else cell_text).style_id
            bold = is_head or last or mark or (facts and i == 0)
            out.append(
                f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{html.escape(style)}"/>'
                + ("<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>')
                + "</w:pPr><w:r><w:rPr>"
                + ("<w:b/>" if bold else '<w:b w:val="0"/>')
                + f"</w:rPr>{_run_content(values[i])}</w:r></w:p></w:tc>"
            )
        out.append("</w:tr>")
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(out)}</w:tbl>")
    table._tbl.extend(list(parsed))


def _run_content(text: str) -> str:
    """``text`` as the content of a run, as python-docx writes it: a tab is ``w:tab``, a
    line break ``w:br``, the rest ``w:t`` (keeping its outer spaces)."""
    out = []
    for n, part in enumerate(re.split(r"(\t|\r|\n)", text)):
        if n % 2:
            out.append("<w:tab/>" if part == "\t" else "<w:br/>")
        elif part:
            space = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
            out.append(f"<w:t{space}>{html.escape(part, quote=False)}</w:t>")
    return "".join(out)


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
  margin: 20mm %(right)smm 22mm %(left)smm;
  @top-right { font-size: 8pt; color: #555;
               font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
  @bottom-right { font-size: 8pt;
                  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
}
span.amount { white-space: nowrap; }
body { margin: 0; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt;
       line-height: 1.35; color: #111; overflow-wrap: break-word; }
h1 { font-size: 16pt; margin: 0 0 2pt 0; }
p.subtitle { font-size: 12pt; color: #333; margin: 0 0 12pt 0; }
h2 { font-size: 12pt; margin: 14pt 0 4pt 0; border-bottom: 0.6pt solid #888;
     break-after: avoid; }
table { border-collapse: collapse; table-layout: fixed; margin: 2pt 0 8pt 0;
        break-inside: auto; font-size: %(table)spt; line-height: 1.25;
        border-top: 0.75pt solid #333; border-bottom: 0.75pt solid #333; }
tr { break-inside: avoid; }
table.keep, ul { break-inside: avoid; }
th, td { padding: 1.5pt %(pad)spt; vertical-align: top; overflow-wrap: break-word; }
thead th { background: #dde4ee; text-align: left; border-bottom: 1pt solid #333; }
tbody td { border-bottom: 0.5pt solid #bbb; }
th.num { text-align: right; }
td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 1pt solid #333; }
tr.mark td { background: #fff1b8; font-weight: bold; }
table.facts { width: 100%%; border-top: 0.5pt solid #bbb; border-bottom: 0.5pt solid #bbb; }
table.facts th { text-align: left; width: 48mm; font-weight: bold; background: none;
                 border-bottom: 0.5pt solid #bbb; }
table.facts td { border-bottom: 0.5pt solid #bbb; }
"""


# what differs from one document to the next: the texts in the page margins
PAGE_CSS = """
@page {
  @top-right { content: "%(top)s"; }
  @bottom-right { content: "%(page)s " counter(page) " / " counter(pages); }
}
"""


def _shared_css() -> str:
    """The style every attachment shares."""
    return CSS % {
        "left": layout.MARGIN_LEFT_MM,
        "right": layout.MARGIN_RIGHT_MM,
        "table": layout.TABLE_PT,
        "pad": layout.PAD_PT,
    }


def to_html(doc: Document, shared_style: bool = True) -> str:
    """The attachment as one HTML page with its style; without ``shared_style`` only the
    style of its own page margins (the PDF writer gives the rest as one parsed sheet)."""
    e = html.escape
    css = PAGE_CSS % {"page": t("attachment.page", doc.lang), "top": _css_string(doc.municipality)}
    if shared_style:
        css = _shared_css() + css
    parts = [
        f'<!DOCTYPE html><html lang="{LANG_TAGS.get(doc.lang, "fi-FI")}"><head>'
        f'<meta charset="utf-8"><title>{e(doc.title)}</title>'
        f'<meta name="description" content="{e(doc.subtitle)}">'
        f'<meta name="generator" content="hankelaskuri">'
        f"<style>{css}</style></head><body>",
        f"<h1>{e(doc.title)}</h1>",
        f'<p class="subtitle">{e(doc.subtitle)}</p>',
    ]
    for block in layout.laid_out(doc.blocks):
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
            widths = layout.widths(block)
            keep = ' class="keep"' if len(block.rows) + 1 <= layout.KEEP_ROWS else ""
            cols = "".join(f'<col style="width: {w:.2f}mm">' for w in widths)
            num = [' class="num"' if n else "" for n in block.numeric]
            head = "".join(
                f'<th scope="col"{num[i]}>{e(h)}</th>' for i, h in enumerate(block.header)
            )
            body = []
            for r, row in enumerate(block.rows):
                kind = (
                    ' class="total"'
                    if block.bold_last and r == len(block.rows) - 1
                    else ' class="mark"'
                    if r == block.highlight
                    else ""
                )
                cells = "".join(f"<td{num[i]}>{e(c)}</td>" for i, c in enumerate(row))
                body.append(f"<tr{kind}>{cells}</tr>")
            parts.append(
                f'<table{keep} style="width: {sum(widths):.2f}mm"><colgroup>{cols}</colgroup>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            )
    parts.append("</body></html>")
    return "".join(parts)


# amounts (``1 234,56 €``), percentages (``80 %``) and whole numbers in digit groups
# (populations such as ``190 808``)
_AMOUNT = re.compile(
    r"(?:€)?-?\d{1,3}(?:[ ,]\d{3})*[,.]\d{2}(?: €)?|\d+(?:,\d+)? %|\d{1,3}(?: \d{3})+(?![\d,])"
)


def _unbroken(text: str) -> str:
    """Amounts, percentages and grouped numbers in running text kept on one line in a word
    processor: the spaces inside them become no-break spaces."""
    return _AMOUNT.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


def _amounts(text: str) -> str:
    """Keep each amount, percentage and grouped number on one line (the text keeps its plain
    spaces)."""
    return _AMOUNT.sub(lambda m: f'<span class="amount">{m.group(0)}</span>', text)


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def pdf_engine() -> Any:
    """WeasyPrint, or the user's error if it cannot be loaded (Pango missing, or the
    package)."""
    from ..errors import UserError

    try:
        if sys.platform.startswith("linux") and "weasyprint" not in sys.modules:
            try:
                with _libraries_by_soname():
                    import weasyprint
            except OSError:
                pass  # loaded again below, with the ordinary library search
        import weasyprint
    except (ImportError, OSError) as exc:
        raise UserError(code="pdf_unavailable", error=str(exc)) from exc
    return weasyprint


@contextmanager
def _libraries_by_soname() -> Iterator[None]:
    """While WeasyPrint loads: its native libraries opened by their Linux sonames.

    WeasyPrint names each library several ways (``libpango-1.0-0``, ``pango-1.0``, …,
    ``libpango-1.0.so.0``). For each name before the soname cffi asks
    ``ctypes.util.find_library``, which on Linux runs ldconfig, gcc, ld and objdump in some
    fifty subprocesses: a third of a second of every PDF command. Meanwhile that search
    answers "not found" at once, so each library is opened by its soname, as the dynamic
    linker finds it, the same file the search finds. Where that fails the caller loads
    WeasyPrint again with the ordinary search (WeasyPrint's note on a failed load is kept
    for that attempt)."""
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with redirect_stdout(io.StringIO()):
            yield
    finally:
        ctypes.util.find_library = real


_PDF_SETUP: dict[int, tuple[Any, Any]] = {}  # process id → its fonts and parsed style


def _pdf_setup() -> tuple[Any, Any]:
    """One font configuration and one parsed shared style sheet per process, used for every
    PDF it writes (the system's fonts found once, Pango's font cache kept warm, the sheet
    parsed once). Per process: a forked worker makes its own rather than share the
    parent's font state."""
    pid = os.getpid()
    if pid not in _PDF_SETUP:
        weasyprint = pdf_engine()
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        _PDF_SETUP[pid] = fonts, weasyprint.CSS(string=_shared_css(), font_config=fonts)
    return _PDF_SETUP[pid]


def write_pdf(doc: Document, path: Path | BinaryIO) -> None:
    weasyprint = pdf_engine()
    fonts, style = _pdf_setup()
    target = str(path) if isinstance(path, Path) else path
    weasyprint.HTML(string=to_html(doc, shared_style=False)).write_pdf(
        target, pdf_variant="pdf/ua-1", font_config=fonts, stylesheets=[style]
    )


def _core_property(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- Markdown --------------------------------------------------------------------------------
def to_markdown(doc: Document) -> str:
    cell = md_inline
    out = [f"# {md_block(doc.title)}", "", f"*{md_inline(doc.subtitle)}*", ""]
    for block in doc.blocks:
        if block.kind == "heading":
            out += [f"## {md_block(block.text)}", ""]
        elif block.kind == "paragraph":
            out += [md_block(block.text), ""]
        elif block.kind == "list":
            out += [f"- {md_block(item)}" for (item,) in block.rows] + [""]
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
