"""Attachments of every real shape stay on the A4 page: 5 and 7 budget years, 20
municipalities, totals over a million euros, in the PDF and in the DOCX (through LibreOffice).
"""

import os
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal as D
from html import unescape

import pytest
from docx import Document as Docx

from hankelaskuri.api import calculate
from hankelaskuri.render.attachment import build
from hankelaskuri.render.document import to_html, to_markdown, write_docx, write_pdf

from .attachment_cases import SWEDISH_COAST, project, write
from .libreoffice import SOFFICE, need_libreoffice
from .test_attachment import docx_text, invoke, need_pdf, pdf_text

MM = 72 / 25.4
LEFT, RIGHT = 22 * MM, (210 - 22) * MM  # the text area's edges (22 mm margins)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
MONEY = re.compile(r"\d{1,3}(?: \d{3})*,\d{2} €")
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def outside_words(pdf):
    """Words of any page lying outside the text area (the running header and the page
    number sit in the top and bottom margins, inside the same left and right edges)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = out.split("<page ")[1:]
    assert pages
    bad = []
    for n, page in enumerate(pages, 1):
        width, height = map(float, PAGE.match("<page " + page).groups())
        assert round(width) == 595 and round(height) == 842  # A4 portrait
        for x0, y0, x1, y1, word in WORD.findall(page):
            if float(x0) < LEFT - 0.5 or float(x1) > RIGHT + 0.5:
                bad.append((n, unescape(word), float(x0), float(x1)))
            if float(y0) < 8 * MM or float(y1) > height - 8 * MM:
                bad.append((n, unescape(word), float(y0), float(y1)))
    return bad


def totals(result):
    """The figures a reader must see whole: the project's totals (independent of layout)."""
    fmt = lambda v: f"{v:,.2f}".replace(",", " ").replace(".", ",") + " €"  # noqa: E731
    return [
        fmt(result.total_cost),
        fmt(result.funding["support"]),
        fmt(result.funding["municipal"]),
    ]


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shapes")
    return {
        2: write(tmp, "p2.toml", project(2, 7)),
        5: write(tmp, "p5.toml", project(5, 12)),
        7: write(tmp, "p7.toml", project(7, 20)),
        # 7 × 1 200 000 + 15 % + 142 005 = 9 802 005 €: the largest real shape
        "7big": write(tmp, "p7big.toml", project(7, 20, staff_per_year=1_200_000)),
    }


def test_seven_year_total_is_the_hand_sum(shapes):
    # staff 7 × 150 000 = 1 050 000; flat rate 15 % = 157 500; purchased 142 005
    result = calculate(shapes[7])
    assert result.total_cost == D("1349505.00")
    assert len(result.years) == 7 and len(result.municipal_shares) == 20


@pytest.mark.parametrize("years", [5, 7, "7big"])
def test_pdf_words_inside_text_area(shapes, years, tmp_path):
    need_pdf()
    result = calculate(shapes[years])
    assert result.total_cost > D("1000000")
    share = result.municipalities[-1]
    out = tmp_path / "a.pdf"
    write_pdf(build(result, share, "fi"), out)
    assert outside_words(out) == []
    text = pdf_text(out)
    for amount in totals(result):
        assert amount in text, amount  # on one line, not wrapped
    for amount in set(MONEY.findall(to_markdown(build(result, share, "fi")))):
        assert amount in text, amount
    if years == 7:
        assert "1 349 505,00 €" in text
    if years == "7big":
        assert result.total_cost == D("9802005.00") and "9 802 005,00 €" in text


def test_docx_through_libreoffice_inside_text_area(shapes, tmp_path):
    need_libreoffice()
    docs = []
    for years in (2, 5, 7, "7big"):
        result = calculate(shapes[years])
        out = tmp_path / f"a{years}.docx"
        write_docx(build(result, result.municipalities[0], "fi"), out)
        docs.append((out, result))
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                *(str(p) for p, _ in docs),
            ],
            capture_output=True,
            timeout=300,
        )
    for path, result in docs:
        pdf = path.with_suffix(".pdf")
        if not pdf.exists():
            if os.environ.get("CI"):
                pytest.fail(f"LibreOffice Writer is required under CI: {done.stderr[-200:]!r}")
            pytest.skip(f"LibreOffice Writer could not convert DOCX: {done.stderr[-200:]!r}")
        assert outside_words(pdf) == [], path.name
        text = pdf_text(pdf)
        for amount in totals(result):
            assert amount in text, (path.name, amount)
        # every amount of the document's tables is whole on its line in the rendering
        for amount in set(MONEY.findall(docx_text(path))):
            assert amount in text, (path.name, amount)


