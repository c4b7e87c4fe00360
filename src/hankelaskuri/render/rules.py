"""Programmes and their rule values with sources: a list, one programme, or JSON."""

from __future__ import annotations

import json
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from ..i18n import format_date, label
from ..rules import Programme


def _summary(p: Programme, lang: str) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name.get(lang),
        "fund": p.fund,
        "e_service": p.e_service,
        "measures": {mid: m.name.get(lang) for mid, m in p.measures.items()},
        "cost_models": {cid: c.name.get(lang) for cid, c in p.cost_models.items()},
        "lump_sums": {lid: s.name.get(lang) for lid, s in p.lump_sums.items()},
        "path": p.path,
    }


def list_json(programmes: list[Programme], lang: str) -> str:
    return json.dumps([_summary(p, lang) for p in programmes], ensure_ascii=False, indent=2)


def _values(p: Programme) -> list[dict[str, Any]]:
    out = []
    for name, param in p.params():
        for e in param.entries:
            out.append(
                {
                    "name": name,
                    "value": e.value if isinstance(e.value, (str, list)) else str(e.value),
                    "since": e.since.isoformat(),
                    "until": e.until.isoformat() if e.until else None,
                    "source": e.source,
                    "status": e.status,
                    "note": e.note,
                }
            )
    return out


def one_json(p: Programme, lang: str) -> str:
    data = _summary(p, lang)
    data["values"] = _values(p)
    data["cost_model_rules"] = {
        cid: {
            "kind": c.kind,
            "base": list(c.base),
            "covers": list(c.covers),
            "source": c.source,
            "since": c.since.isoformat(),
            "status": c.status,
        }
        for cid, c in p.cost_models.items()
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def list_table(programmes: list[Programme], console: Console, lang: str) -> None:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", style="bold")
    table.add_column(label("programme", lang))
    table.add_column(label("measure", lang))
    table.add_column(label("cost_model", lang))
    for p in programmes:
        table.add_row(p.id, p.name.get(lang), ", ".join(p.measures), ", ".join(p.cost_models))
    console.print(table)


def one_table(p: Programme, console: Console, lang: str) -> None:
    console.print(f"[bold]{p.name.get(lang)}[/] ({p.id})")
    console.print(
        f"{label('fund', lang)}: {p.fund}   {label('e_service', lang)}: {p.e_service}   {p.path}"
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=False)
    table.add_column(label("rules", lang), style="bold", no_wrap=True)
    table.add_column(label("value", lang), justify="right")
    table.add_column(label("valid_from", lang), no_wrap=True)
    table.add_column(label("status", lang))
    table.add_column(label("source", lang))
    for v in _values(p):
        value = ", ".join(v["value"]) if isinstance(v["value"], list) else str(v["value"])
        since = format_date(__import__("datetime").date.fromisoformat(v["since"]), lang)
        if v["until"]:
            since += "–" + format_date(__import__("datetime").date.fromisoformat(v["until"]), lang)
        status = label(f"status_{v['status']}", lang)
        style = "yellow" if v["status"] == "unconfirmed" else None
        table.add_row(
            v["name"],
            value,
            since,
            status,
            v["source"] + (f" ({v['note']})" if v["note"] else ""),
            style=style,
        )
    console.print(table)
    models = Table(
        title=label("cost_model", lang), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    for col in ("id", "kind", "base", "covers", label("source", lang)):
        models.add_column(col)
    for cid, c in p.cost_models.items():
        models.add_row(cid, c.kind, ", ".join(c.base), ", ".join(c.covers), c.source)
    console.print(models)
