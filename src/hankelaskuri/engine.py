"""The calculation: project + rules → :class:`~hankelaskuri.result.Result`. No I/O.

Order of work, each step at a named rounding point:

1. costs per implementer, category and year (staff roles and hours, cost lines, lump sums,
   voluntary work, unit costs; ``rounding.amount_*``, ``rounding.hourly_rate_unit``), then
   the flat rates of the cost options in their order on their bases
   (:mod:`hankelaskuri.costoptions`, ``rounding.flat_rate_*``);
2. income and the net cost;
3. each implementer's support (``rounding.support_*``, support rounded down by default),
   municipal funding, other rows, and the own share as the remainder;
4. the support split into EU / state (/ Leader municipal) parts, and every funding row
   split over the years, so that rows and years both add up and no part is negative
   (:func:`allocate_matrix`);
5. the municipal funding split among the municipalities by the key (largest remainder);
6. the rule checks of :mod:`hankelaskuri.checks` on the computed result, collected as
   findings. What the calculation guarantees whatever the input (the implementers add up to
   the project, each municipal share within a cent of its key) is asserted: a breach raises
   :class:`~hankelaskuri.errors.InternalError`, it is not a finding.

Pure: the engine gets everything it reads as arguments and keeps no state between calls.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from . import checks, costoptions
from . import findings as F
from .checks import project_months
from .errors import InternalError
from .findings import Finding
from .models import CATEGORIES, ProjectFile, StaffLine
from .money import (
    CENT,
    ZERO,
    allocate,
    allocate_matrix,
    round_money,
    share,
    split_fractions,
    spread_years,
)
from .municipal_money import by_role
from .municipalities import Municipality
from .result import (
    FUNDING_ROWS,
    Condition,
    CostLineResult,
    FlatRateResult,
    MunicipalShare,
    PartnerFunding,
    PartnerInfo,
    Result,
    StaffResult,
    UnitCostResult,
    VoluntaryPart,
)
from .rule_values import RuleValues
from .rules import Defaults, Programme

ONE = Decimal(1)


@dataclass(frozen=True)
class MemberInput:
    """A participating municipality as the loader resolved it."""

    municipality: Municipality
    population: int
    population_date: date | None
    population_source: str
    amount: Decimal | None
    percent: Decimal | None
    key: str


def _frozen(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(mapping))


# A rule's names by language, made once per rules object (rules are immutable and shared by
# every project computed with them); the object is kept in the entry so its id is not reused.
_NAMES: dict[int, tuple[Any, Mapping[str, str]]] = {}


def _names(names: Any) -> Mapping[str, str]:
    hit = _NAMES.get(id(names))
    if hit is None or hit[0] is not names:
        if len(_NAMES) > 10_000:
            _NAMES.clear()
        hit = _NAMES[id(names)] = (names, _frozen(names.model_dump()))
    return hit[1]


# The conditions of a programme for a measure on a day: work that depends only on the rules,
# made once per (rules object, measure, day) and kept with the rules object as _NAMES does.
_CONDITIONS: dict[tuple[int, str, date], tuple[Any, tuple[Condition, ...]]] = {}


def _conditions(programme: Programme, measure: str, day: date) -> tuple[Condition, ...]:
    key = (id(programme), measure, day)
    hit = _CONDITIONS.get(key)
    if hit is None or hit[0] is not programme:
        if len(_CONDITIONS) > 10_000:
            _CONDITIONS.clear()
        found = tuple(
            Condition(cid, _names(c.text), c.source, c.status)
            for cid, c in programme.conditions.items()
            if c.applies(measure, day)
        )
        hit = _CONDITIONS[key] = (programme, found)
    return hit[1]


def month_weights(start: date, months: Decimal, years: Sequence[int]) -> dict[int, Decimal]:
    """Months of a period starting at ``start`` falling in each calendar year."""
    out = {y: ZERO for y in years}
    left = Decimal(months)
    year, first = start.year, start.month
    while left > 0:
        in_year = min(Decimal(13 - first), left)
        out[year] = out.get(year, ZERO) + in_year
        left -= in_year
        year, first = year + 1, 1
    return out


class _Calc:
    def __init__(
        self,
        project: ProjectFile,
        programme: Programme,
        members: Sequence[MemberInput],
        defaults: Defaults,
        find_municipality: Callable[[str], Municipality | None],
    ) -> None:
        self.p = project
        self.info = project.project
        self.programme = programme
        self.members = members
        self.defaults = defaults
        self.find_municipality = find_municipality
        self.rules = RuleValues(self.info.reference_date or self.info.start)
        self.findings: list[Finding] = []
        self.main = project.main_partner.id
        self.years = list(range(self.info.start.year, self.info.end.year + 1))
        self.project_weights = month_weights(
            self.info.start.replace(day=1),
            Decimal(project_months(self.info.start, self.info.end)),
            self.years,
        )
        self.measure = programme.measures[self.info.measure]
        self.cost_model = programme.cost_models[self.info.cost_model]
        self.lines: list[CostLineResult] = []
        self.staff: list[StaffResult] = []
        self.flat_rates: list[FlatRateResult] = []
        self.income: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        self.voluntary: dict[str, Decimal] = defaultdict(lambda: ZERO)
        self.income_lines: list[CostLineResult] = []
        self.explicit_own: set[str] = set()
        self.unit_costs: list[UnitCostResult] = []
        rounding = programme.rounding
        self.amount_rounding = costoptions.Rounding(
            str(self.rules.get("rounding.amount_mode", rounding.amount_mode)),
            Decimal(self.rules.get("rounding.amount_unit", rounding.amount_unit)),
        )

    # -- helpers ---------------------------------------------------------------------------
    def add(self, code: str, severity: F.Severity, key: str, **params: object) -> None:
        self.findings.append(F.finding(code, severity, key, **params))

    def spread(
        self, total: Decimal, weights: Mapping[int, Decimal] | None = None
    ) -> dict[int, Decimal]:
        weights = weights or self.project_weights
        return spread_years(total, {y: weights.get(y, ZERO) for y in self.years})

    def outside(self, year: int, key: str) -> None:
        """A finding for an amount in a year outside the project's period."""
        self.add(
            "year_outside_period",
            "error",
            key,
            year=year,
            start=F.day(self.info.start),
            end=F.day(self.info.end),
        )

    def explicit(self, by_year: Mapping[int, Decimal], key: str) -> dict[int, Decimal]:
        for year in by_year:
            if year not in self.years:
                self.outside(year, f"{key}.{year}")
        return {int(y): Decimal(v) for y, v in by_year.items()}

    def amounts(
        self, amount: Decimal | None, by_year: Mapping[int, Decimal] | None, key: str
    ) -> tuple[dict[int, Decimal], dict[int, Decimal] | None]:
        """Years given, or a total spread by the project's months (and those weights)."""
        if by_year is not None:
            return self.explicit(by_year, f"{key}.by_year"), None
        return self.spread(Decimal(amount or 0)), dict(self.project_weights)

    def line(
        self,
        key: str,
        partner: str | None,
        category: str,
        description: str,
        by_year: Mapping[int, Decimal],
        weights: Mapping[int, Decimal] | None = None,
        parts: tuple[VoluntaryPart, ...] = (),
        names: Any = None,
    ) -> None:
        """A cost line; ``names``: the rule's names when a rule names the line (the
        description is then the Finnish one)."""
        self.lines.append(
            CostLineResult(
                key,
                partner or self.main,
                category,
                names.fi if names is not None else description,
                sum(by_year.values(), ZERO),
                _frozen(by_year),
                None if weights is None else _frozen(weights),
                parts,
                None if names is None else _names(names),
            )
        )

    # -- 1. costs --------------------------------------------------------------------------
    def staff_line(self, i: int, s: StaffLine) -> None:
        key = f"staff[{i}]"
        partner = s.partner or self.main
        hourly_rate = on_cost = fte = None
        weights: dict[int, Decimal] | None = None
        hours_by_year: dict[int, Decimal] | None = None
        start: date | None = None
        if s.form == "role":
            on_cost = s.on_cost_rate
            if on_cost is None:
                on_cost = self.rules.dec(
                    "staff.on_cost_rate", self.programme.staff.on_cost_rate, ZERO
                )
            assert on_cost is not None  # the rule's default is 0
            fte = s.fte if s.fte is not None else ONE
            months = Decimal(s.months or 0)
            total = self.amount_rounding(
                fte * months * Decimal(s.monthly_pay or 0) * (ONE + on_cost)
            )
            start = s.start or self.info.start
            all_months = month_weights(start, months, self.years)
            weights = {y: all_months.get(y, ZERO) for y in self.years}
            by_year = self.spread(total, weights)
            for year, in_year in all_months.items():
                if year not in self.years and in_year:
                    self.outside(year, f"{key}.months")
        elif s.form == "hours":
            hours_per_year = self.rules.dec(
                "staff.hours_per_year", self.programme.staff.hours_per_year
            )
            assert hours_per_year
            hourly_rate = self.hourly_rate(Decimal(s.annual_cost or 0) / hours_per_year)
            if s.hours_by_year is not None:
                hours = self.explicit(s.hours_by_year, f"{key}.hours_by_year")
                hours_by_year = hours
                by_year = {y: self.amount_rounding(h * hourly_rate) for y, h in hours.items()}
            else:
                by_year = self.spread(self.amount_rounding(Decimal(s.hours or 0) * hourly_rate))
                weights = dict(self.project_weights)
        else:
            by_year, weights = self.amounts(s.amount, s.by_year, key)
        total = sum(by_year.values(), ZERO)
        hours_total = sum(s.hours_by_year.values(), ZERO) if s.hours_by_year else s.hours
        self.staff.append(
            StaffResult(
                key,
                partner,
                s.title,
                s.form,
                fte,  # the FTE used, 1.0 when not given
                s.months,
                s.monthly_pay,
                on_cost,
                s.annual_cost,
                hourly_rate,
                hours_total,
                total,
                _frozen(by_year),
                None if weights is None else _frozen(weights),
                None if hours_by_year is None else _frozen(hours_by_year),
                start,
            )
        )
        self.line(key, partner, "staff", s.title, by_year, weights)

    def hourly_rate(self, exact: Decimal) -> Decimal:
        """The hourly rate, rounded to the rules' unit before it is multiplied by hours
        (a unit of 0: not rounded)."""
        unit = self.rules.dec("rounding.hourly_rate_unit", self.programme.rounding.hourly_rate_unit)
        if not unit:
            return exact
        return costoptions.Rounding(self.amount_rounding.mode, unit)(exact)

    def costs(self) -> None:
        for i, s in enumerate(self.p.staff):
            self.staff_line(i, s)
        for i, c in enumerate(self.p.costs):
            by_year, weights = self.amounts(c.amount, c.by_year, f"costs[{i}]")
            self.line(f"costs[{i}]", c.partner, c.category, c.description, by_year, weights)
        self.lump_sums()
        self.voluntary_work()
        self.unit_cost_lines()
        self.flat_rates_of_options()

    def lump_sums(self) -> None:
        for i, lump in enumerate(self.p.lump_sums):
            rule = self.programme.lump_sums[lump.id]
            by_year, weights = self.amounts(lump.amount, lump.by_year, f"lump_sums[{i}]")
            self.line(
                f"lump_sums[{i}]", lump.partner, "lump_sum", "", by_year, weights, names=rule.name
            )

    def voluntary_work(self) -> None:
        rules = self.programme.voluntary_work
        for i, v in enumerate(self.p.voluntary_work):
            key = f"voluntary_work[{i}]"
            if rules is None:  # not valued: see checks.voluntary_work_allowed
                continue
            rate = self.rules.dec("voluntary_work.hourly_rate", rules.hourly_rate, ZERO)
            machine = self.rules.dec(
                "voluntary_work.machine_hourly_rate", rules.machine_hourly_rate, ZERO
            )
            assert rate is not None and machine is not None
            hours, hours_by_year = v.hours, v.hours_by_year
            if self.rules.get(
                "voluntary_work.machine_includes_driver", rules.machine_includes_driver
            ):
                # the machine rate pays its driver: the driver's hours are not valued twice
                hours, hours_by_year = without_drivers(v)
            parts = (
                self.voluntary_part("people", rate, hours, hours_by_year, f"{key}.hours_by_year"),
                self.voluntary_part(
                    "machine",
                    machine,
                    v.machine_hours,
                    v.machine_hours_by_year,
                    f"{key}.machine_hours_by_year",
                ),
            )
            by_year = {y: ZERO for y in self.years}
            for part in parts:
                for y, amount in part.by_year.items():
                    by_year[y] = by_year.get(y, ZERO) + amount
            partner = v.partner or self.main
            self.voluntary[partner] += sum(by_year.values(), ZERO)
            self.line(key, partner, "voluntary_work", v.description, by_year, parts=parts)

    def voluntary_part(
        self,
        kind: str,
        rate: Decimal,
        hours: Decimal | None,
        hours_by_year: Mapping[int, Decimal] | None,
        key: str,
    ) -> VoluntaryPart:
        """People's or machines' hours valued at the rate: per year, or a total spread."""
        if hours_by_year is not None:
            given = self.explicit(hours_by_year, key)
            by_year = {y: self.amount_rounding(h * rate) for y, h in given.items()}
            return VoluntaryPart(kind, rate, None, _frozen(given), _frozen(by_year))
        total = self.amount_rounding(Decimal(hours or 0) * rate)
        return VoluntaryPart(kind, rate, hours, None, _frozen(self.spread(total)))

    # -- cost options (computed in costoptions.py) ----------------------------------------
    def flat_rate_uses(self) -> list[costoptions.FlatRateUse]:
        """The flat rates of the cost model and the added cost options, per implementer.
        A project's own rate is used where the rule allows it (else the rule's rate, and
        checks.flat_rate_rates says so)."""
        uses: list[costoptions.FlatRateUse] = []
        partners = self.partner_ids()
        for key, option, partner, own_rate in costoptions.choices(self.p):
            rule = self.programme.cost_models[option]
            if rule.kind != "flat_rate":
                continue
            rate = self.rules.dec(f"cost_models.{option}.rate", rule.rate)
            assert rate is not None
            if own_rate is not None and own_rate != rate:
                low = self.rules.dec(f"cost_models.{option}.min_rate", rule.min_rate, ZERO)
                if costoptions.rate_allowed(own_rate, rate, rule.adjustable, low):
                    rate = own_rate
            for p in [partner] if partner else partners:
                if any((u.partner, u.option) == (p, option) for u in uses):
                    continue  # chosen twice: counted once (checks.exclusive_options says so)
                uses.append(
                    costoptions.FlatRateUse(
                        key, option, p, rate, tuple(rule.base), rule.target, rule.order
                    )
                )
        return uses

    def flat_rates_of_options(self) -> None:
        """Every flat rate of every implementer, in the rules' order of evaluation."""
        uses = self.flat_rate_uses()
        if not uses:
            return
        r = self.programme.rounding
        rounding = costoptions.Rounding(
            str(self.rules.get("rounding.flat_rate_mode", r.flat_rate_mode)),
            Decimal(self.rules.get("rounding.flat_rate_unit", r.flat_rate_unit)),
            str(self.rules.get("rounding.flat_rate_scope", r.flat_rate_scope)),
        )
        amounts = costoptions.evaluate_flat_rates(
            ((line.partner, line.category, line.by_year) for line in self.lines),
            uses,
            self.all_years(),
            rounding,
        )
        for a in amounts:
            use = a.use
            base_weights = dict(a.base_by_year)
            self.flat_rates.append(
                FlatRateResult(
                    use.partner,
                    use.rate,
                    use.base,
                    a.base,
                    a.amount,
                    _frozen(a.by_year),
                    use.option,
                    use.key,
                    use.target,
                    _frozen(base_weights),
                )
            )
            if a.base == 0:
                continue  # no cost line: the result keeps the rate for the workbook's row
            names = self.programme.cost_models[use.option].name
            # the cost model's flat rate is spread by its base's years (weights); an added
            # option's years are given
            weights = base_weights if use.key == "project.cost_model" else None
            self.line(use.key, use.partner, use.target, "", a.by_year, weights, names=names)

    def unit_cost_lines(self) -> None:
        """Unit costs: the rule's (or the project's own) rate × the units, at the amount
        rounding point, year by year or as a total spread over the project's months. A unit
        cost without a rate is left out (checks.unit_costs says why)."""
        for i, u in enumerate(self.p.unit_costs):
            key = f"unit_costs[{i}]"
            rule = self.programme.cost_models[u.id]
            if rule.kind != "unit_cost":
                continue
            fixed = self.rules.dec(f"cost_models.{u.id}.unit_rate", rule.unit_rate)
            rate = fixed if fixed is not None else u.unit_rate
            if rate is None:
                continue
            weights: dict[int, Decimal] | None = None
            if u.quantity_by_year is not None:
                quantities = self.explicit(u.quantity_by_year, f"{key}.quantity_by_year")
                by_year = costoptions.unit_cost_by_year(rate, quantities, self.amount_rounding)
            else:
                by_year = self.spread(self.amount_rounding(rate * Decimal(u.quantity or 0)))
                weights = dict(self.project_weights)
            partner = u.partner or self.main
            category = "other" if rule.target == "flat_rate" else rule.target
            self.unit_costs.append(
                UnitCostResult(
                    key,
                    partner,
                    u.id,
                    category,
                    rate,
                    u.quantity,
                    None if u.quantity_by_year is None else _frozen(dict(u.quantity_by_year)),
                    sum(by_year.values(), ZERO),
                    _frozen(by_year),
                )
            )
            names = None if u.description else rule.name
            self.line(key, partner, category, u.description or "", by_year, weights, names=names)

    def partner_ids(self) -> list[str]:
        """Implementers whose budget is in this calculation."""
        with_lines = {line.partner for line in self.lines}
        return [p.id for p in self.p.partners if p.costs_included or p.id in with_lines]

    # -- 2–4. funding ----------------------------------------------------------------------
    def funding(
        self,
    ) -> tuple[list[PartnerFunding], dict[str, Decimal], Decimal | None, Decimal | None]:
        f = self.p.funding
        for i, inc in enumerate(self.p.income):
            by_year, weights = self.amounts(inc.amount, inc.by_year, f"income[{i}]")
            for y, v in by_year.items():
                self.income[inc.partner or self.main][y] += v
            self.income_lines.append(
                CostLineResult(
                    f"income[{i}]",
                    inc.partner or self.main,
                    "income",
                    inc.description,
                    sum(by_year.values(), ZERO),
                    _frozen(by_year),
                    None if weights is None else _frozen(weights),
                )
            )
        max_rate = self.rules.dec("measures.max_support_rate", self.measure.max_support_rate)
        requested = f.support_rate
        if requested is None and f.support is None:
            requested = max_rate if max_rate is not None else ONE
        mode = str(
            self.rules.get("rounding.support_mode", self.programme.rounding.support_mode) or "down"
        )
        unit = self.rules.dec("rounding.support_unit", self.programme.rounding.support_unit, CENT)
        assert unit is not None

        partners = self.partner_ids()
        cost_py = {p: self.partner_cost_by_year(p) for p in partners}
        all_years = self.all_years()
        net_py = {
            p: {y: cost_py[p].get(y, ZERO) - self.income[p].get(y, ZERO) for y in all_years}
            for p in partners
        }
        net = {p: sum(net_py[p].values(), ZERO) for p in partners}
        if requested is not None:
            support = {
                p: round_money(requested * net[p], unit, mode) if net[p] > 0 else ZERO
                for p in partners
            }
        else:
            asked = Decimal(f.support or 0)
            # support is never more than asked: an amount finer than the rule's unit (cents
            # where the programme grants whole euros) is rounded down, and that is said
            granted = round_money(asked, unit, "down")
            if granted != asked:
                self.add(
                    "support_rounded_down",
                    "warning",
                    "funding.support",
                    support=F.money(asked),
                    granted=F.money(granted),
                )
            shares = [max(net[p], ZERO) for p in partners]
            support = dict(zip(partners, allocate(granted, shares, unit), strict=True))

        rows: dict[str, dict[str, Decimal]] = {p: {r: ZERO for r in FUNDING_ROWS} for p in partners}
        explicit_own = self.explicit_own
        for source in f.sources:
            partner = source.partner or self.main
            rows[partner][source.kind] += source.amount
            if source.kind == "own":
                explicit_own.add(partner)
        for partner, value in self.voluntary.items():
            rows[partner]["in_kind"] += value
        municipal = self.p.municipal
        recipient = municipal.recipient if municipal and municipal.recipient else self.main
        for p in partners:
            rows[p]["support"] = support[p]
        if municipal is not None:
            r = rows[recipient]
            if municipal.funding == "remainder":
                others = sum((r[k] for k in FUNDING_ROWS if k not in ("municipal", "own")), ZERO)
                r["municipal"] = net[recipient] - others - r["own"]
            else:
                r["municipal"] = Decimal(municipal.funding)
        for p in partners:  # the own share takes the rest (checks.funding_covers_cost)
            r = rows[p]
            if p not in explicit_own:
                r["own"] = net[p] - sum((r[k] for k in FUNDING_ROWS if k != "own"), ZERO)

        results = []
        for p in partners:
            results.append(
                PartnerFunding(
                    p,
                    sum(cost_py[p].values(), ZERO),
                    sum(self.income[p].values(), ZERO),
                    net[p],
                    share(support[p], net[p]),
                    _frozen(rows[p]),
                    _frozen(net_py[p]),
                    rows[p]["in_kind"] - self.voluntary.get(p, ZERO),
                    self.voluntary.get(p, ZERO),
                )
            )
        totals = {k: sum((rows[p][k] for p in partners), ZERO) for k in FUNDING_ROWS}
        return results, totals, requested, max_rate

    def name_of(self, partner: str) -> str:
        return next((p.name for p in self.p.partners if p.id == partner), partner)

    def partner_cost_by_year(self, partner: str) -> dict[int, Decimal]:
        out: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for line in self.lines:
            if line.partner == partner:
                for y, v in line.by_year.items():
                    out[y] += v
        return out

    def all_years(self) -> list[int]:
        extra = {y for line in self.lines for y in line.by_year}
        extra |= {y for inc in self.income.values() for y in inc}
        return sorted(set(self.years) | extra)

    def split_support(self, support: Decimal) -> dict[str, Decimal]:
        split = checks.support_split(self.programme, self.info.region)
        parts = {
            "eu": self.rules.dec("support_split.eu", split.eu, ZERO),
            "state": self.rules.dec("support_split.state", split.state, ZERO),
            "support_municipal": self.rules.dec("support_split.municipal", split.municipal, ZERO),
        }
        weights = [parts[k] or ZERO for k in parts]  # not summing to 1: a finding
        return dict(zip(parts, split_fractions(support, weights), strict=True))

    # -- 5. municipalities -----------------------------------------------------------------
    def municipal_shares(
        self, total: Decimal, by_year: Mapping[int, Decimal]
    ) -> list[MunicipalShare]:
        m = self.p.municipal
        if m is None or not self.members:
            return []
        n = len(self.members)
        population = Decimal(sum(x.population for x in self.members))
        if m.key == "per_capita":
            weights = [
                Decimal(x.population) / population if population else ONE / n for x in self.members
            ]
        elif m.key == "equal":
            weights = [ONE / n] * n
        elif m.key == "fixed":
            fixed = [x.amount or ZERO for x in self.members]
            fixed_sum = sum(fixed, ZERO)
            weights = [a / fixed_sum if fixed_sum else ONE / n for a in fixed]
        elif m.key == "percent":
            weights = [x.percent or ZERO for x in self.members]
        else:
            base = m.base_share or ZERO
            weights = [
                base / n
                + (ONE - base) * (Decimal(x.population) / population if population else ONE / n)
                for x in self.members
            ]
        if m.key == "fixed":
            amounts = [x.amount or ZERO for x in self.members]
        else:
            amounts = allocate(total, weights)
            weight_sum = sum(weights, ZERO)
            for amount, weight in zip(amounts, weights, strict=True):
                exact = total * weight / weight_sum if weight_sum else total / n
                _invariant(abs(amount - exact) < CENT, f"share {amount} off its key ({exact})")
        shares_sum = sum(amounts, ZERO)  # not the funding (fixed amounts): a finding
        years = sorted(by_year)
        if shares_sum == total:
            cols = [by_year[y] for y in years]  # the municipal row of the funding plan
        else:  # fixed amounts that do not match: spread their own sum
            cols = allocate(shares_sum, [max(by_year[y], ZERO) for y in years])
        table = split_table(amounts, cols)
        out = []
        for i, x in enumerate(self.members):
            mu = x.municipality
            out.append(
                MunicipalShare(
                    mu.code,
                    mu.name_fi,
                    mu.name_sv,
                    mu.language,
                    x.population,
                    x.population_date,
                    x.population_source,
                    weights[i],
                    total * weights[i],
                    amounts[i],
                    _frozen(dict(zip(years, table[i], strict=True))),
                )
            )
        return out

    # -- 6. invariants ---------------------------------------------------------------------
    def invariants(self, net: Decimal, partner_funding: list[PartnerFunding]) -> None:
        """What the calculation guarantees whatever the input; a breach is a program error."""
        parts = sum((pf.net_cost for pf in partner_funding), ZERO)
        _invariant(parts == net, f"implementers' net costs {parts} != net cost {net}")

    # -- all -------------------------------------------------------------------------------
    def run(self) -> Result:
        self.costs()
        partner_funding, rows, requested, max_rate = self.funding()
        years = self.all_years()
        by_category_year: dict[str, dict[int, Decimal]] = {}
        for line in self.lines:
            cat = by_category_year.setdefault(line.category, {y: ZERO for y in years})
            for y, v in line.by_year.items():
                cat[y] += v
        order = [*CATEGORIES, "flat_rate", "lump_sum", "voluntary_work"]
        by_category_year = {c: by_category_year[c] for c in order if c in by_category_year}
        by_category = {c: sum(v.values(), ZERO) for c, v in by_category_year.items()}
        by_year = {y: sum((v[y] for v in by_category_year.values()), ZERO) for y in years}
        by_partner = {p.partner: p.total_cost for p in partner_funding}
        total = sum(by_category.values(), ZERO)
        partners = self.partner_ids()
        income_by_year = {
            y: sum((self.income[p].get(y, ZERO) for p in partners), ZERO) for y in years
        }
        income = sum(income_by_year.values(), ZERO)
        net = total - income
        net_by_year = {y: by_year[y] - income_by_year[y] for y in years}
        funding_by_year = {k: _frozen(v) for k, v in funding_years(rows, net_by_year).items()}
        funding = dict(rows)
        funding.update(self.split_support(rows["support"]))
        rate = share(rows["support"], net)
        shares = self.municipal_shares(rows["municipal"], funding_by_year["municipal"])
        shown_shares = {k: share(v, net) for k, v in funding.items()}
        shown_shares["total"] = share(sum((rows[k] for k in FUNDING_ROWS), ZERO), net)
        self.invariants(net, partner_funding)
        municipalities = by_role(self.p, partner_funding, shares, years, funding_years)
        model = self.cost_model
        measure = self.measure
        result = Result(
            name=self.info.name,
            case_number=self.info.case_number,
            project_number=self.info.project_number,
            start=self.info.start,
            end=self.info.end,
            authority=self.info.authority,
            programme_id=self.programme.id,
            programme_name=_names(self.programme.name),
            fund=self.programme.fund,
            measure_id=self.info.measure,
            measure_name=_names(measure.name),
            cost_model_id=self.info.cost_model,
            cost_model_name=_names(model.name),
            cost_model_kind=model.kind,
            partners=tuple(
                PartnerInfo(
                    p.id, p.name, p.role, p.business_id, p.sector, p.costs_included, p.organisation
                )
                for p in self.p.partners
            ),
            years=tuple(years),
            cost_lines=tuple(self.lines),
            staff=tuple(self.staff),
            flat_rates=tuple(self.flat_rates),
            by_category=_frozen(by_category),
            by_year=_frozen(by_year),
            by_partner=_frozen(by_partner),
            by_category_year=_frozen({c: _frozen(v) for c, v in by_category_year.items()}),
            total_cost=total,
            income=income,
            income_by_year=_frozen(income_by_year),
            income_lines=tuple(self.income_lines),
            months_by_year=_frozen(self.project_weights),
            net_cost=net,
            net_by_year=_frozen(net_by_year),
            support_rate=rate,
            requested_support_rate=requested,
            max_support_rate=max_rate,
            funding=_frozen(funding),
            funding_shares=_frozen(shown_shares),
            funding_rows_shown=tuple(k for k in FUNDING_ROWS if k == "support" or funding[k]),
            support_parts_shown=tuple(
                k for k in ("eu", "state", "support_municipal") if funding[k]
            ),
            partner_rows_shown=tuple(
                k for k in FUNDING_ROWS[1:] if any(pf.rows[k] for pf in partner_funding)
            ),
            funding_by_year=_frozen(funding_by_year),
            partner_funding=tuple(partner_funding),
            explicit_own=frozenset(self.explicit_own),
            municipal_key=self.p.municipal.key if self.p.municipal else None,
            municipal_base_share=self.p.municipal.base_share if self.p.municipal else None,
            municipal_recipient=(self.p.municipal.recipient or self.main)
            if self.p.municipal
            else None,
            municipal_remainder=bool(self.p.municipal and self.p.municipal.funding == "remainder"),
            municipal_shares=tuple(shares),
            rules_used=(),
            conditions=_conditions(self.programme, self.info.measure, self.rules.day),
            findings=(),
            unit_costs=tuple(self.unit_costs),
            cost_options=tuple(dict.fromkeys(o for _, o, _, _ in costoptions.choices(self.p))),
            cost_option_names=_frozen(
                {
                    o: _names(self.programme.cost_models[o].name)
                    for _, o, _, _ in costoptions.choices(self.p)
                }
            ),
            municipalities=municipalities,
        )
        context = checks.Context(
            self.p, self.programme, self.defaults, result, self.rules, self.find_municipality
        )
        found = [*self.findings, *checks.run(context)]
        return result.with_findings(tuple(found), tuple(self.rules.used.values()))


