"""Cost options: flat rates evaluated in order on their bases, unit costs, exclusive options.

Pure functions over resolved values; the engine resolves the rule values on the project's
reference date and calls these. An implementer's budget is its real cost lines, its unit
costs (rate × quantity) and lump sums, and the flat rates of the cost options it uses:

* each flat rate is ``rate`` × the implementer's costs in the rule's ``base`` categories,
  booked in the rule's ``target`` category;
* flat rates are evaluated in the rule's ``order`` (then in the order they were chosen), and
  a flat rate's base includes the flat rates evaluated before it, so *travel 15 % of staff*
  after *staff 20 % of direct costs* is 15 % of the staff flat rate;
* rounding follows the programme's named rounding point: mode and unit, once on the whole
  base (``total``, the amount then spread over the years by the base's years) or year by
  year (``year``, the total is the sum of the rounded years).

The same steps in a spreadsheet: ``ROUNDDOWN(rate * SUM(base); 2)`` (or ``ROUND``) per
implementer, or per year, then the years by ``ROUND(total * base_y / base; 2)`` with the
last year taking the remainder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .money import ZERO, round_money, spread_years

if TYPE_CHECKING:
    from .models import ProjectFile

Choice = tuple[str, str, "str | None", "Decimal | None"]
"""(key, option id, implementer or None for every implementer, the project's own rate)."""


def choices(project: ProjectFile) -> list[Choice]:
    """The cost options a project chose: its cost model, then its ``cost_options``."""
    out: list[Choice] = [("project.cost_model", project.project.cost_model, None, None)]
    for i, option in enumerate(project.cost_options):
        out.append((f"cost_options[{i}]", option.id, option.partner, option.rate))
    return out


def options_by_partner(
    chosen: Sequence[Choice], partners: Sequence[str]
) -> dict[str, list[tuple[str, str]]]:
    """(key, option) of every chosen option, per implementer."""
    out: dict[str, list[tuple[str, str]]] = {p: [] for p in partners}
    for key, option, partner, _ in chosen:
        for p in [partner] if partner else list(partners):
            out.setdefault(p, []).append((key, option))
    return out


@dataclass(frozen=True)
class FlatRateUse:
    """One flat rate an implementer uses: where it was chosen and what it is computed on."""

    key: str  # where the project chose it: "project.cost_model" or "cost_options[0]"
    option: str  # the rule's id in the programme's cost_models
    partner: str
    rate: Decimal
    base: tuple[str, ...]
    target: str
    order: int


@dataclass(frozen=True)
class FlatRateAmount:
    use: FlatRateUse
    base_by_year: Mapping[int, Decimal]
    base: Decimal
    amount: Decimal
    by_year: Mapping[int, Decimal]


@dataclass(frozen=True)
class Rounding:
    """A rounding point: ``mode`` (down, half_up, up), ``unit`` (0.01 or 1) and, for flat
    rates, ``scope`` (total or year)."""

    mode: str
    unit: Decimal
    scope: str = "total"

    def __call__(self, value: Decimal) -> Decimal:
        return round_money(value, self.unit, self.mode)


def evaluate_flat_rates(
    lines: Iterable[tuple[str, str, Mapping[int, Decimal]]],
    uses: Sequence[FlatRateUse],
    years: Sequence[int],
    rounding: Rounding,
) -> list[FlatRateAmount]:
    """The amounts of ``uses`` given the cost ``lines`` (partner, category, by_year).

    Returned in evaluation order. A use whose base is zero gives a zero amount (the engine
    books no cost line for it; the workbook still has its live row).
    """
    running: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(
        lambda: defaultdict(lambda: ZERO)
    )
    for partner, category, by_year in lines:
        for year, value in by_year.items():
            running[(partner, category)][year] += value
    ordered = sorted(enumerate(uses), key=lambda item: (item[1].order, item[0]))
    out: list[FlatRateAmount] = []
    for _, use in ordered:
        base_by_year = {
            y: sum((running[(use.partner, c)].get(y, ZERO) for c in use.base), ZERO) for y in years
        }
        base = sum(base_by_year.values(), ZERO)
        if base == 0:
            out.append(FlatRateAmount(use, base_by_year, base, ZERO, dict.fromkeys(years, ZERO)))
            continue
        if rounding.scope == "year":
            by_year = {y: rounding(b * use.rate) for y, b in base_by_year.items()}
            amount = sum(by_year.values(), ZERO)
        else:
            amount = rounding(base * use.rate)
            by_year = spread_years(amount, base_by_year)
        for year, value in by_year.items():
            running[(use.partner, use.target)][year] += value
        out.append(FlatRateAmount(use, base_by_year, base, amount, by_year))
    return out


def exclusive_pairs(
    chosen: Sequence[str], exclusive_with: Mapping[str, Sequence[str]]
) -> list[tuple[str, str]]:
    """Pairs of ``chosen`` options that exclude each other (declared on either side), each
    pair once, in the order chosen. An option chosen twice excludes itself: it would be
    counted twice."""
    pairs = []
    for i, first in enumerate(chosen):
        for second in chosen[i + 1 :]:
            if first == second or (
                second in exclusive_with.get(first, ()) or first in exclusive_with.get(second, ())
            ):
                if (first, second) not in pairs:
                    pairs.append((first, second))
    return pairs


def rate_allowed(
    rate: Decimal, rule_rate: Decimal, adjustable: bool, min_rate: Decimal | None
) -> bool:
    """A project's own rate is allowed when the rule lets it pick one between the minimum
    (0 when none is given) and the rule's rate, or when it equals a fixed rate."""
    if not adjustable:
        return rate == rule_rate
    return (min_rate or ZERO) <= rate <= rule_rate


def unit_cost_by_year(
    unit_rate: Decimal, quantity_by_year: Mapping[int, Decimal], rounding: Rounding
) -> dict[int, Decimal]:
    """A unit cost year by year: rate × units, rounded at the amount rounding point."""
    return {y: rounding(unit_rate * q) for y, q in quantity_by_year.items()}
