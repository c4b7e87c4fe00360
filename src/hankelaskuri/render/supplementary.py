"""A supplementary decision attachment (*täydentävän päätöksen liite*) for a municipality
whose commitment rose between the approved and the revised plan.

It states the approved and the new commitment in total and per year, the change, and the
changes to the plan that need approval, and drafts the decision. It is the same document
model as the council attachment (:mod:`.attachment`), so every writer lays it out.
"""

from __future__ import annotations

from decimal import Decimal

from ..diff import Commitment, Diff
from ..i18n import format_date, format_money, format_percent, label, t
from ..money import share
from ..result import Result
from .attachment import Block, Document, slug
from .diff import flag_text


def file_stem(commitment: Commitment, lang: str) -> str:
    prefix = {"fi": "taydentava-liite", "sv": "kompletterande-bilaga", "en": "supplementary"}
    return f"{prefix.get(lang, prefix['fi'])}-{slug(commitment.name(lang))}"


def build(
    diff: Diff,
    old: Result,
    new: Result,
    commitment: Commitment,
    lang: str = "fi",
    body: str | None = None,
) -> Document:
    """The supplementary attachment for one municipality of ``diff.raised``."""
    name = commitment.name(lang)
    money = lambda v: format_money(v, lang)  # noqa: E731 - local shorthand
    signed = lambda v: ("+" if v > 0 else "") + money(v)  # noqa: E731
    key = "supplementary"
    blocks: list[Block] = []

    blocks.append(Block("heading", t(f"{key}.details", lang)))
    period = lambda r: f"{format_date(r.start, lang)}–{format_date(r.end, lang)}"  # noqa: E731
    facts = [
        [label("project", lang), new.name],
        [t(f"{key}.approved_period", lang), period(old)],
        [t(f"{key}.revised_period", lang), period(new)],
    ]
    if new.authority:
        facts.append([label("authority", lang), new.authority])
    if new.case_number:
        facts.append([label("case_number", lang), new.case_number])
    blocks.append(Block("facts", rows=facts))

    blocks.append(Block("heading", t(f"{key}.commitment", lang, municipality=name)))
    delta = commitment.new - commitment.old
    if commitment.old:
        text = t(
            f"{key}.rose",
            lang,
            municipality=name,
            old=money(commitment.old),
            new=money(commitment.new),
            change=money(delta),
            percent=format_percent(share(delta, commitment.old), lang, 1),
        )
    else:
        text = t(f"{key}.joins", lang, municipality=name, new=money(commitment.new))
    blocks.append(Block("paragraph", text))
    years = sorted(set(commitment.old_by_year) | set(commitment.new_by_year))
    rows = []
    for y in years:
        o = commitment.old_by_year.get(y, Decimal(0))
        n = commitment.new_by_year.get(y, Decimal(0))
        if o or n:
            rows.append([str(y), money(o), money(n), signed(n - o)])
    rows.append([label("total", lang), money(commitment.old), money(commitment.new), signed(delta)])
    blocks.append(
        Block(
            "table",
            header=[
                t(f"{key}.year", lang),
                t("diff.approved", lang),
                t("diff.revised", lang),
                t("diff.change", lang),
            ],
            rows=rows,
            numeric=[False, True, True, True],
            bold_last=True,
        )
    )
    municipal_old, municipal_new = old.funding["municipal"], new.funding["municipal"]
    blocks.append(
        Block(
            "paragraph",
            t(
                f"{key}.municipal_total",
                lang,
                old=money(municipal_old),
                new=money(municipal_new),
                count_old=len(old.municipal_shares),
                count_new=len(new.municipal_shares),
            ),
        )
    )

    reasons = [f for f in diff.flags if f.code != "commitment_rose"]
    blocks.append(Block("heading", t(f"{key}.changes", lang)))
    if reasons:
        blocks.append(Block("list", rows=[[flag_text(f, lang)] for f in reasons]))
    else:
        blocks.append(Block("paragraph", t(f"{key}.no_other_changes", lang)))

    blocks.append(Block("heading", t("attachment.proposal", lang), keep=True))
    blocks.append(
        Block(
            "paragraph",
            t(
                # a municipality new to the plan approved nothing before: no "instead of 0,00 €"
                f"{key}.proposal" if commitment.old else f"{key}.proposal_joins",
                lang,
                body=body or _board(commitment.code, lang),
                municipality=name,
                project=new.name,
                old=money(commitment.old),
                new=money(commitment.new),
            ),
        )
    )
    blocks.append(
        Block(
            "list",
            rows=[
                [f"{y}: {money(commitment.new_by_year[y])}"]
                for y in sorted(commitment.new_by_year)
                if commitment.new_by_year[y]
            ],
        )
    )
    blocks.append(Block("paragraph", t(f"{key}.condition", lang)))
    return Document(
        title=f"{t(f'{key}.title', lang)}: {new.name}",
        subtitle=t(f"{key}.for", lang, municipality=name),
        lang=lang,
        municipality=name,
        blocks=blocks,
    )


def _board(code: str, lang: str) -> str:
    """The town's or the municipality's board (*kaupunginhallitus*, *kunnanhallitus*)."""
    from ..municipalities import find

    found = find(code)
    return found.board(lang) if found is not None else t("attachment.body", lang)