def without_drivers(v: Any) -> tuple[Decimal | None, dict[int, Decimal] | None]:
    """People's hours of a talkootyö line less its machine hours (each machine hour had a
    driver), in the form the people's hours were given; never below zero."""
    if v.hours_by_year is not None:
        machine = dict(v.machine_hours_by_year or {})
        if v.machine_hours:  # a machine total: taken from the years in order
            left = Decimal(v.machine_hours)
            for year in sorted(v.hours_by_year):
                take = min(left, Decimal(v.hours_by_year[year]))
                machine[year] = machine.get(year, ZERO) + take
                left -= take
        return None, {
            y: max(Decimal(h) - machine.get(y, ZERO), ZERO) for y, h in v.hours_by_year.items()
        }
    machine_total = Decimal(v.machine_hours or 0) + sum(
        (Decimal(h) for h in (v.machine_hours_by_year or {}).values()), ZERO
    )
    return max(Decimal(v.hours or 0) - machine_total, ZERO), None


def funding_years(
    rows: Mapping[str, Decimal], net_by_year: Mapping[int, Decimal]
) -> dict[str, dict[int, Decimal]]:
    """Each funding row over the years, so that rows and years both add up exactly
    (:func:`allocate_matrix`: no part negative, a year of 0 € gives 0 € to every row)."""
    years = list(net_by_year)
    table = split_table([rows[k] for k in FUNDING_ROWS], [net_by_year[y] for y in years])
    return {k: dict(zip(years, table[i], strict=True)) for i, k in enumerate(FUNDING_ROWS)}


