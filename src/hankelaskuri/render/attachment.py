"""A council decision attachment (*päätöksen liite*) for one municipality, as a document
model: title, headings, paragraphs, key-value lists and tables.

What the attachment says is decided here, once; :mod:`.docx`, :mod:`.pdf` and
:mod:`.markdown` only lay the same blocks out. Amounts are formatted the Finnish way
(Swedish the same, English with its own separators); every figure comes from the result.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import format_date, format_money, format_number, format_percent, label
from ..i18n import t as _t
from ..result import MunicipalMoney, MunicipalShare, Result
from . import project_facts


def t(key: str, lang: str, **params: object) -> str:
    return _t(f"attachment.{key}", lang, **params)


@dataclass
class Block:
    """One piece of the document: ``heading``, ``paragraph``, ``list``, ``facts`` or ``table``."""

    kind: str
    text: str = ""
    level: int = 2
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)  # right-aligned columns
    bold_last: bool = False  # the last row is a total
    highlight: int | None = None  # the row of the municipality the attachment is for
    pivot: bool = False  # rows and columns may be swapped to fit the page (a year matrix)
    keep: bool = False  # a heading whose section (to the next heading) stays on one page
    corner: str = ""  # the first column's title once the table is turned (pivot): "Vuosi"


@dataclass
class Document:
    title: str
    subtitle: str
    lang: str
    municipality: str
    blocks: list[Block]


def slug(name: str) -> str:
    """A file name part safe on every file system: ASCII letters, digits and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "kunta"


def project_slug(name: str, limit: int = 50) -> str:
    """A short slug of the project's name for file names: whole when short, else its first
    words and four hex digits of the whole name, so two projects never share a name."""
    full = slug(name)
    if len(full) <= limit:
        return full
    words, cut = full.split("-"), ""
    for word in words:
        if len(cut) + len(word) + 1 > limit - 5:
            break
        cut = f"{cut}-{word}" if cut else word
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:4]
    return f"{cut or full[: limit - 5]}-{digest}"


def file_stem(share: MunicipalMoney | MunicipalShare, lang: str, project: str = "") -> str:
    """``liite-<project>-<municipality>``: one project's attachments sort together."""
    prefix = {"fi": "liite", "sv": "bilaga", "en": "attachment"}.get(lang, "liite")
    middle = f"-{project_slug(project)}" if project else ""
    return f"{prefix}{middle}-{slug(share.name(lang))}"


ExtraBlocks = Callable[[Result, MunicipalMoney, str], list[Block]]

IMPLEMENTER_EXTRAS: list[ExtraBlocks] = []
"""Further blocks for a municipality that implements the project, placed right after its
money section (e.g. a paragraph on pre-financing): each is called with the result, the
municipality and the language and returns the blocks to add."""


def build(
    result: Result,
    money: MunicipalMoney,
    lang: str = "fi",
    body: str | None = None,
    extras: Sequence[ExtraBlocks] = (),
) -> Document:
    """The attachment for one municipality, whatever its role: implementer (its own
    funding), co-financier (its share by the key), both (one decision), or taking part
    with 0 € (said plainly, without a table of zeros)."""
    r = result
    name = money.name(lang)
    town = money.form == "kaupunki"
    body = body or money.decision.body or _board(money.form, lang)
    implementer = money.role("implementer")
    share = _share(r, money)
    blocks: list[Block] = []

    blocks += _decision_blocks(money, body, lang)
    blocks += _project_blocks(r, lang)
    blocks += _funding_blocks(r, lang)

    # this municipality's money
    heading = t("money_town" if town else "money", lang, municipality=name)
    blocks.append(Block("heading", heading))
    blocks += _money_text(r, money, share, lang)
    if money.amount:
        blocks.append(_years_table(r, money, lang))
    if share is not None and r.funding["municipal"]:
        blocks.append(Block("paragraph", _key_text(r, share, lang)))
    if implementer is not None:
        for extra in (*IMPLEMENTER_EXTRAS, *extras):
            blocks += extra(r, money, lang)

    # everybody's shares
    if r.municipal_shares and r.funding["municipal"]:
        blocks += _shares_blocks(r, money, lang)
    if len(r.municipalities) > 1 and any(m.role("implementer") for m in r.municipalities):
        blocks += _all_money_blocks(r, money, lang)

    # conditions from the rules
    blocks.append(Block("heading", t("conditions", lang)))
    blocks.append(Block("paragraph", t("funding_decision", lang)))
    for c in r.conditions:
        blocks.append(Block("paragraph", c.text[lang]))

    # the draft decision is read as one: its amounts, its years and its condition together
    blocks.append(Block("heading", t("proposal", lang), keep=True))
    blocks += _proposal(r, money, body, lang)

    number = money.decision.attachment
    title = t("title", lang) + (f" {number}" if number else "")
    subtitle = "for_implementer" if implementer is not None else "for"
    return Document(
        title=f"{title}: {r.name}",
        subtitle=t(subtitle, lang, municipality=name),
        lang=lang,
        municipality=name,
        blocks=blocks,
    )


