"""Cash flow and pre-financing: a case computed by hand, timings, and invariants."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from hankelaskuri.api import cash_flow, compute_loaded
from hankelaskuri.cashflow import CONTRIBUTIONS, compute, cumulative_split
from hankelaskuri.cli import app
from hankelaskuri.loader import load_text

from .conftest import EXAMPLES
from .strategies import projects

HAND = """
[project]
name = "Käsin laskettu"
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
amount = 120000.00

[funding]
support_rate = 0.80

[cashflow]
claim_months = 4
payment_lag_months = 2
"""


def flow_of(text: str):
    loaded = load_text(textwrap.dedent(text), "p.toml")
    result = compute_loaded(loaded)
    return result, compute(result, loaded.programme, loaded.project.cashflow)


def test_hand_computed_case():
    # 12 months × 10 000 € = 120 000 €; support 80 % = 96 000 €; own share 24 000 €.
    # Claims for months 1–4, 5–8, 9–12, each 40 000 € of costs → 32 000 € of support,
    # paid 2 months after the period: in month 6 (6/2025), month 10 (10/2025) and
    # month 14 (2/2026).
    # Pre-financed at the end of each month = costs so far − support so far:
    #   m1 10 000, m2 20 000, m3 30 000, m4 40 000, m5 50 000,
    #   m6 60 000 − 32 000 = 28 000, m7 38 000, m8 48 000, m9 58 000,
    #   m10 100 000 − 64 000 = 36 000, m11 46 000, m12 56 000,
    #   m13 (no costs, nothing paid) 56 000, m14 120 000 − 96 000 = 24 000.
    # Peak 58 000 € in month 9 (9/2025); final balance 24 000 € = the own share.
    result, cf = flow_of(HAND)
    f = cf.project
    expected = [
        10_000, 20_000, 30_000, 40_000, 50_000, 28_000, 38_000,
        48_000, 58_000, 36_000, 46_000, 56_000, 56_000, 24_000,
    ]  # fmt: skip
    assert f.balance == tuple(D(x) for x in expected)
    assert f.months[0] == date(2025, 1, 1) and f.months[-1] == date(2026, 2, 1)
    assert f.costs == tuple([D(10_000)] * 12 + [D(0)] * 2)
    assert [(c.paid, c.payment) for c in f.claims] == [
        (date(2025, 6, 1), D(32_000)),
        (date(2025, 10, 1), D(32_000)),
        (date(2026, 2, 1), D(32_000)),
    ]
    assert f.peak == D(58_000)
    assert f.peak_month == date(2025, 9, 1)
    assert f.peak_index == 8  # the 9th month
    assert f.final == D(24_000) == result.funding["own"]


def test_hand_case_by_quarter_and_year():
    # Quarters: Q1 costs 30 000, nothing paid, balance 30 000; Q2 costs 30 000, paid 32 000,
    # balance 28 000 (50 000 in May is the quarter's largest); Q3 balance 58 000 (peak);
    # Q4 paid 32 000, balance 56 000; Q1/2026 paid 32 000, balance 24 000.
    _, cf = flow_of(HAND)
    q = cf.project.periods("quarter")
    assert [(r.costs, r.support, r.balance, r.peak) for r in q] == [
        (D(30_000), D(0), D(30_000), D(30_000)),
        (D(30_000), D(32_000), D(28_000), D(50_000)),
        (D(30_000), D(0), D(58_000), D(58_000)),
        (D(30_000), D(32_000), D(56_000), D(56_000)),
        (D(0), D(32_000), D(24_000), D(56_000)),
    ]
    y = cf.project.periods("year")
    assert [(r.costs, r.support, r.balance) for r in y] == [
        (D(120_000), D(64_000), D(56_000)),
        (D(0), D(32_000), D(24_000)),
    ]


def test_advance_is_settled_against_the_first_claims():
    # Advance 25 % of 96 000 = 24 000 € in month 1. Claim 1 earns 32 000, of which 24 000
    # is already paid: 8 000 € in month 6. Claims 2 and 3 pay 32 000 each.
    # Balance: m1 10 000 − 24 000 = −14 000 … m5 26 000, m6 36 000 − 8 000 = 28 000,
    # m9 58 000: the same peak, since the advance only moved money earlier.
    _, cf = flow_of(HAND + "advance_share = 0.25\n")
    f = cf.project
    assert f.advance == D(24_000)
    assert f.support[0] == D(24_000)
    assert [c.payment for c in f.claims] == [D(8_000), D(32_000), D(32_000)]
    assert f.balance[0] == D(-14_000)
    assert f.balance[5] == D(28_000)
    assert f.peak == D(58_000) and f.final == D(24_000)


def test_claim_ends_given():
    # Claim periods 1–6 and 7–12: 60 000 € each → 48 000 €, paid in months 8 and 14.
    # Balance m7 70 000, m8 80 000 − 48 000 = 32 000, then +10 000 a month to m12 72 000
    # (the peak, 12/2025: more than m7's 70 000), m14 120 000 − 96 000 = 24 000.
    text = HAND.replace("claim_months = 4", "claim_ends = [2025-06-30, 2025-12-31]")
    _, cf = flow_of(text)
    f = cf.project
    assert [c.payment for c in f.claims] == [D(48_000), D(48_000)]
    assert f.peak == D(72_000) and f.peak_month == date(2025, 12, 1)
    assert f.balance[7] == D(32_000)
    assert f.final == D(24_000)


MUNICIPAL = """
[project]
name = "Kuntien hanke"
start = 2025-07-01
end = 2026-06-30
programme = "jtf-2021-2027"
measure = "development"
cost_model = "actual"

