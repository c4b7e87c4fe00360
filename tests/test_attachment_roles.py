"""Council decisions for every municipality, whatever its role: the seeds' own cases.

Expected figures are worked out by hand from the seeds and the rules, not read from the code:

- Kemi (seed 002): Kemi's part 276 605 €, JTF 80 % rounded down to the euro
  = 221 284 €, so the city's own share is 276 605 − 221 284 = 55 321 € (the seed's figure);
  the city board (*Kaupunginhallitus*) decides; covered from the business services budget.
- Laukaa (seed 001, main implementer): its budget 172 666 € + 40 % flat rate = 241 732 €
  (the example's comment), 80 % support rounded down = 193 385 €, own share 48 347 €;
  Laukaa is a *kunta*, so *Kunnanhallitus*.
"""

import json
import re
from decimal import Decimal as D

import pytest
from docx import Document as Docx

from hankelaskuri.api import calculate
from hankelaskuri.render.attachment import build
from hankelaskuri.render.document import to_markdown

from .conftest import EXAMPLES
from .test_attachment import docx_text, invoke, need_pdf, pdf_text

KEMI = EXAMPLES / "kemi-kestava-kasvu.toml"
LAUKAA = EXAMPLES / "yritystankkaamo.toml"
SYDAN = EXAMPLES / "sydansuomi-pikastartti.toml"
YEAR_ITEM = re.compile(r"^[-•\s]*(20\d\d): (\d{1,3}(?: \d{3})*,\d{2}) €", re.M)


def euros(text):
    return D(text.replace(" ", "").replace(",", "."))


def year_items(text):
    """The draft decision's per-year list: {year: amount}."""
    proposal = text[text.index("Päätösehdotus") :]
    return {int(y): euros(a) for y, a in YEAR_ITEM.findall(proposal)}


@pytest.mark.parametrize(
    ("path", "name", "own", "board", "years"),
    [
        (KEMI, "kemi", "55 321,00 €", "Kaupunginhallitus", {2024, 2025, 2026, 2027}),
        (LAUKAA, "laukaa", "48 347,00 €", "Kunnanhallitus", {2023, 2024, 2025}),
    ],
)
def test_implementer_attachment_in_every_format(tmp_path, path, name, own, board, years):
    need_pdf()
    res = invoke("attachment", path, "-m", name, "-d", tmp_path, "--all", "-f", "md")
    assert res.exit_code == 2  # --municipality and --all together: a usage error
    texts = {}
    for kind in ("pdf", "docx", "md"):
        out = tmp_path / f"{name}.{kind}"
        res = invoke("attachment", path, "-m", name, "-o", out)
        assert res.exit_code == 0, res.output
        texts[kind] = (
            pdf_text(out)
            if kind == "pdf"
            else docx_text(out)
            if kind == "docx"
            else out.read_text(encoding="utf-8")
        )
    for kind, text in texts.items():
        flat = " ".join(text.split())
        assert own in flat, kind
        assert f"{board} hyväksyy hankkeen" in flat, kind
        assert "rahoituksen hakemisen" in flat and "omarahoitusosuuteen" in flat, kind
        items = year_items(text)
        assert set(items) == years, kind
        assert sum(items.values()) == euros(own.removesuffix(" €")), kind
    if name == "kemi":
        flat = " ".join(texts["md"].split())
        assert "Rahoitus katetaan talousarvion kohdasta: elinkeinopalveluiden talousarvio." in flat
        # nothing the file does not give is made up
        for missing in ("Kokous", "Pykälä", "Diaarinumero", "Valmistelija"):
            assert missing not in flat


def test_check_by_municipality_counts_implementers(tmp_path):
    res = invoke("check", KEMI, LAUKAA, SYDAN, "--by-municipality", "--format", "json")
    data = json.loads(res.stdout)
    rows = {r["municipality"]: r for r in data["by_municipality"]}
    assert rows["Kemi"]["total"] == "55321.00"
    assert rows["Kemi"]["by_role"] == {"implementer": "55321.00"}
    assert sum(D(v) for v in rows["Kemi"]["by_year"].values()) == D("55321.00")
    assert rows["Laukaa"]["total"] == "48347.00"
    assert rows["Viitasaari"]["by_role"] == {"co_financier": "7499.52"}
    text = invoke("check", KEMI, LAUKAA, "--by-municipality").stdout
    assert re.search(r"Kemi .* 55\u00a0321,00", text) and re.search(
        r"Laukaa .* 48\u00a0347,00", text
    )
    budget = json.loads(invoke("budget", KEMI, "--format", "json").stdout)
    (kemi,) = budget["municipalities"]
    assert kemi["amount"] == "55321.00" and kemi["roles"][0]["role"] == "implementer"