def _decision_blocks(money: MunicipalMoney, body: str, lang: str) -> list[Block]:
    """The decision's own facts: the deciding body, and whatever else the file gives."""
    d = money.decision
    preparer = ", ".join(x for x in (d.preparer, d.preparer_title) if x)
    rows = [
        ("decision_body", body),
        ("decision_meeting", format_date(d.meeting, lang) if d.meeting else None),
        ("decision_section", d.section),
        ("decision_case_number", d.case_number),
        ("decision_preparer", preparer or None),
        ("decision_budget_item", d.budget_item),
    ]
    facts = [[t(key, lang), value] for key, value in rows if value]
    return [Block("heading", t("decision", lang)), Block("facts", rows=facts)]


def _project_blocks(r: Result, lang: str) -> list[Block]:
    money = lambda v: format_money(v, lang)  # noqa: E731 - local shorthand
    years = list(r.years)
    main = r.main_partner
    facts = [[label("project", lang), r.name]]
    implementers = [
        [t("main", lang), main.name + (f" ({main.business_id})" if main.business_id else "")]
    ]
    cos = [p.name for p in r.partners if p.role == "co"]
    if cos:
        implementers.append([t("co", lang), ", ".join(cos)])
    for key, value in project_facts(r, lang):
        if key == "programme":
            facts += implementers
        facts.append([label(key, lang), value])
    header = [label("category", lang), *[str(y) for y in years], label("total", lang)]
    rows = [
        [label(c, lang), *[money(v[y]) for y in years], money(r.by_category[c])]
        for c, v in r.by_category_year.items()
    ]
    rows.append(
        [label("total_cost", lang), *[money(r.by_year[y]) for y in years], money(r.total_cost)]
    )
    if r.income:
        rows.append(
            [label("income", lang), *[money(-r.income_by_year[y]) for y in years], money(-r.income)]
        )
        rows.append(
            [label("net_cost", lang), *[money(r.net_by_year[y]) for y in years], money(r.net_cost)]
        )
    return [
        Block("heading", t("details", lang)),
        Block("facts", rows=facts),
        Block("heading", t("costs", lang)),
        Block(
            "table",
            header=header,
            rows=rows,
            numeric=[False] + [True] * (len(years) + 1),
            bold_last=True,
            pivot=True,
            corner=t("year", lang),
        ),
    ]


def _funding_blocks(r: Result, lang: str) -> list[Block]:
    """The funding plan; the own funding by implementer where an implementer is a
    municipality or a municipal company (the way EURA 2021 lists each beneficiary's own
    funding), so that a municipality's money is visible as its own."""
    money = lambda v: format_money(v, lang)  # noqa: E731
    rows = []
    for key in r.funding_rows_shown:
        amount = r.funding[key]
        rows.append([label(key, lang), money(amount), format_percent(r.funding_share(key), lang)])
        if key == "support":
            for part in r.support_parts_shown:
                rows.append(
                    [
                        f"– {label(part, lang)}",
                        money(r.funding[part]),
                        format_percent(r.funding_share(part), lang),
                    ]
                )
        if key == "own":
            rows += _own_rows(r, lang)
    rows.append(
        [
            label("total_funding", lang),
            money(r.funding_total),
            format_percent(r.funding_share("total"), lang),
        ]
    )
    return [
        Block("heading", t("funding", lang)),
        Block(
            "table",
            header=[label("row", lang), label("total", lang), label("share", lang)],
            rows=rows,
            numeric=[False, True, True],
            bold_last=True,
        ),
    ]


def _own_rows(r: Result, lang: str) -> list[list[str]]:
    kinds = {p.id: p.organisation for p in r.partners}
    if not any(
        kinds.get(pf.partner) in ("municipality", "municipal_company") for pf in r.partner_funding
    ):
        return []
    rows = []
    for pf in r.partner_funding:
        own = pf.rows.get("own", Decimal(0))
        if not own:
            continue
        kind = kinds.get(pf.partner)
        org = {
            "municipality": "org_municipality",
            "municipal_company": "org_municipal_company",
        }.get(kind or "")
        text = f"– {r.partner_name(pf.partner)}" + (f" ({t(org, lang)})" if org else "")
        share = (own / r.net_cost).quantize(Decimal("0.0001")) if r.net_cost else Decimal(0)
        rows.append([text, format_money(own, lang), format_percent(share, lang)])
    return rows


