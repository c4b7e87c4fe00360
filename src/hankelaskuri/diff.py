"""The approved plan beside the revised one, and what needs a change application. Pure.

Both versions are computed by the engine; this module compares their results: costs by
category, year and implementer, the funding plan, every municipality's commitment, and the
project period. What needs approval is flagged from the programme's ``[changes]`` rule
values (each with its source): a cost category changed by more than the accepted share of
its approved amount, a longer period, a new implementer, a higher total cost or support.
Municipalities whose commitment rose above what their council approved are listed too:
they need a supplementary decision (``hanke attachment --since OLD.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .money import ZERO, share
from .municipalities import local_name
from .result import FUNDING_ROWS, Result
from .rules import Param, Programme

DERIVED = frozenset({"flat_rate"})  # follows its base: its change is not a shift of its own

# Used when a rules file has no [changes] section: stated as unconfirmed.
FALLBACK: dict[str, Any] = {
    "category_shift": Decimal("0.20"),
    "longer_period": True,
    "new_partner": True,
    "higher_total": True,
}
FALLBACK_SOURCE = "hankelaskuri default: the rules file gives no [changes] value"


@dataclass(frozen=True)
class Change:
    """One figure in both versions."""

    key: str  # category code, year, partner id, funding row or municipality code
    name: str  # what a person reads (partner and municipality names; codes otherwise)
    old: Decimal
    new: Decimal

    @property
    def delta(self) -> Decimal:
        return self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        """The change as a fraction of the old amount (None when there was none)."""
        return share(self.delta, self.old) if self.old else None


@dataclass(frozen=True)
class RuleValue:
    """A ``[changes]`` rule value used, with its source."""

    name: str
    value: Any
    source: str
    status: str
    note: str | None


@dataclass(frozen=True)
class Flag:
    """A change that needs a change application or a new council decision."""

    code: str  # category_shift | new_category | longer_period | new_partner |
    #            higher_total | higher_support | commitment_rose
    subject: str  # the category, partner, municipality (or "" for the project)
    old: str  # the approved value as text: an amount, a date
    new: str
    rule: RuleValue | None  # None: a council's own approval (commitment_rose)
    percent: Decimal | None = None


@dataclass(frozen=True)
class Commitment:
    """A municipality's share in the approved and in the revised plan."""

    code: str
    name_fi: str
    name_sv: str
    language: str
    old: Decimal
    new: Decimal
    old_by_year: Mapping[int, Decimal]
    new_by_year: Mapping[int, Decimal]

    @property
    def rose(self) -> bool:
        return self.new > self.old

    def name(self, lang: str = "fi") -> str:
        return local_name(self.name_fi, self.name_sv, self.language, lang)


@dataclass(frozen=True)
class Diff:
    old_name: str
    new_name: str
    old_period: tuple[date, date]
    new_period: tuple[date, date]
    categories: tuple[Change, ...]
    years: tuple[Change, ...]
    partners: tuple[Change, ...]
    funding: tuple[Change, ...]
    totals: tuple[Change, ...]  # total_cost, income, net_cost
    commitments: tuple[Commitment, ...]
    flags: tuple[Flag, ...]
    rules: tuple[RuleValue, ...]

    @property
    def needs_approval(self) -> bool:
        return bool(self.flags)

    @property
    def raised(self) -> tuple[Commitment, ...]:
        """Municipalities whose commitment rose above what they approved."""
        return tuple(c for c in self.commitments if c.rose)


def _rule(programme: Programme, name: str, day: date) -> RuleValue:
    param: Param | None = getattr(programme.changes, name) if programme.changes else None
    if param is None:
        return RuleValue(f"changes.{name}", FALLBACK[name], FALLBACK_SOURCE, "unconfirmed", None)
    entry = param.at(day) or min(param.entries, key=lambda e: abs((e.since - day).days))
    value = entry.value
    if isinstance(value, (float, int)) and not isinstance(value, bool):
        value = Decimal(str(value))
    return RuleValue(f"changes.{name}", value, entry.source, entry.status, entry.note)


def _changes(
    old: Mapping[Any, Decimal], new: Mapping[Any, Decimal], names: Mapping[Any, str] | None = None
) -> tuple[Change, ...]:
    keys = list(old) + [k for k in new if k not in old]
    names = names or {}
    return tuple(
        Change(str(k), names.get(k, str(k)), old.get(k, ZERO), new.get(k, ZERO)) for k in keys
    )


