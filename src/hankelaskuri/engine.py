"""The calculation: project + rules → :class:`~hankelaskuri.result.Result`. Pure: no I/O.

Order of work, each step at a named rounding point:

1. costs per implementer, category and year (staff roles and hours, cost lines, lump sums,
   voluntary work), then flat rates on their base (``rounding.flat_rate_*``);
2. income and the net cost;
3. each implementer's support (``rounding.support_*``, support rounded down by default),
   municipal funding, other rows, and the own share as the remainder;
4. the support split into EU / state (/ Leader municipal) parts, and every funding row
   split over the years, so that rows and years both add up and no part is negative
   (:func:`allocate_matrix`);
5. the municipal funding split among the municipalities by the key (largest remainder);
6. rule checks, collected as findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from . import findings as F
from .findings import Finding
from .models import CATEGORIES, ProjectFile, StaffLine
from .money import (
    CENT,
    ZERO,
    allocate,
    allocate_matrix,
    cents,
    round_money,
    share,
    split_fractions,
    spread_years,
)
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
    RuleUse,
    StaffResult,
    VoluntaryPart,
)
from .rules import Param, Programme, SupportSplit, load_defaults

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


def project_months(start: date, end: date) -> int:
    """Calendar months the period touches (a started month counts whole)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


# Resolved rule values: (id(param), day, name) → (param, value, use, out of date). The param
# is kept in the value so its id cannot be reused while the entry lives.
_RESOLVED: dict[tuple[int, date, str], tuple[Param, Any, RuleUse, bool]] = {}


class _Rules:
    """Rule values on the reference date; records each use and any value not in force."""

    def __init__(self, programme: Programme, day: date) -> None:
        self.programme = programme
        self.day = day
        self.used: dict[str, RuleUse] = {}
        self.out_of_date: list[str] = []

    def get(self, name: str, param: Param | None, optional: bool = False) -> Any:
        """The value on the reference date. An ``optional`` value (a cap a call set) that is
        not in force is no value at all; any other value not in force is reported."""
        if param is None:
            return None
        if optional and param.at(self.day) is None:
            return None
        key = (id(param), self.day, name)
        cached = _RESOLVED.get(key)
        if cached is None:
            entry = param.at(self.day)
            out_of_date = entry is None
            if entry is None:
                # Not in force on the reference date: use the nearest value so the project
                # can still be shown, and say so once (see _Calc.checks).
                entry = min(
                    param.entries,
                    key=lambda e: min(
                        abs((e.since - self.day).days), abs(((e.until or e.since) - self.day).days)
                    ),
                )
            use = RuleUse(
                name,
                str(entry.value),
                entry.since,
                entry.until,
                entry.source,
                entry.status,
                entry.note,
            )
            cached = (param, entry.value, use, out_of_date)
            if len(_RESOLVED) > 10_000:
                _RESOLVED.clear()
            _RESOLVED[key] = cached
        _, value, use, out_of_date = cached
        if out_of_date:
            self.out_of_date.append(name)
        self.used.setdefault(name, use)
        return value

    def dec(
        self,
        name: str,
        param: Param | None,
        default: Decimal | None = None,
        optional: bool = False,
    ) -> Decimal | None:
        value = self.get(name, param, optional)
        return default if value is None else Decimal(value)


