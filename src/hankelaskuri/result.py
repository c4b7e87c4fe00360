"""The engine's result: an immutable record every renderer reads and none recomputes.

Amounts are ``Decimal`` rounded to the cent; rates are fractions. Mappings are read-only
views. Tables keyed by year list every year of the project in order.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from .findings import Finding
from .municipalities import local_name
from .records import Record

FUNDING_ROWS = ("support", "municipal", "other_public", "private", "in_kind", "own")
"""Funding plan rows in display order; ``support`` splits further into eu/state/municipal."""


class RuleUse(Record):
    """A rule value the calculation used, with its source (for the rules sheet)."""

    name: str
    value: str
    since: date
    until: date | None
    source: str
    status: str
    note: str | None = None


class Condition(Record):
    """A condition from the rules that applies to this project, with its source."""

    id: str
    text: Mapping[str, str]  # fi, sv, en
    source: str
    status: str


class PartnerInfo(Record):
    """An implementer (main or co-implementer) as the outputs name it."""

    id: str
    name: str
    role: str
    business_id: str | None
    sector: str | None
    costs_included: bool
    organisation: str | None = None  # municipality | municipal_company | other


class StaffResult(Record):
    """One staff line as computed: the inputs shown beside the amounts they give."""

    key: str
    partner: str
    title: str
    form: str  # amount | role | hours
    fte: Decimal | None
    months: Decimal | None
    monthly_pay: Decimal | None
    on_cost_rate: Decimal | None
    annual_cost: Decimal | None
    hourly_rate: Decimal | None
    hours: Decimal | None
    total: Decimal
    by_year: Mapping[int, Decimal]
    weights: Mapping[int, Decimal] | None = None  # months per year (role) or spread weights
    hours_by_year: Mapping[int, Decimal] | None = None
    start: date | None = None  # a role's months are counted from this day's month


class VoluntaryPart(Record):
    """Hours of people or machines in a voluntary-work line, valued at the rule's rate."""

    kind: str  # people | machine
    rate: Decimal
    hours: Decimal | None  # a total spread over the project's months …
    hours_by_year: Mapping[int, Decimal] | None  # … or hours per year
    by_year: Mapping[int, Decimal]


class CostLineResult(Record):
    """A cost or income line (any category, including flat rate, lump sum, voluntary work).

    ``weights`` tells how the years were formed: ``None`` when the years were given, else
    the weights a total was spread by (see :func:`hankelaskuri.money.spread_years`).
    """

    key: str
    partner: str
    category: str
    description: str
    total: Decimal
    by_year: Mapping[int, Decimal]
    weights: Mapping[int, Decimal] | None = None
    parts: tuple[VoluntaryPart, ...] = ()
    # a line the rules name (a flat rate, a lump sum, a unit cost without a description of
    # its own): the rule's name by language; ``description`` is its Finnish name
    names: Mapping[str, str] | None = None

    def label(self, lang: str = "fi") -> str:
        """The line's text for a reader of ``lang``: the project's own words as written, a
        rule's name in the reader's language."""
        return (self.names or {}).get(lang) or self.description


class FlatRateResult(Record):
    """A flat rate of one implementer: ``rate`` × its costs in ``base_categories`` (which
    may include flat rates evaluated before it), booked as the cost line ``key`` in the
    ``target`` category. ``option`` is the rule's id (see ``hanke rules``). An implementer
    the flat rate applies to whose base is 0 has one too (amount 0, no cost line), so the
    workbook has its live row."""

    partner: str
    rate: Decimal
    base_categories: tuple[str, ...]
    base: Decimal
    amount: Decimal
    by_year: Mapping[int, Decimal]
    option: str = ""
    key: str = "project.cost_model"
    target: str = "flat_rate"
    base_by_year: Mapping[int, Decimal] | None = None


class UnitCostResult(Record):
    """A unit cost as computed: ``unit_rate`` × units, year by year (the cost line ``key``)."""

    key: str
    partner: str
    option: str
    category: str
    unit_rate: Decimal
    quantity: Decimal | None  # a total spread over the project's months …
    quantity_by_year: Mapping[int, Decimal] | None  # … or units per year
    total: Decimal
    by_year: Mapping[int, Decimal]


class PartnerFunding(Record):
    """One implementer's own budget and funding plan."""

    partner: str
    total_cost: Decimal
    income: Decimal
    net_cost: Decimal
    support_rate: Decimal
    rows: Mapping[str, Decimal]  # FUNDING_ROWS → amount
    net_by_year: Mapping[int, Decimal]
    # the in-kind row in its two parts: contributions given as funding sources, and the
    # voluntary work (talkootyö) valued at the rule's rates
    in_kind_given: Decimal = Decimal("0.00")
    in_kind_voluntary: Decimal = Decimal("0.00")


class MunicipalShare(Record):
    """A municipality's share of the municipal funding by the key, and its population."""

    code: str
    name_fi: str
    name_sv: str
    language: str
    population: int
    population_date: date | None
    population_source: str  # statistics (the bundled figures) | project (the file's own)
    weight: Decimal  # the key's exact fraction of the municipal funding
    exact: Decimal  # exact share before rounding
    amount: Decimal
    by_year: Mapping[int, Decimal]

    def name(self, lang: str = "fi") -> str:
        return local_name(self.name_fi, self.name_sv, self.language, lang)

    @property
    def source_label(self) -> str:
        """The catalogue label that names where the population comes from."""
        return f"population_source_{self.population_source}"


class Decision(Record):
    """A municipality's council item as the project file gives it; ``None`` = not given."""

    body: str | None = None
    meeting: date | None = None
    section: str | None = None
    case_number: str | None = None
    preparer: str | None = None
    preparer_title: str | None = None
    attachment: str | None = None
    budget_item: str | None = None


