"""The result as rich tables for the terminal, in Finnish, Swedish or English."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..i18n import format_date, format_percent, label, tn
from ..loader import BAD_CHARACTERS
from ..result import Result
from . import project_facts
from .nobreak import Whole
from .sheet import NBSP, Sheet, amount, keep_whole, print_sheet


def _amount(value: Decimal, lang: str) -> str:
    """Amounts in tables: Finnish number format with no-break spaces; the € sign is in
    the table's title."""
    return amount(value, lang)


def _row(values: Mapping[int, Decimal], years: tuple[int, ...], lang: str) -> list[str]:
    return [_amount(values.get(y, Decimal(0)), lang) for y in years]


def _percent(value: Decimal, lang: str) -> str:
    return format_percent(value, lang).replace(" ", NBSP)


def _bold(cells: list[str]) -> list[str | Text]:
    return [Text(c, style="bold") for c in cells]


def _year_sheet(
    title: str, first: str, years: tuple[int, ...], lang: str, extra: tuple[str, ...] = ()
) -> Sheet:
    headers = [first, *(str(y) for y in years), label("total", lang), *extra]
    return Sheet(f"{title} (€)", headers)


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


def cost_table(result: Result, lang: str) -> Sheet:
    r = result
    sheet = _year_sheet(label("cost_estimate", lang), label("category", lang), r.years, lang)
    for category, values in r.by_category_year.items():
        sheet.add(
            label(category, lang),
            *_row(values, r.years, lang),
            _amount(r.by_category[category], lang),
        )
    sheet.add(
        label("total_cost", lang),
        *_row(r.by_year, r.years, lang),
        _amount(r.total_cost, lang),
        style="bold",
        section=True,
    )
    if r.income:
        minus = {y: -v for y, v in r.income_by_year.items()}
        sheet.add(label("income", lang), *_row(minus, r.years, lang), _amount(-r.income, lang))
        sheet.add(
            label("net_cost", lang),
            *_row(r.net_by_year, r.years, lang),
            _amount(r.net_cost, lang),
            style="bold",
        )
    return sheet


def partner_table(result: Result, lang: str) -> Sheet | None:
    r = result
    if len(r.partner_funding) < 2:
        return None
    shown = r.partner_rows_shown
    headers = [
        label("partner", lang),
        label("net_cost", lang),
        label("support", lang),
        label("support_rate", lang),
        *[label(k, lang) for k in shown],
    ]
    sheet = Sheet(f"{label('partners', lang)} (€)", headers)
    for pf in r.partner_funding:
        sheet.add(
            r.partner_name(pf.partner),
            _amount(pf.net_cost, lang),
            _amount(pf.rows["support"], lang),
            _percent(pf.support_rate, lang),
            *[_amount(pf.rows[k], lang) for k in shown],
        )
    return sheet


def funding_table(result: Result, lang: str) -> Sheet:
    r = result
    sheet = _year_sheet(
        label("funding_plan", lang), label("row", lang), r.years, lang, (label("share", lang),)
    )
    for key in r.funding_rows_shown:
        value = r.funding[key]
        sheet.add(
            label(key, lang),
            *_row(r.funding_by_year[key], r.years, lang),
            _amount(value, lang),
            _percent(r.funding_share(key), lang),
        )
        if key == "support":
            for part in r.support_parts_shown:
                sheet.add(
                    Text("  " + label(part, lang), style="dim"),
                    *[""] * len(r.years),
                    Text(_amount(r.funding[part], lang), style="dim"),
                    Text(_percent(r.funding_share(part), lang), style="dim"),
                )
    sheet.footer = [
        label("total", lang),
        *_bold(_row(r.net_by_year, r.years, lang)),
        Text(_amount(r.funding_total, lang), style="bold"),
        Text(_percent(r.funding_share("total"), lang), style="bold"),
    ]
    return sheet


def municipal_table(result: Result, lang: str) -> Sheet | None:
    r = result
    if not r.municipal_shares:
        return None
    key = label(f"key_{r.municipal_key}", lang)
    title = f"{label('municipal_shares', lang)} – {label('key', lang).lower()}: {key}"
    sheet = _year_sheet(
        title,
        label("municipality", lang),
        r.years,
        lang,
        (label("population", lang), label("share", lang)),
    )
    for m in r.municipal_shares:
        sheet.add(
            m.name(lang),
            *_row(m.by_year, r.years, lang),
            _amount(m.amount, lang),
            amount(Decimal(m.population), lang, 0),
            _percent(m.weight, lang),
        )
    sheet.footer = [
        label("total", lang),
        *_bold(_row(r.municipal_total_by_year, r.years, lang)),
        Text(_amount(r.municipal_total, lang), style="bold"),
    ]
    dates = sorted({m.population_date for m in r.municipal_shares if m.population_date})
    sources = sorted({label(m.source_label, lang) for m in r.municipal_shares})
    if dates:
        sheet.caption = label("population_note", lang).format(
            date=", ".join(format_date(d, lang) for d in dates), source="; ".join(sources)
        )
    return sheet


