"""Properties on random valid projects: parts always add up to the whole, to the cent."""

from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings

from hankelaskuri.api import calculate
from hankelaskuri.result import FUNDING_ROWS

from .strategies import projects

CENT = D("0.01")


@settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(projects())
def test_random_projects_add_up(tmp_path, case):
    text, meta = case
    path = tmp_path / "random.toml"
    path.write_text(text, encoding="utf-8")
    r = calculate(path)
    # income larger than an implementer's costs is an error finding of its own; the
    # sums below are about projects whose every part has a non-negative net cost
    if any(pf.net_cost < 0 for pf in r.partner_funding):
        assert any(f.code == "income_exceeds_cost" for f in r.findings)
        return
    # support and in-kind above the net cost leave a negative remainder: reported as such
    if any(v < 0 for pf in r.partner_funding for v in pf.rows.values()):
        assert any(f.code == "funding_exceeds_cost" for f in r.findings)
        return
    # income above a year's costs would make that year's funding plan negative: reported
    if any(v < 0 for v in r.net_by_year.values()):
        assert any(f.code == "income_exceeds_year_cost" for f in r.findings)
        return
    # costs: categories, years and partners all sum to the total
    assert sum(r.by_category.values()) == r.total_cost
    assert sum(r.by_year.values()) == r.total_cost
    assert sum(r.by_partner.values()) == r.total_cost
    for category, years in r.by_category_year.items():
        assert sum(years.values()) == r.by_category[category]
    # funding plan equals the net cost, in total and every year
    assert sum(r.funding[k] for k in FUNDING_ROWS) == r.net_cost
    for year in r.years:
        assert sum(r.funding_by_year[k][year] for k in FUNDING_ROWS) == r.net_by_year[year]
    for k in FUNDING_ROWS:
        assert sum(r.funding_by_year[k].values()) == r.funding[k]
    assert (
        r.funding["eu"] + r.funding["state"] + r.funding["support_municipal"]
        == r.funding["support"]
    )
    if meta["support"] is not None:
        # support asked as an amount: never more than asked; above the maximum rate is an error
        assert r.funding["support"] <= meta["support"]
        above = r.max_support_rate is not None and r.funding["support"] > (
            r.net_cost * r.max_support_rate
        )
        assert above == any(f.code == "support_rate_above_max" for f in r.findings)
    else:
        # the support never exceeds the requested rate (rounded down), so never the maximum
        assert r.funding["support"] <= max(r.net_cost, 0) * meta["rate"]
        assert not any(f.code == "support_rate_above_max" for f in r.findings)
        for pf in r.partner_funding:
            assert 0 <= pf.rows["support"] <= pf.net_cost * meta["rate"]
            if r.max_support_rate is not None:
                assert pf.rows["support"] <= pf.net_cost * r.max_support_rate
    # per year the support follows the net cost: the j-th year's part differs from the
    # support's overall share × the year's net cost by less than j cents (each earlier
    # year's rounding moves the share of what is left by less than a cent of that year);
    # the total is what the rate allows, checked above
    overall = r.funding["support"] / r.net_cost if r.net_cost else 0
    for j, year in enumerate(r.years, start=1):
        exact = overall * r.net_by_year[year]
        assert abs(r.funding_by_year["support"][year] - exact) < j * CENT
    # per year: no negative part, and a year of 0 € gives 0 € to every row and municipality
    for k in FUNDING_ROWS:
        assert all(v >= 0 for v in r.funding_by_year[k].values()), k
    for m in r.municipal_shares:
        assert all(v >= 0 for v in m.by_year.values()), m.name_fi
    for year in r.years:
        if r.net_by_year[year] == 0:
            assert all(r.funding_by_year[k][year] == 0 for k in FUNDING_ROWS)
            assert all(m.by_year[year] == 0 for m in r.municipal_shares)
    if meta["zero"] is not None:
        assert r.net_by_year[meta["zero"]] == 0
    # municipal shares: sum to the municipal funding, each within a cent of its exact share
    if r.municipal_shares:
        assert sum(m.amount for m in r.municipal_shares) == r.funding["municipal"]
        population = sum(m.population for m in r.municipal_shares)
        n = len(r.municipal_shares)
        for m in r.municipal_shares:
            if meta["key"] == "per_capita":
                exact = r.funding["municipal"] * m.population / population
            elif meta["key"] == "equal":
                exact = r.funding["municipal"] / n
            else:
                exact = r.funding["municipal"] * (
                    D("0.25") / n + D("0.75") * m.population / population
                )
            assert abs(m.amount - exact) < CENT
            assert sum(m.by_year.values()) == m.amount
        for year in r.years:
            assert (
                sum(m.by_year[year] for m in r.municipal_shares)
                == r.funding_by_year["municipal"][year]
            )


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(projects())
def test_result_json_round_trip_is_lossless(tmp_path, case):
    from .serial import dumps, loads

    text, _ = case
    path = tmp_path / "random.toml"
    path.write_text(text, encoding="utf-8")
    result = calculate(path)
    again = loads(dumps(result))
    assert again == result
    assert dumps(again) == dumps(result)


def test_round_trip_keeps_decimal_places_and_findings():
    from .conftest import EXAMPLES
    from .serial import dumps, loads

    result = calculate(EXAMPLES / "sydansuomi-pikastartti.toml")
    again = loads(dumps(result))
    assert str(again.total_cost) == "116475.00"
    assert again.municipal_shares[0].by_year[2023] == result.municipal_shares[0].by_year[2023]
    assert isinstance(next(iter(again.by_year)), int)
    with_findings = calculate(EXAMPLES.parent / "tests" / "bad" / "finding-public-as-private.toml")
    assert with_findings.findings and loads(dumps(with_findings)) == with_findings
