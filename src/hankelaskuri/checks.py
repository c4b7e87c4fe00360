"""Rule checks on a computed project: plain functions in one registered list.

Each check reads a :class:`Context` (the project as written, its programme's rules, the
computed :class:`~hankelaskuri.result.Result` and the rule values on the reference date)
and returns the findings it has, as data; none raises, prints or changes the result.
:func:`run` calls them in the order of :data:`CHECKS`. A new check is a function decorated
with :func:`check`; its finding codes need a message in the catalogue and a test case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from . import costoptions, i18n
from . import findings as F
from .findings import Finding
from .models import CATEGORIES, ProjectFile
from .money import ZERO, cents, share
from .municipalities import Municipality
from .result import FUNDING_ROWS, Result
from .rule_values import RuleValues
from .rules import Defaults, Programme, SupportSplit

ONE = Decimal(1)


@dataclass(frozen=True)
class Context:
    """What a check may read."""

    project: ProjectFile
    programme: Programme
    defaults: Defaults
    result: Result
    rules: RuleValues
    find_municipality: Callable[[str], Municipality | None]


Check = Callable[[Context], Iterable[Finding]]
CHECKS: list[Check] = []
"""The checks in the order they run (and their findings are listed)."""


def check(fn: Check) -> Check:
    """Register ``fn`` as a check (appended to :data:`CHECKS`)."""
    CHECKS.append(fn)
    return fn


def run(ctx: Context) -> list[Finding]:
    """Every registered check's findings, in order."""
    return [f for fn in CHECKS for f in fn(ctx)]


# -- costs -----------------------------------------------------------------------------------
@check
def hours_above_year(ctx: Context) -> Iterator[Finding]:
    """Hours given for a year above a full year's working hours (*vuosityöaika*)."""
    for s in ctx.result.staff:
        if s.form != "hours" or s.hours_by_year is None:
            continue
        full = ctx.rules.dec("staff.hours_per_year", ctx.programme.staff.hours_per_year)
        assert full is not None
        for year, hours in s.hours_by_year.items():
            if hours > full:
                yield F.finding(
                    "hours_above_year",
                    "warning",
                    f"{s.key}.hours_by_year.{year}",
                    title=s.title,
                    hours=hours,
                    year=year,
                    max=full,
                )


@check
def lump_sums(ctx: Context) -> Iterator[Finding]:
    """Lump sums (*kertakorvaus*): the fixed amount or the maximum, the cost model (unless
    the lump sum may stand beside other costs), the duration."""
    p, info = ctx.project, ctx.project.project
    lump_model = ctx.programme.cost_models[info.cost_model].kind == "lump_sum"
    for i, lump in enumerate(p.lump_sums):
        rule = ctx.programme.lump_sums[lump.id]
        name = F.names(rule.name.get)
        fixed = ctx.rules.dec(f"lump_sums.{lump.id}.amount", rule.amount)
        most = ctx.rules.dec(f"lump_sums.{lump.id}.max_amount", rule.max_amount, optional=True)
        if most is not None and lump.amount > most:
            yield F.finding(
                "lump_sum_above_max",
                "error",
                f"lump_sums[{i}].amount",
                name=name,
                amount=F.money(lump.amount),
                max=F.money(most),
            )
        if fixed is not None and lump.amount != fixed:
            yield F.finding(
                "lump_sum_amount",
                "error",
                f"lump_sums[{i}].amount",
                name=name,
                amount=F.money(lump.amount),
                fixed=F.money(fixed),
            )
        if not lump_model and not rule.with_other_costs:
            yield F.finding(
                "lump_sum_not_in_model",
                "error",
                f"lump_sums[{i}].id",
                name=name,
                model=info.cost_model,
            )
        max_months = ctx.rules.dec(
            f"lump_sums.{lump.id}.max_duration_months", rule.max_duration_months
        )
        months = project_months(info.start, info.end)
        if max_months is not None and months > max_months:
            yield F.finding(
                "duration_above_max",
                "warning",
                "project.end",
                name=name,
                max=max_months,
                months=months,
            )
    if lump_model:
        if not p.lump_sums:
            yield F.finding("lump_sum_missing", "error", "project.cost_model")
        for line in ctx.result.cost_lines:
            if line.category in CATEGORIES:
                yield F.finding(
                    "lump_sum_with_costs", "error", line.key, category=_category(line.category)
                )


