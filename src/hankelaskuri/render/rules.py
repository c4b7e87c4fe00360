"""Programmes and their rule values with sources: a list, one programme, or JSON."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..i18n import format_date, format_percent, label, rule_text
from ..rules import Programme
from .nobreak import Whole


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


def _entries(param: Any) -> list[dict[str, Any]]:
    if param is None:
        return []
    return [
        {
            "value": e.value if isinstance(e.value, (str, list, bool)) else str(e.value),
            "since": e.since.isoformat(),
            "until": e.until.isoformat() if e.until else None,
            "source": e.source,
            "status": e.status,
            "note": e.note,
        }
        for e in param.entries
    ]


def options(p: Programme, lang: str) -> list[dict[str, Any]]:
    """Every cost option of the programme as plain data (for JSON and the rules sheet)."""
    return [
        {
            "id": cid,
            "name": c.name.get(lang),
            "kind": c.kind,
            "rate": _entries(c.rate),
            "min_rate": _entries(c.min_rate),
            "adjustable": c.adjustable,
            "base": list(c.base),
            "replaces": list(c.covers),
            "target": c.target,
            "order": c.order,
            "exclusive_with": list(c.exclusive_with),
            "unit_rate": _entries(c.unit_rate),
            "since": c.since.isoformat(),
            "until": c.until.isoformat() if c.until else None,
            "source": c.source,
            "status": c.status,
            "note": c.note,
        }
        for cid, c in p.cost_models.items()
    ]


def one_json(p: Programme, lang: str) -> str:
    data = _summary(p, lang)
    data["values"] = _values(p)
    data["cost_options"] = options(p, lang)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def list_table(programmes: list[Programme], console: Console, lang: str) -> None:
    """The programmes as records: id and name, then the measures and the cost options
    indented and wrapped, so that no id a reader types is ever cut."""
    for p in programmes:
        console.print(Text.assemble((p.id, "bold"), "  ", p.name.get(lang)))
        for key, ids in (("measures", p.measures), ("cost_options", p.cost_models)):
            line = Text(f"{label(key, lang)}: ", style="dim") + Text(", ".join(ids))
            console.print(Padding(line, (0, 0, 0, 4)))


def _period(since: str, until: str | None, lang: str) -> str:
    text = format_date(date.fromisoformat(since), lang)
    return text + ("–" + format_date(date.fromisoformat(until), lang) if until else "–")


def _source(console: Console, source: str, status: str, lang: str) -> None:
    """A source with its status, indented under its value and wrapped to the screen."""
    style = "yellow" if status == "unconfirmed" else "dim"
    body = Text(f"{label(f'status_{status}', lang)}: ", style=style) + Text(source)
    console.print(Padding(Whole(body), (0, 0, 0, 4)))  # figures never split


def _said(entry: dict[str, Any], lang: str) -> str:
    """An entry's source and note in the reader's words."""
    note = entry["note"]
    return rule_text(entry["source"], lang) + (f" ({rule_text(note, lang)})" if note else "")


def one_table(p: Programme, console: Console, lang: str) -> None:
    """A programme for a reader: its values and its cost options, each with its validity,
    status and source. Laid out as records, so that sources wrap instead of being cut."""
    console.print(Text.assemble((p.name.get(lang), "bold"), f" ({p.id})"))
    fund = label(f"fund_{p.fund}", lang)  # "national" in the reader's words
    console.print(f"{label('fund', lang)}: {fund}   {label('e_service', lang)}: {p.e_service}")
    console.print(f"{p.path}", style="dim")
    console.print()
    console.print(Text(label("rules", lang), style="bold underline"))
    for v in _values(p):
        value = ", ".join(v["value"]) if isinstance(v["value"], list) else str(v["value"])
        head = Text.assemble(
            (v["name"], "bold"), " = ", value, "   ", _period(v["since"], v["until"], lang)
        )
        console.print(head)
        _source(console, _said(v, lang), v["status"], lang)
    console.print()
    console.print(Text(label("cost_options", lang), style="bold underline"))
    for o in options(p, lang):
        head = Text.assemble((o["id"], "bold"), "  ", o["name"])
        console.print(head)
        facts = [f"{label('option_kind', lang)}: {label('kind_' + o['kind'], lang)}"]
        for entry in o["rate"]:
            rate = format_percent(Decimal(entry["value"]), lang)
            if o["adjustable"]:
                rate = f"{label('option_at_most', lang)} {rate}"
            facts.append(f"{rate} ({_period(entry['since'], entry['until'], lang)})")
        for entry in o["unit_rate"]:
            facts.append(f"{label('unit_rate', lang)} {entry['value']}")
        if o["base"]:
            names = ", ".join(label(c, lang).lower() for c in o["base"])
            facts.append(f"{label('option_base', lang)}: {names}")
        if o["kind"] == "flat_rate":
            facts.append(f"{label('option_target', lang)}: {label(o['target'], lang).lower()}")
        if o["replaces"]:
            names = ", ".join(label(c, lang).lower() for c in o["replaces"])
            facts.append(f"{label('option_replaces', lang)}: {names}")
        if o["order"]:
            facts.append(f"{label('option_order', lang)}: {o['order']}")
        if o["exclusive_with"]:
            facts.append(f"{label('option_excludes', lang)}: {', '.join(o['exclusive_with'])}")
        console.print(Padding(Text("; ".join(facts)), (0, 0, 0, 4)))
        _source(console, _said(o, lang), o["status"], lang)
