"""Batch check output: text lines for people, JSON and JUnit XML for CI."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..batch import FileSummary, PortfolioRow
from ..i18n import format_money, format_number, format_percent, label, tn

STYLE = {"ok": "green", "warning": "yellow", "error": "red", "invalid": "bold red"}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def line(summary: FileSummary, console: Console, lang: str, head: bool = True) -> None:
    """One line per file, then its findings as ``file:line: severity code: message``
    (``head=False``: the findings only).

    Not on a terminal (a pipe, a CI log) the same lines are written as plain text, which
    is many times quicker than laying out styled text for thousands of files."""
    texts = lines(summary, lang)[0 if head else 1 :]
    if not console.is_terminal:
        console.file.write("".join(t.plain + "\n" for t in texts))
        return
    for text in texts:
        console.print(text, highlight=False)


def lines(summary: FileSummary, lang: str) -> list[Text]:
    s = summary
    text = Text()
    text.append(f"{label('status_' + s.status, lang):<9}", style=STYLE[s.status])
    text.append(s.path)
    if s.computed:
        text.append(
            f"  {format_money(s.total_cost or Decimal(0), lang)}"
            f"  {label('support', lang).lower()} {format_percent(s.support_rate or Decimal(0), lang)}"
            f"  {label('own_share', lang).lower()} {format_percent(s.own_share or Decimal(0), lang)}"
            f"  {label('municipal', lang).lower()} {format_money(s.municipal or Decimal(0), lang)}",
            style="dim",
        )
    out = [text]
    for item in s.items:
        where = (
            s.path
            + (f":{item.line}" if item.line else "")
            + (f":{item.column}" if item.line and item.column else "")
        )
        row = Text("    ")
        row.append(f"{where}: ")
        row.append(
            f"{label(item.severity, lang)} {item.code}: ",
            style="red" if item.severity == "error" else "yellow",
        )
        row.append(item.message(lang))
        hint = item.hint_text(lang)
        if hint:
            row.append(f" ({hint})", style="cyan")
        out.append(row)
    return out


def summary_line(summaries: Sequence[FileSummary], console: Console, lang: str) -> None:
    counts = {k: sum(1 for s in summaries if s.status == k) for k in STYLE}
    counts_line(counts, len(summaries), console, lang)


def counts_line(counts: Mapping[str, int], total: int, console: Console, lang: str) -> None:
    """``Checked N files: … OK, … with warnings, …`` from the count of each status."""
    parts = [
        tn(f"check.{key}", counts.get(status, 0), lang)
        for key, status in (
            ("ok", "ok"),
            ("with_warnings", "warning"),
            ("with_errors", "error"),
            ("unusable", "invalid"),
        )
    ]
    console.print(
        f"{tn('check.files_checked', total, lang)}: {', '.join(parts)}",
        highlight=False,
    )


def portfolio_table(rows: Sequence[PortfolioRow], console: Console, lang: str) -> None:
    years = sorted({y for r in rows for y in r.by_year})
    table = Table(
        title=f"{label('portfolio', lang)} (€)",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_footer=True,
    )
    table.add_column(label("municipality", lang), footer=label("total", lang), no_wrap=True)
    table.add_column(label("projects", lang), justify="right")
    for y in years:
        total = sum((r.by_year.get(y, Decimal(0)) for r in rows), Decimal(0))
        table.add_column(str(y), justify="right", footer=format_number(total, 2, lang))
    grand = sum((r.total for r in rows), Decimal(0))
    table.add_column(
        label("total", lang), justify="right", style="bold", footer=format_number(grand, 2, lang)
    )
    for r in rows:
        table.add_row(
            r.name(lang),
            str(r.projects),
            *[format_number(r.by_year.get(y, Decimal(0)), 2, lang) for y in years],
            format_number(r.total, 2, lang),
        )
    console.print(table)


def item_dict(summary: FileSummary, lang: str = "fi") -> dict[str, Any]:
    s = summary
    return {
        "file": s.path,
        "status": s.status,
        "name": s.name or None,
        "project_number": s.project_number,
        "programme": s.programme or None,
        "total_cost": _money(s.total_cost),
        "net_cost": _money(s.net_cost),
        "support": _money(s.support),
        "support_rate": None if s.support_rate is None else str(s.support_rate),
        "own": _money(s.own),
        "own_share": None if s.own_share is None else str(s.own_share),
        "municipal": _money(s.municipal),
        "findings": [
            {
                "code": i.code,
                "severity": i.severity,
                "message": i.message(lang),
                "key": i.key,
                "line": i.line,
                "column": i.column,
                "hint": i.hint_text(lang) or None,
            }
            for i in s.items
        ],
    }


def portfolio_dicts(rows: Sequence[PortfolioRow], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "municipality": r.name(lang),
            "code": r.code,
            "projects": r.projects,
            "by_year": {str(y): f"{v:.2f}" for y, v in r.by_year.items()},
            "by_role": {role: f"{v:.2f}" for role, v in r.by_role.items()},
            "total": f"{r.total:.2f}",
        }
        for r in rows
    ]


def to_json(
    summaries: Sequence[FileSummary], rows: Sequence[PortfolioRow] | None, lang: str
) -> str:
    files = [item_dict(s, lang) for s in summaries]
    data: Any = (
        files if rows is None else {"files": files, "by_municipality": portfolio_dicts(rows, lang)}
    )
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_junit(summaries: Sequence[FileSummary], lang: str, seconds: float = 0.0) -> str:
    """JUnit XML: one test case per file; errors as failures, unusable files as errors."""
    failures = sum(1 for s in summaries if s.status == "error")
    errors = sum(1 for s in summaries if s.status == "invalid")
    suites = ET.Element(
        "testsuites",
        name="hanke check",
        tests=str(len(summaries)),
        failures=str(failures),
        errors=str(errors),
        time=f"{seconds:.3f}",
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="hanke check",
        tests=str(len(summaries)),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time=f"{seconds:.3f}",
    )
    for s in summaries:
        case = ET.SubElement(suite, "testcase", classname="hanke.check", name=s.path, file=s.path)
        bad = [i for i in s.items if i.severity == "error"]
        text = "\n".join(
            f"{s.path}:{i.line or ''}: {i.severity} {i.code}: {i.message(lang)}" for i in s.items
        )
        if s.status == "invalid":
            el = ET.SubElement(
                case,
                "error",
                type=bad[0].code if bad else "invalid",
                message=bad[0].message(lang) if bad else "",
            )
            el.text = text
        elif bad:
            el = ET.SubElement(case, "failure", type=bad[0].code, message=bad[0].message(lang))
            el.text = text
        elif s.items:
            ET.SubElement(case, "system-out").text = text
    ET.indent(suites)
    well_formed(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


# Characters XML 1.0 cannot hold at all (not even as &#…; references): most C0 controls,
# lone surrogates (from file names that are not UTF-8) and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold written as a visible ``\\uXXXX``."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def well_formed(root: ET.Element) -> None:
    """Make every text, tail and attribute of the tree writable as well-formed XML
    (ElementTree escapes ``&<>"`` but passes characters XML forbids)."""
    for el in root.iter():
        if el.text:
            el.text = xml_text(el.text)
        if el.tail:
            el.tail = xml_text(el.tail)
        for name, value in el.attrib.items():
            el.attrib[name] = xml_text(value)
