"""Money arithmetic: Decimal only, rounding at named points, parts that sum to the whole.

Every amount in hankelaskuri is a :class:`decimal.Decimal`. Rounding happens only through
:func:`round_money` with a mode and a unit taken from the rules (``RoundingPolicy``), and
every split of a whole into parts goes through :func:`allocate` (largest remainder), so the
parts always add up to the whole to the cent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

CENT = Decimal("0.01")
EURO = Decimal("1")
ZERO = Decimal("0")

ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP}


def round_money(value: Decimal, unit: Decimal = CENT, mode: str = "half_up") -> Decimal:
    """Round ``value`` to a multiple of ``unit`` (0.01 or 1) with a named mode."""
    if unit == CENT:
        return value.quantize(CENT, rounding=ROUNDING_MODES[mode])
    rounded = (value / unit).quantize(EURO, rounding=ROUNDING_MODES[mode]) * unit
    return rounded.quantize(CENT)


def cents(value: Decimal) -> Decimal:
    """Round half up to the cent: the default rounding point for derived amounts."""
    return round_money(value, CENT, "half_up")


REMAINDER_SCALE = 10_000
"""Remainders are compared in 1/10 000 of a unit (the workbook's ``ROUND(exact;4)``)."""


def allocate(total: Decimal, weights: Sequence[Decimal], unit: Decimal = CENT) -> list[Decimal]:
    """Split ``total`` into parts proportional to ``weights`` (largest remainder method).

    Each part is the exact share (rounded half up to 1/10 000 of a ``unit``, the precision a
    spreadsheet formula can repeat exactly) rounded down to ``unit``; the units left over go
    one each to the parts with the largest remainders (ties to the earlier part). The parts always
    sum exactly to ``total``, and each part is within one ``unit`` of its exact share.
    With all weights zero the total is split equally. ``total`` must be a whole number of
    ``unit``s (round it first, at a named point): a total that is not raises ValueError, as
    no split could then add up to it.
    """
    n = len(weights)
    if n == 0:
        return []
    if not total:
        return [Decimal("0.00")] * n
    sign = -1 if total < 0 else 1
    units = abs(total) / unit
    if units != units.to_integral_value():
        raise ValueError(f"allocate: {total} is not a whole number of {unit}")
    parts = _split_units(int(units), _as_integers(weights))
    return [(Decimal(sign * f) * unit).quantize(CENT) for f in parts]


def _split_units(units_total: int, scaled: list[int]) -> list[int]:
    """:func:`allocate` in whole units: ``units_total`` (not negative) split by the integer
    weights ``scaled`` (all zero: equally)."""
    n = len(scaled)
    weight_sum = sum(scaled)
    if weight_sum == 0:
        scaled, weight_sum = [1] * n, n
    floors = []
    remainders = []
    twice = 2 * weight_sum
    for w in scaled:
        # The exact share in units, rounded half up to 4 decimals first (as the workbook's
        # ROUND(…;4) does), so the floors and the ranking of the remainders are the ones a
        # spreadsheet computes: remainders closer than 1/10 000 of a unit are a tie.
        q, r = divmod(
            (2 * units_total * w * REMAINDER_SCALE + weight_sum) // twice, REMAINDER_SCALE
        )
        floors.append(q)
        remainders.append(r)
    left = units_total - sum(floors)
    if left:
        order = sorted(range(n), key=lambda i: (-remainders[i], i))
        for i in order[:left]:
            floors[i] += 1
    return floors


def _as_integers(weights: Sequence[Decimal]) -> list[int]:
    """Weights as integers in the same proportion (negative weights count as zero)."""
    ratios = [w.as_integer_ratio() for w in weights]
    common = math.lcm(*(d for _, d in ratios))
    return [max(n * (common // d), 0) for n, d in ratios]


def spread_years(total: Decimal, weights: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """Spread ``total`` over years in proportion to ``weights`` (the last period takes the rest).

    Every year but the last one with weight gets its exact share rounded half up to the
    cent; that last year gets what is left, so the years add up to the total exactly. This
    is the rule a spreadsheet can repeat: ``ROUND(total * w / W; 2)`` and a remainder cell.
    Years with no weight get 0. With no weight at all, the whole goes to the last year.
    """
    years = sorted(weights)
    out = dict.fromkeys(years, Decimal("0.00"))
    if not years:
        return out
    weight_sum = sum((weights[y] for y in years), ZERO)
    live = [y for y in years if weights[y]] if weight_sum else []
    if not live:  # no weight: the whole to the last year (remainder_year)
        out[years[-1]] = total.quantize(CENT)
        return out
    given = ZERO
    for y in live[:-1]:
        given += (part := (total * weights[y] / weight_sum).quantize(CENT, rounding=ROUND_HALF_UP))
        out[y] = part
    out[live[-1]] = (total - given).quantize(CENT)
    return out


def remainder_year(weights: Mapping[int, Decimal]) -> int | None:
    """The year that takes the rest in :func:`spread_years`: the last year with weight (the
    last year when none has weight; ``None`` without years). The workbook's remainder cell."""
    years = sorted(weights)
    if not years:
        return None
    live = [y for y in years if weights[y]]
    weight_sum: Decimal = sum((weights[y] for y in years), ZERO)
    return live[-1] if live and weight_sum else years[-1]


def split_fractions(total: Decimal, fractions: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` by fractions: each part rounded half up to the cent, the last non-zero
    part takes the rest (the EU / state / municipal split of the support)."""
    live = [i for i, f in enumerate(fractions) if f]
    parts = [Decimal("0.00")] * len(fractions)
    if not live:
        return parts
    for i in live[:-1]:
        parts[i] = cents(total * fractions[i])
    parts[live[-1]] = (total - sum(parts, ZERO)).quantize(CENT)
    return parts


def allocate_matrix(
    row_totals: Sequence[Decimal], col_totals: Sequence[Decimal]
) -> list[list[Decimal]]:
    """Fill a rows × columns table whose rows and columns both sum to the given totals.

    Used for funding rows × years and municipalities × years. The columns (years) are
    filled in order. For column ``j`` each row's remaining amount ``r_i`` is its total less
    its earlier columns; the column total is split by :func:`allocate` in proportion to the
    ``r_i`` (exact share ``C_j × r_i / Σr`` rounded down to the cent, the cents left over one
    each to the largest remainders, ties to the earlier row). If ``Σr`` is 0 every part is 0.

    So rows and columns add up exactly, ``0 ≤ part ≤ r_i``, a column of 0 gives 0 to every
    row, and the last column gets exactly what is left of each row. A spreadsheet repeats it
    column by column with ``INT`` and ``RANK`` (see docs/format.md, "Jako vuosille").

    The totals must be cents, non-negative, and ``sum(row_totals) == sum(col_totals)``;
    anything else raises :class:`ValueError` (a negative total has no split in which every
    part is non-negative, so the caller must not ask for one).
    """
    hundreds = [Decimal(t) * 100 for t in row_totals]
    col_hundreds = [Decimal(c) * 100 for c in col_totals]
    left = [int(t) for t in hundreds]
    cols = [int(c) for c in col_hundreds]
    if any(t < 0 for t in hundreds) or any(c < 0 for c in col_hundreds):
        raise ValueError("allocate_matrix: negative total")
    if left != hundreds or cols != col_hundreds:
        raise ValueError("allocate_matrix: totals must be whole cents")
    if sum(left) != sum(cols):
        raise ValueError("allocate_matrix: row and column totals differ")
    # in whole cents from here: the same split as allocate() in cents, without the Decimals
    table = [[0] * len(cols) for _ in left]
    last = len(cols) - 1
    for j, col_total in enumerate(cols):
        if not any(left):
            continue  # nothing left to give: the column total is 0 too
        if j == last and col_total == sum(left):
            for i, rest in enumerate(left):  # what allocate gives: exactly what is left
                table[i][j] = rest
            break
        if not col_total:
            continue
        for i, part in enumerate(_split_units(col_total, left)):
            table[i][j] = part
            left[i] -= part
    return [[Decimal(n).scaleb(-2) for n in row] for row in table]


def share(part: Decimal, whole: Decimal, places: int = 4) -> Decimal:
    """``part / whole`` as a fraction rounded half up to ``places`` decimals (0 if no whole)."""
    if whole == 0:
        return ZERO.quantize(Decimal(1).scaleb(-places))
    return (part / whole).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
