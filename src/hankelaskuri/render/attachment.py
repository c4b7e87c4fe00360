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
from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import format_date, format_money, format_number, format_percent, label, pick
from ..result import FUNDING_ROWS, MunicipalShare, Result
from . import project_facts

TEXT: dict[str, tuple[str, str, str]] = {
    "title": ("Päätöksen liite", "Bilaga till beslutet", "Attachment to the decision"),
    "for": (
        "{municipality}: osallistuminen hankkeeseen",
        "{municipality}: deltagande i projektet",
        "{municipality}: participation in the project",
    ),
    "details": ("Hankkeen perustiedot", "Projektets grunduppgifter", "Project details"),
    "costs": ("Kustannusarvio", "Kostnadsberäkning", "Cost estimate"),
    "funding": ("Rahoitussuunnitelma", "Finansieringsplan", "Funding plan"),
    "own_share": ("Kunnan osuus", "Kommunens andel", "The municipality's share"),
    "all_shares": ("Osallistujien osuudet", "Deltagarnas andelar", "Shares of all participants"),
    "conditions": ("Ehdot", "Villkor", "Conditions"),
    "proposal": ("Päätösehdotus", "Beslutsförslag", "Draft decision"),
    "main": ("Päätoteuttaja", "Huvudgenomförare", "Main implementer"),
    "co": ("Osatoteuttajat", "Delgenomförare", "Co-implementers"),
    "no_municipal": (
        "Hankkeeseen osallistuminen ei edellytä kuntarahoitusta.",
        "Deltagandet i projektet förutsätter ingen kommunal finansiering.",
        "Taking part in the project requires no municipal funding.",
    ),
    "share_total": (
        "{municipality} sitoutuu rahoittamaan hanketta yhteensä {amount}, joka on {percent} "
        "kuntarahoituksesta ({funding}).",
        "{municipality} förbinder sig att finansiera projektet med sammanlagt {amount}, vilket "
        "är {percent} av den kommunala finansieringen ({funding}).",
        "{municipality} commits to funding the project with {amount} in total, {percent} of the "
        "municipal funding ({funding}).",
    ),
    "key_per_capita": (
        "Kuntarahoitus on jaettu osallistuvien kuntien kesken asukasluvun mukaan. Kunnan "
        "asukasluku on {population} ({date}, lähde: {source}); kuntien yhteensä {total}.",
        "Den kommunala finansieringen är fördelad mellan de deltagande kommunerna enligt "
        "invånarantal. Kommunens invånarantal är {population} ({date}, källa: {source}); "
        "kommunerna sammanlagt {total}.",
        "The municipal funding is split among the participating municipalities per capita. The "
        "municipality's population is {population} ({date}, source: {source}); all together "
        "{total}.",
    ),
    "key_equal": (
        "Kuntarahoitus on jaettu tasan {count} osallistuvan kunnan kesken.",
        "Den kommunala finansieringen är fördelad lika mellan {count} deltagande kommuner.",
        "The municipal funding is split equally among {count} participating municipalities.",
    ),
    "key_fixed": (
        "Kuntien osuudet ovat kiinteitä summia, joista on sovittu hankevalmistelussa.",
        "Kommunernas andelar är fasta belopp som har avtalats under projektberedningen.",
        "The municipalities' shares are fixed amounts agreed during preparation.",
    ),
    "key_percent": (
        "Kuntien osuudet ovat kiinteitä prosenttiosuuksia; kunnan osuus on {percent}.",
        "Kommunernas andelar är fasta procentandelar; kommunens andel är {percent}.",
        "The municipalities' shares are fixed percentages; this municipality's is {percent}.",
    ),
    "key_base_plus_per_capita": (
        "Kuntarahoituksesta {base} on jaettu tasan ja loput asukasluvun mukaan. Kunnan "
        "asukasluku on {population} ({date}, lähde: {source}).",
        "Av den kommunala finansieringen är {base} fördelat lika och resten enligt "
        "invånarantal. Kommunens invånarantal är {population} ({date}, källa: {source}).",
        "{base} of the municipal funding is split equally and the rest per capita. The "
        "municipality's population is {population} ({date}, source: {source}).",
    ),
    "proposal_pay": (
        "{body} päättää, että {municipality} osallistuu hankkeeseen {project} ja sitoutuu "
        "rahoittamaan sitä yhteensä {amount} seuraavasti:",
        "{body} beslutar att {municipality} deltar i projektet {project} och förbinder sig att "
        "finansiera det med sammanlagt {amount} enligt följande:",
        "{body} decides that {municipality} takes part in the project {project} and commits to "
        "funding it with {amount} in total as follows:",
    ),
    "proposal_condition": (
        "Sitoumus edellyttää, että hankkeelle myönnetään rahoitus{authority}.",
        "Åtagandet förutsätter att projektet beviljas finansiering{authority}.",
        "The commitment requires that the project is granted funding{authority}.",
    ),
    "proposal_free": (
        "{body} päättää, että {municipality} osallistuu hankkeeseen {project} ja sitoutuu sen "
        "toimenpiteisiin hankkeen aikana. Hankkeeseen osallistuminen ei edellytä "
        "kuntarahoitusta.",
        "{body} beslutar att {municipality} deltar i projektet {project} och förbinder sig "
        "till dess åtgärder under projektet. Deltagandet förutsätter ingen kommunal "
        "finansiering.",
        "{body} decides that {municipality} takes part in the project {project} and commits "
        "to its measures during the project. Taking part requires no municipal funding.",
    ),
    "authority_part": (
        " (rahoittaja: {authority})",
        " (finansiär: {authority})",
        " (funding authority: {authority})",
    ),
    "body": ("Kunnanhallitus", "Kommunstyrelsen", "The municipal board"),
    "year": ("Vuosi", "År", "Year"),
    "amount": ("Summa", "Belopp", "Amount"),
    "funding_decision": (
        "Hankkeen toteutuminen edellyttää myönteistä rahoituspäätöstä.",
        "Projektet förutsätter ett positivt finansieringsbeslut.",
        "The project requires a positive funding decision.",
    ),
    "prepared": (
        "Laadittu {date} hankelaskurilla ({file}).",
        "Upprättad {date} med hankelaskuri ({file}).",
        "Prepared {date} with hankelaskuri ({file}).",
    ),
    "source": ("lähde", "källa", "source"),
}


