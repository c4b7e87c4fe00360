"""The comparison of two versions for people (terminal, Markdown) and programs (JSON)."""

from __future__ import annotations

import json
import shlex
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from ..diff import FALLBACK_SOURCE, Change, Diff, Flag
from ..i18n import (
    format_date,
    format_money,
    format_number,
    format_percent,
    label,
    rule_source,
    t,
)
from .markdown import md_block, md_inline
from .nobreak import NBSP, Whole, keep_whole
from .sheet import Sheet, print_sheet

GROUPS = ("totals", "categories", "years", "partners", "funding")


def _name(group: str, change: Change, lang: str) -> str:
    if group in ("categories", "funding", "totals"):
        return label(change.key, lang)
    return change.name


def _amount(value: Decimal, lang: str) -> str:
    return format_number(value, 2, lang)


def _delta(value: Decimal, lang: str) -> str:
    text = _amount(value, lang)
    return f"+{text}" if value > 0 else text


def _percent(change: Change, lang: str) -> str:
    p = change.percent
    if p is None:
        return t("diff.new", lang) if change.new else ""
    return ("+" if p > 0 else "") + format_percent(p, lang, 1)


def _dates(text: str, lang: str) -> str:
    """``2025-01-01–2025-12-31`` as the language writes dates."""
    from datetime import date

    if "–" not in text:
        return text
    a, b = text.split("–")
    return f"{format_date(date.fromisoformat(a), lang)}–{format_date(date.fromisoformat(b), lang)}"


def flag_text(flag: Flag, lang: str) -> str:
    """What changed and why it needs approval, in one sentence."""
    subject = flag.subject
    if flag.code in ("category_shift", "new_category"):
        subject = label(flag.subject, lang)
    params: dict[str, object] = {"subject": subject}
    if flag.code == "longer_period":
        params.update(old=_dates(flag.old, lang), new=_dates(flag.new, lang))
    elif flag.code != "new_partner":
        params.update(
            old=format_money(Decimal(flag.old), lang), new=format_money(Decimal(flag.new), lang)
        )
    if flag.percent is not None:
        params["percent"] = ("+" if flag.percent > 0 else "") + format_percent(
            flag.percent, lang, 1
        )
    else:
        params["percent"] = t("diff.new", lang)
    if flag.rule is not None and flag.code == "category_shift":
        params["limit"] = format_percent(Decimal(str(flag.rule.value)), lang, 0)
    return t(f"diff.flag.{flag.code}", lang, **params)


def flag_source(flag: Flag, lang: str) -> str:
    if flag.rule is None:
        return t("diff.council", lang)
    rule = flag.rule
    status = label("status_" + rule.status, lang)
    return f"{status}; {rule_source(rule.name, rule.source == FALLBACK_SOURCE, lang)}"


def title(diff: Diff, lang: str) -> str:
    if diff.old_name == diff.new_name:
        return t("diff.title_same", lang, name=diff.new_name)
    return t("diff.title", lang, old=diff.old_name, new=diff.new_name)


def verdict(diff: Diff, lang: str) -> str:
    if not diff.needs_approval:
        return t("diff.nothing", lang)
    return t("diff.needs", lang, n=len(diff.flags))


# -- terminal ----------------------------------------------------------------------------------
def _table(title: str, first: str, lang: str) -> Sheet:
    """A group's table: a :class:`~hankelaskuri.render.sheet.Sheet`, so that on a narrow
    terminal the names wrap and the columns are split, and no amount or percentage is cut
    (at 50 columns the names' column had no room left at all)."""
    headers = [first, *(t(f"diff.{code}", lang) for code in ("approved", "revised", "change"))]
    return Sheet(f"{title} (€)", [*headers, "%"], attached=frozenset({4}))  # % by its change


def _cells(name: str, change: Change, lang: str) -> list[str]:
    whole = [_amount(change.old, lang), _amount(change.new, lang)]
    if change.delta:
        whole += [_delta(change.delta, lang), _percent(change, lang)]
    else:
        whole += ["", ""]
    return [name, *(cell.replace(" ", NBSP) for cell in whole)]


def _rows(diff: Diff, group: str) -> tuple[Change, ...]:
    """The group's rows, leaving out those that are zero in both versions."""
    rows: tuple[Change, ...] = getattr(diff, group)
    return tuple(c for c in rows if c.old or c.new)


def supplementary_command(lang: str, files: tuple[Path, Path] | None = None) -> str:
    """What to run for the supplementary attachments, with the two files compared (as a
    shell takes them) or, without them, the names the help gives them."""
    if files is None:
        old = t("cli.metavar.old", lang) + ".toml"
        new = t("cli.metavar.new", lang) + ".toml"
    else:
        old, new = (shlex.quote(str(f)) for f in files)
    return t("diff.supplementary", lang, old=old, new=new, folder=t("cli.metavar.folder", lang))


