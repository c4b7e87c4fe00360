"""Writing project files: the canonical layout (``hanke fmt``), starter projects
(``hanke init``) and what-if variants (``hanke scenario``).

Values are formatted by tomli-w; the layout around them is ours, because tomli-w writes
arrays of tables as inline arrays and cannot write comments. Tables come in the order of
the format's models and keys in the order of their fields; money has two decimals; yearly
amounts stay inline (``by_year = { 2024 = 4000.00 }``). Comments: every comment is kept
(:func:`canonical`): the leading block at the top, the others with the key or table they
stand above or after.
"""

from __future__ import annotations

import itertools
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import tomli_w
from pydantic import BaseModel

from .models import ProjectFile
from .rules import load_defaults

CENT = Decimal("0.01")
PROJECT_NAME = "hanke.toml"  # a project file's example name (a folder given as the output)
MONEY_KEYS = {"amount", "monthly_pay", "annual_cost", "support", "funding", "by_year"}
TABLE_ARRAYS = {"sources"}  # arrays of tables inside a table: [[funding.sources]]
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


class CommentsError(Exception):
    """Comments a writer would lose (their line numbers). ``canonical`` keeps every
    comment and never raises it; kept for callers that catch it."""

    def __init__(self, lines: list[int]) -> None:
        super().__init__(lines)
        self.lines = lines


# -- canonical layout --------------------------------------------------------------------------
def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as ``list[StaffLine]`` or ``Municipal | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


FIRST = ["id", "partner", "kind", "provider", "provider_sector", "category", "title", "description"]


def _ordered(table: Mapping[str, Any], model: type[BaseModel] | None) -> list[str]:
    fields = list(model.model_fields) if model else []
    names = [k for k in FIRST if k in fields] + [k for k in fields if k not in FIRST]
    known = [k for k in names if k in table]
    return known + sorted(k for k in table if k not in names)


def _key(key: str) -> str:
    return key if _BARE.match(key) else tomli_w.dumps({"k": key}).split("=", 1)[1].strip()


