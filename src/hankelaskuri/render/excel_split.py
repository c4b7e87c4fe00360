"""The largest-remainder splits as spreadsheet formulas (the allocation workings sheet).

The engine splits a whole into parts by the largest remainder method
(:func:`hankelaskuri.money.allocate`) and fills a rows × years table year by year
(:func:`hankelaskuri.money.allocate_matrix`). Here each split is a block of helper
columns on its own sheet, so a reader can follow every share back to its inputs and the
workbook recalculates them when an input changes:

=========  ==============================================================
weight     the row's weight (population, 1, a percentage, what is left…)
exact      exact share in cents: ``whole × weight / Σ weights``, rounded to 4 decimals
           of a cent to drop binary floating-point noise before the floor
floor      ``INT(exact)``: whole cents
remainder  what the floor dropped, in 1/10 000 of a cent (a whole number, so that
           COUNTIF compares it exactly)
rank       1 + rows with a larger remainder + earlier rows with the same remainder
part       ``(floor + 1 if rank ≤ cents left over else floor) / 100``
=========  ==============================================================

The cents left over are ``whole − Σ floors``; they go one each to the largest
remainders, ties to the earlier row, so the parts always sum to the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..i18n import t

if TYPE_CHECKING:
    from .excel import _Sheet


def word(key: str, lang: str) -> str:
    return t(f"excel.split.{key}", lang)


def split_block(
    sh: _Sheet,
    row: int,
    title: str,
    whole: str,
    names: Sequence[str],
    weights: Sequence[str],
    money_fmt: str,
    lang: str,
    unit: Decimal = Decimal("0.01"),
) -> tuple[list[str], int]:
    """Write one largest-remainder split of ``whole`` (a cell or formula in euros) by the
    ``weights`` (formulas, one per row of ``names``) in units of ``unit`` (a cent or a
    euro). Returns the part cells (euros, with the sheet) and the next free row."""
    scale = "100" if unit == Decimal("0.01") else "1"
    sh.text(row, 1, title, bold=True, fit=False)
    row += 1
    sh.text(row, 1, word("whole", lang))
    whole_cell = sh.formula(row, 2, whole, money_fmt)
    # the whole in its units, the unit after the number ("2 115 817 senttiä"): a label of
    # its own between the euros and the number read as "21 158,17 € senttiä 2115817"
    unit_word = word("cents" if scale == "100" else "euros", lang).replace('"', "")
    cents_cell = sh.formula(row, 4, f"ROUND({whole_cell}*{scale},0)", f'#,##0" {unit_word}"')
    sh.widths[4] = max(sh.widths.get(4, 0), 22)  # 980 200 500 senttiä, never ####
    row += 1
    sh.header(
        row,
        ["", word("weight", lang), word("exact", lang), word("floor", lang)]
        + [word("remainder", lang), word("rank", lang), word("part", lang)],
        numbers_from=2,
    )
    row += 1
    first, last = row, row + len(names) - 1
    weight_range = f"$B${first}:$B${last}"
    rem_range = f"$E${first}:$E${last}"
    left_row = last + 1
    left_cell = f"$D${left_row}"
    out = []
    n = max(len(names), 1)
    for i, (name, weight) in enumerate(zip(names, weights, strict=True)):
        r = first + i
        sh.text(r, 1, name)
        sh.formula(r, 2, weight, "0.########")
        sh.formula(
            r,
            3,
            f"ROUND(IF(SUM({weight_range})=0,{cents_cell}/{n},"
            f"{cents_cell}*B{r}/SUM({weight_range})),4)",
            "0.0000",
        )
        sh.formula(r, 4, f"INT(C{r})", "0")
        sh.formula(r, 5, f"ROUND((C{r}-D{r})*10000,0)", "0")
        earlier = f"+COUNTIF($E${first}:E{r - 1},E{r})" if i else ""
        sh.formula(r, 6, f'COUNTIF({rem_range},">"&E{r}){earlier}+1', "0")
        sh.formula(r, 7, f"(D{r}+IF(F{r}<={left_cell},1,0))/{scale}", money_fmt, bold=True)
        out.append(f"'{sh.title}'!$G${r}")
    sh.text(left_row, 1, word("left_over", lang))
    sh.formula(left_row, 4, f"{cents_cell}-SUM(D{first}:D{last})", "0", top=True)
    sh.formula(left_row, 7, f"SUM(G{first}:G{last})", money_fmt, bold=True, top=True)
    return out, left_row + 2


def matrix_blocks(
    sh: _Sheet,
    row: int,
    title: str,
    names: Sequence[str],
    row_totals: Sequence[str],
    col_totals: Sequence[str],
    years: Sequence[int],
    money_fmt: str,
    lang: str,
) -> tuple[list[list[str]], int]:
    """Fill a rows × years table year by year: each year's total split by what is left of
    each row (its total less its earlier years). Returns the part cells [row][year]."""
    parts: list[list[str]] = [[] for _ in names]
    remaining = list(row_totals)
    for j, year in enumerate(years):
        cells, row = split_block(
            sh,
            row,
            f"{title} {year}",
            col_totals[j],
            names,
            [f"MAX({r},0)" for r in remaining],
            money_fmt,
            lang,
        )
        for i, c in enumerate(cells):
            parts[i].append(c)
        remaining = [f"{row_totals[i]}-(" + "+".join(parts[i]) + ")" for i in range(len(names))]
    return parts, row
