"""The five examples reproduce the figures of the seed documents, written here from the
documents (and, where a document gives no figure, from the choice stated in the file)."""

from datetime import date
from decimal import Decimal as D

import pytest

from hankelaskuri.api import calculate

from .conftest import EXAMPLES


def run(name):
    return calculate(EXAMPLES / name)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_every_example_is_clean(path):
    result = calculate(path)
    assert result.findings == ()
    assert (
        sum(
            result.funding[k]
            for k in ("support", "municipal", "other_public", "private", "in_kind", "own")
        )
        == result.net_cost
    )


def test_seed_002_kemi():
    # Kemi city board: Kemi's part 276 605 €, JTF 80 %, own share 20 % = 55 321 €.
    r = run("kemi-kestava-kasvu.toml")
    assert r.total_cost == D("276605.00")
    assert r.by_partner["kemi"] == D("276605.00")
    assert r.funding["support"] == D("221284.00")  # 276 605 × 0,80
    assert r.funding["own"] == D("55321.00")
    assert r.support_rate == D("0.8000")
    assert (r.start, r.end) == (date(2024, 10, 1), date(2027, 9, 30))
    pm = r.staff[0]
    assert pm.months == 36
    # 36 kk × 3 750 € × 1,2644 = 170 694,00 €; months 3 + 12 + 12 + 9 by year
    assert pm.total == D("170694.00")
    assert dict(pm.by_year) == {
        2024: D("14224.50"),
        2025: D("56898.00"),
        2026: D("56898.00"),
        2027: D("42673.50"),
    }
    # 15 % of 170 694 = 25 604,10 → whole euros half up = 25 604
    assert r.by_category["flat_rate"] == D("25604.00")
    main = r.main_partner
    assert main.name == "Kemin Digipolis Oy" and not main.costs_included


def test_seed_001_yritystankkaamo():
    r = run("yritystankkaamo.toml")
    assert r.total_cost == D("321377.00")
    assert r.by_partner["microentre"] == D("79645.00")
    assert r.by_partner["laukaa"] == D("241732.00")  # 321 377 − 79 645
    assert (r.start, r.end) == (date(2023, 9, 1), date(2025, 8, 31))
    # 80 % of each part, rounded down to whole euros: 193 385,60 → 193 385; 63 716
    assert r.funding["support"] == D("193385.00") + D("63716.00")
    # hourly rate 56 760 / 1 720 = 33,00 €/h; 1 700 h → 56 100 €
    researcher = next(s for s in r.staff if s.form == "hours")
    assert researcher.hourly_rate == D("33.00")
    assert researcher.total == D("56100.00")
    assert r.authority == "Keski-Suomen liitto" and r.fund == "JTF"


def test_seed_003_valmisteluraha():
    r = run("pieksamaki-valmisteluraha.toml")
    assert r.total_cost == D("5000.00")
    assert r.by_category == {"lump_sum": D("5000.00")}
    assert r.funding["support"] == D("5000.00")
    # Leader public funding 43 % EU / 37 % state / 20 % municipalities
    assert (r.funding["eu"], r.funding["state"], r.funding["support_municipal"]) == (
        D("2150.00"),
        D("1850.00"),
        D("1000.00"),
    )
    assert r.project_number == "290170"
    assert r.end == date(2024, 7, 30)


def test_seed_000_pienten_kuntien_yrittajyys():
    r = run("pienten-kuntien-yrittajyys.toml")
    assert r.total_cost == D("280000.00")  # "noin 280 000 €"
    assert r.funding["support"] == r.total_cost  # 100 % public
    assert r.funding["municipal"] == 0 and r.funding["own"] == 0
    assert (r.start, r.end) == (date(2026, 6, 1), date(2028, 7, 31))
    assert sum(s.fte for s in r.staff) == D("1.75")  # 1,5–2 htv/vuosi
    assert len(r.municipal_shares) == 5
    assert "Iitti" in [m.name_fi for m in r.municipal_shares]
    assert all(m.amount == 0 for m in r.municipal_shares)
    # flat rate 19 % of staff + purchased services: 235 294,12 × 0,19 = 44 705,88
    assert r.flat_rates[0].base == D("235294.12")
    assert r.by_category["flat_rate"] == D("44705.88")


def test_seed_004_sydansuomi():
    r = run("sydansuomi-pikastartti.toml")
    assert r.total_cost == D("116475.00")
    assert (r.start, r.end) == (date(2022, 12, 1), date(2024, 6, 30))
    assert r.funding["support"] == D("93180.00")  # 116 475 × 0,80
    assert r.funding["municipal"] == D("23295.00")
    shares = {m.name_fi: m.amount for m in r.municipal_shares}
    # 23 295 € per capita over 18 485 inhabitants (31.12.2022); the exact shares floored to
    # cents sum to 23 294,96 and the 4 cents left go to the largest remainders
    # (Pihtipudas, Kinnula, Kannonkoski, Viitasaari).
    assert shares == {
        "Kannonkoski": D("1599.21"),
        "Karstula": D("4618.67"),
        "Kinnula": D("1958.37"),
        "Kivijärvi": D("1340.86"),
        "Kyyjärvi": D("1507.21"),
        "Pihtipudas": D("4771.16"),
        "Viitasaari": D("7499.52"),
    }
    assert sum(shares.values()) == D("23295.00")
    for m in r.municipal_shares:
        assert sum(m.by_year.values()) == m.amount
    for year in r.years:
        assert (
            sum(m.by_year[year] for m in r.municipal_shares) == r.funding_by_year["municipal"][year]
        )