def t(key: str, lang: str, **params: object) -> str:
    return pick(TEXT, key, lang, **params)


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


def project_slug(name: str, limit: int = 44) -> str:
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


def file_stem(share: MunicipalShare, lang: str, project: str = "") -> str:
    """``liite-<project>-<municipality>``: one project's attachments sort together."""
    prefix = {"fi": "liite", "sv": "bilaga", "en": "attachment"}.get(lang, "liite")
    middle = f"-{project_slug(project)}" if project else ""
    return f"{prefix}{middle}-{slug(share.name(lang))}"


def build(
    result: Result, share: MunicipalShare, lang: str = "fi", body: str | None = None
) -> Document:
    r = result
    years = list(r.years)
    name = share.name(lang)
    money = lambda v: format_money(v, lang)  # noqa: E731 - local shorthand
    blocks: list[Block] = []

    # project details
    blocks.append(Block("heading", t("details", lang)))
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
    blocks.append(Block("facts", rows=facts))

    # cost estimate
    blocks.append(Block("heading", t("costs", lang)))
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
    blocks.append(
        Block(
            "table",
            header=header,
            rows=rows,
            numeric=[False] + [True] * (len(years) + 1),
            bold_last=True,
            pivot=True,
        )
    )

    # funding plan with shares
    blocks.append(Block("heading", t("funding", lang)))
    rows = []
    for key in FUNDING_ROWS:
        amount = r.funding[key]
        if key != "support" and not amount:
            continue
        rows.append([label(key, lang), money(amount), format_percent(r.funding_share(key), lang)])
        if key == "support":
            for part in ("eu", "state", "support_municipal"):
                if r.funding[part]:
                    rows.append(
                        [
                            f"– {label(part, lang)}",
                            money(r.funding[part]),
                            format_percent(r.funding_share(part), lang),
                        ]
                    )
    total = r.funding_total
    rows.append(
        [label("total_funding", lang), money(total), format_percent(r.funding_share("total"), lang)]
    )
    blocks.append(
        Block(
            "table",
            header=[label("row", lang), label("total", lang), label("share", lang)],
            rows=rows,
            numeric=[False, True, True],
            bold_last=True,
        )
    )

    # this municipality's share
    blocks.append(Block("heading", f"{t('own_share', lang)}: {name}"))
    municipal = r.funding["municipal"]
    if not municipal:
        blocks.append(Block("paragraph", t("no_municipal", lang)))
    else:
        blocks.append(
            Block(
                "paragraph",
                t(
                    "share_total",
                    lang,
                    municipality=name,
                    amount=money(share.amount),
                    percent=format_percent(share.weight, lang),
                    funding=money(municipal),
                ),
            )
        )
        rows = [[str(y), money(share.by_year[y])] for y in years if share.by_year.get(y)]
        rows.append([label("total", lang), money(share.amount)])
        blocks.append(
            Block(
                "table",
                header=[t("year", lang), t("amount", lang)],
                rows=rows,
                numeric=[False, True],
                bold_last=True,
            )
        )
    blocks.append(Block("paragraph", _key_text(r, share, lang)))

    # everybody's share
    blocks.append(Block("heading", t("all_shares", lang)))
    rows = [
        [
            m.name(lang),
            format_number(Decimal(m.population), 0, lang),
            format_percent(m.weight, lang),
            money(m.amount),
        ]
        for m in r.municipal_shares
    ]
    rows.append(
        [
            label("total", lang),
            format_number(Decimal(r.population_total), 0, lang),
            format_percent(sum((m.weight for m in r.municipal_shares), Decimal(0)), lang),
            money(r.municipal_total),
        ]
    )
    blocks.append(
        Block(
            "table",
            header=[
                label("municipality", lang),
                label("population", lang),
                label("share", lang),
                label("total", lang),
            ],
            rows=rows,
            numeric=[False, True, True, True],
            bold_last=True,
            highlight=next(
                (i for i, m in enumerate(r.municipal_shares) if m.code == share.code), None
            ),
        )
    )

    # conditions from the rules
    blocks.append(Block("heading", t("conditions", lang)))
    blocks.append(Block("paragraph", t("funding_decision", lang)))
    for c in r.conditions:
        blocks.append(Block("paragraph", c.text[lang]))

    # draft decision
    blocks.append(Block("heading", t("proposal", lang)))
    authority = t("authority_part", lang, authority=r.authority) if r.authority else ""
    body = body or _board(share.code, lang)
    if municipal and share.amount:
        blocks.append(
            Block(
                "paragraph",
                t(
                    "proposal_pay",
                    lang,
                    body=body,
                    municipality=name,
                    project=r.name,
                    amount=money(share.amount),
                ),
            )
        )
        blocks.append(
            Block(
                "list",
                rows=[[f"{y}: {money(share.by_year[y])}"] for y in years if share.by_year.get(y)],
            )
        )
        blocks.append(Block("paragraph", t("proposal_condition", lang, authority=authority)))
    else:
        blocks.append(
            Block(
                "paragraph",
                t(
                    "proposal_free",
                    lang,
                    body=body,
                    municipality=name,
                    project=r.name,
                ),
            )
        )
    return Document(
        title=f"{t('title', lang)}: {r.name}",
        subtitle=t("for", lang, municipality=name),
        lang=lang,
        municipality=name,
        blocks=blocks,
    )


def _board(code: str, lang: str) -> str:
    """The town's or the municipality's board, from the bundled data."""
    from ..municipalities import find

    found = find(code)
    return found.board(lang) if found is not None else t("body", lang)


def _key_text(r: Result, share: MunicipalShare, lang: str) -> str:
    key = r.municipal_key or "equal"
    date = format_date(share.population_date, lang) if share.population_date else "-"
    params = {
        "population": format_number(Decimal(share.population), 0, lang),
        "date": date,
        "source": share.population_source,
        "total": format_number(Decimal(r.population_total), 0, lang),
        "count": len(r.municipal_shares),
        "percent": format_percent(share.weight, lang),
        "base": format_percent(r.municipal_base_share or Decimal(0), lang),
    }
    return t(f"key_{key}", lang, **params)
