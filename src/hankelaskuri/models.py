"""The project file format (TOML) as pydantic models.

Every model forbids unknown keys. Money is ``Decimal`` with at most two decimals; rates and
shares are fractions (0.80 = 80 %). Cross-references (partner ids, municipalities, the
programme and its measure) are checked by the loader, which knows the rules and the bundled
municipality data; these models check only what a single value can tell.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

CATEGORIES = ("staff", "purchased_services", "travel", "equipment", "rents", "other", "investments")
Category = Literal[
    "staff", "purchased_services", "travel", "equipment", "rents", "other", "investments"
]

MAX_AMOUNT = Decimal("1000000000")  # 1 000 000 000 €: anything larger is a typing mistake
MAX_YEAR_SPAN = 15
MAX_TEXT = 500


def _number(value: Any) -> Any:
    """Refuse numbers written as text (``"1 234,50"``) and booleans, with a hint."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_expected", "expected a number, got true/false")
    if isinstance(value, str):
        text = value.strip()[:40]
        if re.fullmatch(r"-?\d+(?:[.,]\d+)?\s*%", text):  # "80 %"
            number = Decimal(text.rstrip("% ").replace(",", ".")) / 100
            raise PydanticCustomError(
                "percent_as_text",
                "a percentage was written as text: {text}",
                {"text": text, "fixed": str(number.normalize()) if number % 1 else f"{number}"},
            )
        plain = re.sub(r"[\s\u00a0]", "", text).replace(",", ".")
        fixed = plain if re.fullmatch(r"-?\d+(?:\.\d+)?", plain) else "1234.50"
        raise PydanticCustomError(
            "number_as_text", "a number was written as text: {text}", {"text": text, "fixed": fixed}
        )
    return value


def _fraction(value: Decimal) -> Decimal:
    """A rate or share is a fraction from 0 to 1; 80 means the user wrote percent."""
    if 1 < value < 2 and value != value.to_integral_value():  # 1.2: 1,2 % or 120 %?
        raise PydanticCustomError(
            "rate_ambiguous",
            "a rate is a fraction between 0 and 1, got {value}",
            {
                "value": str(value),
                "fraction": f"{(value / 100).normalize():f}",
                "percent": f"{(value * 100).normalize():f}",
            },
        )
    if value > 1:
        raise PydanticCustomError(
            "rate_as_percent" if value <= 100 else "rate_too_large",
            "a rate is a fraction between 0 and 1, got {value}",
            {"value": str(value), "fraction": f"{(value / 100).normalize():f}"},
        )
    return value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()[:40]
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        fixed = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else text
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fixed):
            fixed = "2024-10-01"
        raise PydanticCustomError(
            "date_as_text", "a date was written as text: {text}", {"text": text, "fixed": fixed}
        )
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_number),
    Field(ge=0, le=MAX_AMOUNT, decimal_places=2, allow_inf_nan=False),
]
Quantity = Annotated[
    Decimal, BeforeValidator(_number), Field(ge=0, le=Decimal("1000000"), allow_inf_nan=False)
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_number),
    Field(ge=0, allow_inf_nan=False),
    AfterValidator(_fraction),
]
# One range for every year and date of a project (by_year keys, start, end, any day): an
# Excel serial date, a calendar and the rules' validity periods all work within it.
MIN_YEAR, MAX_YEAR = 1990, 2100


def _in_range(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "date_out_of_range",
            "a date must be in the years {min}–{max}, got {value}",
            {"min": str(MIN_YEAR), "max": str(MAX_YEAR), "value": value.isoformat()},
        )
    return value


Day = Annotated[date, BeforeValidator(_date), AfterValidator(_in_range)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]


def _empty() -> list[Any]:
    """A new empty list: the default of a list key. Not ``list`` itself: pydantic reads a
    default factory's signature, and a built-in's is parsed from its text by the tokenizer
    (some 2 ms of every command's start)."""
    return []


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)


def _one_of(model: BaseModel, names: tuple[str, ...], what: str) -> None:
    given = [n for n in names if getattr(model, n) is not None]
    if len(given) != 1:
        raise PydanticCustomError(
            "one_of",
            "give exactly one of {names} for {what}",
            {"names": ", ".join(names), "what": what, "given": ", ".join(given) or "-"},
        )


