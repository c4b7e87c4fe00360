"""Council decision attachments: every municipality's DOCX and PDF read back as text."""

import os
import re
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from docx import Document as Docx
from typer.testing import CliRunner

from hankelaskuri.api import calculate
from hankelaskuri.cli import app
from hankelaskuri.render.attachment import build, file_stem, slug
from hankelaskuri.render.document import to_html, to_markdown, write_docx, write_pdf

from .conftest import EXAMPLES

runner = CliRunner()
SYDAN = EXAMPLES / "sydansuomi-pikastartti.toml"
# 23 295 € per capita over 18 485 inhabitants; hand-checked in test_examples.py
SHARES = {
    "Kannonkoski": "1 599,21 €",
    "Karstula": "4 618,67 €",
    "Kinnula": "1 958,37 €",
    "Kivijärvi": "1 340,86 €",
    "Kyyjärvi": "1 507,21 €",
    "Pihtipudas": "4 771,16 €",
    "Viitasaari": "7 499,52 €",
}
MONEY = re.compile(r"(\d{1,3}(?: \d{3})*,\d{2}) €")


def need_pdf():
    """PDF needs WeasyPrint with Pango: skipped where missing, except under CI."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint is required under CI: {exc}")
        pytest.skip(f"WeasyPrint not usable here: {exc}")


def docx_text(path):
    doc = Docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts).replace("\u00a0", " ")  # amounts in running text do not break


def pdf_text(path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def commitment(text, name):
    """The amount in the sentence '<name> sitoutuu rahoittamaan hanketta yhteensä X €'."""
    m = re.search(
        rf"{name} sitoutuu rahoittamaan hanketta yhteensä\s+(\d{{1,3}}(?: \d{{3}})*,\d{{2}}) €",
        " ".join(text.split()),
    )
    assert m, f"no commitment for {name}"
    return D(m.group(1).replace(" ", "").replace(",", "."))


def invoke(*args):
    return runner.invoke(app, [*map(str, args)], env={"NO_COLOR": "1"})


def test_all_municipalities_docx_and_pdf(tmp_path):
    need_pdf()
    res = invoke("attachment", SYDAN, "--all", "-d", tmp_path)
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 14
    stem = "liite-sydansuomen-aluekehitystyolle-pikastartti"
    assert f"{stem}-kivijarvi.docx" in names and f"{stem}-kyyjarvi.pdf" in names
    total_docx = total_pdf = D(0)
    for name, amount in SHARES.items():
        text = docx_text(tmp_path / f"{stem}-{slug(name)}.docx")
        assert name in text and amount in text
        board = "Kaupunginhallitus" if name == "Viitasaari" else "Kunnanhallitus"
        assert "Päätösehdotus" in text and f"{board} päättää" in text
        total_docx += commitment(text, name)
        ptext = pdf_text(tmp_path / f"{stem}-{slug(name)}.pdf")
        assert name in ptext and amount in ptext
        assert "ä" in ptext and "€" in ptext
        total_pdf += commitment(ptext, name)
    assert total_docx == total_pdf == D("23295.00")


def test_docx_structure(tmp_path):
    result = calculate(SYDAN)
    share = next(m for m in result.municipalities if m.name_fi == "Kinnula")
    out = tmp_path / "kinnula.docx"
    write_docx(build(result, share, "fi"), out)
    doc = Docx(str(out))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "List Bullet"} <= styles
    assert doc.core_properties.title.startswith("Päätöksen liite")
    assert doc.core_properties.language == "fi-FI"
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    table = doc.tables[2]  # the cost estimate, after the decision and the project facts
    assert table.rows[0]._tr.trPr is not None  # header row repeats on each page
    assert table.rows[0].cells[0].text == "Kustannuslaji"
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_pdf_metadata_and_fonts(tmp_path):
    need_pdf()
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils not installed")
    result = calculate(SYDAN)
    out = tmp_path / "k.pdf"
    write_pdf(build(result, result.municipalities[0], "fi"), out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Title:           Päätöksen liite: Sydänsuomen aluekehitystyölle pikastartti" in info
    assert "Tagged:          yes" in info
    assert "595.276 x 841.89" in info  # A4
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(" yes " in line for line in rows)  # every font embedded
    from pypdf import PdfReader

    catalog = PdfReader(str(out)).trailer["/Root"]
    assert catalog["/Lang"] == "fi-FI"  # language for screen readers
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog  # tagged
    assert 'lang="fi-FI"' in to_html(build(result, result.municipalities[0], "fi"))
    assert "Sivu 1 / 2" in pdf_text(out)


def test_swedish_municipality_gets_swedish_attachment(tmp_path):
    text = (EXAMPLES / "sydansuomi-pikastartti.toml").read_text(encoding="utf-8")
    text = text[: text.index("members = [")] + 'members = ["Närpes", "Kristinestad", "Kaskö"]\n'
    source = tmp_path / "p.toml"
    source.write_text(text, encoding="utf-8")
    res = invoke("attachment", source, "-m", "Närpiö", "-o", tmp_path / "b.docx")
    assert res.exit_code == 0, res.output
    body = docx_text(tmp_path / "b.docx")
    for heading in (
        "Bilaga till beslutet",
        "Kostnadsberäkning",
        "Finansieringsplan",
        "Stadens finansiering: Närpes",
        "Beslutsförslag",
    ):
        assert heading in body
    assert "Stadsstyrelsen beslutar att Närpes deltar i projektet" in body  # a town
    assert "förbinder sig att finansiera det med sammanlagt" in body
    # Kaskinen is bilingual with a Finnish majority: Finnish by default, Swedish on request
    result = calculate(source)
    kaskinen = next(m for m in result.municipalities if m.name_fi == "Kaskinen")
    assert file_stem(kaskinen, "fi") == "liite-kaskinen"
    assert file_stem(kaskinen, "fi", "Pikastartti") == "liite-pikastartti-kaskinen"
    res = invoke("attachment", source, "--all", "-d", tmp_path, "-f", "md")
    files = sorted(p.name for p in tmp_path.glob("*.md"))
    stem = "aluekehitystyolle-pikastartti"
    assert files == [
        f"bilaga-sydansuomen-{stem}-kristinestad.md",
        f"bilaga-sydansuomen-{stem}-narpes.md",
        f"liite-sydansuomen-{stem}-kaskinen.md",
    ]


def test_zero_municipal_funding_says_so(tmp_path):
    res = invoke(
        "attachment",
        EXAMPLES / "pienten-kuntien-yrittajyys.toml",
        "-m",
        "Iitti",
        "-o",
        tmp_path / "iitti.md",
    )
    assert res.exit_code == 0, res.output
    text = (tmp_path / "iitti.md").read_text(encoding="utf-8")
    assert "Hankkeeseen osallistuminen ei edellytä kunnalta rahoitusta." in text
    assert "| Vuosi |" not in text  # no table of 0,00 € rows
    assert "Kunnanhallitus päättää, että Iitti osallistuu hankkeeseen" in text
    assert "280 000,00 €" in text


def test_markdown_tables_and_force(tmp_path):
    result = calculate(SYDAN)
    md = to_markdown(build(result, result.municipalities[1], "fi", body="Kunnanvaltuusto"))
    assert "| Kustannuslaji | 2022 | 2023 | 2024 | Yhteensä |" in md
    assert "Kunnanvaltuusto päättää" in md
    out = tmp_path / "a.md"
    out.write_text("old", encoding="utf-8")
    assert invoke("attachment", SYDAN, "-m", "Karstula", "-o", out).exit_code == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert invoke("attachment", SYDAN, "-m", "Karstula", "-o", out, "--force").exit_code == 0
    assert "Karstula" in out.read_text(encoding="utf-8")


def test_unknown_or_missing_municipality(tmp_path):
    res = invoke("attachment", SYDAN, "-m", "Helsinki", "-o", tmp_path / "x.docx")
    assert res.exit_code == 2 and "Kannonkoski" in res.output
    res = invoke("attachment", EXAMPLES / "pieksamaki-valmisteluraha.toml", "--all", "-d", tmp_path)
    assert res.exit_code == 2 and "no_municipalities" in res.output


def test_slug_is_safe():
    assert slug("Kivijärvi") == "kivijarvi"
    assert slug("Pedersören kunta") == "pedersoren-kunta"
    assert slug("../../etc") == "etc"
