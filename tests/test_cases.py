"""Declarative cases: every ``tests/cases/*.toml`` is a project file whose expected figures,
computed by hand in its comments, are written in lines starting ``#=`` as a TOML
``[expect]`` table. One test runs them all.

Keys of ``[expect]``: ``total_cost``, ``income``, ``net_cost``; ``findings`` (the codes,
exactly; ``[]`` for a clean project); tables ``by_category``, ``by_year``, ``by_partner`` and
``funding`` (rows, including eu / state / support_municipal); arrays of tables
``flat_rates`` (partner, option and any of rate, base, amount, by_year) and ``unit_costs``
(option and any of unit_rate, total, by_year).
"""

from __future__ import annotations

import tomllib
from decimal import Decimal as D
from pathlib import Path

import pytest

from hankelaskuri.api import calculate

CASES = sorted((Path(__file__).parent / "cases").glob("*.toml"))


def expectations(path: Path) -> dict:
    lines = [
        line[2:].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#=")
    ]
    return tomllib.loads("\n".join(lines), parse_float=D).get("expect", {})


def years(table: dict) -> dict[int, D]:
    return {int(y): D(v) for y, v in table.items()}


def money(value) -> D:
    return D(value).quantize(D("0.01"))


def test_there_are_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case(path: Path):
    expect = expectations(path)
    assert expect, f"{path.name}: no #= [expect] table"
    r = calculate(path)
    assert sorted(f.code for f in r.findings) == sorted(expect.get("findings", [])), [
        (f.code, f.message("en")) for f in r.findings
    ]
    for name in ("total_cost", "income", "net_cost"):
        if name in expect:
            assert getattr(r, name) == money(expect[name]), name
    for name in ("by_category", "by_partner"):
        for key, value in expect.get(name, {}).items():
            assert getattr(r, name).get(key) == money(value), (name, key)
    for year, value in years(expect.get("by_year", {})).items():
        assert r.by_year[year] == money(value), ("by_year", year)
    for row, value in expect.get("funding", {}).items():
        assert r.funding[row] == money(value), ("funding", row)
    for want in expect.get("flat_rates", []):
        found = [
            f for f in r.flat_rates if (f.partner, f.option) == (want["partner"], want["option"])
        ]
        assert len(found) == 1, (want, r.flat_rates)
        got = found[0]
        if "rate" in want:
            assert got.rate == D(want["rate"])
        for name in ("base", "amount"):
            if name in want:
                assert getattr(got, name) == money(want[name]), (want["option"], name)
        if "by_year" in want:
            assert {y: v for y, v in got.by_year.items() if v} == {
                y: money(v) for y, v in years(want["by_year"]).items()
            }
    for want in expect.get("unit_costs", []):
        got = next(u for u in r.unit_costs if u.option == want["option"])
        if "unit_rate" in want:
            assert got.unit_rate == money(want["unit_rate"])
        if "total" in want:
            assert got.total == money(want["total"])
        if "by_year" in want:
            assert {y: v for y, v in got.by_year.items() if v} == {
                y: money(v) for y, v in years(want["by_year"]).items()
            }
    # whatever the options, the parts add up to the whole
    assert sum(r.by_category.values()) == r.total_cost == sum(r.by_year.values())
    assert sum(line.total for line in r.cost_lines) == r.total_cost