def _money_text(
    r: Result, money: MunicipalMoney, share: MunicipalShare | None, lang: str
) -> list[Block]:
    """What the municipality pays and in which role, in words."""
    name = money.name(lang)
    fmt = lambda v: format_money(v, lang)  # noqa: E731
    if not money.amount:
        return [Block("paragraph", t("no_money", lang))]
    out = []
    implementer = money.role("implementer")
    co = money.role("co_financier")
    if implementer is not None and implementer.partner is None:
        out.append(
            Block(
                "paragraph",
                t("implementer_text_many", lang, municipality=name, amount=fmt(implementer.amount)),
            )
        )
    elif implementer is not None:
        pf = next(p for p in r.partner_funding if p.partner == implementer.partner)
        role = next(p.role for p in r.partners if p.id == implementer.partner)
        out.append(
            Block(
                "paragraph",
                t(
                    "implementer_text",
                    lang,
                    municipality=name,
                    role=t("implementer_main" if role == "main" else "implementer_co", lang),
                    partner=r.partner_name(pf.partner),
                    amount=fmt(implementer.amount),
                    percent=format_percent(
                        (implementer.amount / pf.net_cost).quantize(Decimal("0.0001"))
                        if pf.net_cost
                        else Decimal(0),
                        lang,
                    ),
                    net=fmt(pf.net_cost),
                ),
            )
        )
    if co is not None and share is not None and co.amount:
        out.append(
            Block(
                "paragraph",
                t(
                    "share_total",
                    lang,
                    municipality=name,
                    amount=fmt(co.amount),
                    percent=format_percent(share.weight, lang),
                    funding=fmt(r.funding["municipal"]),
                ),
            )
        )
    if implementer is not None and co is not None and implementer.amount and co.amount:
        out.append(
            Block(
                "paragraph",
                t(
                    "both_text",
                    lang,
                    municipality=name,
                    amount=fmt(money.amount),
                    own=fmt(implementer.amount),
                    share=fmt(co.amount),
                ),
            )
        )
    return out


def _years_table(r: Result, money: MunicipalMoney, lang: str) -> Block:
    """The municipality's money per year: one column per role it pays in, and the total."""
    fmt = lambda v: format_money(v, lang)  # noqa: E731
    paying = [role for role in money.roles if role.amount]
    columns = [t("own_col" if x.role == "implementer" else "share_col", lang) for x in paying]
    years = [y for y in r.years if money.by_year.get(y)]
    if len(paying) == 1:
        header = [t("year", lang), t("amount", lang)]
        rows = [[str(y), fmt(money.by_year[y])] for y in years]
        rows.append([label("total", lang), fmt(money.amount)])
    else:
        header = [t("year", lang), *columns, label("total", lang)]
        rows = [
            [str(y), *[fmt(x.by_year.get(y, Decimal(0))) for x in paying], fmt(money.by_year[y])]
            for y in years
        ]
        rows.append([label("total", lang), *[fmt(x.amount) for x in paying], fmt(money.amount)])
    return _sums_table(header, rows)


def _shares_blocks(r: Result, money: MunicipalMoney, lang: str) -> list[Block]:
    rows = [
        [
            m.name(lang),
            format_number(Decimal(m.population), 0, lang),
            format_percent(m.weight, lang),
            format_money(m.amount, lang),
        ]
        for m in r.municipal_shares
    ]
    rows.append(
        [
            label("total", lang),
            format_number(Decimal(r.population_total), 0, lang),
            format_percent(sum((m.weight for m in r.municipal_shares), Decimal(0)), lang),
            format_money(r.municipal_total, lang),
        ]
    )
    mark = next((i for i, m in enumerate(r.municipal_shares) if m.code == money.code), None)
    header = [label(k, lang) for k in ("municipality", "population", "share", "total")]
    return [Block("heading", t("all_shares", lang)), _sums_table(header, rows, mark)]


def _sums_table(header: list[str], rows: list[list[str]], mark: int | None = None) -> Block:
    """A table of amounts with a total row; ``mark`` is the receiving municipality's row."""
    return Block(
        "table",
        header=header,
        rows=rows,
        numeric=[False] + [True] * (len(header) - 1),
        bold_last=True,
        highlight=mark,
    )


NO_ROLE = "–"  # a role the municipality does not have (not 0,00 €: it pays nothing that way)