def business_id_valid(value: str) -> bool:
    """Y-tunnus check: 7 digits, hyphen, mod-11 check digit (weights 7 9 10 5 8 4 2)."""
    if len(value) != 9 or value[7] != "-" or not (value[:7] + value[8]).isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:7], (7, 9, 10, 5, 8, 4, 2), strict=True))
    remainder = total % 11
    if remainder == 1:
        return False
    check = 0 if remainder == 0 else 11 - remainder
    return check == int(value[8])


def _business_id(value: str | None) -> str | None:
    if value is not None and not business_id_valid(value):
        raise PydanticCustomError(
            "business_id_invalid", "invalid business ID (Y-tunnus): {value}", {"value": value}
        )
    return value


def _years_after(day: date, years: int) -> date:
    """The same day ``years`` later (29 February: 1 March in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class ProjectInfo(_Model):
    """The project itself (*hanke*)."""

    name: Name
    case_number: Text | None = None
    project_number: Text | None = None
    start: Day
    end: Day
    authority: Text | None = None
    programme: Id
    measure: Id
    cost_model: Id
    region: Text | None = None
    description: Annotated[str, Field(max_length=5000)] | None = None
    reference_date: Day | None = None

    @model_validator(mode="after")
    def _dates(self) -> Self:
        # end before start is reported by the loader's checks, with the file's other problems
        if self.end >= _years_after(self.start, MAX_YEAR_SPAN):  # inclusive end: > 15 years
            raise PydanticCustomError(
                "period_too_long",
                "the project lasts more than {years} years",
                {"years": MAX_YEAR_SPAN},
            )
        return self


class Partner(_Model):
    """A main implementer (*päätoteuttaja*) or co-implementer (*osatoteuttaja*)."""

    id: Id
    name: Name
    role: Literal["main", "co"]
    business_id: Annotated[str | None, AfterValidator(_business_id)] = None
    sector: Literal["public", "private"] | None = None
    municipality: Text | None = None
    organisation: Literal["municipality", "municipal_company", "other"] | None = None
    costs_included: StrictBool = True


class _Amounts(_Model):
    """An amount in total (spread over the project's months) or per calendar year."""

    amount: Money | None = None
    by_year: dict[Year, Money] | None = None


class CostLine(_Amounts):
    """A line of the cost estimate (*kustannusarvio*)."""

    partner: Id | None = None
    category: Category
    description: Text = ""

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        _one_of(self, ("amount", "by_year"), "a cost line")
        return self


class Income(_Amounts):
    """Project income (*tulot*); reduces the net cost."""

    partner: Id | None = None
    description: Text = ""

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        _one_of(self, ("amount", "by_year"), "an income line")
        return self


class StaffLine(_Model):
    """A staff cost: an amount, a role (FTE × months × monthly pay + on-costs) or hours.

    Hours are priced at the hourly rate = annual gross employment cost ÷ the rule's hours
    per year (1 720 h).
    """

    partner: Id | None = None
    title: Name
    amount: Money | None = None
    by_year: dict[Year, Money] | None = None
    fte: Annotated[Decimal, BeforeValidator(_number), Field(gt=0, le=50)] | None = None
    months: Annotated[Decimal, BeforeValidator(_number), Field(gt=0, le=180)] | None = None
    monthly_pay: Money | None = None
    on_cost_rate: Rate | None = None
    start: Day | None = None
    annual_cost: Money | None = None
    hours: Quantity | None = None
    hours_by_year: dict[Year, Quantity] | None = None

    @property
    def form(self) -> str:
        if self.monthly_pay is not None:
            return "role"
        if self.annual_cost is not None:
            return "hours"
        return "amount"

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        forms = {
            "amount": self.amount is not None or self.by_year is not None,
            "role": self.monthly_pay is not None or self.months is not None,
            "hours": self.annual_cost is not None
            or self.hours is not None
            or self.hours_by_year is not None,
        }
        chosen = [name for name, used in forms.items() if used]
        if len(chosen) != 1:
            raise PydanticCustomError(
                "staff_form",
                "give a staff line as amount/by_year, or as fte + months + monthly_pay, "
                "or as annual_cost + hours/hours_by_year",
                {"given": ", ".join(chosen) or "-"},
            )
        if chosen == ["amount"]:
            _one_of(self, ("amount", "by_year"), "a staff line")
        elif chosen == ["role"]:
            if self.monthly_pay is None or self.months is None:
                raise PydanticCustomError(
                    "staff_role_incomplete", "a role needs months and monthly_pay", {}
                )
        else:
            if self.annual_cost is None:
                raise PydanticCustomError("staff_hours_incomplete", "hours need annual_cost", {})
            _one_of(self, ("hours", "hours_by_year"), "a staff line priced by the hour")
        return self


class VoluntaryWork(_Model):
    """Voluntary work (*talkootyö*), valued at the rule's hourly rates."""

    partner: Id | None = None
    description: Text = ""
    hours: Quantity | None = None
    hours_by_year: dict[Year, Quantity] | None = None
    machine_hours: Quantity | None = None
    machine_hours_by_year: dict[Year, Quantity] | None = None

    @model_validator(mode="after")
    def _forms(self) -> Self:
        _one_of(self, ("hours", "hours_by_year"), "voluntary work")
        if self.machine_hours is not None and self.machine_hours_by_year is not None:
            _one_of(self, ("machine_hours", "machine_hours_by_year"), "machine hours")
        return self


class LumpSum(_Model):
    """A lump sum (*kertakorvaus*) defined by the rules, e.g. ``preparation_grant``."""

    id: Id
    amount: Money
    partner: Id | None = None
    by_year: dict[Year, Money] | None = None


class CostOption(_Model):
    """A further cost option of the programme beside ``project.cost_model`` (a flat rate such
    as office 15 % of staff costs), for every implementer or for one (``partner``). ``rate``:
    the rate the project picks where the rule allows a range."""

    id: Id
    partner: Id | None = None
    rate: Rate | None = None


class UnitCost(_Model):
    """A unit cost (*yksikkökustannus*): rate per unit × number of units, e.g. a cost per
    participant. ``unit_rate`` where the rule leaves the rate to the project."""

    id: Id
    partner: Id | None = None
    description: Text = ""
    unit_rate: Money | None = None
    quantity: Quantity | None = None
    quantity_by_year: dict[Year, Quantity] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        _one_of(self, ("quantity", "quantity_by_year"), "a unit cost")
        return self


class FundingSource(_Model):
    """A funding row besides the support: other public, private, in-kind or own money."""

    partner: Id | None = None
    kind: Literal["other_public", "private", "in_kind", "own"]
    provider: Text = ""
    provider_sector: Literal["public", "private"] | None = None
    amount: Money


class Funding(_Model):
    """The requested support and the other funding rows (*rahoitussuunnitelma*)."""

    support_rate: Rate | None = None
    support: Money | None = None
    sources: list[FundingSource] = Field(default_factory=_empty, max_length=500)

    @model_validator(mode="after")
    def _support_form(self) -> Self:
        if self.support_rate is not None and self.support is not None:
            _one_of(self, ("support_rate", "support"), "the requested support")
        return self


class Member(_Model):
    """A participating municipality with what its key needs (or just its name)."""

    municipality: Name
    population: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    population_date: Day | None = None
    amount: Money | None = None
    percent: Rate | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        return {"municipality": data} if isinstance(data, str) else data


def _municipal_funding(value: Any) -> Any:
    """``"remainder"`` (the municipalities cover what is left) or an amount."""
    if value == "remainder":
        return value
    if isinstance(value, str):
        raise PydanticCustomError(
            "not_one_of",
            'expected an amount or "remainder"',
            {"expected": '"remainder" or an amount', "got": value[:40]},
        )
    _number(value)
    if not isinstance(value, (int, Decimal)) or not Decimal(value).is_finite():
        raise PydanticCustomError("not_finite", "expected a finite amount", {})
    amount = Decimal(value)
    if amount < 0:
        raise PydanticCustomError("too_small", "too small", {"limit": "0", "got": str(amount)})
    if amount > MAX_AMOUNT:
        raise PydanticCustomError(
            "too_large", "too large", {"limit": str(MAX_AMOUNT), "got": str(amount)}
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise PydanticCustomError("too_many_decimals", "too many decimals", {"got": str(amount)})
    return amount


MunicipalFunding = Annotated[
    Any,
    PlainValidator(_municipal_funding),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"const": "remainder"}]}),
]