def test_towns_decide_by_city_board(tmp_path):
    res = invoke("attachment", SYDAN, "--all", "-d", tmp_path, "-f", "md")
    assert res.exit_code == 0, res.output
    stem = "liite-sydansuomen-aluekehitystyolle-pikastartti"
    viitasaari = (tmp_path / f"{stem}-viitasaari.md").read_text(encoding="utf-8")
    karstula = (tmp_path / f"{stem}-karstula.md").read_text(encoding="utf-8")
    assert "Kaupunginhallitus päättää, että Viitasaari osallistuu" in viitasaari
    assert "Kunnanhallitus" not in viitasaari
    assert "Kunnanhallitus päättää, että Karstula osallistuu" in karstula
    assert "Kaupunginhallitus" not in karstula


BOTH = """
[project]
name = "Pohjoisen Keski-Suomen palvelumalli"
start = 2025-01-01
end = 2026-12-31
authority = "Keski-Suomen liitto"
programme = "akke"
measure = "keski-suomi"
cost_model = "actual"

[[partners]]
id = "viitasaari"
name = "Viitasaaren kaupunki"
role = "main"
sector = "public"
organisation = "municipality"
municipality = "Viitasaari"

[[staff]]
title = "Kehittämispäällikkö"
by_year = { 2025 = 50000.00, 2026 = 50000.00 }

[funding]
support_rate = 0.70

[municipal]
funding = 20000.00
key = "equal"
members = ["Viitasaari", "Pihtipudas"]

[[decisions]]
municipality = "Viitasaari"
body = "Kaupunginvaltuusto"
meeting = 2024-11-18
section = "§ 75"
case_number = "VIIT/412/02.08/2024"
preparer = "Maija Esimerkki"
preparer_title = "elinvoimajohtaja"
attachment = "4"
budget_item = "elinvoimapalvelut"
"""


def test_implementer_and_co_financier_get_one_decision(tmp_path):
    # costs 100 000 €; support 70 % = 70 000 €; municipal funding 20 000 € split equally
    # (10 000 € each); Viitasaari's own share as the implementer 100 000 − 70 000 − 20 000
    # = 10 000 €; both years equal, so 5 000 € + 5 000 € a year
    path = tmp_path / "both.toml"
    path.write_text(BOTH, encoding="utf-8")
    result = calculate(path)
    assert not result.has_errors, result.findings
    viitasaari = next(m for m in result.municipalities if m.name_fi == "Viitasaari")
    assert [r.role for r in viitasaari.roles] == ["implementer", "co_financier"]
    assert viitasaari.amount == D("20000.00")
    # the roles add up to the funding plan: own row + this municipality's municipal share
    assert viitasaari.role("implementer").amount == result.funding["own"] == D("10000.00")
    assert viitasaari.role("co_financier").amount == D("10000.00")
    text = to_markdown(build(result, viitasaari, "fi"))
    flat = " ".join(text.split())
    assert flat.count("Päätösehdotus") == 1
    assert (
        "Kaupunginvaltuusto hyväksyy hankkeen Pohjoisen Keski-Suomen palvelumalli rahoituksen "
        "hakemisen (rahoittaja: Keski-Suomen liitto) ja sitoutuu rahoittamaan hanketta yhteensä "
        "20 000,00 €: kaupungin omarahoitusosuutena toteuttajana 10 000,00 € ja "
        "kuntarahoitusosuutena 10 000,00 €"
    ) in flat
    assert "2025: 10 000,00 € (omarahoitus 5 000,00 €, kuntarahoitus 5 000,00 €)" in flat
    assert "2026: 10 000,00 € (omarahoitus 5 000,00 €, kuntarahoitus 5 000,00 €)" in flat
    # every detail the file gives, as given
    assert text.startswith("# Päätöksen liite 4: Pohjoisen Keski-Suomen palvelumalli")
    for given in (
        "**Päättävä toimielin:** Kaupunginvaltuusto",
        "**Kokous:** 18.11.2024",
        "**Pykälä:** § 75",
        "**Diaarinumero:** VIIT/412/02.08/2024",
        "**Valmistelija:** Maija Esimerkki, elinvoimajohtaja",
        "**Talousarvion kohta:** elinvoimapalvelut",
    ):
        assert given in text
    # the per-year table has both roles and their total
    assert "| Vuosi | Omarahoitus | Kuntarahoitus | Yhteensä |" in text
    assert "| **Yhteensä** | **10 000,00 €** | **10 000,00 €** | **20 000,00 €** |" in text
    # Pihtipudas pays by the key only, and its board is the municipal board
    pihtipudas = next(m for m in result.municipalities if m.name_fi == "Pihtipudas")
    other = " ".join(to_markdown(build(result, pihtipudas, "fi")).split())
    assert "Kunnanhallitus päättää, että Pihtipudas osallistuu hankkeeseen" in other
    assert "yhteensä 10 000,00 €" in other
    # the CLI writes one attachment per municipality, not one per role
    res = invoke("attachment", path, "--all", "-d", tmp_path / "out", "-f", "docx")
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(files) == 2
    doc = Docx(str(tmp_path / "out" / files[1]))
    assert "viitasaari" in files[1] and "Kaupunginvaltuusto" in docx_text(
        tmp_path / "out" / files[1]
    )
    assert doc.core_properties.title.startswith("Päätöksen liite 4")


