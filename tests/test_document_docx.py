"""DOCX tables, whose rows are written as WordprocessingML text: read back with python-docx,
every cell has its text (tabs, line breaks, outer spaces, markup characters intact), its
paragraph style, its weight and its width."""

from __future__ import annotations

import io

from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Mm

from hankelaskuri.render import layout
from hankelaskuri.render.attachment import Block, Document
from hankelaskuri.render.document import _run_content, write_docx

TRICKY = [
    "Kemi",
    "  alkaa välilyönneillä",
    "päättyy välilyöntiin ",
    "sarkain\tvälissä",
    "kaksi\nriviä\r\nja kolme",
    "<b>ei lihavointia</b> & \"lainaus\" 'heittomerkki'",
    "1\u00a0234,56 €",
    "",
]


def written(blocks: list[Block]) -> Docx:
    buffer = io.BytesIO()
    write_docx(Document("Otsikko", "Alaotsikko", "fi", "Kemi", blocks), buffer)
    return Docx(io.BytesIO(buffer.getvalue()))


def test_cell_texts_styles_weights_and_widths_read_back():
    table = Block(
        "table",
        header=["Kunta", "Summa"],
        rows=[[text, "1 000,00 €"] for text in TRICKY] + [["Yhteensä", "8 000,00 €"]],
        numeric=[False, True],
        bold_last=True,
        highlight=0,
    )
    facts = Block("facts", rows=[["Hanke", "Nimi & <nimi>"], ["Kunta", "Kemi"]])
    doc = written([table, facts])
    grid, fact_grid = doc.tables
    # python-docx reads w:tab as a tab and w:br as a line break ("\r\n" is two breaks)
    expected = [t.replace("\r\n", "\n\n") for t in TRICKY]
    assert [row.cells[0].text for row in grid.rows] == ["Kunta", *expected, "Yhteensä"]
    assert grid.rows[1].cells[1].text == "1 000,00 €"
    assert [c.paragraphs[0].style.name for c in grid.rows[1].cells] == [
        "Table Text",
        "Table Number",
    ]
    bold = [[c.paragraphs[0].runs[0].bold for c in row.cells] for row in grid.rows]
    assert bold[0] == [True, True]  # header
    assert bold[1] == [True, True]  # the highlighted row (highlight=0)
    assert bold[2] == [False, False]
    assert bold[-1] == [True, True]  # the total
    assert [row.cells[0].text for row in fact_grid.rows] == ["Hanke", "Kunta"]
    assert fact_grid.rows[0].cells[1].text == "Nimi & <nimi>"
    assert [r.cells[0].paragraphs[0].runs[0].bold for r in fact_grid.rows] == [True, True]
    assert [r.cells[1].paragraphs[0].runs[0].bold for r in fact_grid.rows] == [False, False]
    mm = layout.widths(table)
    for row in grid.rows:
        assert [c.width.twips for c in row.cells] == [Mm(w).twips for w in mm]
    assert [c.width.twips for c in fact_grid.rows[0].cells] == [Mm(48).twips, Mm(118).twips]
    # the header row repeats on each page, no row breaks across pages
    header_pr = grid.rows[0]._tr.trPr
    assert header_pr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in grid.rows)


def test_run_content_is_what_python_docx_writes():
    from lxml import etree

    def content(run):  # each child's tag, attributes and text
        return [(c.tag, dict(c.attrib), c.text) for c in run]

    scratch = Docx()
    for text in TRICKY:
        theirs = scratch.add_paragraph().add_run(text)._r
        ours = etree.fromstring(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"{_run_content(text)}</w:r>"
        )
        assert content(ours) == content(theirs), repr(text)
