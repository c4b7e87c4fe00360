"""What-if variants side by side: main figures and each municipality's share."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rich.console import Console

from ..i18n import format_money, format_number, format_percent, label, t, tn
from ..result import Result
from .sheet import NBSP, Sheet, amount, print_sheet

ROWS = ("total_cost", "net_cost", "support", "municipal", "own")


def _figure(result: Result, key: str) -> Decimal:
    if key in ("total_cost", "net_cost"):
        return getattr(result, key)
    return result.funding[key]


def _municipalities(results: list[tuple[str, Result]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for _, r in results:
        for m in r.municipal_shares:
            seen.setdefault(m.code, m.name_fi)
    return list(seen.items())


def variant_label(parts: tuple[tuple[str, Any], ...], data: Mapping[str, Any], lang: str) -> str:
    """A variant named by what people wrote: ``Projektipäällikkö: htv 0,8`` for
    ``staff.0.fte=0.8``, ``Tukiprosentti 70 %``, ``5 kuntaa``; the base is ``perus``."""
    if not parts:
        return t("scenario.base", lang)
    return "; ".join(_part(name, value, data, lang) for name, value in parts)


def _part(name: str, value: Any, data: Mapping[str, Any], lang: str) -> str:
    if name == "municipalities":
        return tn("scenario.municipalities", int(value), lang)
    path = name.split(".")
    field = path[-1]
    shown = _value(field, value, lang)
    what = _field(field, lang)
    owner = _owner(path[:-1], data, lang)
    return f"{owner}: {what} {shown}" if owner else f"{what} {shown}"


def _field(field: str, lang: str) -> str:
    text = t(f"field.{field}", lang)
    if text == f"field.{field}":
        text = label(field, lang)
    return text


def _owner(path: list[str], data: Mapping[str, Any], lang: str) -> str:
    """The name a person gave the list item the path points into (a staff title, a
    partner's or a cost's name), else its table and number."""
    node: Any = data
    name = ""
    for step in path:
        if isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
            if isinstance(node, Mapping):
                name = str(node.get("title") or node.get("name") or node.get("description") or "")
                name = name or f"{path[0]} {int(step) + 1}"
        elif isinstance(node, Mapping):
            node = node.get(step)
        else:
            break
    return name


def _value(field: str, value: Any, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    number = Decimal(str(value))
    if field.endswith(("rate", "share")) and number <= 1:
        places = max(0, -int((number * 100).normalize().as_tuple().exponent))
        return format_percent(number, lang, places)
    if field in MONEY:
        return format_money(number, lang)
    places = max(0, -int(number.normalize().as_tuple().exponent))
    return format_number(number, places, lang)


MONEY = {"amount", "monthly_pay", "annual_cost", "support", "funding"}


def table(results: list[tuple[str, Result]], console: Console, lang: str) -> None:
    headers = [""] + [name for name, _ in results]
    sheet = Sheet(f"{label('project', lang)}: {results[0][1].name} (€)", headers)
    for key in ROWS:
        sheet.add(label(key, lang), *[amount(_figure(r, key), lang) for _, r in results])
    sheet.add(
        label("support_rate", lang),
        *[format_percent(r.support_rate, lang).replace(" ", NBSP) for _, r in results],
    )
    first = True
    for code, _ in _municipalities(results):
        cells = []
        name = ""
        for _, r in results:
            share = next((m for m in r.municipal_shares if m.code == code), None)
            cells.append(amount(share.amount, lang) if share else "–")
            if share is not None:
                name = name or share.name(lang)
        sheet.add(name, *cells, section=first)
        first = False
    print_sheet(sheet, console)
    for name, r in results:
        for f in r.findings:
            console.print(
                f"[{name}] {label(f.severity, lang)}: {f.message(lang)} [{f.code}]",
                highlight=False,
            )


def to_json(results: list[tuple[str, Result]], lang: str) -> str:
    return json.dumps(
        [
            {
                "variant": name,
                **{key: f"{_figure(r, key):.2f}" for key in ROWS},
                "support_rate": str(r.support_rate),
                "municipal_shares": [
                    {
                        "municipality": m.name(lang),
                        "code": m.code,
                        "amount": f"{m.amount:.2f}",
                        "by_year": {str(y): f"{v:.2f}" for y, v in m.by_year.items()},
                    }
                    for m in r.municipal_shares
                ],
                "findings": [
                    {"code": f.code, "severity": f.severity, "message": f.message(lang)}
                    for f in r.findings
                ],
            }
            for name, r in results
        ],
        ensure_ascii=False,
        indent=2,
    )
