"""One percentage, one figure: every output shows the share the result carries.

Costs 100 000 €, support 12 345 €: 12 345 / 100 000 = 0,12345, which rounds half up to
0,1235 (12,35 %); half to even would give 0,1234. The same figure in JSON, the terminal,
the attachment and the recalculated workbook.
"""

import json
import textwrap
from decimal import Decimal as D

from openpyxl import load_workbook
from typer.testing import CliRunner

from hankelaskuri.cli import app

from .libreoffice import need_libreoffice, recalculate

runner = CliRunner()

PROJECT = """
[project]
name = "Prosenttihanke"
start = 2025-01-01
end = 2025-12-31
programme = "jtf-2021-2027"
measure = "development"
cost_model = "actual"

[[partners]]
id = "main"
name = "Kehitysyhtiö Oy"
role = "main"

[[costs]]
category = "purchased_services"
description = "Selvitys"
amount = 100000

[funding]
support = 12345

[municipal]
funding = 20000
key = "equal"
members = ["Kinnula", "Karstula"]
"""


def invoke(*args):
    return runner.invoke(app, [*map(str, args)], env={"NO_COLOR": "1", "COLUMNS": "100"})


def write(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text(textwrap.dedent(PROJECT), encoding="utf-8")
    return path


def support_line(text):
    return next(line for line in text.splitlines() if "Haettava tuki" in line)


def test_json_rate_and_share_agree(tmp_path):
    res = invoke("budget", write(tmp_path), "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["support_rate"] == "0.1235"
    assert data["funding"]["shares"]["support"] == "0.1235"
    assert data["partners"][0]["support_rate"] == "0.1235"


def test_terminal_shows_12_35(tmp_path):
    res = invoke("budget", write(tmp_path))
    assert res.exit_code == 0, res.output
    assert "12,35\u00a0%" in support_line(res.output)  # no-break space in the terminal
    assert "12,34 %" not in res.output


def test_attachment_shows_12_35(tmp_path):
    out = tmp_path / "kinnula.md"
    res = invoke("attachment", write(tmp_path), "-m", "Kinnula", "-o", out)
    assert res.exit_code == 0, res.output
    assert "12,35 %" in support_line(out.read_text(encoding="utf-8"))


def test_workbook_cells_hold_0_1235(tmp_path):
    need_libreoffice()
    book = tmp_path / "p.xlsx"
    assert invoke("export", write(tmp_path), "-o", book).exit_code == 0
    out = tmp_path / "re"
    out.mkdir()
    [recalculated] = recalculate([book], out)
    ws = load_workbook(recalculated, data_only=True)["Rahoitussuunnitelma"]
    rates = {}
    for row in ws.iter_rows(values_only=True):
        if row[0] in ("Kehitysyhtiö Oy", "Haettava tuki", "Tukiprosentti"):
            rates[row[0]] = [v for v in row if isinstance(v, float) and 0 < v < 1]
    # the implementer's rate, the support row's share, the support rate: each 0,1235
    assert rates == {
        "Kehitysyhtiö Oy": [0.1235],
        "Haettava tuki": [0.1235],
        "Tukiprosentti": [0.1235],
    }
    assert D(str(rates["Haettava tuki"][0])) == D("0.1235")


def test_result_names_the_rows_every_output_shows(tmp_path):
    from hankelaskuri.api import calculate

    text = textwrap.dedent(PROJECT).replace(
        "support = 12345\n",
        'support = 12345\n[[funding.sources]]\nkind = "in_kind"\nprovider = "Yhdistys ry"\n'
        "amount = 2000\n",
    )
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    r = calculate(path)
    # support 12 345, municipal 20 000, in kind 2 000, own 100 000 − 34 345 = 65 655
    assert r.funding_rows_shown == ("support", "municipal", "in_kind", "own")
    assert r.funding["own"] == D("65655.00")
    # JTF splits the support into EU and state parts; no Leader municipal part
    assert r.support_parts_shown == ("eu", "state")
    [pf] = r.partner_funding
    assert (pf.in_kind_given, pf.in_kind_voluntary) == (D("2000.00"), D("0.00"))
    from hankelaskuri.i18n import label

    res = invoke("budget", path)
    plan = res.output.split("Rahoitussuunnitelma", 1)[1].split("Kuntaosuudet", 1)[0]
    rows = {line.strip().rsplit("  ", 3)[0].strip() for line in plan.splitlines() if "%" in line}
    expected = {label(k, "fi") for k in ("support", "eu", "state", "municipal", "in_kind", "own")}
    assert {row.split("  ")[0] for row in rows} == expected | {"Yhteensä"}


def test_fixed_amounts_that_miss_the_funding_still_add_up_across_in_the_terminal(tmp_path):
    # 12 000 + 9 000 = 21 000 € of fixed shares against 20 000 € of municipal funding (an
    # error finding); the shares are spread over the two equal years, 6 000 + 4 500 =
    # 10 500 € a year, so the total row reads 10 500 + 10 500 = 21 000, not the funding's
    # 10 000 a year beside a 21 000 total
    path = tmp_path / "fixed.toml"
    path.write_text(
        textwrap.dedent(
            """\
            [project]
            name = "Kiinteät osuudet"
            start = 2025-01-01
            end = 2026-12-31
            programme = "jtf-2021-2027"
            measure = "development"
            cost_model = "flat_rate_15"

            [[partners]]
            id = "yhtio"
            name = "Kehitysyhtiö Oy"
            role = "main"
            sector = "private"

            [[staff]]
            title = "Projektipäällikkö"
            months = 24
            monthly_pay = 4000.00

            [funding]
            support_rate = 0.70

            [municipal]
            funding = 20000
            key = "fixed"

            [[municipal.members]]
            municipality = "Kemi"
            amount = 12000

            [[municipal.members]]
            municipality = "Tornio"
            amount = 9000
            """
        ),
        encoding="utf-8",
    )
    out = runner.invoke(app, ["budget", str(path)], env={"COLUMNS": "100"}).output
    table = out[out.index("Kuntaosuudet –") :]
    total = next(line for line in table.splitlines() if line.startswith("Yhteensä"))
    cells = [c for c in total.split("  ") if c.strip()]  # the amounts' no-break spaces kept
    assert [c.strip() for c in cells] == [
        "Yhteensä",
        "10\xa0500,00",
        "10\xa0500,00",
        "21\xa0000,00",
    ]
    assert "municipal_shares_mismatch" in out