def municipal_money_table(result: Result, lang: str) -> Sheet | None:
    """Each municipality's money by role, when a municipality implements the project (the
    shares table shows the co-financiers alone)."""
    r = result
    if not any(m.role("implementer") for m in r.municipalities):
        return None
    sheet = _year_sheet(label("municipal_money", lang), label("municipality", lang), r.years, lang)
    for m in r.municipalities:
        for role in m.roles:
            sheet.add(
                f"{m.name(lang)} ({label(f'role_{role.role}', lang)})",
                *_row(role.by_year, r.years, lang),
                _amount(role.amount, lang),
            )
    totals = {
        y: sum((m.by_year.get(y, Decimal(0)) for m in r.municipalities), Decimal(0))
        for y in r.years
    }
    sheet.footer = [
        label("total", lang),
        *_bold(_row(totals, r.years, lang)),
        Text(_amount(sum(totals.values(), Decimal(0)), lang), style="bold"),
    ]
    if len(r.partner_funding) > 1:  # an implementer's years follow its own costs
        sheet.caption = label("implementer_years_note", lang)
    return sheet


def findings_block(result: Result, lang: str, path: str = "") -> Group:
    items: list[Text | Whole] = [Text(label("findings", lang), style="bold")]
    if not result.findings:
        items.append(Text(label("no_findings", lang), style="green"))
    for f in result.findings:
        style = "red" if f.severity == "error" else "yellow"
        where = f"{path}:{f.line}: {f.key}" if path and f.line else f.key
        line = Text()
        line.append(f"{where}: ", style="bold")
        line.append(f"{label(f.severity, lang)}: ", style=f"bold {style}")
        line.append(keep_whole(f.message(lang)))
        line.append(f" [{f.code}]", style="dim")
        items.append(Whole(line, 2))
    return Group(*items)


def render_budget(result: Result, console: Console, lang: str = "fi", path: str = "") -> None:
    console.print(facts(result, lang))
    console.print()
    print_sheet(cost_table(result, lang), console)
    partners = partner_table(result, lang)
    if partners is not None:
        print_sheet(partners, console)
    print_sheet(funding_table(result, lang), console)
    municipal = municipal_table(result, lang)
    if municipal is not None:
        print_sheet(municipal, console)
    money = municipal_money_table(result, lang)
    if money is not None:
        print_sheet(money, console)
    console.print(findings_block(result, lang, path))


def _visible(line: str) -> str:
    """A source line as it can be shown: a character the loader refuses (a control, a
    direction override) as its TOML escape, so the line reads as written and the terminal
    takes no escape sequence from a file."""
    return BAD_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04X}", line)


def render_input_error(error: InputError, console: Console, lang: str = "fi") -> None:
    """Each problem as ``file:line:column: key: message [code]``, the line with a marker
    under the column, then the hint; the stable code last, for those who search for it.
    On a terminal the message and the hint are wrapped between words, their further lines
    indented (the terminal cut them mid-word: ``Fonden fö`` / ``r en rättvis``); into a
    file or a pipe each stays on one line."""

    def say(text: Text, hanging: int) -> None:
        if console.is_terminal:
            console.print(Whole(text, hanging), highlight=False, soft_wrap=False)
        else:
            console.print(text, highlight=False)

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
        head.append(keep_whole(p.message(lang)), style="red")
        head.append(f" [{p.code}]", style="dim")
        say(head, 2)
        if p.line and 0 < p.line <= len(error.source_lines):
            source = error.source_lines[p.line - 1].rstrip()
            number = str(p.line)
            console.print(Text(f"  {number} | {_visible(source)}"), highlight=False)
            before = _visible(source[: (p.column or 1) - 1])
            marker = " " * len(number) + " | " + " " * len(before) + "^"
            console.print(Text("  " + marker, style="red"), highlight=False)
        hint = p.hint_text(lang)
        if hint:
            hint = keep_whole(hint) if console.is_terminal else hint
            say(Text(f"  {label('hint', lang)}: {hint}", style="cyan"), 4)
    console.print(
        Text(tn("msg.problems_in_file", error.count, lang, path=error.path)),
        highlight=False,
    )