@check
def voluntary_work_allowed(ctx: Context) -> Iterator[Finding]:
    """Voluntary work (*talkootyö*) only where the programme values it."""
    if ctx.programme.voluntary_work is None:
        for i, _ in enumerate(ctx.project.voluntary_work):
            yield F.finding(
                "voluntary_work_not_allowed",
                "error",
                f"voluntary_work[{i}]",
                programme=ctx.programme.id,
            )


def _partners(ctx: Context) -> list[str]:
    return [pf.partner for pf in ctx.result.partner_funding]


def _at(key: str) -> str:
    """The key of an option's id (the cost model is its own key)."""
    return key if key == "project.cost_model" else f"{key}.id"


@check
def costs_covered_by_flat_rate(ctx: Context) -> Iterator[Finding]:
    """A flat rate replaces some categories: real costs in them would be counted twice."""
    chosen = costoptions.choices(ctx.project)
    models = ctx.programme.cost_models
    flat_lines = {f.key for f in ctx.result.flat_rates}
    real = [line for line in ctx.result.cost_lines if line.key not in flat_lines]
    reported: set[tuple[str, str]] = set()
    for partner, options in costoptions.options_by_partner(chosen, _partners(ctx)).items():
        for _, option in options:
            if models[option].kind != "flat_rate":
                continue
            for line in real:
                if line.partner == partner and line.category in models[option].covers:
                    if (line.key, option) not in reported:
                        reported.add((line.key, option))
                        yield F.finding(
                            "cost_covered_by_flat_rate",
                            "error",
                            line.key,
                            category=_category(line.category),
                            model=option,
                        )


@check
def flat_rate_rates(ctx: Context) -> Iterator[Finding]:
    """A rate the project gives for a flat rate: within the rule's range, or the fixed rate."""
    for key, option, _, own in costoptions.choices(ctx.project):
        rule = ctx.programme.cost_models[option]
        if own is None or rule.kind != "flat_rate":
            continue
        rate = ctx.rules.dec(f"cost_models.{option}.rate", rule.rate)
        low = ctx.rules.dec(f"cost_models.{option}.min_rate", rule.min_rate, ZERO)
        assert rate is not None
        if costoptions.rate_allowed(own, rate, rule.adjustable, low):
            continue
        if rule.adjustable:
            yield F.finding(
                "flat_rate_out_of_range",
                "error",
                f"{key}.rate",
                option=option,
                rate=F.percent(own),
                min=F.percent(low or ZERO),
                max=F.percent(rate),
            )
        else:
            yield F.finding(
                "flat_rate_fixed",
                "error",
                f"{key}.rate",
                option=option,
                rate=F.percent(own),
                fixed=F.percent(rate),
            )


@check
def exclusive_options(ctx: Context) -> Iterator[Finding]:
    """Cost options that exclude each other (``exclusive_with``) used by one implementer."""
    declared = {cid: rule.exclusive_with for cid, rule in ctx.programme.cost_models.items()}
    chosen = costoptions.choices(ctx.project)
    reported: set[tuple[str, str]] = set()
    for partner, options in costoptions.options_by_partner(chosen, _partners(ctx)).items():
        ids = [option for _, option in options]
        for first, second in costoptions.exclusive_pairs(ids, declared):
            if (first, second) not in reported:
                reported.add((first, second))
                key = next(k for k, o in options if o == second)
                yield F.finding(
                    "cost_options_exclusive",
                    "error",
                    _at(key),
                    first=first,
                    second=second,
                    partner=ctx.result.partner_name(partner),
                )


@check
def same_options_for_all_partners(ctx: Context) -> Iterator[Finding]:
    """Where the programme requires it (Interreg Aurora), every implementer uses the same
    cost options."""
    same = ctx.rules.get(
        "same_options_for_all_partners", ctx.programme.same_options_for_all_partners
    )
    if not same:
        return
    by_partner = costoptions.options_by_partner(costoptions.choices(ctx.project), _partners(ctx))
    sets = {p: sorted({o for _, o in options}) for p, options in by_partner.items()}
    if len({tuple(v) for v in sets.values()}) <= 1:
        return
    first = next(iter(sets))
    other = next(p for p in sets if sets[p] != sets[first])
    key = next(
        (f"cost_options[{i}].partner" for i, o in enumerate(ctx.project.cost_options) if o.partner),
        "project.cost_model",
    )
    yield F.finding(
        "options_differ_between_partners",
        "error",
        key,
        partner=ctx.result.partner_name(other),
        options=", ".join(sets[other]),
        expected=", ".join(sets[first]),
    )


