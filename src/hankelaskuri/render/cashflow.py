"""The cash flow for people (terminal, words) and for programs (JSON).

The terminal tables import rich where they are made: the workbook's cash-flow sheet
uses only the words (``convention_lines``, ``summary_lines``, ``month_label``)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..cashflow import CONTRIBUTIONS, FALLBACK_SOURCE, CashFlow, Flow
from ..i18n import format_money, format_percent, label, rule_source, t
from ..result import Result

if TYPE_CHECKING:
    from rich.console import Console

    from .sheet import Sheet


def text(code: str, lang: str, **params: object) -> str:
    """A cash-flow text from the catalogue (``cashflow.<code>``)."""
    return t(f"cashflow.{code}", lang, **params)


def month_label(day: date, lang: str) -> str:
    return f"{day.year}-{day.month:02d}" if lang == "en" else f"{day.month}/{day.year}"


def period_label(first: date, kind: str, lang: str) -> str:
    if kind == "year":
        return str(first.year)
    if kind == "quarter":
        q = (first.month - 1) // 3 + 1
        return f"{first.year} Q{q}" if lang == "en" else f"Q{q}/{first.year}"
    return month_label(first, lang)


def convention_lines(cf: CashFlow, lang: str) -> list[str]:
    """The payment conventions and contribution timings used, each with where it came from."""
    lines = []
    for c in cf.conventions:
        value = c.value
        if c.name == "advance_share":
            value = format_percent(Decimal(c.value), lang, 0)
        elif c.name == "claim_ends":
            value = ", ".join(
                month_label(date.fromisoformat(d.strip()), lang) for d in c.value.split(",")
            )
        line = text(c.name, lang, value=value)
        if c.given:
            line += f" ({text('status_given', lang)})"
        else:
            # the source's words are in the rules listing (hanke rules), in the language the
            # rules are written in: here the rule's key leads there
            status = (
                text("check_default", lang)
                if c.status == "unconfirmed"
                else label("status_" + c.status, lang)
            )
            line += f" ({status}; {rule_source(f'payments.{c.name}', c.source == FALLBACK_SOURCE, lang)})"
        lines.append(line)
    for row in CONTRIBUTIONS:
        if not any(f.contributions[row][i] for f in [cf.project] for i in range(len(cf.months))):
            continue
        timing = cf.timing[row]
        line = f"{label(row, lang)}: {text('timing_' + timing, lang)}"
        if row not in cf.timing_given and row != "in_kind":
            line += f" ({text('default_timing', lang)})"
        lines.append(line)
    return lines


def summary_lines(cf: CashFlow, flow: Flow, lang: str) -> list[str]:
    """The peak, its month and the final balance in words."""
    lines = []
    i = flow.peak_index
    if i is None:
        lines.append(text("no_peak", lang))
    else:
        lines.append(
            text(
                "peak",
                lang,
                amount=format_money(flow.peak, lang),
                month=month_label(flow.months[i], lang),
                n=i + 1,
            )
        )
    last_paid = flow.claims[-1].paid if flow.claims else flow.months[-1]
    params: dict[str, object] = {
        "month": month_label(last_paid, lang),
        "amount": format_money(flow.final, lang),
        "own": format_money(flow.own, lang),
    }
    lines.append(text("final" if flow.final == flow.own else "final_differs", lang, **params))
    return lines


def pre_financing_text(cf: CashFlow, partner: str, town: bool, lang: str) -> str | None:
    """For a municipality's council attachment: how much the municipality, implementing the
    project as ``partner``, must pre-finance at most and when, with the assumptions used."""
    flow = cf.partner(partner)
    if flow is None:
        return None
    i = flow.peak_index
    if i is None:
        return text("attachment_no_pre_financing", lang)
    claim = next((c for c in cf.conventions if c.name in ("claim_months", "claim_ends")), None)
    lag = next((c for c in cf.conventions if c.name == "payment_lag_months"), None)
    basis = ""
    if claim is not None and lag is not None and claim.name == "claim_months":
        basis = " " + text("attachment_basis", lang, claim=claim.value, lag=lag.value)
    return (
        text(
            "attachment_town" if town else "attachment_municipality",
            lang,
            amount=format_money(flow.peak, lang),
            month=month_label(flow.months[i], lang),
            n=i + 1,
            final=format_money(flow.final, lang),
        )
        + basis
    )


def attachment_blocks(cf: CashFlow) -> Any:
    """An extra for :func:`hankelaskuri.render.attachment.build`: the pre-financing paragraph
    in the attachment of a municipality that implements the project."""
    from .attachment import Block

    def blocks(result: Result, money: Any, lang: str) -> list[Any]:
        role = money.role("implementer")
        if role is None or role.partner is None:
            return []
        sentence = pre_financing_text(cf, role.partner, money.form == "kaupunki", lang)
        return [Block("paragraph", sentence)] if sentence else []

    return blocks


def flow_table(flow: Flow, kind: str, lang: str) -> Sheet:
    """Flows by month, quarter or year; the balance at each period's end, and for quarters
    and years also the largest balance within the period. The peak is marked ◀.

    A :class:`~hankelaskuri.render.sheet.Sheet`: on a narrow terminal the columns are split
    into several tables and no amount is ever cut (a 15-year project's total costs showed
    as ``1 335`` above ``854,13``, and the headings as ``Kustannuk…``)."""
    from rich.text import Text

    from .sheet import Sheet, amount

    rows = flow.periods(kind)
    show_income = any(r.income for r in rows)
    show_contrib = any(r.contributions for r in rows)
    monthly = kind == "month"
    codes = ["costs", *(["income"] if show_income else []), "support_in"]
    codes += ["contributions_in"] if show_contrib else []
    codes += ["balance"] if monthly else ["balance_end", "balance_peak"]
    headers = [text(kind, lang), *(text(code, lang) for code in codes), ""]
    # the ◀ beside the peak stays in the table of the column it points at
    sheet = Sheet(f"{flow.name} (€)", headers, attached=frozenset({len(headers) - 1}))
    peak = flow.peak
    marked = False
    for r in rows:
        values = [r.costs, *([r.income] if show_income else []), r.support]
        values += [r.contributions] if show_contrib else []
        values += [r.balance] if monthly else [r.balance, r.peak]
        cells: list[str | Text] = [period_label(r.first, kind, lang)]
        cells += [amount(v, lang) for v in values]
        mark: str | Text = ""
        if peak > 0 and r.peak == peak and not marked:
            marked = True
            cells[-1] = Text(str(cells[-1]), style="bold red")
            mark = Text("◀", style="bold red")
        sheet.add(*cells, mark)
    totals = [sum((getattr(r, code) for r in rows), Decimal(0)) for code in _SUMS]
    shown = [
        total
        for code, total in zip(_SUMS, totals, strict=True)
        if code != "income" or show_income
        if code != "contributions" or show_contrib
    ]
    sheet.footer = [
        label("total", lang),
        *(Text(amount(v, lang), style="bold") for v in [*shown, flow.final]),
    ]
    return sheet


_SUMS = ("costs", "income", "support", "contributions")  # the flows a total is given for


def claims_table(flow: Flow, lang: str) -> Sheet:
    from .sheet import Sheet, amount

    headers = [
        text("claim_no", lang),
        text("claim_period", lang),
        text("claim_costs", lang),
        text("claim_payment", lang),
        text("claim_paid", lang),
    ]
    sheet = Sheet(f"{text('claims', lang)} (€)", headers, left=frozenset({1, 4}))
    if flow.advance:
        first = month_label(flow.months[0], lang)
        sheet.add("", text("advance", lang), "", amount(flow.advance, lang), first)
    for c in flow.claims:
        period = month_label(c.first, lang)
        if c.last != c.first:
            period += f"–{month_label(c.last, lang)}"
        sheet.add(
            str(c.number),
            period,
            amount(c.costs, lang),
            amount(c.payment, lang),
            month_label(c.paid, lang),
        )
    return sheet


def partners_table(cf: CashFlow, lang: str) -> Sheet:
    from .sheet import Sheet, amount

    headers = [
        label("partner", lang),
        text("peak_short", lang),
        text("peak_month", lang),
        text("final_short", lang),
    ]
    sheet = Sheet(f"{text('by_partner', lang)} (€)", headers, left=frozenset({2}))
    for f in cf.partners:
        month = f.peak_month
        sheet.add(
            f.name,
            amount(f.peak, lang),
            month_label(month, lang) if month else "–",
            amount(f.final, lang),
        )
    return sheet


def render(
    cf: CashFlow, console: Console, lang: str, kind: str = "month", partner: str | None = None
) -> None:
    from rich.text import Text

    from .nobreak import Whole, keep_whole
    from .sheet import print_sheet

    flow = cf.project if partner is None else cf.partner(partner)
    assert flow is not None
    console.print(Text(f"{text('title', lang)}: {flow.name}", style="bold"))
    console.print()
    console.print(Text(text("conventions", lang), style="bold"))
    for line in convention_lines(cf, lang):
        console.print(Whole(Text(keep_whole(f"- {line}")), 2))
    console.print()
    print_sheet(flow_table(flow, kind, lang), console)
    print_sheet(claims_table(flow, lang), console)
    if partner is None and len(cf.partners) > 1:
        print_sheet(partners_table(cf, lang), console)
    for line in summary_lines(cf, flow, lang):
        console.print(Whole(Text(keep_whole(line))))


# -- JSON --------------------------------------------------------------------------------------
def _m(value: Decimal) -> str:
    return f"{value:.2f}"


def _flow_dict(flow: Flow, cf: CashFlow) -> dict[str, Any]:
    i = flow.peak_index
    return {
        "partner": flow.partner,
        "name": flow.name,
        "support": _m(flow.support_total),
        "advance": _m(flow.advance),
        "own": _m(flow.own),
        "peak": _m(flow.peak),
        "peak_month": flow.months[i].strftime("%Y-%m") if i is not None else None,
        "peak_project_month": i + 1 if i is not None else None,
        "final": _m(flow.final),
        "months": [
            {
                "month": m.strftime("%Y-%m"),
                "costs": _m(flow.costs[j]),
                "income": _m(flow.income[j]),
                "support": _m(flow.support[j]),
                "contributions": {k: _m(flow.contributions[k][j]) for k in CONTRIBUTIONS},
                "balance": _m(flow.balance[j]),
            }
            for j, m in enumerate(flow.months)
        ],
        "claims": [
            {
                "number": c.number,
                "first": c.first.strftime("%Y-%m"),
                "last": c.last.strftime("%Y-%m"),
                "costs": _m(c.costs),
                "payment": _m(c.payment),
                "paid": c.paid.strftime("%Y-%m"),
            }
            for c in flow.claims
        ],
        "by_quarter": [_period(r, "%Y-%m") for r in flow.periods("quarter")],
        "by_year": [_period(r, "%Y") for r in flow.periods("year")],
    }


def _period(r: Any, fmt: str) -> dict[str, str]:
    return {
        "first": r.first.strftime("%Y-%m"),
        "last": r.last.strftime("%Y-%m"),
        "costs": _m(r.costs),
        "income": _m(r.income),
        "support": _m(r.support),
        "contributions": _m(r.contributions),
        "balance": _m(r.balance),
        "peak": _m(r.peak),
    }


def to_json(cf: CashFlow, result: Result, lang: str = "fi") -> str:
    data = {
        "project": result.name,
        "conventions": [
            {
                "name": c.name,
                "value": c.value,
                "source": c.source,
                "status": c.status,
                "note": c.note,
                "given": c.given,
            }
            for c in cf.conventions
        ],
        "timing": {k: {"timing": v, "given": k in cf.timing_given} for k, v in cf.timing.items()},
        "project_months": cf.project_months,
        "total": _flow_dict(cf.project, cf),
        "partners": [_flow_dict(f, cf) for f in cf.partners],
        "summary": summary_lines(cf, cf.project, lang),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