def test_wide_cost_table_is_split_not_cut(shapes):
    result = calculate(shapes[7])
    html = to_html(build(result, result.municipalities[0], "fi"))
    # the 7-year cost table comes in two parts, the total column in the second
    heads = re.findall(r"<thead><tr>(.*?)</tr></thead>", html)
    year_heads = [h for h in heads if "Kustannuslaji" in h]
    assert len(year_heads) == 2
    assert "2024" in year_heads[0] and "Yhteensä" not in year_heads[0]
    assert "2030" in year_heads[1] and "Yhteensä" in year_heads[1]
    # a two-year table stays whole
    small = calculate(shapes[2])
    heads = re.findall(
        r"<thead><tr>(.*?)</tr></thead>", to_html(build(small, small.municipalities[0], "fi"))
    )
    assert len([h for h in heads if "Kustannuslaji" in h]) == 1


def test_receiving_municipality_row_is_marked(shapes, tmp_path):
    result = calculate(shapes[5])
    share = result.municipalities[3]
    html = to_html(build(result, share, "fi"))
    marked = re.findall(r'<tr class="mark">(.*?)</tr>', html)
    assert len(marked) == 1 and share.name_fi in marked[0]
    out = tmp_path / "m.docx"
    write_docx(build(result, share, "fi"), out)
    doc = Docx(str(out))
    shaded = [
        row.cells[0].text
        for table in doc.tables
        for row in table.rows[1:]
        if 'w:fill="FFF1B8"' in row.cells[0]._tc.xml
    ]
    assert shaded == [share.name_fi]
    # own look: no table style from Word's template, borders on the table itself
    assert all(t.style is None or t.style.name == "Normal Table" for t in doc.tables)
    assert all("w:tblBorders" in t._tbl.xml for t in doc.tables)


def test_folder_is_created_and_names_carry_the_project(shapes, tmp_path):
    folder = tmp_path / "new" / "liitteet"
    for years in (2, 5):
        res = invoke("attachment", shapes[years], "--all", "-d", folder, "-f", "md")
        assert res.exit_code == 0, res.output
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 7 + 12  # two projects side by side, nothing overwritten
    assert "liite-keski-suomen-elinvoimaohjelma-2-v-hankasalmi.md" in names
    assert "liite-keski-suomen-elinvoimaohjelma-5-v-hankasalmi.md" in names
    # -o with a folder writes the default name inside it
    res = invoke("attachment", shapes[2], "-m", "Joutsa", "-o", folder, "-f", "md")
    assert res.exit_code == 2  # exists already: not replaced without --force
    res = invoke("attachment", shapes[2], "-m", "Joutsa", "-o", tmp_path)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "liite-keski-suomen-elinvoimaohjelma-2-v-joutsa.docx").is_file()


def test_population_in_running_text_never_breaks(shapes, tmp_path):
    # The seven members of project(2, 7), bundled populations 31.12.2022: Hankasalmi 4 601,
    # Joutsa 4 171, Jyväskylä 145 887, Jämsä 19 347, Kannonkoski 1 269, Karstula 3 665,
    # Keuruu 9 250 → 188 190 together (hand sum). Both numbers sit in one sentence that
    # a page can break anywhere; each must stay whole in the PDF and in the DOCX.
    result = calculate(shapes[2])
    jamsa = next(m for m in result.municipalities if m.name_fi == "Jämsä")
    doc = build(result, jamsa, "fi")
    html = to_html(doc)
    assert '<span class="amount">19 347</span>' in html
    assert '<span class="amount">188 190</span>' in html
    out = tmp_path / "j.docx"
    write_docx(doc, out)
    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "19\u00a0347" in text and "188\u00a0190" in text


def test_percentage_with_decimals_never_breaks(tmp_path):
    # Support 70 %: Kristinestad's own funding as an implementer is 100 − 70 = 30,00 % of its
    # net costs. In the Swedish attachment that sentence reaches the line's end right at
    # "30,00": the percentage must move whole, never leave its "%" to the next line.
    need_pdf()
    path = write(tmp_path, "coast.toml", SWEDISH_COAST)
    result = calculate(path)
    town = next(m for m in result.municipalities if m.name_sv == "Kristinestad")
    doc = build(result, town, "sv")
    assert '<span class="amount">30,00 %</span>' in to_html(doc)
    out = tmp_path / "k.pdf"
    write_pdf(doc, out)
    lines = pdf_text(out).splitlines()
    assert any(
        "vilket är 30,00 %" in line or line.lstrip().startswith("30,00 % av") for line in lines
    )
    assert not any(line.rstrip().endswith("30,00") for line in lines)
    docx = tmp_path / "k.docx"
    write_docx(doc, docx)
    assert "30,00\u00a0% av dess nettokostnader" in "\n".join(
        p.text for p in Docx(str(docx)).paragraphs
    )


def pages_text(pdf):
    """The text of each page of ``pdf``."""
    return pdf_text(pdf).split("\f")


