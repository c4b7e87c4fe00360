"""Funding rules kept as data: one TOML file per programme, every value dated and sourced.

A rules file is read into a :class:`Programme`. Each rule value is a :class:`Param`: a list
of dated entries (``value``, ``since``, ``until``, ``source``, ``status``), OpenFisca-style,
so that a rate that changed (talkootyö 15 → 20 €/h) keeps both values and the one valid on
the project's reference date is used. Built-in files live beside this module; a user adds
or overrides programmes with ``--rules DIR``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

try:  # the compiled parser (a dependency), as the project loader uses; same API as tomllib
    import tomli as tomllib
except ImportError:  # pragma: no cover
    import tomllib  # type: ignore[no-redef]

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import InputError, UserError, os_reason

BUILTIN_DIR = Path(__file__).parent

Category = Literal[
    "staff", "purchased_services", "travel", "equipment", "rents", "other", "investments"
]
Status = Literal["official", "secondary", "unconfirmed"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Names(_Strict):
    """A name in Finnish, Swedish and English."""

    fi: str
    sv: str
    en: str

    def get(self, lang: str) -> str:
        return str(getattr(self, lang, self.fi))


class ParamEntry(_Strict):
    """One value of a rule with its validity period and source."""

    value: Any
    since: date
    until: date | None = None
    source: str = Field(min_length=3)
    status: Status
    note: str | None = None

    def valid_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


class Param(_Strict):
    """A rule value: one or more dated entries."""

    entries: tuple[ParamEntry, ...] = Field(min_length=1)
    _resolved: dict[date, tuple[ParamEntry, bool]] = PrivateAttr(default_factory=dict)

    def at(self, day: date) -> ParamEntry | None:
        """The entry valid on ``day`` (the latest that started on or before it)."""
        valid = [e for e in self.entries if e.valid_on(day)]
        return max(valid, key=lambda e: e.since) if valid else None

    def resolve(self, day: date) -> tuple[ParamEntry, bool]:
        """The entry to use on ``day`` and whether it is out of date: the entry in force, or
        when none is, the nearest one (so a project can still be shown, with a finding).

        Remembered per day: a programme is read once and used for many projects.
        """
        hit = self._resolved.get(day)
        if hit is None:
            entry = self.at(day)
            if entry is None:
                nearest = min(
                    self.entries,
                    key=lambda e: min(
                        abs((e.since - day).days), abs(((e.until or e.since) - day).days)
                    ),
                )
                hit = (nearest, True)
            else:
                hit = (entry, False)
            self._resolved[day] = hit
        return hit


def _param(value: Any) -> Any:
    if isinstance(value, Param):
        return value
    return {"entries": _as_list(value)}


ParamField = Annotated[Param, BeforeValidator(_param)]


Target = Literal[
    "staff",
    "purchased_services",
    "travel",
    "equipment",
    "rents",
    "other",
    "investments",
    "flat_rate",
]


class CostModelRule(_Strict):
    """A cost option (*kustannusmalli*): actual costs, a flat rate, a unit cost or a lump sum.

    A project names one as its ``cost_model`` and may add more as ``cost_options`` (per
    implementer where the programme allows it). A flat rate is ``rate`` × the implementer's
    costs in the ``base`` categories; it is booked in the ``target`` category and replaces
    (``covers``) the categories whose real costs it pays for. Flat rates are evaluated in
    ``order`` (lower first), so a later one may take an earlier one's amount as its base
    (travel 15 % of a staff flat rate). With ``adjustable`` the project picks a rate between
    ``min_rate`` and ``rate``. Options that cannot be used together list each other in
    ``exclusive_with``. A unit cost is ``unit_rate`` (or the project's own rate) × quantity.
    """

    name: Names
    kind: Literal["actual", "flat_rate", "lump_sum", "unit_cost"]
    rate: ParamField | None = None
    min_rate: ParamField | None = None
    adjustable: bool = False
    base: tuple[Target, ...] = ()
    covers: tuple[Category, ...] = ()
    target: Target = "flat_rate"
    order: int = Field(default=0, ge=0, le=99)
    exclusive_with: tuple[str, ...] = ()
    unit_rate: ParamField | None = None
    unit: Names | None = None
    since: date
    until: date | None = None
    source: str = Field(min_length=3)
    status: Status
    note: str | None = None


class LumpSumRule(_Strict):
    """A lump sum (*kertakorvaus*): fixed by the rules (the 5 000 € valmisteluraha) or given
    by the project up to ``max_amount``. With ``with_other_costs`` it may stand beside real
    costs and flat rates (an Interreg project lump sum); otherwise it is the whole budget."""

    name: Names
    amount: ParamField | None = None
    max_amount: ParamField | None = None
    max_duration_months: ParamField | None = None
    with_other_costs: bool = False


class MeasureRule(_Strict):
    """A measure (*toimenpide*) inside a programme."""

    name: Names
    max_support_rate: ParamField
    min_own_share: ParamField
    cost_models: ParamField
    max_support: ParamField | None = None
    max_total_cost: ParamField | None = None
    lump_sum: str | None = None


class Eligibility(_Strict):
    start: ParamField
    end: ParamField | None = None


class Rounding(_Strict):
    """The named rounding points: mode (down, half_up, up) and unit (0.01 or 1) of each.

    ``amount_*``: an amount computed as rate × quantity (a role's pay, hours at the hourly
    rate, voluntary work, unit costs); ``hourly_rate_unit``: the hourly rate is rounded to
    this unit before it is multiplied by the hours (0: not rounded); ``flat_rate_scope``:
    a flat rate is rounded once on the whole base (``total``) or year by year (``year``).
    """

    support_mode: ParamField
    support_unit: ParamField
    flat_rate_mode: ParamField
    flat_rate_unit: ParamField
    flat_rate_scope: ParamField
    amount_mode: ParamField
    amount_unit: ParamField
    hourly_rate_unit: ParamField

    @field_validator("support_mode")
    @classmethod
    def _support_never_rounded_up(cls, param: Param) -> Param:
        # support never exceeds what the rate allows, so it is only ever rounded down
        found = next((e.value for e in param.entries if e.value != "down"), None)
        if found is not None:
            raise PydanticCustomError(
                "support_rounded_up", "support is never rounded up", {"got": str(found)}
            )
        return param


class SupportSplit(_Strict):
    """Split of the support into EU, state and (Leader) municipal parts; fractions summing to 1."""

    eu: ParamField
    state: ParamField
    municipal: ParamField | None = None


class StaffRules(_Strict):
    hours_per_year: ParamField
    on_cost_rate: ParamField | None = None


class VoluntaryWorkRules(_Strict):
    """Talkootyö values. ``machine_includes_driver``: the machine rate already pays the
    driver (2014–2022), so the driver's hours are not valued again as a person's hours."""

    hourly_rate: ParamField
    machine_hourly_rate: ParamField
    machine_includes_driver: ParamField


class ConditionRule(_Strict):
    """A condition shown to decision makers (cost model fixed, support paid in arrears …)."""

    text: Names
    since: date
    until: date | None = None
    source: str = Field(min_length=3)
    status: Status
    measures: tuple[str, ...] | None = None  # None: every measure

    def applies(self, measure: str, day: date) -> bool:
        in_force = self.since <= day and (self.until is None or day <= self.until)
        return in_force and (self.measures is None or measure in self.measures)


class PaymentRules(_Strict):
    """Payment claims (*maksatushakemus*): claim period, payment lag, advance (*ennakko*)."""

    claim_months: ParamField
    payment_lag_months: ParamField
    advance_share: ParamField
    lump_sum_claims: ParamField | None = None  # a lump-sum project is paid in this many claims


class ChangeRules(_Strict):
    """What needs a change application (*muutoshakemus*) after the funding decision."""

    category_shift: ParamField  # share of a cost category's approved amount
    longer_period: ParamField
    new_partner: ParamField
    higher_total: ParamField


class Programme(_Strict):
    """One funding programme, read from one rules file."""

    id: str
    fund: str
    e_service: str
    name: Names
    eligibility: Eligibility
    rounding: Rounding
    support_split: SupportSplit
    support_split_by_region: dict[str, SupportSplit] = {}
    staff: StaffRules
    voluntary_work: VoluntaryWorkRules | None = None
    # every implementer must use the same cost options (Interreg Aurora); else each may differ
    same_options_for_all_partners: ParamField | None = None
    cost_models: dict[str, CostModelRule]
    lump_sums: dict[str, LumpSumRule] = {}
    measures: dict[str, MeasureRule]
    conditions: dict[str, ConditionRule] = {}
    payments: PaymentRules | None = None
    changes: ChangeRules | None = None
    path: str = ""

    def params(self) -> Iterator[tuple[str, Param]]:
        """Every rule value with its dotted name, for listings and the source check."""
        yield from _walk_params(self, "")


def _walk_params(obj: Any, prefix: str) -> Iterator[tuple[str, Param]]:
    if isinstance(obj, Param):
        yield prefix, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk_params(getattr(obj, name), f"{prefix}.{name}" if prefix else name)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from _walk_params(value, f"{prefix}.{key}")


def load_programme_file(path: Path) -> Programme:
    """Read and validate one rules file; a broken file is a :class:`UserError`.

    Programmes are immutable, so a file read once is reused (until it changes on disk):
    checking thousands of projects reads each rules file once.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return _load_cached(path, stat.st_mtime_ns, stat.st_size)


MAX_RULES_BYTES = 1_048_576  # 1 MiB, as a project file: the largest built-in one is ~22 kB


def _unreadable(path: Path, exc: OSError) -> UserError:
    return UserError(
        code="rules_file_invalid",
        key="msg.rules_file_unreadable",
        path=str(path),
        error=os_reason(exc),
    )


def read_toml(path: Path) -> dict[str, Any]:
    """A rules file's data; a file that cannot be read or is not TOML is a
    :class:`UserError` that says why in the reader's language, a TOML mistake at its
    ``file:line:column`` in the words the loader uses for a project file. Only a regular
    file is read, as a project file is (a named pipe in a rules folder is refused, never
    waited on), and never more than :data:`MAX_RULES_BYTES`."""
    from ..files import NotRegularFile, read_bounded
    from ..findings import Located, problem, term

    try:
        raw = read_bounded(path, MAX_RULES_BYTES)
    except NotRegularFile as exc:
        found = problem("not_regular_file", params={"kind": term(f"file_kind.{exc.kind}")})
        raise UserError(code="rules_file_invalid", detail=Located(str(path), found)) from None
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if len(raw) > MAX_RULES_BYTES:
        found = problem(
            "file_too_large", params={"size": f"> {MAX_RULES_BYTES}", "max": MAX_RULES_BYTES}
        )
        raise UserError(code="rules_file_invalid", detail=Located(str(path), found))
    try:
        return tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass  # told below; the loader (heavy) is imported only for a broken file
    from ..loader import decode, toml_problem

    try:
        text = decode(raw, str(path))
        return tomllib.loads(text, parse_float=Decimal)  # a byte-order mark was all
    except InputError as exc:  # NUL bytes, not UTF-8, empty
        found = exc.problems[0]
    except tomllib.TOMLDecodeError as exc:
        found = toml_problem(text, exc)
    raise UserError(code="rules_file_invalid", detail=Located(str(path), found))


@functools.lru_cache(maxsize=64)
def _load_cached(path: Path, mtime_ns: int, size: int) -> Programme:
    data = read_toml(path)
    try:
        programme = Programme.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        raise _invalid(path, exc) from None
    return programme


def _invalid(path: Path, exc: ValidationError) -> UserError:
    """A rules file whose values do not validate, told as a project file's problem: its
    first problem at ``file:line:column: key: message`` in the reader's language."""
    from ..findings import Located
    from ..loader import pydantic_problem
    from ..sourcemap import SourceMap

    errors = exc.errors(include_url=False, include_context=True, include_input=True)
    found = pydantic_problem(errors[0])
    # a value's own ``entries`` are the file's key itself (``support_unit = "x"``)
    key = ".".join(
        p for p in found.key.split(".") if p != "entries" and not p.startswith("entries[")
    )
    try:
        source = SourceMap(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        source = None
    parts = key.split(".")
    while source is not None and parts:
        pos = source.locate(".".join(parts))
        if pos:
            found = found.located(*pos)
            break
        parts.pop()
    return UserError(code="rules_file_invalid", detail=Located(str(path), replace(found, key=key)))


class PublicBodies(_Strict):
    words: ParamField
    name_endings: ParamField


class StarterFigures(_Strict):
    monthly_pay: ParamField
    on_cost_rate: ParamField
    other_cost: ParamField
    cap_use: ParamField


class Defaults(_Strict):
    """Values that belong to no single programme (``shared/defaults.toml``)."""

    public_bodies: PublicBodies
    starter: StarterFigures
    path: str = ""

    def params(self) -> Iterator[tuple[str, Param]]:
        yield from _walk_params(self, "")

    def public_body_pattern(self, day: date) -> re.Pattern[str]:
        """A pattern that finds a public body's name (``Iitin kunta``, ``Lapin
        elinvoimakeskus``) by the words valid on ``day``."""
        words = _value_on(self.public_bodies.words, day)
        endings = _value_on(self.public_bodies.name_endings, day)
        return _name_pattern(tuple(words), tuple(endings))


@functools.lru_cache(maxsize=16)
def _name_pattern(words: tuple[str, ...], endings: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = [rf"\b{re.escape(w)}\b" for w in words] + [re.escape(e) for e in endings]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _value_on(param: Param, day: date) -> Any:
    entry = param.at(day) or max(param.entries, key=lambda e: e.since)
    return entry.value


DEFAULTS_NAME = Path("shared") / "defaults.toml"


def load_defaults(extra_dirs: Iterable[Path] = ()) -> Defaults:
    """The shared defaults: a user folder's ``shared/defaults.toml`` first, else built-in."""
    for folder in extra_dirs:
        candidate = Path(folder) / DEFAULTS_NAME
        if candidate.is_file():
            return _load_defaults(candidate)
    return _load_defaults(BUILTIN_DIR / DEFAULTS_NAME)


@functools.lru_cache(maxsize=8)
def _load_defaults(path: Path) -> Defaults:
    data = read_toml(path)
    try:
        return Defaults.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        raise _invalid(path, exc) from None


def _user_files(extra_dirs: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in extra_dirs:
        if not Path(folder).is_dir():
            raise UserError(code="rules_dir_missing", path=str(folder))
        files.extend(sorted(Path(folder).glob("*.toml")))
    return files


def load_programme(programme_id: str, extra_dirs: Iterable[Path] = ()) -> Programme | None:
    """The programme with ``programme_id``: user folders first, then the built-in rules."""
    for path in _user_files(extra_dirs):
        programme = load_programme_file(path)
        if programme.id == programme_id:
            return programme
    builtin = BUILTIN_DIR / f"{programme_id}.toml"
    if builtin.is_file():
        return load_programme_file(builtin)
    return None


def load_all(extra_dirs: Iterable[Path] = ()) -> list[Programme]:
    """Every programme, user folders overriding built-ins with the same id."""
    seen: dict[str, Programme] = {}
    for path in [*_user_files(extra_dirs), *sorted(BUILTIN_DIR.glob("*.toml"))]:
        programme = load_programme_file(path)
        seen.setdefault(programme.id, programme)
    return sorted(seen.values(), key=lambda p: p.id)


def programme_ids(extra_dirs: Iterable[Path] = ()) -> list[str]:
    """Ids of the available programmes (cheap: built-in ids come from file names)."""
    ids = {p.stem for p in BUILTIN_DIR.glob("*.toml")}
    ids.update(load_programme_file(p).id for p in _user_files(extra_dirs))
    return sorted(ids)