class MunicipalRole(Record):
    """One way a municipality's money enters the project.

    ``implementer``: the municipality is a partner; its money is that partner's own funding
    (*omarahoitus*). ``co_financier``: its share of the municipal funding (*kuntarahoitus*)
    by the key.
    """

    role: str  # implementer | co_financier
    amount: Decimal
    by_year: Mapping[int, Decimal]
    partner: str | None = None  # the implementer's id (role implementer)


class MunicipalMoney(Record):
    """Everything one municipality commits to the project, by role and year."""

    code: str
    name_fi: str
    name_sv: str
    language: str
    form: str  # kaupunki | kunta
    roles: tuple[MunicipalRole, ...]
    amount: Decimal
    by_year: Mapping[int, Decimal]
    decision: Decision = Decision()

    def name(self, lang: str = "fi") -> str:
        return local_name(self.name_fi, self.name_sv, self.language, lang)

    def role(self, kind: str) -> MunicipalRole | None:
        return next((r for r in self.roles if r.role == kind), None)


class Result(Record):
    """Everything computed for one project: every figure a renderer shows."""

    # project facts
    name: str
    case_number: str | None
    project_number: str | None
    start: date
    end: date
    authority: str | None
    programme_id: str
    programme_name: Mapping[str, str]
    fund: str
    measure_id: str
    measure_name: Mapping[str, str]
    cost_model_id: str
    cost_model_name: Mapping[str, str]
    cost_model_kind: str
    partners: tuple[PartnerInfo, ...]
    years: tuple[int, ...]
    # costs
    cost_lines: tuple[CostLineResult, ...]
    staff: tuple[StaffResult, ...]
    flat_rates: tuple[FlatRateResult, ...]
    by_category: Mapping[str, Decimal]
    by_year: Mapping[int, Decimal]
    by_partner: Mapping[str, Decimal]
    by_category_year: Mapping[str, Mapping[int, Decimal]]
    total_cost: Decimal
    income: Decimal
    income_by_year: Mapping[int, Decimal]
    income_lines: tuple[CostLineResult, ...]
    months_by_year: Mapping[int, Decimal]  # the project's months in each year
    net_cost: Decimal
    net_by_year: Mapping[int, Decimal]
    # funding
    support_rate: Decimal
    requested_support_rate: Decimal | None
    max_support_rate: Decimal | None
    funding: Mapping[str, Decimal]  # FUNDING_ROWS + eu, state, support_municipal
    # each funding row (and "total") as a fraction of the net cost, 4 decimals half up
    # (money.share): the one figure every output shows
    funding_shares: Mapping[str, Decimal]
    # the rows a funding plan shows: support always, other rows when not zero; the support's
    # parts (eu, state, support_municipal) that are not zero; the rows of the implementers'
    # table that are not zero for any implementer
    funding_rows_shown: tuple[str, ...]
    support_parts_shown: tuple[str, ...]
    partner_rows_shown: tuple[str, ...]
    funding_by_year: Mapping[str, Mapping[int, Decimal]]
    partner_funding: tuple[PartnerFunding, ...]
    explicit_own: frozenset[str]  # implementers whose own funding was given, not the remainder
    # municipalities
    municipal_key: str | None
    municipal_base_share: Decimal | None
    municipal_recipient: str | None
    municipal_remainder: bool  # the municipalities cover what is left
    municipal_shares: tuple[MunicipalShare, ...]
    # rules and checks
    rules_used: tuple[RuleUse, ...]
    conditions: tuple[Condition, ...]
    findings: tuple[Finding, ...]
    # cost options beside the cost model (a flat rate's line is in cost_lines and flat_rates)
    unit_costs: tuple[UnitCostResult, ...] = ()
    cost_options: tuple[str, ...] = ()  # ids of every cost option the project uses, in order
    # id → name in fi / sv / en of each option in cost_options
    cost_option_names: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    # every municipality with a role (implementer, co-financier or both) and its money
    municipalities: tuple[MunicipalMoney, ...] = ()

    @property
    def funding_total(self) -> Decimal:
        """All funding rows together (equals the net cost when the plan is in balance)."""
        return sum((self.funding[k] for k in FUNDING_ROWS), Decimal(0))

    def funding_share(self, key: str) -> Decimal:
        """A funding row (or ``total``) as a fraction of the net cost, 4 decimals."""
        return self.funding_shares[key]

    @property
    def municipal_total(self) -> Decimal:
        """The municipalities' shares together."""
        return sum((m.amount for m in self.municipal_shares), Decimal(0))

    @property
    def municipal_total_by_year(self) -> dict[int, Decimal]:
        """The municipalities' shares together in each year (the municipal funding's years,
        unless fixed amounts do not add up to it: a finding, and then their own sum)."""
        return {
            y: sum((m.by_year.get(y, Decimal(0)) for m in self.municipal_shares), Decimal(0))
            for y in self.years
        }

    @property
    def population_total(self) -> int:
        return sum(m.population for m in self.municipal_shares)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def partner_name(self, partner_id: str) -> str:
        return next((p.name for p in self.partners if p.id == partner_id), partner_id)

    def with_findings(
        self, findings: tuple[Finding, ...], rules_used: tuple[RuleUse, ...] | None = None
    ) -> Result:
        """This result with its findings (and the rule values used) set: a shallow copy,
        five times quicker than ``dataclasses.replace`` on some sixty fields, of which
        nothing else depends on the findings."""
        new = copy.copy(self)
        object.__setattr__(new, "findings", findings)
        if rules_used is not None:
            object.__setattr__(new, "rules_used", rules_used)
        return new

    @property
    def main_partner(self) -> PartnerInfo:
        return next((p for p in self.partners if p.role == "main"), self.partners[0])