def _all_money_blocks(r: Result, money: MunicipalMoney, lang: str) -> list[Block]:
    """Every municipality's money by role, when some municipality implements the project."""
    fmt = lambda v: format_money(v, lang)  # noqa: E731
    zero = Decimal(0)
    rows = []
    for m in r.municipalities:
        own = m.role("implementer")
        co = m.role("co_financier")
        rows.append(
            [
                m.name(lang),
                fmt(own.amount) if own else NO_ROLE,
                fmt(co.amount) if co else NO_ROLE,
                fmt(m.amount),
            ]
        )

    def role_total(kind: str) -> Decimal:
        return sum((x.amount for m in r.municipalities for x in m.roles if x.role == kind), zero)

    rows.append(
        [
            label("total", lang),
            fmt(role_total("implementer")),
            fmt(role_total("co_financier")),
            fmt(sum((m.amount for m in r.municipalities), zero)),
        ]
    )
    mark = next(i for i, m in enumerate(r.municipalities) if m.code == money.code)
    header = [label("municipality", lang), t("own_col", lang), t("share_col", lang)]
    return [
        Block("heading", t("all_money", lang)),
        _sums_table([*header, label("total", lang)], rows, mark),
    ]


def _proposal(r: Result, money: MunicipalMoney, body: str, lang: str) -> list[Block]:
    """The draft decision fitting the municipality's roles."""
    fmt = lambda v: format_money(v, lang)  # noqa: E731
    name = money.name(lang)
    authority = t("authority_part", lang, authority=r.authority) if r.authority else ""
    unit = t("unit_town" if money.form == "kaupunki" else "unit_municipality", lang)
    implementer = money.role("implementer")
    co = money.role("co_financier")
    own = implementer.amount if implementer else Decimal(0)
    paid = co.amount if co else Decimal(0)
    years = [y for y in r.years if money.by_year.get(y)]
    out: list[Block] = []
    if implementer is not None and own and paid:
        out.append(
            Block(
                "paragraph",
                t(
                    "proposal_both",
                    lang,
                    body=body,
                    project=r.name,
                    authority=authority,
                    unit=unit,
                    amount=fmt(money.amount),
                    own=fmt(own),
                    share=fmt(paid),
                ),
            )
        )
        assert co is not None
        items = [
            [
                t(
                    "year_both",
                    lang,
                    year=y,
                    amount=fmt(money.by_year[y]),
                    own=fmt(implementer.by_year.get(y, Decimal(0))),
                    share=fmt(co.by_year.get(y, Decimal(0))),
                )
            ]
            for y in years
        ]
        out.append(Block("list", rows=items))
    elif implementer is not None and own:
        out.append(
            Block(
                "paragraph",
                t(
                    "proposal_implementer",
                    lang,
                    body=body,
                    project=r.name,
                    authority=authority,
                    unit=unit,
                    amount=fmt(own),
                ),
            )
        )
        out.append(Block("list", rows=[[f"{y}: {fmt(money.by_year[y])}"] for y in years]))
    elif implementer is not None and paid:
        # an implementer without own funding (others cover its costs) that also pays a share:
        # its council approves the application as well as the share
        out.append(
            Block(
                "paragraph",
                t(
                    "proposal_implementer_pay",
                    lang,
                    body=body,
                    project=r.name,
                    authority=authority,
                    amount=fmt(paid),
                ),
            )
        )
        out.append(Block("list", rows=[[f"{y}: {fmt(money.by_year[y])}"] for y in years]))
    elif implementer is not None:
        out.append(
            Block(
                "paragraph",
                t(
                    "proposal_implementer_free",
                    lang,
                    body=body,
                    project=r.name,
                    authority=authority,
                    unit=unit,
                ),
            )
        )
    elif paid:
        out.append(
            Block(
                "paragraph",
                t(
                    "proposal_pay",
                    lang,
                    body=body,
                    municipality=name,
                    project=r.name,
                    amount=fmt(paid),
                ),
            )
        )
        out.append(Block("list", rows=[[f"{y}: {fmt(money.by_year[y])}"] for y in years]))
    else:
        out.append(
            Block(
                "paragraph", t("proposal_free", lang, body=body, municipality=name, project=r.name)
            )
        )
    if money.amount and money.decision.budget_item:
        out.append(Block("paragraph", t("budget_item", lang, item=money.decision.budget_item)))
    if money.amount:
        out.append(Block("paragraph", t("proposal_condition", lang, authority=authority)))
    return out


def _share(r: Result, money: MunicipalMoney) -> MunicipalShare | None:
    return next((m for m in r.municipal_shares if m.code == money.code), None)


def _board(form: str, lang: str) -> str:
    """The town's or the municipality's board, from the bundled data."""
    from ..municipalities import board

    return board(form, lang)


def _key_text(r: Result, share: MunicipalShare, lang: str) -> str:
    key = r.municipal_key or "equal"
    date = format_date(share.population_date, lang) if share.population_date else "-"
    params = {
        "population": format_number(Decimal(share.population), 0, lang),
        "date": date,
        "source": label(share.source_label, lang),
        "total": format_number(Decimal(r.population_total), 0, lang),
        "count": len(r.municipal_shares),
        "percent": format_percent(share.weight, lang),
        "base": format_percent(r.municipal_base_share or Decimal(0), lang),
    }
    return t(f"key_{key}", lang, **params)
