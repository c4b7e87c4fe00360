"""Each rule and finding, on small projects computed by hand."""

from decimal import Decimal as D
from pathlib import Path

from .conftest import JTF_HEAD


def codes(result):
    return [f.code for f in result.findings]


def test_jtf_worked_example_from_domain_sheet(project):
    # DOMAIN.md 2.11: staff 221 354 + flat rate 40 % 88 542 = 309 896; JTF 80 % 247 916;
    # own share 61 980.
    r = project(
        JTF_HEAD.format(model="flat_rate_40")
        + """
        [[staff]]
        title = "Henkilöstö"
        amount = 221354
        [funding]
        support_rate = 0.80
    """
    )
    assert r.by_category["flat_rate"] == D("88542.00")
    assert r.total_cost == D("309896.00")
    assert r.funding["support"] == D("247916.00")
    assert r.funding["own"] == D("61980.00")
    assert r.findings == ()


def test_support_rate_above_maximum(project):
    r = project(
        JTF_HEAD.format(model="flat_rate_40")
        + """
        [[staff]]
        title = "PM"
        amount = 10000
        [funding]
        support_rate = 0.85
    """
    )
    found = [f for f in r.findings if f.code == "support_rate_above_max"]
    assert found and found[0].severity == "error" and found[0].key == "funding.support_rate"
    assert "85,00 %" in found[0].message("fi") and "80,00 %" in found[0].message("fi")
    assert found[0].line == 19  # blank line 1, head to line 13, blank, staff 15–17, [funding] 18


def test_default_support_rate_is_the_measures_maximum(project):
    r = project(
        JTF_HEAD.format(model="flat_rate_40")
        + """
        [[staff]]
        title = "PM"
        amount = 10000
    """
    )
    # 10 000 + 40 % = 14 000; 80 % = 11 200
    assert r.funding["support"] == D("11200.00")