class _Calc:
    def __init__(
        self, project: ProjectFile, programme: Programme, members: Sequence[MemberInput]
    ) -> None:
        self.p = project
        self.info = project.project
        self.programme = programme
        self.members = members
        self.rules = _Rules(programme, self.info.reference_date or self.info.start)
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
        self.public_names = load_defaults().public_body_pattern(self.rules.day)

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
    ) -> None:
        self.lines.append(
            CostLineResult(
                key,
                partner or self.main,
                category,
                description,
                sum(by_year.values(), ZERO),
                _frozen(by_year),
                None if weights is None else _frozen(weights),
                parts,
            )
        )

    # -- 1. costs --------------------------------------------------------------------------
    def staff_line(self, i: int, s: StaffLine) -> None:
        key = f"staff[{i}]"
        partner = s.partner or self.main
        hourly_rate = on_cost = fte = None
        weights: dict[int, Decimal] | None = None
        hours_by_year: dict[int, Decimal] | None = None
        if s.form == "role":
            on_cost = s.on_cost_rate
            if on_cost is None:
                on_cost = self.rules.dec(
                    "staff.on_cost_rate", self.programme.staff.on_cost_rate, ZERO
                )
            fte = s.fte if s.fte is not None else ONE
            months = Decimal(s.months or 0)
            total = cents(fte * months * Decimal(s.monthly_pay or 0) * (ONE + on_cost))
            start = s.start or self.info.start
            all_months = month_weights(start, months, self.years)
            weights = {y: all_months.get(y, ZERO) for y in self.years}
            by_year = self.spread(total, weights)
            for year, in_year in all_months.items():
                if year not in self.years and in_year:
                    self.outside(year, f"{key}.months")
        elif s.form == "hours":
            hours_per_year = self.rules.dec(
                "staff.hours_per_year", self.programme.staff.hours_per_year, Decimal(1720)
            )
            assert hours_per_year
            hourly_rate = cents(Decimal(s.annual_cost or 0) / hours_per_year)
            if s.hours_by_year is not None:
                hours = self.explicit(s.hours_by_year, f"{key}.hours_by_year")
                hours_by_year = hours
                by_year = {y: cents(h * hourly_rate) for y, h in hours.items()}
                for y, h in hours.items():
                    if h > hours_per_year:
                        self.add(
                            "hours_above_year",
                            "warning",
                            f"{key}.hours_by_year.{y}",
                            title=s.title,
                            hours=h,
                            year=y,
                            max=hours_per_year,
                        )
            else:
                by_year = self.spread(cents(Decimal(s.hours or 0) * hourly_rate))
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
            )
        )
        self.line(key, partner, "staff", s.title, by_year, weights)

    def costs(self) -> None:
        for i, s in enumerate(self.p.staff):
            self.staff_line(i, s)
        for i, c in enumerate(self.p.costs):
            by_year, weights = self.amounts(c.amount, c.by_year, f"costs[{i}]")
            self.line(f"costs[{i}]", c.partner, c.category, c.description, by_year, weights)
        self.lump_sums()
        self.voluntary_work()
        self.flat_rate()

    def lump_sums(self) -> None:
        lump_model = self.cost_model.kind == "lump_sum"
        for i, lump in enumerate(self.p.lump_sums):
            rule = self.programme.lump_sums[lump.id]
            fixed = self.rules.dec(f"lump_sums.{lump.id}.amount", rule.amount)
            name = rule.name.fi
            if fixed is not None and lump.amount != fixed:
                self.add(
                    "lump_sum_amount",
                    "error",
                    f"lump_sums[{i}].amount",
                    name=name,
                    amount=F.money(lump.amount),
                    fixed=F.money(fixed),
                )
            if not lump_model:
                self.add(
                    "lump_sum_not_in_model",
                    "error",
                    f"lump_sums[{i}].id",
                    name=name,
                    model=self.info.cost_model,
                )
            max_months = self.rules.dec(
                f"lump_sums.{lump.id}.max_duration_months", rule.max_duration_months
            )
            months = project_months(self.info.start, self.info.end)
            if max_months is not None and months > max_months:
                self.add(
                    "duration_above_max",
                    "warning",
                    "project.end",
                    name=name,
                    max=max_months,
                    months=months,
                )
            by_year, weights = self.amounts(lump.amount, lump.by_year, f"lump_sums[{i}]")
            self.line(f"lump_sums[{i}]", lump.partner, "lump_sum", rule.name.fi, by_year, weights)
        if lump_model:
            if not self.p.lump_sums:
                self.add("lump_sum_missing", "error", "project.cost_model")
            for line in self.lines:
                if line.category in CATEGORIES:
                    self.add("lump_sum_with_costs", "error", line.key, category=line.category)

    def voluntary_work(self) -> None:
        rules = self.programme.voluntary_work
        for i, v in enumerate(self.p.voluntary_work):
            key = f"voluntary_work[{i}]"
            if rules is None:
                self.add("voluntary_work_not_allowed", "error", key, programme=self.programme.id)
                continue
            rate = self.rules.dec("voluntary_work.hourly_rate", rules.hourly_rate, ZERO)
            machine = self.rules.dec(
                "voluntary_work.machine_hourly_rate", rules.machine_hourly_rate, ZERO
            )
            assert rate is not None and machine is not None
            parts = (
                self.voluntary_part(
                    "people", rate, v.hours, v.hours_by_year, f"{key}.hours_by_year"
                ),
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
            by_year = {y: cents(h * rate) for y, h in given.items()}
            return VoluntaryPart(kind, rate, None, _frozen(given), _frozen(by_year))
        total = cents(Decimal(hours or 0) * rate)
        return VoluntaryPart(kind, rate, hours, None, _frozen(self.spread(total)))

    def flat_rate(self) -> None:
        model = self.cost_model
        if model.kind != "flat_rate":
            return
        rate = self.rules.dec(f"cost_models.{self.info.cost_model}.rate", model.rate, ZERO)
        assert rate is not None
        mode = str(
            self.rules.get("rounding.flat_rate_mode", self.programme.rounding.flat_rate_mode)
            or "half_up"
        )
        unit = self.rules.dec(
            "rounding.flat_rate_unit", self.programme.rounding.flat_rate_unit, CENT
        )
        assert unit is not None
        for line in self.lines:
            if line.category in model.covers:
                self.add(
                    "cost_covered_by_flat_rate",
                    "error",
                    f"{line.key}",
                    category=line.category,
                    model=self.info.cost_model,
                )
        for partner in self.partner_ids():
            base_by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
            for line in self.lines:
                if line.partner == partner and line.category in model.base:
                    for y, v in line.by_year.items():
                        base_by_year[y] += v
            base = sum(base_by_year.values(), ZERO)
            if base == 0:
                continue
            amount = round_money(base * rate, unit, mode)
            base_weights = {y: base_by_year.get(y, ZERO) for y in self.all_years()}
            by_year = spread_years(amount, base_weights)
            self.flat_rates.append(
                FlatRateResult(partner, rate, tuple(model.base), base, amount, _frozen(by_year))
            )
            self.line(
                "project.cost_model", partner, "flat_rate", model.name.fi, by_year, base_weights
            )

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
        net_py = {
            p: {y: cost_py[p].get(y, ZERO) - self.income[p].get(y, ZERO) for y in self.all_years()}
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
            weights = [max(net[p], ZERO) for p in partners]
            support = dict(zip(partners, allocate(granted, weights, unit), strict=True))

        rows: dict[str, dict[str, Decimal]] = {p: {r: ZERO for r in FUNDING_ROWS} for p in partners}
        explicit_own = self.explicit_own
        for i, source in enumerate(f.sources):
            partner = source.partner or self.main
            rows[partner][source.kind] += source.amount
            if source.kind == "own":
                explicit_own.add(partner)
            if source.kind == "private":
                self.check_private(i, source.provider, source.provider_sector, partner)
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
                if r["municipal"] < 0 and net[recipient] >= 0:
                    self.add(
                        "funding_exceeds_cost",
                        "error",
                        "municipal.funding",
                        partner=self.name_of(recipient),
                        funding=F.money(others + r["own"]),
                        cost=F.money(net[recipient]),
                        own=F.money(r["municipal"]),
                    )
            else:
                r["municipal"] = Decimal(municipal.funding)
        for p in partners:
            r = rows[p]
            others = sum((r[k] for k in FUNDING_ROWS if k != "own"), ZERO)
            if p not in explicit_own:
                r["own"] = net[p] - others
                if net[p] < 0:
                    self.add(
                        "income_exceeds_cost",
                        "error",
                        "income",
                        partner=self.name_of(p),
                        income=F.money(sum(self.income[p].values(), ZERO)),
                        cost=F.money(net[p] + sum(self.income[p].values(), ZERO)),
                    )
                elif r["own"] < 0:
                    self.add(
                        "funding_exceeds_cost",
                        "error",
                        "funding",
                        partner=self.name_of(p),
                        funding=F.money(others),
                        cost=F.money(net[p]),
                        own=F.money(r["own"]),
                    )
            total = sum(r.values(), ZERO)
            if total != net[p]:
                self.add(
                    "funding_not_equal_cost",
                    "error",
                    "funding.sources",
                    partner=self.name_of(p),
                    funding=F.money(total),
                    cost=F.money(net[p]),
                    difference=F.money(total - net[p]),
                )

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
                )
            )
        totals = {k: sum((rows[p][k] for p in partners), ZERO) for k in FUNDING_ROWS}
        return results, totals, requested, max_rate

    def check_private(self, i: int, provider: str, sector: str | None, partner: str) -> None:
        from .municipalities import find

        name = provider or self.name_of(partner)
        partner_info = next(p for p in self.p.partners if p.id == partner)
        if sector is None and not provider:
            sector = partner_info.sector
        public = sector == "public" or (
            sector is None and (find(name) is not None or bool(self.public_names.search(name)))
        )
        if public:
            self.add("public_as_private", "error", f"funding.sources[{i}].kind", provider=name)

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
        split: SupportSplit = self.programme.support_split
        if self.info.region and self.info.region in self.programme.support_split_by_region:
            split = self.programme.support_split_by_region[self.info.region]
        parts = {
            "eu": self.rules.dec("support_split.eu", split.eu, ZERO),
            "state": self.rules.dec("support_split.state", split.state, ZERO),
            "support_municipal": self.rules.dec("support_split.municipal", split.municipal, ZERO),
        }
        weights = [parts[k] or ZERO for k in parts]
        if sum(weights, ZERO) != ONE:
            self.add(
                "support_split_invalid",
                "error",
                "project.programme",
                sum=F.percent(sum(weights, ZERO)),
            )
        return dict(zip(parts, split_fractions(support, weights), strict=True))

    # -- 5. municipalities -----------------------------------------------------------------
    def municipal_shares(
        self, total: Decimal, by_year: Mapping[int, Decimal]
    ) -> list[MunicipalShare]:
        m = self.p.municipal
        if m is None or not self.members:
            if m is not None and total > 0:
                self.add(
                    "municipal_without_members", "warning", "municipal", funding=F.money(total)
                )
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
        shares_sum = sum(amounts, ZERO)
        weight_sum = sum(weights, ZERO)
        if shares_sum != total or (m.key == "percent" and weight_sum != ONE):
            shown = shares_sum if m.key == "fixed" else cents(total * weight_sum)
            self.add(
                "municipal_shares_mismatch",
                "error",
                "municipal.members",
                shares=F.money(shown),
                funding=F.money(total),
            )
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

    # -- 6. checks -------------------------------------------------------------------------
    def checks(
        self,
        rate: Decimal,
        net: Decimal,
        support: Decimal,
        requested: Decimal | None,
        max_rate: Decimal | None,
    ) -> None:
        f = self.p.funding
        key = (
            "funding.support_rate"
            if f.support_rate is not None
            else "funding.support"
            if f.support is not None
            else "funding"
        )
        rate_breach = max_rate is not None and net > 0 and support / net > max_rate
        if rate_breach:
            assert max_rate is not None
            self.add(
                "support_rate_above_max",
                "error",
                key,
                rate=F.percent(requested if requested is not None else rate),
                max=F.percent(max_rate),
            )
        min_own = self.rules.dec("measures.min_own_share", self.measure.min_own_share)
        if min_own is not None and net > 0 and not rate_breach and (net - support) / net < min_own:
            self.add(
                "own_share_below_min",
                "error",
                key,
                share=F.percent(share(net - support, net)),
                min=F.percent(min_own),
            )
        cap = self.rules.dec("measures.max_support", self.measure.max_support, optional=True)
        if cap is not None and support > cap:
            self.add("support_above_cap", "error", key, support=F.money(support), cap=F.money(cap))
        allowed = self.rules.get("measures.cost_models", self.measure.cost_models) or []
        if self.info.cost_model not in allowed:
            self.add(
                "cost_model_not_allowed",
                "error",
                "project.cost_model",
                model=self.info.cost_model,
                measure=self.info.measure,
                allowed=", ".join(allowed),
            )
        elig = self.programme.eligibility
        first = self.rules.get("eligibility.start", elig.start)
        last = self.rules.get("eligibility.end", elig.end) if elig.end else None
        if (first and self.info.start < first) or (last and self.info.end > last):
            self.add(
                "dates_outside_programme",
                "error",
                "project.start" if first and self.info.start < first else "project.end",
                start=F.day(self.info.start),
                end=F.day(self.info.end),
                **{"from": F.day(first) if first else "", "to": F.day(last) if last else "…"},
            )
        outside = any(f.code == "dates_outside_programme" for f in self.findings)
        if self.rules.out_of_date and not outside:
            self.add(
                "rule_not_valid",
                "error",
                "project.start",
                rule=", ".join(sorted(set(self.rules.out_of_date))),
                date=F.day(self.rules.day),
            )
        for i, partner in enumerate(self.p.partners):
            if partner.costs_included and not any(
                line.partner == partner.id for line in self.lines if line.total
            ):
                self.add("partner_without_budget", "error", f"partners[{i}]", partner=partner.name)

    def consistency(
        self,
        net: Decimal,
        partner_funding: list[PartnerFunding],
        rows: Mapping[str, Decimal],
        shares: list[MunicipalShare],
    ) -> None:
        """Co-financing self-checks: partners add up to the project, shares follow the key."""
        # (funding against cost is checked per implementer in funding())
        sums = [("net_cost", sum((pf.net_cost for pf in partner_funding), ZERO), net)]
        for name, parts, whole in sums:
            if parts != whole:
                self.add(
                    "shares_do_not_add_up",
                    "error",
                    "funding",
                    what=name,
                    parts=F.money(parts),
                    whole=F.money(whole),
                )
        m = self.p.municipal
        if m is not None and m.key != "fixed":
            for share_ in shares:
                if abs(share_.amount - share_.exact) >= CENT:
                    self.add(
                        "municipal_share_off_key",
                        "error",
                        "municipal.members",
                        municipality=share_.name_fi,
                        amount=F.money(share_.amount),
                        exact=F.money(cents(share_.exact)),
                    )

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
        income_by_year = {
            y: sum((self.income[p].get(y, ZERO) for p in self.partner_ids()), ZERO) for y in years
        }
        income = sum(income_by_year.values(), ZERO)
        net = total - income
        net_by_year = {y: by_year[y] - income_by_year[y] for y in years}
        funding_by_year = {k: _frozen(v) for k, v in funding_years(rows, net_by_year).items()}
        if not any(f.code == "income_exceeds_cost" for f in self.findings):
            for y in years:
                if net_by_year[y] < 0:  # a funding plan cannot be negative in a year
                    self.add(
                        "income_exceeds_year_cost",
                        "error",
                        "income",
                        year=y,
                        income=F.money(income_by_year[y]),
                        cost=F.money(by_year[y]),
                    )
        funding = dict(rows)
        funding.update(self.split_support(rows["support"]))
        rate = share(rows["support"], net)
        shares = self.municipal_shares(rows["municipal"], funding_by_year["municipal"])
        self.checks(rate, net, rows["support"], requested, max_rate)
        self.consistency(net, partner_funding, rows, shares)
        model = self.cost_model
        measure = self.measure
        return Result(
            name=self.info.name,
            case_number=self.info.case_number,
            project_number=self.info.project_number,
            start=self.info.start,
            end=self.info.end,
            authority=self.info.authority,
            programme_id=self.programme.id,
            programme_name=_frozen(self.programme.name.model_dump()),
            fund=self.programme.fund,
            measure_id=self.info.measure,
            measure_name=_frozen(measure.name.model_dump()),
            cost_model_id=self.info.cost_model,
            cost_model_name=_frozen(model.name.model_dump()),
            cost_model_kind=model.kind,
            partners=tuple(
                PartnerInfo(p.id, p.name, p.role, p.business_id, p.sector, p.costs_included)
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
            rules_used=tuple(self.rules.used.values()),
            conditions=tuple(
                Condition(cid, _frozen(c.text.model_dump()), c.source, c.status)
                for cid, c in self.programme.conditions.items()
                if c.applies(self.info.measure, self.rules.day)
            ),
            findings=tuple(self.findings),
        )


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
    project: ProjectFile, programme: Programme, members: Sequence[MemberInput] = ()
) -> Result:
    """Compute a project's cost estimate, funding plan, municipal shares and findings."""
    return _Calc(project, programme, members).run()