def split_table(
    row_totals: Sequence[Decimal], col_totals: Sequence[Decimal]
) -> list[list[Decimal]]:
    """:func:`allocate_matrix`, or for totals it refuses the remainder split below.

    A negative row or year total, or rows that do not add up to the years, happen only in a
    project with an error finding (funding or income above the cost, funding not equal to
    the cost). Such a table has no split without negative parts; it is still filled so that
    the figures can be shown: every year but the last split among the rows in proportion to
    the row totals, and the last year takes what is left of each row.
    """
    if (
        all(t >= 0 for t in row_totals)
        and all(c >= 0 for c in col_totals)
        and sum(row_totals, ZERO) == sum(col_totals, ZERO)
    ):
        return allocate_matrix(row_totals, col_totals)
    table = [[ZERO.quantize(CENT)] * len(col_totals) for _ in row_totals]
    if not col_totals:
        return table
    for j, col_total in enumerate(col_totals[:-1]):
        for i, part in enumerate(allocate(col_total, row_totals)):
            table[i][j] = part
    for i, row_total in enumerate(row_totals):
        table[i][-1] = (row_total - sum(table[i][:-1], ZERO)).quantize(CENT)
    return table


def compute(
    project: ProjectFile,
    programme: Programme,
    members: Sequence[MemberInput],
    defaults: Defaults,
    find_municipality: Callable[[str], Municipality | None],
) -> Result:
    """A project's cost estimate, funding plan, municipal shares and findings.

    Pure: everything read comes in as an argument (the project, its programme's rules, the
    participating municipalities as the loader resolved them, the shared defaults and the
    lookup of municipalities by name; the last two tell public funders from private ones).
    """
    return _Calc(project, programme, members, defaults, find_municipality).run()


def _invariant(holds: bool, what: str) -> None:
    if not holds:
        raise InternalError(f"calculation invariant broken: {what}")
