"""The exported workbook printed as LibreOffice prints it (to PDF): every sheet's text inside
its page, long project texts wrapped, not cut."""

import re
import subprocess
from html import unescape

from typer.testing import CliRunner

from hankelaskuri.cli import app

from .libreoffice import convert, need_libreoffice

LONG = """
[project]
name = "Kristiinankaupungin, Uusikaarlepyyn, Mänttä-Vilppulan ja Pedersören kunnan yhteinen elinvoima-, osaamis- ja yrityspalveluiden kehittämishanke vihreän siirtymän ja digitalisaation edistämiseksi"
start = 2025-01-01
end = 2027-12-31
authority = "Etelä-Pohjanmaan elinvoimakeskus (Elinkeinot, työ, osaaminen ja kulttuuri -vastuualue)"
programme = "jtf-2021-2027"
measure = "development"
cost_model = "flat_rate_15"

[[partners]]
id = "main"
name = "Kristiinankaupungin, Uusikaarlepyyn ja Pedersören kuntien yhteinen elinkeinoyhtiö Rannikon Kehitys Oy Ab"
role = "main"

[[staff]]
title = "Projektipäällikkö"
months = 36
monthly_pay = 4250.00

[funding]
support_rate = 0.80

[municipal]
funding = "remainder"
members = ["Kristiinankaupunki", "Uusikaarlepyy", "Mänttä-Vilppula", "Pedersören kunta"]
"""
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
MARGIN = 0.75 * 72  # the sheets' left and right page margins (openpyxl's default 0.75 in)


def test_long_names_stay_inside_the_printed_page(tmp_path):
    need_libreoffice()
    path = tmp_path / "long.toml"
    path.write_text(LONG, encoding="utf-8")
    xlsx = tmp_path / "long.xlsx"
    out = CliRunner().invoke(app, ["export", str(path), "-o", str(xlsx), "--lang", "fi"])
    assert out.exit_code == 0, out.output
    (pdf,) = convert([xlsx], tmp_path / "pdf", "pdf")
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = bbox.split("<page ")[1:]
    outside = []
    for n, page in enumerate(pages, 1):
        width = float(PAGE.match("<page " + page).group(1))
        for x0, x1, word in WORD.findall(page):
            if float(x0) < MARGIN - 2 or float(x1) > width - MARGIN + 2:
                outside.append((n, unescape(word), round(float(x0)), round(float(x1))))
    assert outside == []
    # the summary (page 1) shows the whole name twice: in the page header and as its title,
    # and the authority and the main implementer to their last words
    first = [unescape(w) for *_, w in WORD.findall(pages[0])]
    assert first.count("edistämiseksi") == 2
    assert "-vastuualue)" in first or "vastuualue)" in first
    assert first.count("Ab") == 1
    # the funding plan's pie: support 80 % and municipal funding 20 % (the file's rate), the
    # sign after a space as every percentage of the workbook ("80%" before)
    charts = next(n for n, page in enumerate(pages) if ">Kaaviot<" in page)
    words = [unescape(w) for *_, w in WORD.findall(pages[charts])]
    assert "80%" not in words and "20%" not in words
    pairs = list(zip(words, words[1:], strict=False))
    assert ("80", "%") in pairs and ("20", "%") in pairs
    # the workings: each amount to split with its cents after it, "71 161,52 €  7 116 152
    # senttiä" (the unit stood between the two numbers: "71 161,52 € senttiä 7116152")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    splits = re.findall(r"Jaettava +([\d ]+,\d\d) € +([\d ]+) senttiä", text)
    assert len(splits) >= 4  # the funding plan's three years and the municipal shares
    for euros, cents in splits:
        assert int(cents.replace(" ", "")) == int(euros.replace(" ", "").replace(",", ""))
        assert re.fullmatch(r"\d{1,3}( \d{3})*", cents)  # grouped like every figure