def _money(key: str, value: Any) -> Any:
    """An amount written with two decimals (``3750`` → ``3750.00``). One that two decimals
    would change stays as given, for the loader to refuse in words: ``--set …=0.001`` was
    silently made 0.00, and ``--set …=1e400`` was an internal error."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and key in MONEY_KEYS:
        try:
            cents = Decimal(value).quantize(CENT)
        except InvalidOperation:
            return value
        return cents if cents == value else value
    return value


def _value(key: str, value: Any, inline: bool = False, expand: bool = False) -> str:
    """One value in TOML: scalars by tomli-w, inline tables and arrays laid out here; an
    ``expand``-ed array one item a line (its items have comments of their own)."""
    if isinstance(value, Mapping):
        money_keys = key == "by_year"
        items = [
            f"{_key(str(k))} = {_value(str(k) if not money_keys else 'amount', v, True)}"
            for k, v in value.items()
        ]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, list):
        items = [_value(key if not isinstance(v, Mapping) else "", v, True) for v in value]
        one_line = "[" + ", ".join(items) + "]"
        if (len(one_line) <= 90 and not expand) or inline or not items:
            return one_line
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    return tomli_w.dumps({"v": _money(key, value)}).split("=", 1)[1].strip()


def _table_lines(
    table: Mapping[str, Any],
    model: type[BaseModel] | None,
    path: str = "",
    expand: frozenset[str] = frozenset(),
) -> list[str]:
    return [
        f"{_key(k)} = {_value(k, table[k], expand=f'{path}.{k}' in expand)}"
        for k in _ordered(table, model)
        if not (k in TABLE_ARRAYS and _is_table_array(table[k]))
    ]


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _is_table_or_tables(value: Any) -> bool:
    """A top-level value written as ``[table]`` or ``[[tables]]`` (an empty list too: no
    table at all)."""
    return (
        isinstance(value, Mapping)
        or (isinstance(value, list) and not value)
        or _is_table_array(value)
    )


def format_project(
    data: Mapping[str, Any],
    header: Sequence[str] = (),
    comments: Mapping[str, str] | None = None,
    expand: frozenset[str] = frozenset(),
) -> str:
    """The canonical text of a project: ``header`` comment lines first, then the tables;
    ``comments`` puts a comment line above a table (key: ``project``, ``staff`` …);
    the arrays at the paths in ``expand`` are laid out one item a line."""
    comments = comments or {}
    out: list[str] = [*header]
    if header:
        out.append("")
    fields = ProjectFile.model_fields
    # a plain value at the top (no project has one: ``--set nokey=1``) is written first, as
    # TOML wants it, so the loader names it rather than losing it
    plain = {k: v for k, v in data.items() if not _is_table_or_tables(v)}
    if plain:
        out += [f"{_key(k)} = {_value(k, v)}" for k, v in plain.items()]
        out.append("")
    for section in _ordered(data, ProjectFile):
        value = data[section]
        if section in plain:
            continue
        model = _model_of(fields[section].annotation) if section in fields else None
        note = comments.get(section)
        if isinstance(value, Mapping):
            if note:
                out.append(f"# {note}")
            out.append(f"[{section}]")
            out += _table_lines(value, model, section, expand)
            for sub in _ordered(value, model):
                if sub in TABLE_ARRAYS and _is_table_array(value[sub]):
                    sub_model = _model_of(model.model_fields[sub].annotation) if model else None
                    for j, item in enumerate(value[sub]):
                        lines = _table_lines(item, sub_model, f"{section}.{sub}[{j}]", expand)
                        out += ["", f"[[{section}.{sub}]]", *lines]
            out.append("")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if note and i == 0:
                    out.append(f"# {note}")
                out.append(f"[[{section}]]")
                out += _table_lines(item, model, f"{section}[{i}]", expand)
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def split_comments(text: str) -> tuple[list[str], list[int]]:
    """The leading comment block, and the lines of any other comment."""
    from .sourcemap import SourceMap

    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if line.startswith("#") or (not line.strip() and header):
            header.append(line)
        elif line.strip():
            break
    while header and not header[-1].strip():
        header.pop()
    other = [n for n in SourceMap(text).comment_lines if n > len(header)]
    return header, other


def _at(data: Any, path: str) -> Any:
    """The value at a source-map path (``municipal.members``, ``staff[0].by_year``)."""
    current = data
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(current, list) or index >= len(current):
                return None
            current = current[index]
        elif isinstance(current, Mapping) and part in current:
            current = current[part]
        else:
            return None
    return current


def canonical(text: str, data: Mapping[str, Any]) -> str:
    """``hanke fmt``: the canonical form of a file, keeping every comment.

    The leading comment block stays at the top. Every other comment goes with the key or
    table it stands above (or, on the same line, after), found by the source map of the
    original text and put back at that key's place in the canonical text; comments after
    the last key stay at the end."""
    from .sourcemap import SourceMap

    lines = text.splitlines()
    header: list[str] = []
    for line in lines:  # the leading block: comment lines up to the first blank line
        if not line.startswith("#"):
            break
        header.append(line)
    source = SourceMap(text)
    at_line: dict[int, str] = {}
    for path, (number, _) in sorted(source.positions.items(), key=lambda item: len(item[0])):
        at_line.setdefault(number, path)
    above: dict[str, list[str]] = {}
    after: dict[str, str] = {}
    pending: list[str] = []
    for number, line in enumerate(lines, 1):
        if number <= len(header):
            continue
        column = source.comment_columns.get(number)
        if column is not None and not line[: column - 1].strip():  # a comment line
            pending.append(line.strip())
            continue
        key = at_line.get(number)
        if key is None:
            continue
        if pending:
            above.setdefault(key, []).extend(pending)
            pending = []
        if column is not None:  # a comment after the value on the same line
            after[key] = line[column - 1 :].strip()
    # an array whose items have comments of their own keeps one item a line, each item
    # with its comments (on one line, the comments would no longer say which item)
    expand = frozenset(
        path.rsplit("[", 1)[0]
        for path in [*above, *after]
        if path.endswith("]") and isinstance(_at(data, path.rsplit("[", 1)[0]), list)
    )
    out = format_project(data, header, expand=expand).splitlines()
    target = SourceMap("\n".join(out) + "\n")
    inserts: list[tuple[int, list[str]]] = []
    for path, block in above.items():
        found = target.locate(path)
        inserts.append((found[0] if found else len(out) + 1, block))
    for path, comment in after.items():
        found = target.locate(path)
        if found:
            out[found[0] - 1] += "  " + comment
        else:
            pending.append(comment)
    for number, block in sorted(inserts, key=lambda item: item[0], reverse=True):
        target_line = out[number - 1] if number <= len(out) else ""
        indent = target_line[: len(target_line) - len(target_line.lstrip())]
        out[number - 1 : number - 1] = [indent + line for line in block]
    if pending:
        out += ["", *pending] if out and out[-1].strip() else pending
    return "\n".join(out) + "\n"


# -- starter projects --------------------------------------------------------------------------
def starter(
    programme: Any,
    measure: str,
    name: str,
    start: date,
    end: date,
    implementer: str,
    business_id: str | None = None,
    authority: str | None = None,
    municipalities: Sequence[str] = (),
    lang: str = "fi",
) -> tuple[dict[str, Any], dict[str, str]]:
    """A small valid project for ``programme`` / ``measure`` and comments for its tables
    (in ``lang``)."""
    from .i18n import t

    rule = programme.measures[measure]
    entry = rule.cost_models.at(start) or rule.cost_models.entries[-1]
    cost_model = entry.value[0]
    model = programme.cost_models[cost_model]
    rate_entry = rule.max_support_rate.at(start) or rule.max_support_rate.entries[-1]
    data: dict[str, Any] = {
        "project": {
            "name": name,
            "start": start,
            "end": end,
            **({"authority": authority} if authority else {}),
            "programme": programme.id,
            "measure": measure,
            "cost_model": cost_model,
        },
        "partners": [
            {
                "id": "main",
                "name": implementer,
                "role": "main",
                **({"business_id": business_id} if business_id else {}),
            }
        ],
    }
    comments = {
        "project": t("init.comment.project", lang, programme=programme.id),
        "partners": t("init.comment.partners", lang),
    }
    figures = load_defaults().starter

    def on_start(param: Any) -> Decimal:
        return Decimal((param.at(start) or param.entries[-1]).value)

    if model.kind == "lump_sum":
        lump = rule.lump_sum or next(iter(programme.lump_sums))
        lump_rule = programme.lump_sums[lump]
        # a fixed lump sum, or the most a project may give
        amount = lump_rule.amount or lump_rule.max_amount
        data["lump_sums"] = [{"id": lump, "amount": on_start(amount)}]
        comments["lump_sums"] = t("init.comment.lump_sums", lang)
    else:
        months = max(1, (end.year - start.year) * 12 + end.month - start.month + 1)
        fte = Decimal("1.0")
        on_cost = None if programme.staff.on_cost_rate else on_start(figures.on_cost_rate)
        pay = on_start(figures.monthly_pay)
        other = on_start(figures.other_cost)
        separate = [
            c
            for c in ("purchased_services", "travel", "investments")
            if c not in model.covers and (c != "investments" or measure == "investment")
        ]
        has_costs = model.kind == "actual" or bool(separate)
        cap_entry = rule.max_support.at(start) if rule.max_support else None
        most_entry = rule.max_total_cost.at(start) if rule.max_total_cost else None
        rate_value = Decimal(rate_entry.value)
        # stay under the measure's euro caps: staff, other costs and the flat rate together
        oc = on_cost if on_cost is not None else on_start(programme.staff.on_cost_rate)
        flat = on_start(model.rate) if model.kind == "flat_rate" and model.rate else Decimal(0)
        total = (months * pay * (1 + oc) + (other if has_costs else 0)) * (1 + flat)
        room = Decimal(1)
        use = on_start(figures.cap_use)
        if cap_entry is not None and rate_value:
            room = min(room, Decimal(cap_entry.value) * use / (rate_value * total))
        if most_entry is not None:
            room = min(room, Decimal(most_entry.value) * use / total)
        if room < 1:
            fte = max(Decimal("0.05"), (room * 20 // 1) / 20).quantize(Decimal("0.01"))
            other = max(Decimal(100), (other * room / 100 // 1) * 100)
        data["staff"] = [
            {
                "title": t("init.staff_title", lang),
                "fte": fte,
                "months": months,
                "monthly_pay": pay.quantize(CENT),
                **({"on_cost_rate": on_cost} if on_cost is not None else {}),
            }
        ]
        comments["staff"] = t("init.comment.staff", lang)
        if has_costs:
            category = (
                "investments"
                if measure == "investment"
                else separate[0]
                if separate
                else "purchased_services"
            )
            data["costs"] = [
                {
                    "category": category,
                    "description": t("init.cost_description", lang),
                    "amount": other,
                }
            ]
            comments["costs"] = t("init.comment.costs", lang)
    rate = Decimal(rate_entry.value)
    data["funding"] = {"support_rate": rate}
    comments["funding"] = t("init.comment.funding", lang)
    if municipalities:
        data["municipal"] = {
            "funding": "remainder" if rate < 1 else Decimal(0),
            "key": "per_capita",
            "members": list(municipalities),
        }
        comments["municipal"] = t("init.comment.municipal", lang)
    return data, comments


# -- scenarios ---------------------------------------------------------------------------------
def parse_assignment(text: str) -> tuple[list[str], list[Any]]:
    """``staff.0.fte=1.5,2.0`` → (["staff", "0", "fte"], [1.5, 2.0]) with TOML values."""
    import tomllib

    key, sep, values = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(text)
    parsed = []
    for raw in _split_values(values):
        try:
            parsed.append(tomllib.loads(f"v = {raw}", parse_float=Decimal)["v"])
        except tomllib.TOMLDecodeError:
            parsed.append(raw.strip())
    if not parsed:
        raise ValueError(text)
    return key.strip().split("."), parsed


def _split_values(text: str) -> list[str]:
    depth, part, parts = 0, "", []
    for ch in text:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(part)
            part = ""
        else:
            part += ch
    parts.append(part)
    return [p for p in parts if p.strip()]


class SetPathError(ValueError):
    """A ``--set`` path that does not lead to a value of the project (``path``)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def assign(data: Any, path: Sequence[str], value: Any) -> None:
    """Set ``value`` at a dotted path (list indexes as numbers from 0), creating tables.
    A path through a plain value, a list position that is not there, or a table (or list
    of tables) replaced by a plain value raises :class:`SetPathError`."""
    target = data
    for i, part in enumerate(path):
        last = i == len(path) - 1
        where = ".".join(path[: i + 1])
        if isinstance(target, list):
            if not part.isdigit() or int(part) >= len(target):
                raise SetPathError(where)
            key: Any = int(part)
        elif isinstance(target, dict) and part:
            key = part
        else:
            raise SetPathError(where)
        if last:
            old = target[key] if isinstance(target, list) else target.get(key)
            if isinstance(old, (dict, list)) and not isinstance(value, type(old)):
                raise SetPathError(where)
            target[key] = value
        elif isinstance(target, list):
            target = target[key]
        else:
            target = target.setdefault(key, {})


def variants(
    data: Mapping[str, Any],
    municipalities: Sequence[int] = (),
    assignments: Iterable[tuple[list[str], list[Any]]] = (),
) -> list[tuple[tuple[tuple[str, Any], ...], dict[str, Any]]]:
    """Every combination of municipality counts and set values, as (what was set, data);
    what was set is ``(("municipalities", 5), ("staff.0.fte", 0.8))``, empty for the base."""
    import copy

    axes: list[list[tuple[str, Any]]] = []
    if municipalities:
        axes.append([("municipalities", n) for n in municipalities])
    for path, values in assignments:
        axes.append([(".".join(path), v) for v in values])
    out = []
    for combo in itertools.product(*axes) if axes else [()]:
        variant = copy.deepcopy(dict(data))
        for name, value in combo:
            if name == "municipalities":
                municipal = variant.setdefault("municipal", {})
                pool = list(municipal.get("members", [])) + list(municipal.get("candidates", []))
                municipal["members"] = pool[:value]
            else:
                assign(variant, name.split("."), value)
        if "municipal" in variant:
            variant["municipal"].pop("candidates", None)
        out.append((tuple(combo), variant))
    return out