def test_draft_decision_stays_on_one_page(tmp_path):
    # project(7, 9): seven years of figures push the draft decision to the foot of page 2;
    # its lead-in, its seven years and its condition ("Sitoumus edellyttää …") are one
    # decision and must be read on one page (the condition alone on page 3 before).
    need_pdf()
    result = calculate(write(tmp_path, "p7.toml", project(7, 9)))
    kinnula = next(m for m in result.municipalities if m.name_fi == "Kinnula")
    doc = build(result, kinnula, "fi")
    out = tmp_path / "k.pdf"
    write_pdf(doc, out)
    pages = [p for p in pages_text(out) if p.strip()]
    (page,) = [p for p in pages if "Päätösehdotus" in p]
    assert "Sitoumus edellyttää" in page and "2024: 471,03 €" in page and "2030: 471,04 €" in page
    # in the DOCX each paragraph of the section is kept with the next, the last one ends it
    docx = tmp_path / "k.docx"
    write_docx(doc, docx)
    paras = Docx(str(docx)).paragraphs
    start = next(i for i, p in enumerate(paras) if p.text == "Päätösehdotus")
    section = paras[start:]
    assert section[-1].text.startswith("Sitoumus edellyttää")
    kept = [bool(p.paragraph_format.keep_with_next) for p in section]
    assert kept == [True] * (len(section) - 1) + [False]


def test_long_table_breaks_with_three_rows_on_each_side(tmp_path):
    # project(3, 15): Jyväskylä's attachment reaches the table of the 15 shares at the foot
    # of page 1, where only the head and one row (Hankasalmi) fitted. A reader needs at
    # least three rows with the head (Hankasalmi, Joutsa, Jyväskylä, the bundled order) and
    # three on the page the table ends on (Luhanka, Multia, Yhteensä).
    need_pdf()
    result = calculate(write(tmp_path, "p3.toml", project(3, 15)))
    jkl = next(m for m in result.municipalities if m.name_fi == "Jyväskylä")
    doc = build(result, jkl, "fi")
    out = tmp_path / "j.pdf"
    write_pdf(doc, out)
    pages = [p for p in pages_text(out) if p.strip()]
    (head,) = [p for p in pages if "Osallistujien osuudet" in p]
    assert all(name in head for name in ("Hankasalmi", "Joutsa", "Jyväskylä  "))
    (end,) = [p for p in pages if "Multia" in p]  # the last member, before the total row
    assert "Luhanka" in end and "217 588" in end.split("Multia")[1]
    # the DOCX: the head and the first two rows, and the rows from the third last, keep with
    # the next; the rows between may break
    docx = tmp_path / "j.docx"
    write_docx(doc, docx)
    table = next(t for t in Docx(str(docx)).tables if t.rows[0].cells[0].text == "Kunta")
    kept = [bool(r.cells[0].paragraphs[0].paragraph_format.keep_with_next) for r in table.rows]
    assert len(kept) == 1 + 15 + 1  # head, members, total
    assert kept == [True, True, True] + [False] * 11 + [True, True, False]


def test_commitment_sentence_stays_with_its_years(tmp_path):
    # Närpes (Närpiö) in the Swedish coast project: "Närpiö sitoutuu rahoittamaan hanketta
    # yhteensä … €" ended page 1 and its table of years began page 2. The sentence leads
    # into the table: both on one page, in the PDF and (kept with the next) in the DOCX.
    need_pdf()
    result = calculate(write(tmp_path, "coast.toml", SWEDISH_COAST))
    narpes = next(m for m in result.municipalities if m.name_sv == "Närpes")
    doc = build(result, narpes, "fi")
    out = tmp_path / "n.pdf"
    write_pdf(doc, out)
    (page,) = [p for p in pages_text(out) if "Närpiö sitoutuu rahoittamaan hanketta" in p]
    after = page.split("Närpiö sitoutuu rahoittamaan hanketta")[1]
    assert "Vuosi" in after and "2025" in after and "2027" in after
    docx = tmp_path / "n.docx"
    write_docx(doc, docx)
    (lead,) = [
        p for p in Docx(str(docx)).paragraphs if p.text.startswith("Närpiö sitoutuu rahoittamaan")
    ]
    assert lead.paragraph_format.keep_with_next


def test_turned_cost_table_names_its_year_column(tmp_path):
    # project(15, 7) in Swedish: the cost table of 15 years is turned to fit the page (a
    # year a row, a category a column). Its first column holds the years 2024…2038 and the
    # total, so its title is "År", not the categories' "Kostnadsslag".
    result = calculate(write(tmp_path, "p15.toml", project(15, 7)))
    karstula = next(m for m in result.municipalities if m.name_fi == "Karstula")
    html = to_html(build(result, karstula, "sv"))
    heads = re.findall(r"<thead><tr>(.*?)</tr></thead><tbody>(.*?)</tbody>", html)
    (turned,) = [(h, b) for h, b in heads if "Personalkostnader" in h]
    first = re.findall(r"<th[^>]*>([^<]*)</th>", turned[0])[0]
    column = re.findall(r"<tr[^>]*><td[^>]*>([^<]*)</td>", turned[1])
    assert first == "År"
    assert column == [str(y) for y in range(2024, 2039)] + ["Totalt"]
