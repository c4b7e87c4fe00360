"""Rounding and allocation, with values computed by hand."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from hankelaskuri.money import CENT, EURO, allocate, allocate_matrix, round_money, share


def test_round_modes():
    # 247 916,80 rounded down to whole euros is 247 916 (support rule); half up is 247 917.
    assert round_money(D("247916.80"), EURO, "down") == D("247916.00")
    assert round_money(D("247916.80"), EURO, "half_up") == D("247917.00")
    assert round_money(D("88541.60"), EURO, "half_up") == D("88542.00")
    assert round_money(D("0.125"), CENT, "half_up") == D("0.13")
    assert round_money(D("0.125"), CENT, "down") == D("0.12")


def test_allocate_largest_remainder_by_hand():
    # 100 € in three equal parts: 33,33 each and the one cent left goes to the first.
    assert allocate(D("100"), [D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]
    # 10 € by 1:2:3 → exact 1,6667 / 3,3333 / 5,0000 → 1,67 / 3,33 / 5,00
    assert allocate(D("10"), [D(1), D(2), D(3)]) == [D("1.67"), D("3.33"), D("5.00")]
    # whole-euro unit: 5 € by 1:1 → 3 + 2
    assert allocate(D("5"), [D(1), D(1)], EURO) == [D("3.00"), D("2.00")]


def test_allocate_zero_weights_split_equally():
    assert allocate(D("0.03"), [D(0), D(0)]) == [D("0.02"), D("0.01")]


def test_allocate_matrix_rows_and_columns_add_up():
    rows = [D("221284.00"), D("55321.00")]
    cols = [D("21158.17"), D("94432.67"), D("94432.66"), D("66581.50")]
    table = allocate_matrix(rows, cols)
    assert [sum(r) for r in table] == rows
    assert [sum(c) for c in zip(*table, strict=False)] == cols


def test_allocate_matrix_fills_years_in_order_by_hand():
    # Three rows of 1 cent, years 0,01 / 0,02 / 0,00.
    # Year 1: each row has 1 cent left, exact share 1/3 cent: floors 0, the one cent to the
    # first row (ties to the earlier row). Year 2: 0, 1 and 1 cent left, share exactly that.
    # Year 3 is 0 €: nobody gets anything (the old "last year takes the rest" gave -0,01).
    c = D("0.01")
    table = allocate_matrix([c, c, c], [c, 2 * c, D("0")])
    assert table == [[c, 0, 0], [0, c, 0], [0, c, 0]]


def test_allocate_matrix_refuses_negative_totals():
    import pytest

    with pytest.raises(ValueError):
        allocate_matrix([D("-1.00"), D("2.00")], [D("1.00")])
    with pytest.raises(ValueError):
        allocate_matrix([D("1.00")], [D("2.00"), D("-1.00")])


def test_share():
    assert share(D("221284"), D("276605")) == D("0.8000")
    assert share(D("1"), D("0")) == D("0.0000")


amounts = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False)
weights = st.lists(
    st.decimals(min_value=0, max_value=1_000_000, places=3, allow_nan=False),
    min_size=1,
    max_size=12,
)


@given(amounts, weights)
def test_allocate_sums_exactly_and_stays_within_a_cent(total, ws):
    parts = allocate(total, ws)
    assert sum(parts) == total
    wsum = sum(ws)
    if wsum:
        for part, w in zip(parts, ws, strict=False):
            assert abs(part - total * w / wsum) < CENT


@given(
    st.lists(amounts, min_size=1, max_size=6),
    st.lists(st.integers(0, 1000), min_size=1, max_size=7),
)
def test_allocate_matrix_property(rows, col_weights):
    total = sum(rows)
    cols = allocate(total, [D(w) for w in col_weights])
    table = allocate_matrix(rows, cols)
    assert [sum(r) for r in table] == rows
    assert [sum(c) for c in zip(*table, strict=False)] == cols
    for j, col_total in enumerate(cols):
        if col_total == 0:
            assert all(r[j] == 0 for r in table)
    for r in table:
        assert all(part >= 0 for part in r)


def test_remainders_closer_than_a_ten_thousandth_of_a_cent_are_a_tie():
    # One cent between weights 1 and 1.000000001: the exact shares are 0.49999999975 and
    # 0.50000000025 cents. Rounded to 4 decimals (what the workbook's ROUND(…;4) sees) both
    # are 0.5000, a tie, so the cent goes to the earlier row, as in the workbook.
    assert allocate(D("0.01"), [D(1), D("1.000000001")]) == [
        D("0.01"),
        D("0.00"),
    ]
    # A difference the workbook can see still decides: 0.4999 vs 0.5001 cents.
    assert allocate(D("0.01"), [D("4999"), D("5001")]) == [
        D("0.00"),
        D("0.01"),
    ]