@check
def unit_costs(ctx: Context) -> Iterator[Finding]:
    """A unit cost names a unit-cost option and has one rate: the rule's or the project's."""
    for i, u in enumerate(ctx.project.unit_costs):
        key = f"unit_costs[{i}]"
        rule = ctx.programme.cost_models[u.id]
        if rule.kind != "unit_cost":
            yield F.finding("not_a_unit_cost", "error", f"{key}.id", name=u.id)
            continue
        fixed = ctx.rules.dec(f"cost_models.{u.id}.unit_rate", rule.unit_rate)
        if fixed is not None and u.unit_rate is not None and u.unit_rate != fixed:
            yield F.finding(
                "unit_rate_fixed",
                "error",
                f"{key}.unit_rate",
                name=F.names(rule.name.get),
                fixed=F.money(fixed),
                rate=F.money(u.unit_rate),
            )
        if fixed is None and u.unit_rate is None:
            yield F.finding("unit_rate_missing", "error", key, name=F.names(rule.name.get))


@check
def total_cost_max(ctx: Context) -> Iterator[Finding]:
    """The total cost at most the measure's maximum (a pienhanke: 8 000 €)."""
    measure = ctx.programme.measures[ctx.project.project.measure]
    most = ctx.rules.dec("measures.max_total_cost", measure.max_total_cost, optional=True)
    if most is not None and ctx.result.total_cost > most:
        yield F.finding(
            "total_cost_above_max",
            "error",
            "project.measure",
            total=F.money(ctx.result.total_cost),
            max=F.money(most),
        )


# -- funding ---------------------------------------------------------------------------------
@check
def private_is_private(ctx: Context) -> Iterator[Finding]:
    """Private funding from a municipality, the state or another public body is public."""
    p = ctx.project
    public_name = ctx.defaults.public_body_pattern(ctx.rules.day)
    for i, source in enumerate(p.funding.sources):
        if source.kind != "private":
            continue
        partner_id = source.partner or p.main_partner.id
        partner = next(x for x in p.partners if x.id == partner_id)
        name = source.provider or partner.name
        sector = source.provider_sector
        if sector is None and not source.provider:
            sector = partner.sector
        public = sector == "public" or (
            sector is None
            and (ctx.find_municipality(name) is not None or bool(public_name.search(name)))
        )
        if public:
            yield F.finding(
                "public_as_private", "error", f"funding.sources[{i}].kind", provider=name
            )


@check
def funding_covers_cost(ctx: Context) -> Iterator[Finding]:
    """Each implementer's funding equals its net cost, with no row negative."""
    r = ctx.result
    if r.municipal_remainder:
        pf = next((x for x in r.partner_funding if x.partner == r.municipal_recipient), None)
        if pf is not None and pf.rows["municipal"] < 0 and pf.net_cost >= 0:
            others = sum((v for k, v in pf.rows.items() if k not in ("municipal", "own")), ZERO)
            yield F.finding(
                "funding_exceeds_cost",
                "error",
                "municipal.funding",
                partner=r.partner_name(pf.partner),
                funding=F.money(others + pf.rows["own"]),
                cost=F.money(pf.net_cost),
                own=F.money(pf.rows["municipal"]),
            )
    for pf in r.partner_funding:
        rows, net = pf.rows, pf.net_cost
        if pf.partner not in r.explicit_own:
            if net < 0:
                yield F.finding(
                    "income_exceeds_cost",
                    "error",
                    "income",
                    partner=r.partner_name(pf.partner),
                    income=F.money(pf.income),
                    cost=F.money(net + pf.income),
                )
            elif rows["own"] < 0:
                others = sum((rows[k] for k in FUNDING_ROWS if k != "own"), ZERO)
                yield F.finding(
                    "funding_exceeds_cost",
                    "error",
                    "funding",
                    partner=r.partner_name(pf.partner),
                    funding=F.money(others),
                    cost=F.money(net),
                    own=F.money(rows["own"]),
                )
        total = sum((rows[k] for k in FUNDING_ROWS), ZERO)
        if total != net:
            yield F.finding(
                "funding_not_equal_cost",
                "error",
                "funding.sources",
                partner=r.partner_name(pf.partner),
                funding=F.money(total),
                cost=F.money(net),
                difference=F.money(total - net),
            )


