"""Cash flow and pre-financing: when costs arise and when the money comes in. Pure: no I/O.

Support is paid in arrears, on payment claims (*maksatushakemus*), some months after each
claim period; until then the implementer pays the costs from its own money. This module
turns the engine's :class:`~hankelaskuri.result.Result` and the programme's payment rules
(``[payments]`` in the rules file, overridable by ``[cashflow]`` in the project file) into
month-by-month flows for every implementer and the whole project:

* **costs** — each year's costs (and income) of an implementer spread evenly over the
  project's months in that year (each month rounded to the cent, the year's last month
  takes the rest, as :func:`~hankelaskuri.money.spread_years` does);
* **claims** — consecutive claim periods of ``claim_months`` from the first project month
  (or ending at the given ``claim_ends``), the last one ending with the project;
* **support received** — after each claim period plus ``payment_lag_months``: the support
  earned so far, ``ROUND(support × net costs claimed so far ÷ net costs; 2)``, less what
  was paid before (an advance, *ennakko*, included); the last claim pays the rest, so the
  payments add up to the support exactly;
* **contributions** — municipal, other public and private funding when the project file
  says (``[cashflow.contributions]``), by default each year's share in the last project
  month of that year; in-kind funding (voluntary work) counts as received when the work is
  done;
* **balance** — the cumulative amount the implementer has paid and not yet received: its
  peak is the pre-financing need, and its final value equals the own share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .engine import project_months
from .models import CashFlowSettings
from .money import CENT, ZERO, cents, spread_years
from .result import Result
from .rules import Param, Programme

NIL = Decimal("0.00")

CONTRIBUTIONS = ("municipal", "other_public", "private", "in_kind")
"""Funding rows received besides the support, in display order (own funding is not received)."""

TIMINGS = ("start", "yearly_start", "yearly_end", "with_costs", "with_claims", "end")
DEFAULT_TIMING = "yearly_end"

# Used when a rules file has no [payments] section (a user's own rules): stated as unconfirmed.
FALLBACK = {
    "claim_months": 6,
    "payment_lag_months": 2,
    "advance_share": Decimal(0),
}
FALLBACK_SOURCE = "hankelaskuri default: the rules file gives no [payments] value"


@dataclass(frozen=True)
class Convention:
    """A payment convention used, with its source; ``given`` when the project file set it."""

    name: str
    value: str
    source: str
    status: str
    note: str | None
    given: bool


@dataclass(frozen=True)
class Claim:
    """A payment claim: its period, the net costs in it, and the payment it brings."""

    number: int
    first: date  # first month of the claim period
    last: date  # last month of the claim period
    costs: Decimal  # net costs (costs − income) incurred in the period
    payment: Decimal
    paid: date  # month the payment arrives


@dataclass(frozen=True)
class PeriodRow:
    """A quarter or a year (or a month) of a flow summed: flows in it, balance at its end."""

    first: date
    last: date
    costs: Decimal
    income: Decimal
    support: Decimal
    contributions: Decimal
    balance: Decimal  # at the end of the period
    peak: Decimal  # largest balance within the period


@dataclass(frozen=True)
class Flow:
    """Month-by-month money of one implementer (``partner``) or of the whole project."""

    partner: str | None  # None: the whole project
    name: str
    months: tuple[date, ...]
    costs: tuple[Decimal, ...]
    income: tuple[Decimal, ...]
    support: tuple[Decimal, ...]
    contributions: Mapping[str, tuple[Decimal, ...]]  # CONTRIBUTIONS → per month
    balance: tuple[Decimal, ...]  # cumulative amount paid and not yet received
    claims: tuple[Claim, ...]
    advance: Decimal
    support_total: Decimal
    own: Decimal  # the own share of the funding plan

    def received(self, i: int) -> Decimal:
        """Everything received in month ``i``: income, support and contributions."""
        return (
            self.income[i]
            + self.support[i]
            + sum((self.contributions[k][i] for k in CONTRIBUTIONS), ZERO)
        )

    @property
    def peak(self) -> Decimal:
        """The largest amount to pre-finance (0 when money always came first)."""
        return max((*self.balance, ZERO))

    @property
    def peak_index(self) -> int | None:
        """Index of the first month with the peak balance (None when nothing is pre-financed)."""
        peak = self.peak
        if peak <= 0:
            return None
        return self.balance.index(peak)

    @property
    def peak_month(self) -> date | None:
        i = self.peak_index
        return None if i is None else self.months[i]

    @property
    def final(self) -> Decimal:
        """The balance when every payment has arrived: the own share."""
        return self.balance[-1] if self.balance else ZERO

    def periods(self, kind: str) -> tuple[PeriodRow, ...]:
        """The flow summed by ``month``, ``quarter`` or ``year``."""
        groups: dict[tuple[int, int], list[int]] = {}
        for i, m in enumerate(self.months):
            key = {
                "month": (m.year, m.month),
                "quarter": (m.year, (m.month - 1) // 3 + 1),
                "year": (m.year, 0),
            }[kind]
            groups.setdefault(key, []).append(i)
        rows = []
        for idx in groups.values():
            rows.append(
                PeriodRow(
                    self.months[idx[0]],
                    self.months[idx[-1]],
                    sum((self.costs[i] for i in idx), ZERO),
                    sum((self.income[i] for i in idx), ZERO),
                    sum((self.support[i] for i in idx), ZERO),
                    sum(
                        (self.contributions[k][i] for i in idx for k in CONTRIBUTIONS),
                        ZERO,
                    ),
                    self.balance[idx[-1]],
                    max(self.balance[i] for i in idx),
                )
            )
        return tuple(rows)


@dataclass(frozen=True)
class CashFlow:
    """The cash flow of a project: the whole project and each implementer."""

    months: tuple[date, ...]
    project_months: int  # months of the project itself; later months only receive money
    project: Flow
    partners: tuple[Flow, ...]
    conventions: tuple[Convention, ...]
    timing: Mapping[str, str]  # contribution row → timing used
    timing_given: frozenset[str]  # rows whose timing the project file gave

    def partner(self, partner_id: str) -> Flow | None:
        return next((f for f in self.partners if f.partner == partner_id), None)


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


def add_months(day: date, n: int) -> date:
    """The first day of the month ``n`` months after ``day``'s month."""
    total = day.year * 12 + day.month - 1 + n
    return date(total // 12, total % 12 + 1, 1)


def month_index(first: date, day: date) -> int:
    return (day.year - first.year) * 12 + day.month - first.month


def _convention(name: str, param: Param | None, given: Any, day: date) -> tuple[Any, Convention]:
    if given is not None:
        return given, Convention(name, str(given), "[cashflow]", "given", None, True)
    if param is None:
        value = FALLBACK[name]
        return value, Convention(name, str(value), FALLBACK_SOURCE, "unconfirmed", None, False)
    entry = param.at(day)
    if entry is None:  # not in force on the day: the nearest entry, as the engine does
        entry = min(param.entries, key=lambda e: abs((e.since - day).days))
    return entry.value, Convention(
        name, str(entry.value), entry.source, entry.status, entry.note, False
    )


def cumulative_split(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``total`` in proportion to ``weights`` by cumulative rounding.

    Part *k* is ``ROUND(total × W_k ÷ W; 2) − ROUND(total × W_(k−1) ÷ W; 2)`` with ``W_k`` the
    running sum of the weights (negative running sums count as zero, and the running amount
    never goes down nor above ``total``); the last part with weight takes the rest. The parts add up to
    ``total`` exactly, as a spreadsheet would repeat it. With no weight the whole goes to the
    last part.
    """
    n = len(weights)
    parts = [Decimal("0.00")] * n
    if not n:
        return parts
    whole = sum(weights, ZERO)
    live = [i for i, w in enumerate(weights) if w]
    if whole <= 0 or not live:
        parts[-1] = total.quantize(CENT)
        return parts
    running = ZERO
    paid = Decimal("0.00")
    for i in range(n):
        running += weights[i]
        if i == live[-1]:
            parts[i] = (total - paid).quantize(CENT)
            break
        due = cents(total * max(running, ZERO) / whole)
        due = min(max(due, paid), total) if total >= 0 else due
        parts[i] = due - paid
        paid = due
    return parts


class _Build:
    def __init__(
        self,
        result: Result,
        programme: Programme,
        settings: CashFlowSettings | None,
        day: date,
    ) -> None:
        self.r = result
        s = settings or CashFlowSettings()
        self.settings = s
        rules = programme.payments
        conventions = []
        claim_months, c = _convention(
            "claim_months", rules.claim_months if rules else None, s.claim_months, day
        )
        conventions.append(c)
        lump = rules.lump_sum_claims if rules else None
        if result.cost_model_kind == "lump_sum" and lump is not None and c.given is False:
            # a lump sum is paid in the rules' number of instalments (one: after the work)
            claims, c = _convention("lump_sum_claims", lump, None, day)
            months = project_months(result.start, result.end)
            claim_months = -(-months // max(int(claims), 1))
            conventions[-1] = c
        if s.claim_ends:
            ends = ", ".join(d.isoformat() for d in s.claim_ends)
            conventions[-1] = Convention("claim_ends", ends, "[cashflow]", "given", None, True)
        lag, c = _convention(
            "payment_lag_months",
            rules.payment_lag_months if rules else None,
            s.payment_lag_months,
            day,
        )
        conventions.append(c)
        advance, c = _convention(
            "advance_share", rules.advance_share if rules else None, s.advance_share, day
        )
        conventions.append(c)
        self.conventions = tuple(conventions)
        self.claim_months = int(claim_months)
        self.lag = int(lag)
        self.advance_share = Decimal(str(advance))
        self.first = date(result.start.year, result.start.month, 1)
        self.n_project = project_months(result.start, result.end)
        self.claim_periods = self.periods()
        last_paid = self.claim_periods[-1][1] + self.lag
        self.n = max(self.n_project, last_paid + 1)
        self.months = tuple(add_months(self.first, i) for i in range(self.n))
        given = s.contributions.model_dump(exclude_none=True)
        self.timing = {k: given.get(k, DEFAULT_TIMING) for k in CONTRIBUTIONS if k != "in_kind"}
        self.timing["in_kind"] = "with_work"
        self.timing_given = frozenset(given)

    def periods(self) -> list[tuple[int, int]]:
        """Claim periods as (first, last) month indexes, consecutive, ending with the project."""
        last = self.n_project - 1
        if self.settings.claim_ends:
            ends = sorted(
                {min(max(month_index(self.first, d), 0), last) for d in self.settings.claim_ends}
            )
        else:
            ends = list(range(self.claim_months - 1, last, self.claim_months))
        if not ends or ends[-1] != last:
            ends.append(last)
        out, start = [], 0
        for end in ends:
            out.append((start, end))
            start = end + 1
        return out

    # -- spreading years over months ---------------------------------------------------------
    def year_months(self, year: int) -> list[int]:
        idx = [i for i in range(self.n_project) if self.months[i].year == year]
        if idx:
            return idx
        return [0] if year < self.first.year else [self.n_project - 1]

    def monthly(self, by_year: Mapping[int, Decimal]) -> list[Decimal]:
        out = [NIL] * self.n
        for year, amount in by_year.items():
            if not amount:
                continue
            idx = self.year_months(year)
            for i, part in spread_years(amount, {i: Decimal(1) for i in idx}).items():
                out[i] += part
        return out

    def role_monthly(self, line: Any) -> list[Decimal]:
        """A staff role's years spread over the role's own months: a role lasting several
        years runs without a break, so its first year's months are that year's last
        project months and its last year's months the first ones (months in a year =
        the role's weights, a started month whole). A role within one year, or one whose
        months are not known, is spread over the project's months of the year."""
        weights = line.weights or {}
        years = [y for y in sorted(weights) if weights[y] > 0]
        out = [NIL] * self.n
        for k, year in enumerate(years):
            amount = line.by_year.get(year, NIL)
            if not amount:
                continue
            months = self.year_months(year)
            count = min(len(months), max(int(-(-Decimal(weights[year]) // 1)), 1))
            if len(years) > 1 and k == 0:
                months = months[-count:]
            elif len(years) > 1 and k == len(years) - 1:
                months = months[:count]
            for i, part in spread_years(amount, {i: Decimal(1) for i in months}).items():
                out[i] += part
        for year, amount in line.by_year.items():  # years without weight: as any cost
            if amount and year not in years:
                for i, part in enumerate(self.monthly({year: amount})):
                    out[i] += part
        return out

    def lines_by_year(self, lines: Sequence[Any], partner: str) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for line in lines:
            if line.partner == partner:
                for y, v in line.by_year.items():
                    out[y] = out.get(y, ZERO) + v
        return out

    # -- one implementer ---------------------------------------------------------------------
    def partner_flow(self, pf: Any) -> Flow:
        r = self.r
        p = pf.partner
        roles = {x.key for x in r.staff if x.form == "role" and x.partner == p}
        role_lines = [x for x in r.cost_lines if x.key in roles and x.partner == p]
        other = [x for x in r.cost_lines if x.key not in roles]
        costs = self.monthly(self.lines_by_year(other, p))
        for line in role_lines:  # a role's months, not the whole year's
            for i, part in enumerate(self.role_monthly(line)):
                costs[i] += part
        income = self.monthly(self.lines_by_year(r.income_lines, p))
        net = [c - i for c, i in zip(costs, income, strict=True)]
        support_total = pf.rows["support"]
        support = [NIL] * self.n
        advance = cents(support_total * self.advance_share) if support_total > 0 else NIL
        if advance:
            support[0] += advance
        claim_costs = [sum(net[a : b + 1], ZERO) for a, b in self.claim_periods]
        earned = cumulative_split(support_total, claim_costs)
        claims = []
        paid = advance
        due = ZERO
        for k, ((a, b), part) in enumerate(zip(self.claim_periods, earned, strict=True)):
            due += part
            last = k == len(self.claim_periods) - 1
            payment = (support_total - paid) if last else max(due - paid, ZERO)
            paid += payment
            support[b + self.lag] += payment
            claims.append(
                Claim(
                    k + 1,
                    self.months[a],
                    self.months[b],
                    claim_costs[k],
                    payment,
                    self.months[b + self.lag],
                )
            )
        contributions = {}
        voluntary = self.monthly(
            self.lines_by_year([x for x in r.cost_lines if x.category == "voluntary_work"], p)
        )
        for row in CONTRIBUTIONS:
            amount = pf.rows[row]
            if row == "in_kind":
                weights = voluntary if any(voluntary) else net
                contributions[row] = tuple(
                    cumulative_split(amount, weights[: self.n_project])
                    + [NIL] * (self.n - self.n_project)
                )
            else:
                contributions[row] = tuple(
                    self.received(amount, self.row_by_year(pf, row), self.timing[row], net, claims)
                )
        balance = []
        running = NIL
        for i in range(self.n):
            received = (
                income[i] + support[i] + sum((contributions[k][i] for k in CONTRIBUTIONS), ZERO)
            )
            running += costs[i] - received
            balance.append(running)
        return Flow(
            p,
            r.partner_name(p),
            self.months,
            tuple(costs),
            tuple(income),
            tuple(support),
            _frozen(contributions),
            tuple(balance),
            tuple(claims),
            advance,
            support_total,
            pf.rows["own"],
        )

    def row_by_year(self, pf: Any, row: str) -> dict[int, Decimal]:
        """A funding row of one implementer over the years."""
        amount = pf.rows[row]
        r = self.r
        if row == "municipal" and pf.partner == r.municipal_recipient:
            years = r.funding_by_year.get("municipal", {})
            if sum(years.values(), ZERO) == amount:
                return dict(years)
        weights = {y: max(v, ZERO) for y, v in pf.net_by_year.items()}
        return spread_years(amount, weights) if weights else {r.end.year: amount}

    def received(
        self,
        amount: Decimal,
        by_year: Mapping[int, Decimal],
        timing: str,
        net: Sequence[Decimal],
        claims: Sequence[Claim],
    ) -> list[Decimal]:
        out = [NIL] * self.n
        if not amount:
            return out
        last = self.n_project - 1
        if timing == "start":
            out[0] = amount
        elif timing == "end":
            out[last] = amount
        elif timing in ("yearly_start", "yearly_end"):
            for year, part in by_year.items():
                idx = self.year_months(year)
                out[idx[0] if timing == "yearly_start" else idx[-1]] += part
        elif timing == "with_costs":
            out[: self.n_project] = cumulative_split(amount, net[: self.n_project])
        else:  # with_claims: at each payment, in proportion to the costs claimed
            parts = cumulative_split(amount, [c.costs for c in claims])
            for claim, part in zip(claims, parts, strict=True):
                out[month_index(self.first, claim.paid)] += part
        return out

    def build(self) -> CashFlow:
        r = self.r
        partners = tuple(self.partner_flow(pf) for pf in r.partner_funding)
        project = _sum_flows(partners, r.name, self.months)
        return CashFlow(
            self.months,
            self.n_project,
            project,
            partners,
            self.conventions,
            _frozen(self.timing),
            self.timing_given,
        )


def _sum_flows(flows: Sequence[Flow], name: str, months: tuple[date, ...]) -> Flow:
    n = len(months)

    def total(get: Any) -> tuple[Decimal, ...]:
        return tuple(sum((get(f)[i] for f in flows), NIL) for i in range(n))

    claims = []
    if flows:
        for k, claim in enumerate(flows[0].claims):
            claims.append(
                Claim(
                    claim.number,
                    claim.first,
                    claim.last,
                    sum((f.claims[k].costs for f in flows), ZERO),
                    sum((f.claims[k].payment for f in flows), ZERO),
                    claim.paid,
                )
            )
    return Flow(
        None,
        name,
        months,
        total(lambda f: f.costs),
        total(lambda f: f.income),
        total(lambda f: f.support),
        _frozen({k: total(lambda f, k=k: f.contributions[k]) for k in CONTRIBUTIONS}),
        total(lambda f: f.balance),
        tuple(claims),
        sum((f.advance for f in flows), ZERO),
        sum((f.support_total for f in flows), ZERO),
        sum((f.own for f in flows), ZERO),
    )


def compute(
    result: Result,
    programme: Programme,
    settings: CashFlowSettings | None = None,
    reference_date: date | None = None,
) -> CashFlow:
    """The project's cash flow from its result and the programme's payment rules."""
    return _Build(result, programme, settings, reference_date or result.start).build()