def render(diff: Diff, console: Console, lang: str, files: tuple[Path, Path] | None = None) -> None:
    """The comparison on a terminal; ``files``: the approved and the new file compared."""
    console.print(Text(title(diff, lang), style="bold"))
    op, np_ = diff.old_period, diff.new_period
    period = f"{label('period', lang)}: {format_date(op[0], lang)}–{format_date(op[1], lang)}" + (
        f" → {format_date(np_[0], lang)}–{format_date(np_[1], lang)}"
        if op != np_
        else f" ({t('diff.unchanged', lang)})"
    )
    console.print(Text(period))
    console.print()
    for group in GROUPS:
        table = _table(t(f"diff.group.{group}", lang), t(f"diff.first.{group}", lang), lang)
        for c in _rows(diff, group):
            table.add(*_cells(_name(group, c, lang), c, lang), style="bold" if c.delta else "dim")
        print_sheet(table, console)
    if diff.commitments:
        table = _table(t("diff.group.commitments", lang), label("municipality", lang), lang)
        for m in diff.commitments:
            c = Change(m.code, m.name(lang), m.old, m.new)
            style = "bold red" if m.rose else ("bold" if c.delta else "dim")
            table.add(*_cells(m.name(lang), c, lang), style=style)
        print_sheet(table, console)
    console.print(Text(verdict(diff, lang), style="bold red" if diff.flags else "bold green"))
    for i, flag in enumerate(diff.flags):
        console.print(Whole(Text(keep_whole(f"- {flag_text(flag, lang)}")), 2))
        source = flag_source(flag, lang)
        following = diff.flags[i + 1] if i + 1 < len(diff.flags) else None
        if following is None or flag_source(following, lang) != source:  # once per group
            console.print(Whole(Text(f"  {source}", style="dim"), 4))
    if diff.raised:
        console.print()
        # the command on a line of its own, to be copied whole (it broke mid-command)
        words, found, command = supplementary_command(lang, files).partition(": hanke ")
        console.print(Whole(Text(words + (":" if found else "")), 2))
        if found:
            console.print(Text(f"  hanke {command}"), soft_wrap=True)


# -- Markdown ----------------------------------------------------------------------------------
def to_markdown(diff: Diff, lang: str) -> str:
    lines = [f"# {md_block(title(diff, lang))}", ""]
    op, np_ = diff.old_period, diff.new_period
    lines.append(
        f"{label('period', lang)}: {format_date(op[0], lang)}–{format_date(op[1], lang)}"
        + (f" → {format_date(np_[0], lang)}–{format_date(np_[1], lang)}" if op != np_ else "")
    )
    lines.append("")
    lines.append(f"**{md_inline(verdict(diff, lang))}**")
    lines.append("")
    for flag in diff.flags:
        lines.append(f"- {md_block(flag_text(flag, lang))}  ")
        lines.append(f"  *{md_inline(flag_source(flag, lang))}*")
    if diff.flags:
        lines.append("")
    head = [t("diff.approved", lang), t("diff.revised", lang), t("diff.change", lang), "%"]

    def table(title: str, first: str, rows: list[tuple[str, Change]]) -> None:
        lines.extend([f"## {md_block(title)} (€)", ""])
        lines.append("| " + " | ".join(md_inline(h) for h in [first, *head]) + " |")
        lines.append("|---|" + "---:|" * len(head))
        for name, c in rows:
            cells = [
                md_inline(name),
                _amount(c.old, lang),
                _amount(c.new, lang),
                _delta(c.delta, lang) if c.delta else "",
                _percent(c, lang) if c.delta else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")

    for group in GROUPS:
        table(
            t(f"diff.group.{group}", lang),
            t(f"diff.first.{group}", lang),
            [(_name(group, c, lang), c) for c in _rows(diff, group)],
        )
    if diff.commitments:
        table(
            t("diff.group.commitments", lang),
            label("municipality", lang),
            [(m.name(lang), Change(m.code, m.name(lang), m.old, m.new)) for m in diff.commitments],
        )
    return "\n".join(lines).rstrip() + "\n"


# -- JSON --------------------------------------------------------------------------------------
def _m(value: Decimal) -> str:
    return f"{value:.2f}"


def _change(c: Change) -> dict[str, Any]:
    return {
        "key": c.key,
        "name": c.name,
        "old": _m(c.old),
        "new": _m(c.new),
        "change": _m(c.delta),
        "percent": str(c.percent) if c.percent is not None else None,
    }


def to_json(diff: Diff, lang: str = "fi") -> str:
    data = {
        "old": {
            "name": diff.old_name,
            "start": diff.old_period[0].isoformat(),
            "end": diff.old_period[1].isoformat(),
        },
        "new": {
            "name": diff.new_name,
            "start": diff.new_period[0].isoformat(),
            "end": diff.new_period[1].isoformat(),
        },
        **{group: [_change(c) for c in _rows(diff, group)] for group in GROUPS},
        "commitments": [
            {
                "code": m.code,
                "name": m.name_fi,
                "old": _m(m.old),
                "new": _m(m.new),
                "change": _m(m.new - m.old),
                "rose": m.rose,
                "old_by_year": {str(y): _m(v) for y, v in m.old_by_year.items()},
                "new_by_year": {str(y): _m(v) for y, v in m.new_by_year.items()},
            }
            for m in diff.commitments
        ],
        "needs_approval": diff.needs_approval,
        "flags": [
            {
                "code": f.code,
                "subject": f.subject,
                "old": f.old,
                "new": f.new,
                "percent": str(f.percent) if f.percent is not None else None,
                "rule": f.rule.name if f.rule else None,
                "rule_value": str(f.rule.value) if f.rule else None,
                "source": f.rule.source if f.rule else None,
                "status": f.rule.status if f.rule else None,
                "text": flag_text(f, lang),
            }
            for f in diff.flags
        ],
        "rules": [
            {"name": r.name, "value": str(r.value), "source": r.source, "status": r.status}
            for r in diff.rules
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
