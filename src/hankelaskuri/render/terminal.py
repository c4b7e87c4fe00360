"""The result as rich tables for the terminal, in Finnish, Swedish or English."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..i18n import format_date, format_number, format_percent, label, tn
from ..result import FUNDING_ROWS, Result
from . import project_facts


def _table(
    title: str, first: str, years: tuple[int, ...], lang: str, extra: tuple[str, ...] = ()
) -> Table:
    table = Table(
        title=f"{title} (€)",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_footer=True,
        pad_edge=False,
    )
    table.add_column(first, footer=label("total", lang), no_wrap=True)
    for y in years:
        table.add_column(str(y), justify="right", no_wrap=True)
    table.add_column(label("total", lang), justify="right", no_wrap=True, style="bold")
    for name in extra:
        table.add_column(name, justify="right", no_wrap=True)
    return table


def _amount(value: Decimal, lang: str) -> str:
    """Amounts in tables: Finnish number format; the € sign is in the table title."""
    return format_number(value, 2, lang)


def _row(values: Mapping[int, Decimal], years: tuple[int, ...], lang: str) -> list[str]:
    return [_amount(values.get(y, Decimal(0)), lang) for y in years]


def _footer(table: Table, totals: list[str]) -> None:
    for column, text in zip(table.columns[1:], totals, strict=False):
        column.footer = Text(text, style="bold")


def facts(result: Result, lang: str) -> Table:
    r = result
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    rows = [("project", r.name), *project_facts(r, lang)]
    for key, value in rows:
        if value:
            grid.add_row(label(key, lang), value)
    partners = []
    for p in r.partners:
        text = f"{p.name} ({label('role_' + p.role, lang)})"
        if p.business_id:
            text += f", {label('business_id', lang)} {p.business_id}"
        if not p.costs_included and not r.by_partner.get(p.id):
            text += f" – {label('not_included', lang)}"
        partners.append(text)
    grid.add_row(label("partners", lang), "\n".join(partners))
    return grid


def cost_table(result: Result, lang: str) -> Table:
    r = result
    table = _table(label("cost_estimate", lang), label("category", lang), r.years, lang)
    for category, values in r.by_category_year.items():
        table.add_row(
            label(category, lang),
            *_row(values, r.years, lang),
            _amount(r.by_category[category], lang),
        )
    table.add_section()
    table.add_row(
        label("total_cost", lang),
        *_row(r.by_year, r.years, lang),
        _amount(r.total_cost, lang),
        style="bold",
    )
    if r.income:
        minus = {y: -v for y, v in r.income_by_year.items()}
        table.add_row(label("income", lang), *_row(minus, r.years, lang), _amount(-r.income, lang))
        table.add_row(
            label("net_cost", lang),
            *_row(r.net_by_year, r.years, lang),
            _amount(r.net_cost, lang),
            style="bold",
        )
    table.show_footer = False
    return table


def partner_table(result: Result, lang: str) -> Table | None:
    r = result
    if len(r.partner_funding) < 2:
        return None
    table = Table(
        title=f"{label('partners', lang)} (€)",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(label("partner", lang))
    table.add_column(label("net_cost", lang), justify="right")
    table.add_column(label("support", lang), justify="right")
    table.add_column(label("support_rate", lang), justify="right")
    for key in FUNDING_ROWS[1:]:
        if any(pf.rows[key] for pf in r.partner_funding):
            table.add_column(label(key, lang), justify="right")
    shown = [k for k in FUNDING_ROWS[1:] if any(pf.rows[k] for pf in r.partner_funding)]
    for pf in r.partner_funding:
        table.add_row(
            r.partner_name(pf.partner),
            _amount(pf.net_cost, lang),
            _amount(pf.rows["support"], lang),
            format_percent(pf.support_rate, lang),
            *[_amount(pf.rows[k], lang) for k in shown],
        )
    return table


def funding_table(result: Result, lang: str) -> Table:
    r = result
    table = _table(
        label("funding_plan", lang), label("row", lang), r.years, lang, (label("share", lang),)
    )
    for key in FUNDING_ROWS:
        amount = r.funding[key]
        if key != "support" and not amount:
            continue
        table.add_row(
            label(key, lang),
            *_row(r.funding_by_year[key], r.years, lang),
            _amount(amount, lang),
            format_percent(r.funding_share(key), lang),
        )
        if key == "support":
            for part in ("eu", "state", "support_municipal"):
                if r.funding[part]:
                    table.add_row(
                        Text("  " + label(part, lang), style="dim"),
                        *[""] * len(r.years),
                        Text(_amount(r.funding[part], lang), style="dim"),
                        Text(
                            format_percent(r.funding_share(part), lang),
                            style="dim",
                        ),
                    )
    total = r.funding_total
    _footer(
        table,
        [
            *_row(r.net_by_year, r.years, lang),
            _amount(total, lang),
            format_percent(r.funding_share("total"), lang),
        ],
    )
    return table


def municipal_table(result: Result, lang: str) -> Table | None:
    r = result
    if not r.municipal_shares:
        return None
    key = label(f"key_{r.municipal_key}", lang)
    title = f"{label('municipal_shares', lang)} – {label('key', lang).lower()}: {key}"
    table = _table(
        title,
        label("municipality", lang),
        r.years,
        lang,
        (label("population", lang), label("share", lang)),
    )
    for m in r.municipal_shares:
        table.add_row(
            m.name(lang),
            *_row(m.by_year, r.years, lang),
            _amount(m.amount, lang),
            f"{m.population:,}".replace(",", " " if lang != "en" else ","),
            format_percent(m.weight, lang),
        )
    total = r.municipal_total
    _footer(table, [*_row(r.funding_by_year["municipal"], r.years, lang), _amount(total, lang)])
    dates = sorted({m.population_date for m in r.municipal_shares if m.population_date})
    sources = sorted({m.population_source for m in r.municipal_shares})
    if dates:
        table.caption = label("population_note", lang).format(
            date=", ".join(format_date(d, lang) for d in dates), source="; ".join(sources)
        )
        table.caption_justify = "left"
    return table


def municipal_money_table(result: Result, lang: str) -> Table | None:
    """Each municipality's money by role, when a municipality implements the project (the
    shares table shows the co-financiers alone)."""
    r = result
    if not any(m.role("implementer") for m in r.municipalities):
        return None
    table = _table(label("municipal_money", lang), label("municipality", lang), r.years, lang)
    for m in r.municipalities:
        for role in m.roles:
            table.add_row(
                f"{m.name(lang)} ({label(f'role_{role.role}', lang)})",
                *_row(role.by_year, r.years, lang),
                _amount(role.amount, lang),
            )
    totals = {
        y: sum((m.by_year.get(y, Decimal(0)) for m in r.municipalities), Decimal(0))
        for y in r.years
    }
    _footer(table, [*_row(totals, r.years, lang), _amount(sum(totals.values(), Decimal(0)), lang)])
    return table


def findings_block(result: Result, lang: str, path: str = "") -> Group:
    items: list[Text] = [Text(label("findings", lang), style="bold")]
    if not result.findings:
        items.append(Text(label("no_findings", lang), style="green"))
    for f in result.findings:
        style = "red" if f.severity == "error" else "yellow"
        where = f"{path}:{f.line}" if path and f.line else f.key
        line = Text()
        line.append(f"{label(f.severity, lang)} ", style=f"bold {style}")
        line.append(f"{f.code}: ", style=style)
        line.append(f.message(lang))
        line.append(f"  [{where}]", style="dim")
        items.append(line)
    return Group(*items)


def render_budget(result: Result, console: Console, lang: str = "fi", path: str = "") -> None:
    console.print(facts(result, lang))
    console.print()
    console.print(cost_table(result, lang))
    partners = partner_table(result, lang)
    if partners is not None:
        console.print(partners)
    console.print(funding_table(result, lang))
    municipal = municipal_table(result, lang)
    if municipal is not None:
        console.print(municipal)
        console.print()
    money = municipal_money_table(result, lang)
    if money is not None:
        console.print(money)
        console.print()
    console.print(findings_block(result, lang, path))


def render_input_error(error: InputError, console: Console, lang: str = "fi") -> None:
    """Each problem as ``file:line:column: key: message [code]``, the line with a marker
    under the column, then the hint; the stable code last, for those who search for it."""
    for p in error.problems:
        where = error.path
        if p.line:
            where += f":{p.line}"
            if p.column:
                where += f":{p.column}"
        head = Text()
        head.append(f"{where}: ", style="bold")
        if p.key:
            head.append(f"{p.key}: ", style="bold")
        head.append(p.message(lang), style="red")
        head.append(f" [{p.code}]", style="dim")
        console.print(head, highlight=False)
        if p.line and 0 < p.line <= len(error.source_lines):
            source = error.source_lines[p.line - 1].rstrip()
            number = str(p.line)
            console.print(Text(f"  {number} | {source}"), highlight=False)
            marker = " " * len(number) + " | " + " " * ((p.column or 1) - 1) + "^"
            console.print(Text("  " + marker, style="red"), highlight=False)
        hint = p.hint_text(lang)
        if hint:
            console.print(Text(f"  {label('hint', lang)}: {hint}", style="cyan"), highlight=False)
    console.print(
        Text(tn("msg.problems_in_file", error.count, lang, path=error.path)),
        highlight=False,
    )