[[partners]]
id = "main"
name = "Kehitysyhtiö Oy"
role = "main"

[[costs]]
category = "purchased_services"
by_year = {{ 2025 = 60000.00, 2026 = 60000.00 }}

[funding]
support_rate = 0.80

[municipal]
funding = "remainder"
key = "equal"
members = ["Kemi", "Tornio"]

[cashflow]
claim_months = 6
payment_lag_months = 3
{extra}
"""


def test_municipal_contributions_default_once_a_year_at_the_end():
    # Costs 10 000 € a month from 7/2025 to 6/2026; municipal funding 20 % = 24 000 €,
    # 12 000 € a year; by default each year's share arrives in the year's last project
    # month: 12/2025 and 6/2026. Support 48 000 € per claim, paid 3 months after the
    # periods 7–12/2025 and 1–6/2026: in 3/2026 and 9/2026.
    # Balance: 12/2025 60 000 − 12 000 = 48 000; 2/2026 68 000 (peak);
    # 3/2026 78 000 − 48 000 = 30 000; 6/2026 60 000 − 12 000 = 48 000; 9/2026 0.
    result, cf = flow_of(MUNICIPAL.format(extra=""))
    f = cf.project
    municipal = f.contributions["municipal"]
    assert municipal[5] == D(12_000) and municipal[11] == D(12_000)
    assert sum(municipal) == D(24_000) == result.funding["municipal"]
    assert f.balance[5] == D(48_000)
    assert f.peak == D(68_000) and f.peak_month == date(2026, 2, 1)
    assert f.balance[11] == D(48_000)
    assert f.final == D(0) == result.funding["own"]
    assert cf.timing["municipal"] == "yearly_end" and "municipal" not in cf.timing_given


def test_municipal_contributions_with_claims():
    # With the claims: 12 000 € with each support payment (half of the costs each claim).
    # Balance 2/2026 80 000 (peak, nothing received yet); 3/2026 90 000 − 60 000 = 30 000.
    extra = '[cashflow.contributions]\nmunicipal = "with_claims"'
    _, cf = flow_of(MUNICIPAL.format(extra=extra))
    f = cf.project
    assert f.contributions["municipal"][8] == D(12_000)  # 3/2026
    assert f.peak == D(80_000) and f.balance[8] == D(30_000)
    assert "municipal" in cf.timing_given


def test_cumulative_split_adds_up_and_follows_a_formula():
    # 100 € by weights 1, 1, 1: ROUND(100 × 1/3; 2) = 33.33; ROUND(100 × 2/3; 2) − 33.33
    # = 66.67 − 33.33 = 33.34; the last takes 100 − 66.67 = 33.33.
    assert cumulative_split(D(100), [D(1), D(1), D(1)]) == [D("33.33"), D("33.34"), D("33.33")]
    assert cumulative_split(D(100), [D(0), D(0)]) == [D(0), D(100)]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(projects())
def test_invariants_over_random_projects(case):
    text, _ = case
    loaded = load_text(text, "random.toml")
    result = compute_loaded(loaded)
    cf = compute(result, loaded.programme, loaded.project.cashflow)
    flows = [cf.project, *cf.partners]
    by_partner = {pf.partner: pf for pf in result.partner_funding}
    for f in cf.partners:
        pf = by_partner[f.partner]
        # payments received sum to the support
        assert sum(f.support) == pf.rows["support"]
        assert sum(c.payment for c in f.claims) + f.advance == pf.rows["support"]
        # every contribution is received once: in total exactly its funding row
        for row in CONTRIBUTIONS:
            assert sum(f.contributions[row]) == pf.rows[row]
        # costs are the implementer's costs, income its income
        assert sum(f.costs) == pf.total_cost and sum(f.income) == pf.income
        # the final balance is the own share (the funding plan adds up)
        if sum(pf.rows.values()) == pf.net_cost:
            assert f.final == pf.rows["own"]
    for f in flows:
        assert all(p >= 0 for p in f.support)
        running = D(0)
        for i in range(len(f.months)):
            running += f.costs[i] - f.received(i)
            assert f.balance[i] == running
    # the project is the sum of its implementers
    assert sum(cf.project.support) == result.funding["support"]
    assert cf.project.final == sum(f.final for f in cf.partners)
    assert cf.project.peak <= sum(f.peak for f in cf.partners)


def test_cli_json_and_exit_codes(tmp_path):
    runner = CliRunner()
    path = tmp_path / "hand.toml"
    path.write_text(HAND, encoding="utf-8")
    out = runner.invoke(app, ["cashflow", str(path), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["total"]["peak"] == "58000.00"
    assert data["total"]["peak_month"] == "2025-09"
    assert data["total"]["final"] == "24000.00"
    assert [c["paid"] for c in data["total"]["claims"]] == ["2025-06", "2025-10", "2026-02"]
    assert data["conventions"][0] == {
        "name": "claim_months",
        "value": "4",
        "source": "[cashflow]",
        "status": "given",
        "note": None,
        "given": True,
    }
    text = runner.invoke(app, ["cashflow", str(path), "--by", "quarter", "--lang", "fi"])
    assert text.exit_code == 0
    # amounts in sentences keep their no-break spaces, so a terminal never parts them
    assert "58\xa0000,00\xa0€" in text.stdout and "9/2025" in text.stdout
    assert "24\xa0000,00\xa0€" in text.stdout
    bad = runner.invoke(app, ["cashflow", str(path), "--partner", "nobody"])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["cashflow", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2


def test_unconfirmed_defaults_are_named():
    # The example sets no [cashflow]: the rules' claim period and lag are used and the
    # user is told they are unconfirmed defaults to check.
    runner = CliRunner()
    out = runner.invoke(
        app, ["cashflow", str(EXAMPLES / "kemi-kestava-kasvu.toml"), "--lang", "fi"]
    )
    assert out.exit_code == 0, out.output
    assert "vahvistamaton oletus, tarkista rahoittajalta" in out.stdout
    # where they come from, in Finnish: the rule's key in the rules listing; the rules'
    # own source texts (in English) stay there
    assert "lähde: hanke rules, payments.claim_months" in out.stdout
    assert "payment claims" not in out.stdout and "assumed" not in out.stdout
    result, cf = cash_flow(EXAMPLES / "kemi-kestava-kasvu.toml")
    kemi = cf.partner("kemi")
    assert kemi is not None and kemi.final == D("55321.00") == result.funding["own"]


def test_workbook_sheet_recalculates_the_hand_case(tmp_path):
    """The export's cash-flow sheet, recalculated by LibreOffice: the balance formulas give
    the hand-computed months, the peak 58 000 € in 9/2025 and the final 24 000 €; the
    chart is a native chart with columns and a line."""
    import zipfile

    from openpyxl import load_workbook

    from .libreoffice import need_libreoffice, recalculate

    need_libreoffice()
    path = tmp_path / "hand.toml"
    path.write_text(HAND, encoding="utf-8")
    xlsx = tmp_path / "hand.xlsx"
    out = CliRunner().invoke(app, ["export", str(path), "-o", str(xlsx), "--lang", "fi"])
    assert out.exit_code == 0, out.output
    with zipfile.ZipFile(xlsx) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        combined = [n for n in charts if "<lineChart>" in z.read(n).decode()]
        assert len(combined) == 1  # the cash-flow chart, beside the workbook's other charts
        assert "<barChart>" in z.read(combined[0]).decode()
    (done,) = recalculate([xlsx], tmp_path / "out")
    ws = load_workbook(done, data_only=True)["Kassavirta"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Kuukausi")
    balance_col = rows[head].index("Ennakkorahoitus")
    months = rows[head + 1 : head + 15]
    assert [r[0] for r in months][8] == "9/2025"
    assert [round(r[balance_col]) for r in months] == [
        10_000, 20_000, 30_000, 40_000, 50_000, 28_000, 38_000,
        48_000, 58_000, 36_000, 46_000, 56_000, 56_000, 24_000,
    ]  # fmt: skip
    facts = {r[balance_col + 2]: r[balance_col + 3] for r in rows[head : head + 5]}
    assert facts["Enimmillään"] == 58_000
    assert facts["Kuukausi"] == "9/2025"
    assert facts["Lopuksi"] == 24_000
    assert facts["Tarkistus: lopuksi − omarahoitus"] == 0


def test_attachment_sentence_for_an_implementing_town():
    # The hand case's implementer as a town: at most 58 000 € in 9/2025 (project month 9),
    # 24 000 € left when all support is paid; claims every 4 months, paid 2 months later.
    from hankelaskuri.render.cashflow import pre_financing_text

    _, cf = flow_of(HAND)
    fi = pre_financing_text(cf, "main", True, "fi")
    assert fi is not None
    assert fi.startswith("Kaupungin on rahoitettava hankkeen kustannuksia etukäteen enintään")
    assert "58 000,00 € (kuukausi 9/2025, hankkeen 9. kuukausi)" in fi
    assert "24 000,00 €" in fi and "4 kuukauden välein" in fi and "2 kuukautta" in fi
    sv = pre_financing_text(cf, "main", False, "sv")
    assert sv is not None and sv.startswith("Kommunen måste förfinansiera") and "58 000,00 €" in sv
    assert pre_financing_text(cf, "nobody", True, "fi") is None


def test_implementing_town_attachment_states_its_pre_financing(tmp_path):
    # The hand case implemented by the town of Kemi itself: its council attachment says it
    # must pre-finance at most 58 000 € (9/2025, project month 9) and keeps 24 000 €.
    town = HAND.replace(
        'name = "Kehitysyhtiö Oy"\nrole = "main"',
        'name = "Kemin kaupunki"\nrole = "main"\norganisation = "municipality"\n'
        'municipality = "Kemi"',
    )
    path = tmp_path / "kemi.toml"
    path.write_text(town, encoding="utf-8")
    out = CliRunner().invoke(
        app, ["attachment", str(path), "-m", "Kemi", "-o", str(tmp_path / "kemi.md")]
    )
    assert out.exit_code == 0, out.output
    text = (tmp_path / "kemi.md").read_text(encoding="utf-8")
    assert (
        "Kaupungin on rahoitettava hankkeen kustannuksia etukäteen enintään 58 000,00 € "
        "(kuukausi 9/2025, hankkeen 9. kuukausi)"
    ) in text
    assert "kaupungin osuudeksi jää 24 000,00 €" in text
    # in English a kaupunki is a city throughout: its board, its money and its pre-financing
    out = CliRunner().invoke(
        app, ["attachment", str(path), "-m", "Kemi", "--lang", "en", "-o", str(tmp_path / "en.md")]
    )
    assert out.exit_code == 0, out.output
    english = (tmp_path / "en.md").read_text(encoding="utf-8")
    assert "The city must pre-finance up to €58,000.00" in english
    assert "the city's share is €24,000.00" in english
    assert "The city board" in english and "town" not in english.lower()


def test_a_lump_sum_is_paid_once_after_the_work():
    # Valmisteluraha 5 000 € over 10 months (1–10/2024): 500 € a month; the rules pay a lump
    # sum in one instalment, 3 months after the period (Leader rules): in 1/2025. The
    # balance rises to 5 000 € in 10/2024 and stays there until the payment; final 0 €.
    text = (EXAMPLES / "pieksamaki-valmisteluraha.toml").read_text(encoding="utf-8")
    text = text.replace("start = 2024-04-01", "start = 2024-01-01").replace(
        "end = 2024-07-30", "end = 2024-10-31"
    )
    _, cf = flow_of(text)
    f = cf.project
    assert [(c.first, c.last, c.paid, c.payment) for c in f.claims] == [
        (date(2024, 1, 1), date(2024, 10, 1), date(2025, 1, 1), D(5_000))
    ]
    assert f.balance[9] == f.balance[11] == D(5_000) and f.final == D(0)
    assert f.peak_month == date(2024, 10, 1)
    assert cf.conventions[0].name == "lump_sum_claims" and cf.conventions[0].status == "official"


def test_a_role_is_paid_in_its_own_months():
    # A 24-month project (2025–2026) with one role: 5 000 € a month for 12 months from
    # 1.7.2025, no on-costs = 60 000 € (30 000 in each year). Its costs fall in 7/2025–6/2026
    # only, not spread over both whole years. Support 80 % = 48 000 €; claims every 6 months,
    # paid 3 months later: 24 000 € in 3/2026 and 9/2026. Balance: 2/2026 8 × 5 000 = 40 000
    # (the peak); 3/2026 45 000 − 24 000 = 21 000; 6/2026 36 000; 9/2026 12 000 = own share.
    text = """
    [project]
    name = "Rooli"
    start = 2025-01-01
    end = 2026-12-31
    programme = "jtf-2021-2027"
    measure = "development"
    cost_model = "actual"

    [[partners]]
    id = "main"
    name = "Kehitysyhtiö Oy"
    role = "main"

    [[staff]]
    title = "Projektipäällikkö"
    months = 12
    monthly_pay = 5000.00
    on_cost_rate = 0
    start = 2025-07-01

    [funding]
    support_rate = 0.80

    [cashflow]
    claim_months = 6
    payment_lag_months = 3
    """
    _, cf = flow_of(text)
    f = cf.project
    assert f.costs[:6] == tuple([D(0)] * 6)
    assert f.costs[6:18] == tuple([D(5_000)] * 12)
    assert all(c == 0 for c in f.costs[18:])
    assert f.peak == D(40_000) and f.peak_month == date(2026, 2, 1)
    assert f.balance[14] == D(21_000) and f.balance[17] == D(36_000)
    assert f.final == D(12_000)


def test_workbook_chart_prints_whole_on_the_page_of_its_key_figures(tmp_path):
    """Kemi's cash-flow sheet through LibreOffice to PDF: the chart's title and its legend
    on one page (once anchored below the claims, a page break once ran through the chart and
    left its legend alone on the next page)."""
    import re
    import subprocess

    from .libreoffice import convert, need_libreoffice

    need_libreoffice()
    xlsx = tmp_path / "kemi.xlsx"
    source = EXAMPLES / "kemi-kestava-kasvu.toml"
    out = CliRunner().invoke(app, ["export", str(source), "-o", str(xlsx), "--lang", "fi"])
    assert out.exit_code == 0, out.output
    (pdf,) = convert([xlsx], tmp_path / "pdf", "pdf")
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [
        [(w, float(y)) for y, w in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)]
        for page in html.split("<page ")[1:]
    ]
    # "Kustannukset, maksettu tuki ja ennakkorahoitus"
    title = [i for i, words in enumerate(pages) if any(w == "Kustannukset," for w, _ in words)]
    assert len(title) == 1, "the chart's title on one page"
    # the legend "Kustannukset  Tuki maksettu  Ennakkorahoitus": a line with those words but
    # not the table's head (which starts "Kuukausi"); drawn on a second page when cut
    legend = []
    for i, words in enumerate(pages):
        lines: dict[float, set[str]] = {}
        for w, y in words:
            lines.setdefault(round(y), set()).add(w)
        legend += [
            i
            for x in lines.values()
            if {"maksettu", "Ennakkorahoitus"} <= x and "Kuukausi" not in x
        ]
    assert legend == title
    # printed as the workbook's other sheets: every page A4 (210 × 297 mm = 595 × 842 pt,
    # US Letter's 612 × 792 before), the project's name above and the sheet's name below
    sizes = re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert sizes and all(sorted((round(float(w)), round(float(h)))) == [595, 842] for w, h in sizes)
    (cash,) = title
    words = [w for w, _ in pages[cash]]
    assert "Kassavirta" in words and words[:5] == [
        "Kestävän",
        "kasvun",
        "voimalla",
        "parempaa",
        "bisnestä",
    ]
    assert f"{cash + 1}" in words and f"{len(pages)}" in words  # page n / N
    # the peak's month stands right-aligned under the peak amount, as the figures around it
    boxes = re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
        html.split("<page ")[cash + 1],
    )

    facts = next(float(x) for x, _, _, w in boxes if w == "Enimmillään")  # their column

    def line_end(label):  # the right edge of the line that ``label`` starts in that column
        x0, y0 = next(
            (float(x), float(y)) for x, y, _, w in boxes if w == label and float(x) >= facts
        )
        return max(float(x1) for x, y, x1, _ in boxes if abs(float(y) - y0) < 2 and float(x) > x0)

    assert abs(line_end("Kuukausi") - line_end("Enimmillään")) < 3


def test_workbook_cash_flow_checks_show_an_edit_it_does_not_follow(tmp_path):
    """The months of the cash-flow sheet are the export's; its own funding and cost checks
    read the live funding plan and cost estimate. Kemi's purchased services +10 000 € in
    2025 (recalculated by LibreOffice): costs check 276 605 − 286 605 = −10 000 €; the
    support is 80 % of 286 605 = 229 284 €, own funding 57 321 €, the final balance of the
    months still 55 321 €: own check −2 000 €. Untouched, both checks are 0."""
    from openpyxl import load_workbook

    from .libreoffice import need_libreoffice, recalculate

    need_libreoffice()
    xlsx = tmp_path / "kemi.xlsx"
    source = EXAMPLES / "kemi-kestava-kasvu.toml"
    out = CliRunner().invoke(app, ["export", str(source), "-o", str(xlsx), "--lang", "fi"])
    assert out.exit_code == 0, out.output
    edited = tmp_path / "edited.xlsx"
    wb = load_workbook(xlsx)
    costs = wb["Kustannusarvio"]
    row = next(
        r[0].row
        for r in costs.iter_rows()
        if r[1].value == "Ostopalvelut" and isinstance(r[4].value, int | float)
    )
    assert costs.cell(row=row, column=5).value == 26000  # 2025
    costs.cell(row=row, column=5).value = 36000
    wb.save(edited)

    def checks(book):
        ws = load_workbook(book, data_only=True)["Kassavirta"]
        found = {}
        for r in ws.iter_rows(values_only=True):
            for i, v in enumerate(r[:-1]):
                if isinstance(v, str) and v.startswith("Tarkistus"):
                    found[v] = r[i + 1]
        return found

    before, after = (checks(b) for b in recalculate([xlsx, edited], tmp_path / "lo"))
    assert before == {
        "Tarkistus: lopuksi − omarahoitus": 0,
        "Tarkistus: kustannukset − kustannusarvio": 0,
    }
    assert after == {
        "Tarkistus: lopuksi − omarahoitus": -2000,
        "Tarkistus: kustannukset − kustannusarvio": -10000,
    }