def _euros(value: Decimal) -> str:
    return f"{value:.2f}"


def compare(old: Result, new: Result, programme: Programme, day: date | None = None) -> Diff:
    """Compare the approved result ``old`` with the revised ``new`` under ``programme``'s
    change rules (valid on ``day``, by default the revised project's start)."""
    day = day or new.start
    rules = {n: _rule(programme, n, day) for n in FALLBACK}
    names = {p.id: p.name for p in (*old.partners, *new.partners)}
    categories = _changes(old.by_category, new.by_category)
    years = _changes(old.by_year, new.by_year)
    partners = _changes(old.by_partner, new.by_partner, names)
    funding = _changes(
        {k: old.funding[k] for k in FUNDING_ROWS}, {k: new.funding[k] for k in FUNDING_ROWS}
    )
    totals = (
        Change("total_cost", "total_cost", old.total_cost, new.total_cost),
        Change("income", "income", old.income, new.income),
        Change("net_cost", "net_cost", old.net_cost, new.net_cost),
    )
    commitments = _commitments(old, new)
    flags: list[Flag] = []

    shift = rules["category_shift"]
    limit = Decimal(str(shift.value))
    for c in categories:
        if c.key in DERIVED or not c.delta:
            continue
        if not c.old:
            flags.append(Flag("new_category", c.key, _euros(c.old), _euros(c.new), shift))
        elif abs(c.delta) / c.old > limit:
            flags.append(
                Flag("category_shift", c.key, _euros(c.old), _euros(c.new), shift, c.percent)
            )
    if rules["longer_period"].value and (new.end > old.end or new.start < old.start):
        flags.append(
            Flag(
                "longer_period",
                "",
                f"{old.start.isoformat()}–{old.end.isoformat()}",
                f"{new.start.isoformat()}–{new.end.isoformat()}",
                rules["longer_period"],
            )
        )
    if rules["new_partner"].value:
        old_ids = {p.id for p in old.partners}
        old_names = {p.name for p in old.partners}
        for p in new.partners:
            if p.id not in old_ids and p.name not in old_names:
                flags.append(Flag("new_partner", p.name, "", p.name, rules["new_partner"]))
    if rules["higher_total"].value:
        if new.total_cost > old.total_cost:
            flags.append(
                Flag(
                    "higher_total",
                    "",
                    _euros(old.total_cost),
                    _euros(new.total_cost),
                    rules["higher_total"],
                    share(new.total_cost - old.total_cost, old.total_cost)
                    if old.total_cost
                    else None,
                )
            )
        if new.funding["support"] > old.funding["support"]:
            o, n = old.funding["support"], new.funding["support"]
            flags.append(
                Flag(
                    "higher_support",
                    "",
                    _euros(o),
                    _euros(n),
                    rules["higher_total"],
                    share(n - o, o) if o else None,
                )
            )
    for m in commitments:
        if m.rose:
            flags.append(
                Flag(
                    "commitment_rose",
                    m.name_fi,
                    _euros(m.old),
                    _euros(m.new),
                    None,
                    share(m.new - m.old, m.old) if m.old else None,
                )
            )
    return Diff(
        old.name,
        new.name,
        (old.start, old.end),
        (new.start, new.end),
        categories,
        years,
        partners,
        funding,
        totals,
        commitments,
        tuple(flags),
        tuple(rules.values()),
    )


def _commitments(old: Result, new: Result) -> tuple[Commitment, ...]:
    """Every municipality's money in both versions, in every role it has (its own funding
    as an implementer and its share of the municipal funding)."""
    olds = {m.code: m for m in _money(old)}
    news = {m.code: m for m in _money(new)}
    out = []
    for code in [*olds, *(c for c in news if c not in olds)]:
        o, n = olds.get(code), news.get(code)
        any_ = n or o
        assert any_ is not None
        out.append(
            Commitment(
                code,
                any_.name_fi,
                any_.name_sv,
                any_.language,
                o.amount if o else ZERO,
                n.amount if n else ZERO,
                MappingProxyType(dict(o.by_year)) if o else MappingProxyType({}),
                MappingProxyType(dict(n.by_year)) if n else MappingProxyType({}),
            )
        )
    return tuple(out)


def _money(result: Result) -> tuple[Any, ...]:
    """The municipalities with their money, every role counted."""
    return result.municipalities