def _name_or_member(schema: dict[str, Any]) -> None:
    """In the JSON Schema a member may also be just a name or code."""
    schema["items"] = {"anyOf": [{"type": "string", "minLength": 1}, schema["items"]]}


Key = Literal["per_capita", "equal", "fixed", "percent", "base_plus_per_capita"]


class Municipal(_Model):
    """Municipal funding (*kuntarahoitus*) and how it is split among the municipalities."""

    funding: MunicipalFunding = Decimal(0)
    key: Key = "per_capita"
    base_share: Rate | None = None
    recipient: Id | None = None
    members: list[Member] = Field(
        default_factory=_empty, max_length=400, json_schema_extra=_name_or_member
    )
    # municipalities that may still join: used by ``hanke scenario --municipalities``
    candidates: list[Name] = Field(default_factory=_empty, max_length=400)

    @model_validator(mode="after")
    def _key_needs(self) -> Self:
        if self.key == "base_plus_per_capita" and self.base_share is None:
            raise PydanticCustomError(
                "base_share_missing", "key base_plus_per_capita needs base_share", {}
            )
        return self


Timing = Literal["start", "yearly_start", "yearly_end", "with_costs", "with_claims", "end"]


class Contributions(_Model):
    """When the funding rows besides the support are received (``hanke cashflow``)."""

    municipal: Timing | None = None
    other_public: Timing | None = None
    private: Timing | None = None


