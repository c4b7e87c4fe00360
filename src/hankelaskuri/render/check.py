"""Batch check output: text lines for people, JSON and JUnit XML for CI."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from ..batch import FileSummary, PortfolioRow
from ..i18n import format_money, format_percent, label, t, tn
from .nobreak import NBSP, Whole, amount, keep_whole

if TYPE_CHECKING:  # plain output into a pipe loads no more of rich than cell widths
    import xml.etree.ElementTree as ET

    from rich.console import Console
    from rich.text import Text

STYLE = {"ok": "green", "warning": "yellow", "error": "red", "invalid": "bold red"}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


FIGURES = ("cost", "support", "own", "municipal")
MIN_WIDTH = {"cost": 15, "support": 8, "own": 8, "municipal": 15}  # "12 345 678,90 €"


@lru_cache(maxsize=8)
def _widths(lang: str) -> dict[str, int]:
    return {k: max(MIN_WIDTH[k], cell_len(t(f"check.head.{k}", lang))) for k in FIGURES}


def _figures(summary: FileSummary, lang: str) -> list[str]:
    s = summary
    zero = Decimal(0)
    return [
        format_money(s.total_cost or zero, lang).replace(" ", NBSP),
        format_percent(s.support_rate or zero, lang).replace(" ", NBSP),
        format_percent(s.own_share or zero, lang).replace(" ", NBSP),
        format_money(s.municipal or zero, lang).replace(" ", NBSP),
    ]


def _block(cells: list[str], lang: str) -> str:
    widths = _widths(lang)
    return "  ".join(c.rjust(widths[k]) for k, c in zip(FIGURES, cells, strict=True))


def _head(lang: str, width: int) -> str:
    block = _block([t(f"check.head.{k}", lang) for k in FIGURES], lang)
    first = t("check.head.file", lang)
    if cell_len(first) + 2 + len(block) > width:  # narrow: the headings of the figures only
        first = ""
    return first + block.rjust(max(width - cell_len(first), len(block)))


class Lines:
    """One line per file: its status, its path and, right-aligned in columns under the
    headings printed before the first file, its cost, support and own-funding shares and
    municipal funding; then its findings as ``file:line:column: severity: message [code]``
    with the hint below.

    Not on a terminal (a pipe, a CI log) the same lines are written as plain text, which
    is many times quicker than laying out styled text for thousands of files; the console's
    width and kind are asked once, not per line."""

    def __init__(self, console: Console, lang: str) -> None:
        self.console = console
        self.lang = lang
        self.width = console.width
        self.plain = not console.is_terminal
        self.headed = False

    def line(self, summary: FileSummary, head: bool = True) -> None:
        """A file's lines (``head=False``: its findings only)."""
        rows = _rows(summary, self.lang, self.width)[0 if head else 1 :]
        if head and not self.headed:
            rows.insert(0, [(_head(self.lang, self.width), "bold")])
            self.headed = True
        if self.plain:
            self.console.file.write(
                "".join("".join(p for p, _ in row).rstrip() + "\n" for row in rows)
            )
            return
        for text in map(_text, rows):
            # status lines are laid out to fit; a finding's message wraps under its indent
            if text.plain.startswith(" "):
                from rich.padding import Padding

                indent = len(text.plain) - len(text.plain.lstrip(" "))
                body = Whole(text[indent:])
                self.console.print(Padding(body, (0, 0, 0, indent)), highlight=False)
            else:
                self.console.print(text, highlight=False, soft_wrap=True)


Row = list[tuple[str, str | None]]  # a line as pieces of text and their styles


def _text(row: Row) -> Text:
    from rich.text import Text

    text = Text()
    for piece, style in row:
        text.append(piece, style=style)
    return text


@lru_cache(maxsize=8)
def _status_width(lang: str) -> int:
    return max(cell_len(label(f"status_{k}", lang)) for k in STYLE) + 2


def _rows(summary: FileSummary, lang: str, width: int) -> list[Row]:
    s = summary
    status = _status_width(lang)
    first: Row = [
        (label("status_" + s.status, lang).ljust(status), STYLE[s.status]),
        (visible(s.path), None),
    ]
    out = [first]
    if s.computed:
        block = _block(_figures(s, lang), lang)
        room = width - sum(cell_len(p) for p, _ in first) - 2
        if room >= len(block):
            first.append((block.rjust(room + 2), "dim"))
        else:  # the path is long: the figures go on a line of their own, in their columns
            out.append([(block.rjust(max(width, len(block))), "dim")])
    for item in s.items:
        where = (
            visible(s.path)
            + (f":{item.line}" if item.line else "")
            + (f":{item.column}" if item.line and item.column else "")
        )
        out.append(
            [
                (f"    {where}: ", None),
                (
                    f"{label(item.severity, lang)}: ",
                    "red" if item.severity == "error" else "yellow",
                ),
                (keep_whole(visible(item.message(lang))), None),
                (f" [{item.code}]", "dim"),
            ]
        )
        hint = item.hint_text(lang)
        if hint:
            out.append([(f"      {label('hint', lang)}: {keep_whole(hint)}", "cyan")])
    return out


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
    line = f"{tn('check.files_checked', total, lang)}: {', '.join(parts)}"
    if console.is_terminal:  # a count stays with its noun ('23' / 'käyttökelvotonta')
        from rich.text import Text

        console.print(Whole(Text(_COUNT.sub(NBSP, line))), highlight=False)
    else:
        console.print(line, highlight=False)


_COUNT = re.compile(r"(?<=\d) (?=\w)")


def portfolio_table(rows: Sequence[PortfolioRow], console: Console, lang: str) -> None:
    from rich.text import Text

    from .sheet import Sheet, print_sheet

    years = sorted({y for r in rows for y in r.by_year})
    headers = [
        label("municipality", lang),
        label("projects", lang),
        *(str(y) for y in years),
        label("total", lang),
    ]
    sheet = Sheet(f"{label('portfolio', lang)} (€)", headers)
    for r in rows:
        sheet.add(
            r.name(lang),
            str(r.projects),
            *[amount(r.by_year.get(y, Decimal(0)), lang) for y in years],
            amount(r.total, lang),
        )
    totals = [sum((r.by_year.get(y, Decimal(0)) for r in rows), Decimal(0)) for y in years]
    grand = sum((r.total for r in rows), Decimal(0))
    sheet.footer = [
        label("total", lang),
        "",
        *[Text(amount(v, lang), style="bold") for v in totals],
        Text(amount(grand, lang), style="bold"),
    ]
    console.print()
    print_sheet(sheet, console)


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
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def to_junit(summaries: Sequence[FileSummary], lang: str, seconds: float = 0.0) -> str:
    """JUnit XML: one test case per file; errors as failures, unusable files as errors."""
    import xml.etree.ElementTree as ET

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


# Characters a terminal or a log would act on instead of showing (escape sequences, a
# clear screen from a file name): every C0 and C1 control, lone surrogates, U+FFFE/FFFF.
_NOT_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    """``text`` for a terminal line: each control character as a visible ``\\uXXXX``."""
    return _NOT_SHOWN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
