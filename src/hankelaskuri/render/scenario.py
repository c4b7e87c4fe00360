"""What-if variants side by side: main figures and each municipality's share."""

from __future__ import annotations

import json
from decimal import Decimal

from rich import box
from rich.console import Console
from rich.table import Table

from ..i18n import format_number, label
from ..result import Result

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


def table(results: list[tuple[str, Result]], console: Console, lang: str) -> None:
    t = Table(
        title=f"{label('project', lang)}: {results[0][1].name} (€)",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    t.add_column("")
    for name, _ in results:
        t.add_column(name, justify="right")
    for key in ROWS:
        t.add_row(label(key, lang), *[format_number(_figure(r, key), 2, lang) for _, r in results])
    t.add_row(
        label("support_rate", lang),
        *[format_number(r.support_rate * 100, 2, lang) + " %" for _, r in results],
    )
    t.add_section()
    for code, name in _municipalities(results):
        cells = []
        for _, r in results:
            share = next((m for m in r.municipal_shares if m.code == code), None)
            cells.append(format_number(share.amount, 2, lang) if share else "–")
        t.add_row(name, *cells)
    console.print(t)
    for name, r in results:
        for f in r.findings:
            console.print(
                f"[{name}] {label(f.severity, lang)} {f.code}: {f.message(lang)}", highlight=False
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