class CashFlowSettings(_Model):
    """Payment claims and receipts for ``hanke cashflow``; each key overrides the rules."""

    claim_months: Annotated[int, Field(ge=1, le=36)] | None = None
    claim_ends: list[Day] | None = Field(default=None, max_length=200)
    payment_lag_months: Annotated[int, Field(ge=0, le=36)] | None = None
    advance_share: Rate | None = None
    contributions: Contributions = Field(default_factory=Contributions)


class Decision(_Model):
    """What the file knows of one municipality's own decision on the project.

    Shown in that municipality's attachment as given; nothing is filled in when missing.
    """

    municipality: Name
    body: Text | None = None  # the deciding body, e.g. "Kaupunginvaltuusto"
    meeting: Day | None = None
    section: Text | None = None  # the minutes' section, e.g. "§ 123"
    case_number: Text | None = None  # diaarinumero
    preparer: Text | None = None
    preparer_title: Text | None = None
    attachment: Text | None = None  # the attachment's number in the agenda, e.g. "3"
    budget_item: Text | None = None  # the budget that covers the money


class ProjectFile(_Model):
    """A hankelaskuri project file (hanke)."""

    project: ProjectInfo
    partners: list[Partner] = Field(min_length=1, max_length=50)
    staff: list[StaffLine] = Field(default_factory=_empty, max_length=2000)
    costs: list[CostLine] = Field(default_factory=_empty, max_length=5000)
    lump_sums: list[LumpSum] = Field(default_factory=_empty, max_length=50)
    cost_options: list[CostOption] = Field(default_factory=_empty, max_length=50)
    unit_costs: list[UnitCost] = Field(default_factory=_empty, max_length=500)
    voluntary_work: list[VoluntaryWork] = Field(default_factory=_empty, max_length=500)
    income: list[Income] = Field(default_factory=_empty, max_length=500)
    funding: Funding = Field(default_factory=Funding)
    municipal: Municipal | None = None
    cashflow: CashFlowSettings | None = None

    decisions: list[Decision] = Field(default_factory=_empty, max_length=400)

    @property
    def main_partner(self) -> Partner:
        return next((p for p in self.partners if p.role == "main"), self.partners[0])
