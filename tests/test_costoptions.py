"""The cost-option computation on its own: order of evaluation, rounding scope and mode,
exclusive pairs and adjustable rates. Figures by hand in the comments."""

from decimal import Decimal as D

from hankelaskuri.costoptions import (
    FlatRateUse,
    Rounding,
    evaluate_flat_rates,
    exclusive_pairs,
    rate_allowed,
)


def use(option, rate, base, target, order, partner="a"):
    return FlatRateUse(f"cost_options[{option}]", option, partner, D(rate), base, target, order)


def test_year_by_year_scope_rounds_each_year():
    # staff 1 000,05 in 2025 and 1 000,05 in 2026; office 15 %, rounded down to the cent
    # year by year: 150,0075 → 150,00 each year, 300,00 in all
    lines = [("a", "staff", {2025: D("1000.05"), 2026: D("1000.05")})]
    office = use("office_15", "0.15", ("staff",), "flat_rate", 2)
    yearly = evaluate_flat_rates(lines, [office], [2025, 2026], Rounding("down", D("0.01"), "year"))
    assert yearly[0].by_year == {2025: D("150.00"), 2026: D("150.00")}
    assert yearly[0].amount == D("300.00")
    total = evaluate_flat_rates(lines, [office], [2025, 2026], Rounding("down", D("0.01")))
    # 300,015 → down 300,01; years by the base: 150,005 → 150,01 (half up), the last 150,00
    assert total[0].amount == D("300.01")
    assert total[0].by_year == {2025: D("150.01"), 2026: D("150.00")}


def test_order_not_the_order_of_choice():
    # travel (order 2) chosen first still comes after staff (order 1): 15 % of 20 % of 1 000
    lines = [("a", "purchased_services", {2025: D("1000.00")})]
    travel = use("travel_15", "0.15", ("staff",), "travel", 2)
    staff = use("staff_20", "0.20", ("purchased_services",), "staff", 1)
    out = evaluate_flat_rates(lines, [travel, staff], [2025], Rounding("down", D("0.01")))
    assert [(a.use.option, a.amount) for a in out] == [
        ("staff_20", D("200.00")),
        ("travel_15", D("30.00")),
    ]


def test_each_partner_its_own_base():
    lines = [("a", "staff", {2025: D("100.00")}), ("b", "staff", {2025: D("300.00")})]
    uses = [use("o", "0.40", ("staff",), "flat_rate", 0, p) for p in ("a", "b")]
    out = evaluate_flat_rates(lines, uses, [2025], Rounding("half_up", D("1")))
    assert [(a.use.partner, a.amount) for a in out] == [("a", D("40.00")), ("b", D("120.00"))]


def test_exclusive_pairs_declared_on_either_side():
    declared = {"other_40": ("office_15", "travel_15"), "office_15": ("office_7",)}
    assert exclusive_pairs(["office_15", "other_40"], declared) == [("office_15", "other_40")]
    assert exclusive_pairs(["office_7", "office_15"], declared) == [("office_7", "office_15")]
    assert exclusive_pairs(["office_15", "travel_15"], declared) == []
    # the same option twice would be counted twice
    assert exclusive_pairs(["office_15", "office_15"], declared) == [("office_15", "office_15")]


def test_adjustable_rates():
    assert rate_allowed(D("0.15"), D("0.20"), True, None)
    assert not rate_allowed(D("0.25"), D("0.20"), True, None)
    assert not rate_allowed(D("0.05"), D("0.20"), True, D("0.10"))
    assert not rate_allowed(D("0.10"), D("0.15"), False, None)
    assert rate_allowed(D("0.15"), D("0.15"), False, None)