def _income_above_cost(r: Result) -> bool:
    """An implementer's income above its costs (reported as ``income_exceeds_cost``)."""
    return any(pf.net_cost < 0 for pf in r.partner_funding if pf.partner not in r.explicit_own)


@check
def income_within_year_cost(ctx: Context) -> Iterator[Finding]:
    """A year's income at most its costs: a funding plan cannot be negative in a year
    (not repeated when the income is above the costs over the whole project)."""
    r = ctx.result
    if _income_above_cost(r):
        return
    for y in r.years:
        if r.net_by_year[y] < 0:
            yield F.finding(
                "income_exceeds_year_cost",
                "error",
                "income",
                year=y,
                income=F.money(r.income_by_year[y]),
                cost=F.money(r.by_year[y]),
            )


@check
def support_split_valid(ctx: Context) -> Iterator[Finding]:
    """The EU / state / municipal parts of the support are fractions summing to 1."""
    split = support_split(ctx.programme, ctx.project.project.region)
    parts = (
        ctx.rules.dec("support_split.eu", split.eu, ZERO),
        ctx.rules.dec("support_split.state", split.state, ZERO),
        ctx.rules.dec("support_split.municipal", split.municipal, ZERO),
    )
    total = sum((x or ZERO for x in parts), ZERO)
    if total != ONE:
        yield F.finding("support_split_invalid", "error", "project.programme", sum=F.percent(total))


@check
def municipal_shares(ctx: Context) -> Iterator[Finding]:
    """The municipalities' shares cover the municipal funding (*kuntarahoitus*)."""
    m, r = ctx.project.municipal, ctx.result
    total = r.funding["municipal"]
    if m is None:
        return
    if not r.municipal_shares:
        if total > 0:
            yield F.finding(
                "municipal_without_members", "warning", "municipal", funding=F.money(total)
            )
        return
    shares_sum = sum((s.amount for s in r.municipal_shares), ZERO)
    weight_sum = sum((s.weight for s in r.municipal_shares), ZERO)
    if shares_sum != total or (m.key == "percent" and weight_sum != ONE):
        shown = shares_sum if m.key == "fixed" else cents(total * weight_sum)
        yield F.finding(
            "municipal_shares_mismatch",
            "error",
            "municipal.members",
            shares=F.money(shown),
            funding=F.money(total),
        )


@check
def decisions_have_a_role(ctx: Context) -> Iterator[Finding]:
    """A ``[[decisions]]`` entry names a municipality that takes part in the project."""
    taking_part = {m.code for m in ctx.result.municipalities}
    for i, decision in enumerate(ctx.project.decisions):
        found = ctx.find_municipality(decision.municipality)
        if found is not None and found.code not in taking_part:
            yield F.finding(
                "decision_without_role",
                "warning",
                f"decisions[{i}].municipality",
                municipality=F.names(found.name),
            )


def _line_name(line: Any) -> F.Param:
    """A line in a message: its own words, or without them its category's name."""
    text = line.description.strip()
    return F.names(lambda lang: text or i18n.label(line.category, lang))


def _category(code: str) -> F.Param:
    """A cost category in a message: its name in the reader's language and the code the
    file uses (*Muut kustannukset (other)*)."""
    return F.names(lambda lang: f"{i18n.label(code, lang)} ({code})")


def _support_key(ctx: Context) -> str:
    f = ctx.project.funding
    if f.support_rate is not None:
        return "funding.support_rate"
    return "funding.support" if f.support is not None else "funding"


def _rate_breach(r: Result) -> bool:
    support = r.funding["support"]
    return (
        r.max_support_rate is not None
        and r.net_cost > 0
        and (support / r.net_cost > r.max_support_rate)
    )


@check
def support_rate(ctx: Context) -> Iterator[Finding]:
    """The support rate (*tukitaso*) at most the measure's maximum."""
    r = ctx.result
    if _rate_breach(r):
        assert r.max_support_rate is not None
        requested = r.requested_support_rate
        yield F.finding(
            "support_rate_above_max",
            "error",
            _support_key(ctx),
            rate=F.percent(requested if requested is not None else r.support_rate),
            max=F.percent(r.max_support_rate),
        )