def test_zero_euro_municipality_says_so_without_table(tmp_path):
    result = calculate(EXAMPLES / "pienten-kuntien-yrittajyys.toml")
    iitti = next(m for m in result.municipalities if m.name_fi == "Iitti")
    assert iitti.amount == 0
    text = to_markdown(build(result, iitti, "fi"))
    money = text[text.index("## Kunnan rahoitus: Iitti") : text.index("## Ehdot")]
    assert "Hankkeeseen osallistuminen ei edellytä kunnalta rahoitusta." in money
    assert "0,00 €" not in money and "|" not in money
    assert "0,00 €" not in text[text.index("## Päätösehdotus") :]


def test_partner_as_municipality_must_name_a_known_one(tmp_path):
    text = KEMI.read_text(encoding="utf-8").replace(
        'municipality = "Kemi"\norganisation = "municipality"', 'organisation = "municipality"'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(
        text.replace(
            '[[decisions]]\nmunicipality = "Kemi"', '[[decisions]]\nmunicipality = "Kemii"'
        ),
        encoding="utf-8",
    )
    res = invoke("check", bad, "--format", "json")
    codes = {i["code"] for f in json.loads(res.stdout) for i in f["findings"]}
    assert {"municipality_missing", "unknown_municipality"} <= codes


def test_decision_for_a_municipality_without_role_is_a_warning(tmp_path):
    path = tmp_path / "dec.toml"
    path.write_text(
        KEMI.read_text(encoding="utf-8") + '\n[[decisions]]\nmunicipality = "Tornio"\n',
        encoding="utf-8",
    )
    result = calculate(path)
    found = [f for f in result.findings if f.code == "decision_without_role"]
    assert [(f.severity, f.key) for f in found] == [("warning", "decisions[1].municipality")]
    assert [m.name_fi for m in result.municipalities] == ["Kemi"]  # no attachment for Tornio


def test_two_partners_of_one_municipality_are_one_implementer(tmp_path):
    # a second department of Viitasaari: costs 20 000 €, support 70 % = 14 000 €, own 6 000 €;
    # with the main implementer's own 10 000 € the town's own funding is 16 000 €
    text = BOTH.replace(
        "[[staff]]",
        '[[partners]]\nid = "tekninen"\nname = "Viitasaaren kaupunki, tekninen toimi"\n'
        'role = "co"\nsector = "public"\norganisation = "municipality"\n'
        'municipality = "Viitasaari"\n\n'
        '[[costs]]\npartner = "tekninen"\ncategory = "purchased_services"\n'
        "by_year = { 2025 = 10000.00, 2026 = 10000.00 }\n\n[[staff]]",
        1,
    )
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    result = calculate(path)
    assert not result.has_errors, result.findings
    viitasaari = next(m for m in result.municipalities if m.name_fi == "Viitasaari")
    own = viitasaari.role("implementer")
    assert own.amount == D("16000.00") and own.by_year == {2025: D("8000.00"), 2026: D("8000.00")}
    assert viitasaari.amount == D("26000.00")
    flat = " ".join(to_markdown(build(result, viitasaari, "fi")).split())
    assert "yhteensä 26 000,00 €: kaupungin omarahoitusosuutena toteuttajana 16 000,00 €" in flat


def test_all_money_table_shows_a_missing_role_as_a_dash(tmp_path):
    # BOTH: Viitasaari implements (own 10 000 €) and co-finances (10 000 €); Pihtipudas only
    # co-finances (20 000 € split equally: 10 000 €). Pihtipudas has no implementer role,
    # so its own-funding cell is a dash, not "0,00 €".
    path = tmp_path / "both.toml"
    path.write_text(BOTH, encoding="utf-8")
    result = calculate(path)
    pihtipudas = next(m for m in result.municipalities if m.name_fi == "Pihtipudas")
    text = to_markdown(build(result, pihtipudas, "fi"))
    assert "| Pihtipudas | – | 10 000,00 € | 10 000,00 € |" in text
    assert "| Viitasaari | 10 000,00 € | 10 000,00 € | 20 000,00 € |" in text
    assert "| 0,00 € |" not in text
    assert "hanke cashflow" not in text


def test_no_attachment_for_a_project_with_errors(tmp_path):
    # Income 200 000 € above the costs 116 475 € (income_exceeds_cost) once gave attachments saying
    # "Karstula commits to funding the project with -16 560,41 €", written with exit code 0.
    from typer.testing import CliRunner

    from hankelaskuri.cli import app

    from .conftest import EXAMPLES

    source = (EXAMPLES / "sydansuomi-pikastartti.toml").read_text(encoding="utf-8")
    project = tmp_path / "tulot.toml"
    project.write_text(
        source + '\n[[income]]\ndescription = "Myynti"\namount = 200000.00\n', encoding="utf-8"
    )
    out = tmp_path / "liitteet"
    res = CliRunner().invoke(
        app, ["attachment", str(project), "--all", "-d", str(out), "-f", "md", "--lang", "en"]
    )
    assert res.exit_code == 2, res.output
    assert "the project has errors" in res.output and "no attachment was written" in res.output
    assert not out.exists()


# Saarijärvi implements the project itself and receives the municipal funding, which covers
# what the support leaves: costs 100 000 €, support 70 % = 70 000 €, municipal funding the
# remaining 30 000 € split equally with Karstula (15 000 € each); Saarijärvi's own funding
# as the implementer 100 000 − 70 000 − 30 000 = 0 €.
IMPLEMENTER_PAYS = """
[project]
name = "Yrityspalvelupiste"
start = 2025-01-01
end = 2025-12-31
authority = "Keski-Suomen liitto"
programme = "akke"
measure = "keski-suomi"
cost_model = "actual"

[[partners]]
id = "saarijarvi"
name = "Saarijärven kaupunki"
role = "main"
sector = "public"
municipality = "Saarijärvi"
organisation = "municipality"

[[staff]]
title = "Yritysneuvoja"
by_year = { 2025 = 100000.00 }

[funding]
support_rate = 0.70

[municipal]
funding = "remainder"
key = "equal"
members = ["Saarijärvi", "Karstula"]
"""


def test_implementer_without_own_funding_that_pays_a_share_approves_the_application(tmp_path):
    path = tmp_path / "pays.toml"
    path.write_text(IMPLEMENTER_PAYS, encoding="utf-8")
    result = calculate(path)
    assert not result.has_errors, result.findings
    town = next(m for m in result.municipalities if m.name_fi == "Saarijärvi")
    assert town.role("implementer").amount == D("0.00")
    assert town.role("co_financier").amount == D("15000.00")
    # the town applies for the project (its attachment's subtitle says so): its board
    # approves the application and the share, not merely "taking part"
    flat = " ".join(to_markdown(build(result, town, "fi")).split())
    assert "Saarijärvi: hankkeen hakeminen ja omarahoitus" in flat
    assert (
        "Kaupunginhallitus hyväksyy hankkeen Yrityspalvelupiste rahoituksen hakemisen "
        "(rahoittaja: Keski-Suomen liitto) ja sitoutuu rahoittamaan hanketta "
        "kuntarahoitusosuutena yhteensä 15 000,00 € seuraavasti: - 2025: 15 000,00 €"
    ) in flat
    assert "osallistuu hankkeeseen" not in flat
    sv = " ".join(to_markdown(build(result, town, "sv")).split())
    assert (
        "Stadsstyrelsen godkänner att finansiering söks för projektet Yrityspalvelupiste "
        "(finansiär: Keski-Suomen liitto) och förbinder sig att finansiera projektet med "
        "sammanlagt 15 000,00 € som kommunal finansiering"
    ) in sv
    en = " ".join(to_markdown(build(result, town, "en")).split())
    assert "approves applying for funding for the project Yrityspalvelupiste" in en
    assert "€15,000.00 in total as municipal funding" in en
    # Karstula only pays its share: it takes part
    karstula = next(m for m in result.municipalities if m.name_fi == "Karstula")
    other = " ".join(to_markdown(build(result, karstula, "fi")).split())
    assert "Kunnanhallitus päättää, että Karstula osallistuu hankkeeseen" in other
