"""Project file → validated models, or every problem in the file at once.

Stages: read bytes (size, NUL bytes, encoding) → TOML (``tomllib``, floats as Decimal) →
pydantic models → cross-references against the rules and the municipality data. Each stage
collects :class:`~hankelaskuri.findings.Finding` errors with the key path; positions are
looked up in a :class:`~hankelaskuri.sourcemap.SourceMap` only when there is a problem.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import i18n
from . import municipalities as muni
from .engine import MemberInput
from .errors import InputError, UserError, os_reason
from .files import NotRegularFile, file_kind, read_bounded  # noqa: F401 - used here and re-exported
from .findings import Finding, Param, number, problem, term
from .models import ProjectFile
from .rules import Programme, load_all, load_programme
from .sourcemap import SourceMap, path_of

try:  # the compiled parser when installed (a dependency); same API and errors as tomllib
    import tomli as toml_parser
except ImportError:  # pragma: no cover
    import tomllib as toml_parser  # type: ignore[no-redef]

MAX_FILE_BYTES = 1_048_576  # 1 MiB: a real project file is a few kilobytes
MAX_DEPTH = 8  # tables within tables; the format needs at most 4
MAX_PROBLEMS = 50  # problems reported for one file; the rest are counted ("N more")
# Characters no output can carry or show as written: C0 controls but tab, line feed and
# carriage return, and the non-characters U+FFFE and U+FFFF (XML 1.0 forbids them: xlsx,
# docx, JUnit; PDF and terminals would show them as garbage); DEL and the C1 controls (a
# terminal reads U+009B as the start of an escape sequence); the bidirectional embeddings,
# overrides and isolates U+202A-U+202E and U+2066-U+2069 (they show text in another order
# than it is written: "\u202eakrus" reads "surka"). Refused once here, so every renderer gets
# text it can write and every reader sees what was written.
BAD_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


@dataclass(frozen=True)
class Loaded:
    """A valid project with everything the engine needs."""

    path: str
    text: str
    project: ProjectFile
    programme: Programme
    members: tuple[MemberInput, ...]


def read_text(path: Path) -> str:
    """The file's text; size, binary content and encoding problems as :class:`InputError`.

    Only a regular file is read (a FIFO, a device or a folder is refused without waiting
    on it), and never more than the size limit, whatever ``stat`` said."""
    raw = read_input(path, MAX_FILE_BYTES, project=True)
    if len(raw) > MAX_FILE_BYTES:
        size = path.stat().st_size  # what stat says, if it knows; else "more than"
        shown = size if size > MAX_FILE_BYTES else f"> {MAX_FILE_BYTES}"
        raise InputError(
            str(path), [problem("file_too_large", params={"size": shown, "max": MAX_FILE_BYTES})]
        )
    return decode(raw, str(path))


def read_input(path: Path, limit: int, project: bool = False) -> bytes:
    """At most ``limit + 1`` bytes of an input file (a project file, a workbook to import):
    only a regular file is read, a FIFO, a device or a folder is refused without waiting
    on it (:class:`InputError` ``not_regular_file``), a missing file is ``file_not_found``,
    any other failure ``file_unreadable`` in the reader's words. A folder given for a
    ``project`` file gets a hint naming a project file in it."""
    path = Path(path)

    def fail(code: str, **params: object) -> InputError:
        return InputError(str(path), [problem(code, params=params)])

    try:
        return read_bounded(path, limit)
    except FileNotFoundError:
        raise fail("file_not_found") from None
    except NotRegularFile as exc:
        if exc.kind == "folder" and project:  # a folder given where a project file is expected
            files = sorted(path.glob("*.toml"))
            example = str(files[0]) if files else str(path / "hanke.toml")
            raise InputError(
                str(path),
                [
                    problem(
                        "not_regular_file",
                        params={"kind": _kind(exc.kind), "example": example, "path": str(path)},
                        hint="folder_given",
                    )
                ],
            ) from None
        raise fail("not_regular_file", kind=_kind(exc.kind)) from None
    except OSError as exc:
        raise UserError(code="file_unreadable", path=str(path), error=os_reason(exc)) from exc


def _kind(kind: str) -> Param:
    """The kind of a file, a word from the catalogue (shown in the reader's language)."""
    return term(f"file_kind.{kind}")


def decode(raw: bytes, label: str) -> str:
    """Bytes of a project file as text: NUL bytes, encoding and emptiness checked."""

    def fail(code: str, **params: object) -> InputError:
        return InputError(label, [problem(code, params=params)])

    if len(raw) > MAX_FILE_BYTES:
        raise fail("file_too_large", size=len(raw), max=MAX_FILE_BYTES)
    if b"\x00" in raw:
        raise fail("binary_file")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        encoding = "Windows-1252" if _looks_cp1252(raw) else "tuntematon / okänd / unknown"
        line = raw[: exc.start].count(b"\n") + 1
        found = problem("encoding", params={"encoding": encoding}, line=line, hint="encoding")
        raise InputError(label, [found]) from None
    if not text.strip():
        raise fail("empty_file")
    return text.replace("\r\n", "\n")


def _looks_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def parse_toml(path: str, text: str) -> dict[str, Any]:
    try:
        data = toml_parser.loads(text, parse_float=Decimal)
    except toml_parser.TOMLDecodeError as exc:
        raise InputError(path, [toml_problem(text, exc)]) from None
    except RecursionError:
        raise InputError(path, [problem("too_deep", params={"max": MAX_DEPTH})]) from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(path, [problem("too_deep", params={"max": MAX_DEPTH})])
    return data


def toml_problem(text: str, exc: ValueError) -> Finding:
    """The TOML parser's error in ``text`` as a finding at its line and column, in the
    reader's words (a Finnish-style number or date named as such)."""
    detail = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", detail)
    line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", detail)
    detail = re.sub(r"\s*\(at end of document\)", "", detail)
    source = text.splitlines()[line - 1] if line and 0 < line <= len(text.splitlines()) else ""
    return typing_mistake(source, line) or problem(
        "toml_syntax",
        params={"detail": syntax_detail(detail)},
        line=line,
        column=column,
        hint="toml_syntax",
    )


# The typing mistakes people used to Finnish number and date formats make, read from the
# line the TOML parser stopped at: each gets its own message and the corrected value.
_VALUE = r"^\s*[A-Za-z0-9_.\"-]+\s*=\s*(?P<value>{})\s*(?:#.*)?$"
_DECIMAL_COMMA = re.compile(_VALUE.format(r"-?\d{1,3}(?:[ \u00a0]?\d{3})*,\d+|-?\d+,\d+"))
_SPACED = re.compile(_VALUE.format(r"-?\d{1,3}(?:[ \u00a0]\d{3})+(?:\.\d+)?"))
_FINNISH_DATE = re.compile(_VALUE.format(r"\d{1,2}\.\d{1,2}\.\d{4}"))
_PERCENT = re.compile(_VALUE.format(r"-?\d+(?:[.,]\d+)?\s*%"))


def finnish_number(text: str) -> str:
    """``3 750,00`` → ``3750.00``; ``80 %`` → ``0.80``."""
    plain = re.sub(r"[\s\u00a0]", "", text).replace(",", ".")
    if plain.endswith("%"):
        value = Decimal(plain[:-1]) / 100
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    return plain


def finnish_date(text: str) -> str | None:
    """``1.12.2022`` → ``2022-12-01`` (None if it is no date)."""
    m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def typing_mistake(source: str, line: int | None) -> Finding | None:
    """A specific problem for a Finnish-style value on a line TOML could not read."""
    for pattern, code in (
        (_DECIMAL_COMMA, "decimal_comma"),
        (_SPACED, "space_in_number"),
        (_PERCENT, "percent_sign"),
        (_FINNISH_DATE, "finnish_date"),
    ):
        m = pattern.match(source)
        if not m:
            continue
        value = m.group("value").strip()
        fixed = finnish_date(value) if code == "finnish_date" else finnish_number(value)
        if fixed is None:
            continue
        return problem(
            code,
            params={"value": value, "fixed": fixed},
            line=line,
            column=m.start("value") + 1,
            hint=code,
        )
    return None


# What the TOML parser says, as catalogue keys (shown in the reader's language).
_SYNTAX = (
    ("Expected newline or end of document after a statement", "toml.after_value"),
    ("Expected '=' after a key in a key/value pair", "toml.expected_equals"),
    ("Expected ']' at the end of a table declaration", "toml.table_bracket"),
    ("Expected ']]' at the end of an array declaration", "toml.array_bracket"),
    ("Invalid initial character for a key part", "toml.key_start"),
    ("Invalid date or datetime", "toml.bad_date"),
    ("Invalid value", "toml.bad_value"),
    ("Invalid statement", "toml.bad_statement"),
    ("Unclosed array", "toml.unclosed_array"),
    ("Unclosed inline table", "toml.unclosed_table"),
    ("Unterminated string", "toml.unterminated_string"),
    ("Unescaped '\\' in a string", "toml.backslash"),
    ("Cannot overwrite a value", "toml.overwrite"),
    ("Cannot declare", "toml.declared_twice"),
    ("Cannot mutate immutable namespace", "toml.redefined"),
    ("Cannot redefine namespace", "toml.redefined"),
    ("Duplicate inline table key", "toml.duplicate_key"),
    ("Found invalid character", "toml.bad_character"),
    ("Illegal character", "toml.bad_character"),
    ("Invalid hex value", "toml.bad_escape"),
    ("Escaped character is not a Unicode scalar value", "toml.bad_escape"),
    ("Unescaped", "toml.backslash"),
    ("Expected", "toml.expected"),
)


def syntax_detail(detail: str) -> Param:
    """The parser's words as a catalogue term (its own English text if it is new)."""
    for start, key in _SYNTAX:
        if detail.startswith(start):
            return term(key)
    return Param("text", detail)


def _depth(value: Any) -> int:
    """How deeply tables and arrays nest (stops counting past the limit)."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        level += 1
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        stack.extend((c, level) for c in children if isinstance(c, dict | list))
    return deepest


# pydantic error type → our problem code
_TYPE_CODES = {
    "missing": "missing",
    "extra_forbidden": "unknown_key",
    "literal_error": "not_one_of",
    "enum": "not_one_of",
    "greater_than_equal": "too_small",
    "greater_than": "not_positive",  # the only bound of the kind: gt=0
    "less_than_equal": "too_large",
    "less_than": "too_large",
    "decimal_max_places": "too_many_decimals",
    "finite_number": "not_finite",
    "too_short": "too_short",
    "string_too_short": "too_short",
    "too_long": "too_long",
    "string_too_long": "too_long",
    "string_pattern_mismatch": "bad_id",
    "date_type": "bad_date",
    "date_parsing": "bad_date",
    "date_from_datetime_parsing": "bad_date",
    "date_from_datetime_inexact": "bad_date",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "{...}"
    if isinstance(value, list):
        return "[...]"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _limit(value: Any) -> object:
    """A constraint's bound as a number the reader's language writes (pydantic gives a
    Decimal bound as its repr, ``"Decimal('1000000000')"``)."""
    text = str(value)
    if text.startswith("Decimal('") and text.endswith("')"):
        text = text[9:-2]
    try:
        return number(Decimal(text))
    except ArithmeticError:
        return text


def pydantic_problem(err: Any) -> Finding:
    """One of pydantic's errors as a problem in the program's words."""
    kind = err["type"]
    loc = tuple(err["loc"])
    of_key = loc[-1:] == ("[key]",)  # a table's key (a year in by_year) is what is wrong
    if of_key:
        loc = loc[:-1]
    key = path_of(loc)
    ctx = dict(err.get("ctx") or {})
    got = str(err.get("input")) if of_key else _describe(err.get("input"))
    code = _TYPE_CODES.get(kind)
    params: dict[str, object] = {"got": got}
    hint = ""
    if code is None and i18n.has(f"msg.{kind}"):
        code = kind
        params.update({k: v for k, v in ctx.items()})
        hint = kind
    elif code is None:
        base = kind.split("_")[0]
        code = "wrong_type"
        params["expected"] = term(f"type.{base}") if i18n.has(f"type.{base}") else base
    if code == "unknown_key":
        params["key"] = str(loc[-1])
        suggestion = _suggest_key(loc)
        if suggestion:
            hint = "did_you_mean"
            params["suggestion"] = suggestion
    elif code == "not_one_of":
        params["expected"] = ctx.get("expected", "")
    elif code in ("too_small", "too_large"):
        params["limit"] = _limit(
            next((v for k, v in ctx.items() if k in ("ge", "gt", "le", "lt", "limit")), "")
        )
    elif code == "too_long":
        params["limit"] = ctx.get("max_length", "")
    elif code == "too_short" and int(ctx.get("min_length") or 1) > 1:  # rules: source texts
        code = "too_few_characters"
        params["limit"] = ctx.get("min_length", "")
    elif code == "bad_date":
        hint = "bad_date"
    return problem(code, key, params, hint)


def _suggest_key(loc: tuple[Any, ...]) -> str | None:
    fields = _fields_at(ProjectFile, loc[:-1])
    key = str(loc[-1])
    # a short key shares half its letters with many others ('nokey' and 'income'): only a
    # near miss ('staf', 'fundng') is a guess worth making
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.75 if len(key) <= 6 else 0.5)
    return close[0] if close else None


def _fields_at(model: Any, loc: Sequence[Any]) -> list[str]:
    """Field names of the model reached by ``loc`` from ``model``, for 'did you mean'."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, __import__("types").UnionType):
            models = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = models[0] if len(models) == 1 else tp
            if len(models) != 1:
                return tp
        else:
            return tp


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _tables(value: Any) -> list[dict[str, Any]]:
    return [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _by_name(value: str, named: Mapping[str, Any], ids: Sequence[str]) -> list[str]:
    """The id meant by ``value`` written as a name in any language (*Fonden för en rättvis
    omställning*, *Kehittämishanke*) or as the start of an id (*jtf*), if one is."""
    wanted = value.strip().casefold()
    if len(wanted) < 3:
        return []
    by_name = {
        str(name).casefold(): key
        for key, names in named.items()
        for name in (names.fi, names.sv, names.en)
    }
    if wanted in by_name:
        return [by_name[wanted]]
    near = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.75)
    if near:
        return [by_name[near[0]]]
    starting = [i for i in ids if i.casefold().startswith(wanted)]
    return starting if len(starting) == 1 else []


def _check_references(
    data: dict[str, Any], rules_dirs: Iterable[Path]
) -> tuple[Programme | None, list[Finding]]:
    """Cross-references, read from the raw data so that they are checked even when other
    values of the file are wrong: every problem is reported at once."""
    problems: list[Finding] = []

    def add(code: str, key: str, hint_code: str = "", **params: object) -> None:
        problems.append(problem(code, key, params, hint_code))

    def suggest(
        code: str,
        key: str,
        value: str,
        choices: Iterable[str],
        named: Mapping[str, Any] | None = None,
        **params: object,
    ) -> None:
        choices = sorted(choices)
        close = _by_name(value, named or {}, choices) or difflib.get_close_matches(
            value, choices, n=1, cutoff=0.5
        )
        add(
            code,
            key,
            "did_you_mean" if close else "allowed",
            value=value,
            suggestion=close[0] if close else "",
            allowed=", ".join(choices) or "-",
            **params,
        )

    info = _table(data.get("project"))
    programme = None
    programme_id = _text(info.get("programme"))
    if programme_id:
        programme = load_programme(programme_id, rules_dirs)
        if programme is None:
            named = {p.id: p.name for p in load_all(rules_dirs)}
            suggest("unknown_programme", "project.programme", programme_id, named, named)
    if programme is not None:
        for field, table, code in (
            ("measure", programme.measures, "unknown_measure"),
            ("cost_model", programme.cost_models, "unknown_cost_model"),
        ):
            value = _text(info.get(field))
            if value is not None and value not in table:
                named = {k: v.name for k, v in table.items()}
                suggest(code, f"project.{field}", value, table, named, programme=programme.id)
        sections: tuple[tuple[str, Iterable[str], str], ...] = (
            ("lump_sums", programme.lump_sums, "unknown_lump_sum"),
            ("cost_options", programme.cost_models, "unknown_cost_model"),
            ("unit_costs", programme.cost_models, "unknown_cost_model"),
        )
        for section, names, code in sections:
            known = set(names)
            for i, item in enumerate(_tables(data.get(section))):
                value = _text(item.get("id"))
                if value is not None and value not in known:
                    suggest(code, f"{section}[{i}].id", value, known, programme=programme.id)
    region = _text(info.get("region"))
    if region is not None and region not in muni.regions():
        suggest("unknown_region", "project.region", region, muni.regions())
    start, end = info.get("start"), info.get("end")
    if type(start) is date and type(end) is date and end < start:  # noqa: E721 - not datetime
        add(
            "end_before_start",
            "project.end",
            "end_before_start",
            end=end.isoformat(),
            start=start.isoformat(),
        )

    partners = _tables(data.get("partners"))
    ids: set[str] = set()
    for i, partner in enumerate(partners):
        pid = _text(partner.get("id"))
        if pid is None:
            continue
        if pid in ids:
            add("duplicate_partner", f"partners[{i}].id", value=pid)
        ids.add(pid)
    mains = sum(1 for p in partners if p.get("role") == "main")
    if partners and mains != 1:
        add("main_partner_count", "partners", count=mains)

    def check_partner(ref: Any, key: str) -> None:
        if isinstance(ref, str) and ids and ref not in ids:
            suggest("unknown_partner", key, ref, ids)

    for section in (
        "staff",
        "costs",
        "income",
        "voluntary_work",
        "lump_sums",
        "cost_options",
        "unit_costs",
    ):
        for i, line in enumerate(_tables(data.get(section))):
            check_partner(line.get("partner"), f"{section}[{i}].partner")
    for i, source in enumerate(_tables(_table(data.get("funding")).get("sources"))):
        check_partner(source.get("partner"), f"funding.sources[{i}].partner")

    municipal = _table(data.get("municipal"))
    check_partner(municipal.get("recipient"), "municipal.recipient")
    candidates = municipal.get("candidates")
    for i, name in enumerate(candidates if isinstance(candidates, list) else []):
        if isinstance(name, str):
            _municipality(name, f"municipal.candidates[{i}]", add)
    seen: set[str] = set()
    members = municipal.get("members")
    for i, member in enumerate(members if isinstance(members, list) else []):
        key = f"municipal.members[{i}]"
        name = member if isinstance(member, str) else _text(_table(member).get("municipality"))
        if not name:
            continue
        found = _municipality(name, key, add)
        if found is None:
            continue
        if found.code in seen:
            add("duplicate_municipality", key, value=found.name_fi)
        seen.add(found.code)
        need = {"fixed": "amount", "percent": "percent"}.get(_text(municipal.get("key")) or "")
        if need and (isinstance(member, str) or _table(member).get(need) is None):
            add(
                "key_needs_value",
                key,
                key_name=municipal.get("key"),
                municipality=found.name_fi,
                field=need,
            )
    _check_municipal_links(data, add)
    return programme, problems


def _municipality(name: str, key: str, add: Any) -> muni.Municipality | None:
    """The municipality of that name or code; else a problem with the closest name."""
    found = muni.find(name)
    if found is None:
        successor = muni.merged(name)
        close = successor[0] if successor else muni.suggest(name)
        add(
            "unknown_municipality",
            key,
            "merged_municipality" if successor else "did_you_mean" if close else "",
            value=name,
            suggestion=close or "",
            year=successor[1] if successor else "",
        )
    return found


def _check_municipal_links(data: dict[str, Any], add: Any) -> None:
    """Partners that are municipalities, and the decisions' municipalities, must be known."""

    def known(name: Any, key: str) -> muni.Municipality | None:
        if not isinstance(name, str) or not name.strip():
            return None
        return _municipality(name, key, add)

    for i, partner in enumerate(_tables(data.get("partners"))):
        if partner.get("organisation") != "municipality":
            continue
        if partner.get("municipality") is None:
            add("municipality_missing", f"partners[{i}].organisation", value=partner.get("name"))
        else:
            known(partner.get("municipality"), f"partners[{i}].municipality")
    seen: set[str] = set()
    for i, decision in enumerate(_tables(data.get("decisions"))):
        key = f"decisions[{i}].municipality"
        found = known(decision.get("municipality"), key)
        if found is not None:
            if found.code in seen:
                add("duplicate_municipality", key, value=found.name_fi)
            seen.add(found.code)


def _members(project: ProjectFile) -> list[MemberInput]:
    """The participating municipalities, resolved against the bundled data."""
    out: list[MemberInput] = []
    if project.municipal is None:
        return out
    for i, member in enumerate(project.municipal.members):
        found = muni.find(member.municipality)
        assert found is not None  # checked by _check_references
        override = member.population is not None
        out.append(
            MemberInput(
                municipality=found,
                population=member.population if member.population is not None else found.population,
                population_date=member.population_date
                or (None if override else found.population_date),
                population_source="project" if override else "statistics",
                amount=member.amount,
                percent=member.percent,
                key=f"municipal.members[{i}]",
            )
        )
    return out


def load(path: str | Path, rules_dirs: Iterable[Path] = ()) -> Loaded:
    """Load and validate a project file; raise :class:`InputError` with every problem."""
    path = Path(path)
    return load_text(read_text(path), str(path), rules_dirs)


def load_bytes(raw: bytes, label: str, rules_dirs: Iterable[Path] = ()) -> Loaded:
    """Load a project from bytes (``label`` names it in messages)."""
    return load_text(decode(raw, label), label, rules_dirs)


def load_text(text: str, label: str, rules_dirs: Iterable[Path] = ()) -> Loaded:
    """Load a project from its text; raise :class:`InputError` with every problem."""
    path = label
    rules_dirs = list(rules_dirs)
    try:
        data = parse_toml(str(path), text)
    except InputError as exc:
        raise locate(exc, text) from None
    programme, problems = _check_references(data, rules_dirs)
    if "\\" in text or BAD_CHARACTERS.search(text):
        # a value can hold such a character only if the text has it or an escape makes it
        problems += _bad_characters(data)
    try:
        project = ProjectFile.model_validate(data)
    except ValidationError as exc:
        known = {(p.code, p.key) for p in problems}
        # one problem a key: a value of the wrong form ("jtf 2021/2027") is told as such,
        # with the reference check's guess for it ("did you mean jtf-2021-2027?")
        told = {p.key: i for i, p in enumerate(problems) if p.code.startswith("unknown_")}
        errors = exc.errors(include_url=False, include_context=True, include_input=True)
        more = 0
        for err in errors:  # a problem (and its "did you mean") only for those shown
            if len(problems) >= MAX_PROBLEMS:
                more += 1
                continue
            p = pydantic_problem(err)
            if p.key in told:
                guess = problems[told[p.key]]
                problems[told[p.key]] = replace(
                    p, params=(*p.params, *guess.params), hint=guess.hint
                )
            elif (p.code, p.key) not in known:
                problems.append(p)
        raise locate(_capped(str(path), problems, more), text) from None
    if problems or programme is None:
        raise locate(_capped(str(path), problems, 0), text)
    return Loaded(str(path), text, project, programme, tuple(_members(project)))


def _bad_characters(data: Any) -> list[Finding]:
    """A problem for every key and text value with a character no output can carry."""
    problems = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                stack.append(((*loc, k), v))
                if BAD_CHARACTERS.search(k):
                    problems.append(_bad_character((*loc, k), k))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in enumerate(value))
        elif isinstance(value, str) and BAD_CHARACTERS.search(value):
            problems.append(_bad_character(loc, value))
    return problems[::-1]


def _bad_character(loc: tuple[Any, ...], value: str) -> Finding:
    found = BAD_CHARACTERS.search(value)
    assert found is not None
    char = f"U+{ord(found.group()):04X}"
    return problem("bad_character", path_of(loc), {"char": char}, hint="bad_character")


def _capped(path: str, problems: list[Finding], more: int) -> InputError:
    """At most :data:`MAX_PROBLEMS` problems, and a last one saying how many more there are."""
    more += max(len(problems) - MAX_PROBLEMS, 0)
    problems = problems[:MAX_PROBLEMS]
    if more:
        problems.append(problem("more_problems", params={"count": more}))
    return InputError(path, problems)


def locate(error: InputError, text: str) -> InputError:
    """Fill in line and column of each problem from the file's source map."""
    source = SourceMap(text)
    located = []
    for found in error.problems:
        pos = source.locate(found.key) if found.line is None and found.key else None
        located.append(found.located(*pos) if pos else found)
    error.source_lines = source.lines
    error.problems = sorted(located, key=lambda p: (p.line is None, p.line or 0, p.column or 0))
    return error