@check
def own_share(ctx: Context) -> Iterator[Finding]:
    """The own share (*omarahoitusosuus*) at least the measure's minimum."""
    r = ctx.result
    measure = ctx.programme.measures[ctx.project.project.measure]
    min_own = ctx.rules.dec("measures.min_own_share", measure.min_own_share)
    net, support = r.net_cost, r.funding["support"]
    if min_own is not None and net > 0 and not _rate_breach(r) and (net - support) / net < min_own:
        yield F.finding(
            "own_share_below_min",
            "error",
            _support_key(ctx),
            share=F.percent(share(net - support, net)),
            min=F.percent(min_own),
        )


@check
def support_cap(ctx: Context) -> Iterator[Finding]:
    """The support at most the measure's cap in euros."""
    measure = ctx.programme.measures[ctx.project.project.measure]
    cap = ctx.rules.dec("measures.max_support", measure.max_support, optional=True)
    support = ctx.result.funding["support"]
    if cap is not None and support > cap:
        yield F.finding(
            "support_above_cap",
            "error",
            _support_key(ctx),
            support=F.money(support),
            cap=F.money(cap),
        )


# -- the project -----------------------------------------------------------------------------
@check
def cost_model_allowed(ctx: Context) -> Iterator[Finding]:
    """The cost model and every added cost option (unit costs too) are ones the measure
    allows."""
    info = ctx.project.project
    measure = ctx.programme.measures[info.measure]
    allowed = ctx.rules.get("measures.cost_models", measure.cost_models) or []
    chosen = [(key, option) for key, option, _, _ in costoptions.choices(ctx.project)]
    chosen += [(f"unit_costs[{i}]", u.id) for i, u in enumerate(ctx.project.unit_costs)]
    for key, option in chosen:
        if option not in allowed:
            yield F.finding(
                "cost_model_not_allowed",
                "error",
                _at(key),
                model=option,
                measure=info.measure,
                allowed=", ".join(allowed),
            )


def _eligibility(ctx: Context) -> tuple[date | None, date | None]:
    elig = ctx.programme.eligibility
    first: date | None = ctx.rules.get("eligibility.start", elig.start)
    last: date | None = ctx.rules.get("eligibility.end", elig.end) if elig.end else None
    return first, last


@check
def dates_in_programme(ctx: Context) -> Iterator[Finding]:
    """The project's period inside the programme's eligibility period."""
    info = ctx.project.project
    first, last = _eligibility(ctx)
    if (first and info.start < first) or (last and info.end > last):
        yield F.finding(
            "dates_outside_programme",
            "error",
            "project.start" if first and info.start < first else "project.end",
            start=F.day(info.start),
            end=F.day(info.end),
            **{"from": F.day(first) if first else "", "to": F.day(last) if last else "…"},
        )


@check
def lines_with_an_amount(ctx: Context) -> Iterator[Finding]:
    """A staff role, cost line or income line of 0 €: an amount left out (``by_year = {}``,
    ``amount = 0``, no months) is told, not counted as nothing without a word."""
    r = ctx.result
    for line in (*r.cost_lines, *r.income_lines):
        if line.total or not line.key.startswith(("staff[", "costs[", "income[")):
            continue
        yield F.finding("zero_line", "warning", line.key, line=_line_name(line))


@check
def partners_have_budget(ctx: Context) -> Iterator[Finding]:
    """An implementer whose costs are included has some cost."""
    for i, partner in enumerate(ctx.project.partners):
        if partner.costs_included and not any(
            line.partner == partner.id for line in ctx.result.cost_lines if line.total
        ):
            yield F.finding(
                "partner_without_budget", "error", f"partners[{i}]", partner=partner.name
            )


@check
def rules_in_force(ctx: Context) -> Iterator[Finding]:
    """Every rule value used was in force on the reference date (registered last: it sees
    the values the other checks read). Not repeated when the dates are outside the
    programme, which already says so."""
    info = ctx.project.project
    first, last = _eligibility(ctx)
    outside = (first and info.start < first) or (last and info.end > last)
    if ctx.rules.out_of_date and not outside:
        yield F.finding(
            "rule_not_valid",
            "error",
            "project.start",
            rule=", ".join(sorted(set(ctx.rules.out_of_date))),
            date=F.day(ctx.rules.day),
        )


# -- helpers shared with the calculation -----------------------------------------------------
def project_months(start: date, end: date) -> int:
    """Calendar months a period touches (a started month counts whole)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def support_split(programme: Programme, region: str | None) -> SupportSplit:
    """The programme's EU / state / municipal split, or its region's own."""
    if region and region in programme.support_split_by_region:
        return programme.support_split_by_region[region]
    return programme.support_split