def test_own_share_below_minimum_with_own_rules(project, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    text = (Path(__file__).parent.parent / "src/hankelaskuri/rules/jtf-2021-2027.toml").read_text()
    text = text.replace('id = "jtf-2021-2027"', 'id = "oma"').replace(
        "min_own_share = { value = 0.20", "min_own_share = { value = 0.30"
    )
    (rules / "oma.toml").write_text(text, encoding="utf-8")
    r = project(
        JTF_HEAD.format(model="flat_rate_40").replace("jtf-2021-2027", "oma")
        + """
        [[staff]]
        title = "PM"
        amount = 10000
        [funding]
        support_rate = 0.80
    """,
        rules_dirs=[rules],
    )
    assert codes(r) == ["own_share_below_min"]
    assert "20,00 %" in r.findings[0].message() and "30,00 %" in r.findings[0].message()


def test_funding_plan_not_equal_to_cost(project):
    r = project(
        JTF_HEAD.format(model="actual")
        + """
        [[costs]]
        category = "other"
        amount = 1000
        [funding]
        support_rate = 0.50
        [[funding.sources]]
        kind = "own"
        amount = 400
    """
    )
    # support 500 + own 400 = 900 ≠ 1 000
    assert codes(r) == ["funding_not_equal_cost"]
    assert "−" not in r.findings[0].message()
    assert "100,00 €" in r.findings[0].message()


def test_funding_exceeding_cost(project):
    r = project(
        JTF_HEAD.format(model="actual")
        + """
        [[costs]]
        category = "other"
        amount = 1000
        [funding]
        support_rate = 0.80
        [[funding.sources]]
        kind = "other_public"
        provider = "Maakuntaliitto"
        amount = 300
    """
    )
    assert codes(r) == ["funding_exceeds_cost"]


def test_dates_outside_programme(project):
    r = project("""
        [project]
        name = "Vanha"
        start = 2022-06-01
        end = 2023-05-31
        programme = "eafrd-2023-2027"
        measure = "development"
        cost_model = "actual"
        [[partners]]
        id = "a"
        name = "Yhdistys ry"
        role = "main"
        [[costs]]
        category = "other"
        amount = 1000
    """)
    assert "dates_outside_programme" in codes(r)


def test_lump_sum_must_be_the_fixed_amount(project):
    r = project("""
        [project]
        name = "Valmistelu"
        start = 2024-04-01
        end = 2024-07-30
        programme = "leader-2023-2027"
        measure = "preparation_grant"
        cost_model = "lump_sum"
        [[partners]]
        id = "a"
        name = "Yhdistys ry"
        role = "main"
        [[lump_sums]]
        id = "preparation_grant"
        amount = 4000
    """)
    assert codes(r) == ["lump_sum_amount"]
    assert "5 000,00 €" in r.findings[0].message()


def test_preparation_grant_over_a_year_warns(project):
    r = project("""
        [project]
        name = "Valmistelu"
        start = 2024-01-01
        end = 2025-03-31
        programme = "eafrd-2023-2027"
        measure = "preparation_grant"
        cost_model = "lump_sum"
        [[partners]]
        id = "a"
        name = "Yhdistys ry"
        role = "main"
        [[lump_sums]]
        id = "preparation_grant"
        amount = 5000
    """)
    assert [(f.code, f.severity) for f in r.findings] == [("duration_above_max", "warning")]
    assert not r.has_errors


def test_cost_model_not_allowed_for_measure(project):
    r = project("""
        [project]
        name = "Investointi"
        start = 2024-01-01
        end = 2024-12-31
        programme = "eafrd-2023-2027"
        measure = "investment"
        cost_model = "flat_rate_19"
        [[partners]]
        id = "a"
        name = "Yhdistys ry"
        role = "main"
        [[staff]]
        title = "PM"
        amount = 10000
        [funding]
        support_rate = 0.75
    """)
    assert "cost_model_not_allowed" in codes(r)


def test_public_money_as_private_funding(project):
    r = project(
        JTF_HEAD.format(model="actual")
        + """
        [[costs]]
        category = "other"
        amount = 1000
        [funding]
        support_rate = 0.80
        [[funding.sources]]
        kind = "private"
        provider = "Laukaan kunta"
        amount = 100
        [[funding.sources]]
        kind = "private"
        provider = "Yrittäjät ry"
        amount = 100
    """
    )
    found = [f for f in r.findings if f.code == "public_as_private"]
    assert len(found) == 1 and found[0].key == "funding.sources[0].kind"
    # the remainder 0 goes to own share; funding equals cost
    assert r.funding["private"] == D("200.00") and r.funding["own"] == D("0.00")


def test_municipal_fixed_shares_must_sum_to_funding(project):
    r = project(
        JTF_HEAD.format(model="actual")
        + """
        [[costs]]
        category = "other"
        amount = 10000
        [funding]
        support_rate = 0.80
        [municipal]
        funding = 2000
        key = "fixed"
        members = [{ municipality = "Kemi", amount = 1200 }, { municipality = "Tornio", amount = 700 }]
    """
    )
    found = [f for f in r.findings if f.code == "municipal_shares_mismatch"]
    assert found and "1 900,00 €" in found[0].message() and "2 000,00 €" in found[0].message()


def test_support_cap(project):
    r = project("""
        [project]
        name = "Iso"
        start = 2024-01-01
        end = 2024-12-31
        programme = "akke"
        measure = "keski-pohjanmaa"
        cost_model = "actual"
        [[partners]]
        id = "a"
        name = "Kehitys Oy"
        role = "main"
        [[costs]]
        category = "purchased_services"
        amount = 100000
        [funding]
        support_rate = 0.80
    """)
    # 80 000 € > 50 000 € cap of Keski-Pohjanmaan liitto
    assert codes(r) == ["support_above_cap"]


def test_cost_covered_by_flat_rate(project):
    r = project(
        JTF_HEAD.format(model="flat_rate_40")
        + """
        [[staff]]
        title = "PM"
        amount = 10000
        [[costs]]
        category = "travel"
        amount = 500
    """
    )
    assert codes(r) == ["cost_covered_by_flat_rate"]
    assert r.findings[0].key == "costs[0]"


def test_year_outside_period(project):
    r = project(
        JTF_HEAD.format(model="actual")
        + """
        [[costs]]
        category = "other"
        by_year = { 2025 = 100, 2026 = 100 }
    """
    )
    assert codes(r) == ["year_outside_period"]


def test_co_implementer_without_budget(project):
    r = project(
        JTF_HEAD.format(model="actual")
        + """
        [[partners]]
        id = "co"
        name = "Toinen Oy"
        role = "co"
        [[costs]]
        category = "other"
        amount = 100
    """
    )
    assert codes(r) == ["partner_without_budget"]


def test_staff_role_hours_and_voluntary_work(project):
    r = project("""
        [project]
        name = "Kylätalo"
        start = 2024-01-01
        end = 2024-12-31
        programme = "eafrd-2023-2027"
        measure = "development"
        cost_model = "actual"
        [[partners]]
        id = "a"
        name = "Kyläyhdistys ry"
        role = "main"
        [[staff]]
        title = "Koordinaattori"
        fte = 0.5
        months = 12
        monthly_pay = 3000
        on_cost_rate = 0.2
        [[staff]]
        title = "Asiantuntija"
        annual_cost = 51600
        hours = 100
        [[voluntary_work]]
        description = "Talkoot"
        hours = 100
        machine_hours = 10
        [funding]
        support_rate = 0.80
    """)
    # 0,5 × 12 × 3 000 × 1,2 = 21 600; 51 600 / 1 720 = 30,00 €/h × 100 h = 3 000;
    # talkootyö 100 h × 20 € + 10 h × 40 € = 2 400
    assert r.by_category["staff"] == D("24600.00")
    assert r.by_category["voluntary_work"] == D("2400.00")
    assert r.total_cost == D("27000.00")
    assert r.funding["support"] == D("21600.00")
    assert r.funding["in_kind"] == D("2400.00")
    assert r.funding["own"] == D("3000.00")


def test_income_reduces_net_cost(project):
    r = project(
        JTF_HEAD.format(model="actual")
        + """
        [[costs]]
        category = "other"
        amount = 10000
        [[income]]
        description = "Osallistumismaksut"
        amount = 1000
        [funding]
        support_rate = 0.50
    """
    )
    assert r.net_cost == D("9000.00")
    assert r.funding["support"] == D("4500.00")
    assert r.funding["own"] == D("4500.00")


def test_municipal_keys(project):
    base = (
        JTF_HEAD.format(model="actual")
        + """
        [[costs]]
        category = "other"
        amount = 10000
        [funding]
        support_rate = 0.70
        [municipal]
        funding = "remainder"
    """
    )
    equal = project(base + 'key = "equal"\nmembers = ["Kemi", "Tornio", "Keminmaa"]\n')
    assert [m.amount for m in equal.municipal_shares] == [D("1000.00")] * 3
    percent = project(
        base + 'key = "percent"\nmembers = [{ municipality = "Kemi", percent = 0.7 }, '
        '{ municipality = "Tornio", percent = 0.3 }]\n'
    )
    assert [m.amount for m in percent.municipal_shares] == [D("2100.00"), D("900.00")]
    # base + per capita with overridden populations 3 000 and 1 000: half of 3 000 € equally
    # (750 each), half per capita (1 125 and 375)
    mixed = project(
        base + 'key = "base_plus_per_capita"\nbase_share = 0.5\nmembers = ['
        '{ municipality = "Kemi", population = 3000 }, { municipality = "Tornio", population = 1000 }]\n'
    )
    assert [m.amount for m in mixed.municipal_shares] == [D("1875.00"), D("1125.00")]
    assert mixed.municipal_shares[0].population_source == "project"


def test_erdf_split_depends_on_region(project):
    head = JTF_HEAD.format(model="actual").replace("jtf-2021-2027", "erdf-2021-2027")
    body = """
        [[costs]]
        category = "other"
        amount = 10000
        [funding]
        support_rate = 0.50
    """
    rest = project(head + body)
    assert (rest.funding["eu"], rest.funding["state"]) == (D("3000.00"), D("2000.00"))
    uusimaa = project(
        head.replace('cost_model = "actual"', 'cost_model = "actual"\nregion = "Uusimaa"') + body
    )
    assert (uusimaa.funding["eu"], uusimaa.funding["state"]) == (D("2000.00"), D("3000.00"))


def test_messages_in_three_languages(project):
    r = project(
        JTF_HEAD.format(model="flat_rate_40")
        + """
        [[staff]]
        title = "PM"
        amount = 10000
        [funding]
        support_rate = 0.90
    """
    )
    f = r.findings[0]
    assert f.message("fi").startswith("Tukiprosentti")
    assert f.message("sv").startswith("Stödprocenten")
    assert f.message("en").startswith("Support rate") and "90.00 %" in f.message("en")


SEVEN = (
    '["Jyväskylä", "Kannonkoski", "Karstula", "Kivijärvi", "Kyyjärvi", "Saarijärvi", "Viitasaari"]'
)

YEARS_HEAD = """
[project]
name = "Vuosijako"
start = 2024-01-01
end = {end}-12-31
programme = "jtf-2021-2027"
measure = "development"
cost_model = "actual"

[[partners]]
id = "main"
name = "Kehitysyhtiö Oy"
role = "main"

[[costs]]
category = "purchased_services"
description = "Palvelut"
"""


def test_zero_euro_year_gives_every_municipality_zero(project):
    # Issue 13 item 1: costs 10 011,07 / 20 022,13 / 0 €, support 80 %, seven municipalities
    # per capita. The old split gave one municipality -0,01 € and another +0,01 € in 2026.
    r = project(
        YEARS_HEAD.format(end=2026)
        + f"""
        by_year = {{ 2024 = 10011.07, 2025 = 20022.13, 2026 = 0 }}

        [funding]
        support_rate = 0.80

        [municipal]
        funding = "remainder"
        key = "per_capita"
        members = {SEVEN}
        """
    )
    # support 80 % of 30 033,20 = 24 026,56 rounded down to whole euros: 24 026,00;
    # municipal funding the remainder 6 007,20, of which 2024 has 10 011,07 / 30 033,20 = 1/3
    # of the net cost: the municipal row is 2 002,40 / 4 004,80 / 0,00.
    assert r.funding["municipal"] == D("6007.20")
    assert [r.funding_by_year["municipal"][y] for y in (2024, 2025, 2026)] == [
        D("2002.40"),
        D("4004.80"),
        D("0.00"),
    ]
    for y in r.years:
        assert sum(r.funding_by_year[k][y] for k in r.funding_by_year) == r.net_by_year[y]
    assert len(r.municipal_shares) == 7
    for m in r.municipal_shares:
        assert m.by_year[2026] == 0
        assert all(v >= 0 for v in m.by_year.values())
        assert sum(m.by_year.values()) == m.amount
        # 2024 is a third of the net cost: each share within a cent of a third of its total
        assert abs(m.by_year[2024] - m.amount / 3) < D("0.01")
    for y, total in ((2024, D("2002.40")), (2025, D("4004.80"))):
        assert sum(m.by_year[y] for m in r.municipal_shares) == total


def test_income_above_a_years_cost_is_an_error(project):
    # 1 000 € of costs in 2024 and 300 € of income in 2025 only: the 2025 funding plan
    # would be -300 €. That is reported; no funding row is given a negative year silently.
    r = project(
        YEARS_HEAD.format(end=2025)
        + """
        by_year = { 2024 = 1000, 2025 = 0 }

        [[income]]
        description = "Myynti"
        by_year = { 2025 = 300 }

        [funding]
        support_rate = 0.50
        """
    )
    codes = [f.code for f in r.findings]
    assert "income_exceeds_year_cost" in codes
    assert r.net_by_year == {2024: D("1000.00"), 2025: D("-300.00")}


def test_support_amount_with_cents_is_rounded_down_never_up(project):
    # Issue 13 item 2: JTF grants whole euros. 100 000,50 € asked by two implementers was
    # granted as 100 001 €: more than asked. Now 100 000 €, with a warning saying so.
    r = project(
        """
        [project]
        name = "Tuki summana"
        start = 2025-01-01
        end = 2025-12-31
        programme = "jtf-2021-2027"
        measure = "development"
        cost_model = "actual"
        [[partners]]
        id = "a"
        name = "Kehitys Oy"
        role = "main"
        [[partners]]
        id = "b"
        name = "Koulutus Oy"
        role = "co"
        [[costs]]
        partner = "a"
        category = "purchased_services"
        amount = 100000
        [[costs]]
        partner = "b"
        category = "purchased_services"
        amount = 100000
        [funding]
        support = 100000.50
        """
    )
    assert r.funding["support"] == D("100000.00")
    # split by the equal net costs: 50 000 + 50 000 (whole euros)
    assert [pf.rows["support"] for pf in r.partner_funding] == [D("50000.00"), D("50000.00")]
    found = [f for f in r.findings if f.code == "support_rounded_down"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert "100 000,00 €" in found[0].message("fi")
