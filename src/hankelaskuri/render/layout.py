"""Fitting the attachment's tables to an A4 page, the same way in the PDF and the DOCX.

Both writers use the same page (A4, 166 mm of text width), the same table type size and the
same cell padding, so one computation decides each table's shape and column widths:

- every amount column is as wide as its widest cell, so no amount ever wraps;
- a table too wide for the page is turned when that fits (years become rows:
  :attr:`Block.pivot`), else cut into column groups of years, each repeating the first
  column, the total column in the last group.

Widths are estimated from DejaVu Sans Bold's advance widths, the widest of the fonts the
documents name (DejaVu Sans in the PDF, Arial or its metric twin Liberation Sans in the DOCX),
so a table that fits by this estimate fits in every one of them.
"""

from __future__ import annotations

from dataclasses import replace

from .attachment import Block

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH_MM = 210
MARGIN_LEFT_MM = MARGIN_RIGHT_MM = 22
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 166 mm
TABLE_PT = 8.5  # type size in tables
PAD_PT = 3.0  # cell padding left and right
MIN_TEXT_MM = 28.0  # the first (text) column never narrower than this
SLACK_MM = 1.5  # per amount column: word processors round widths and add border space

# DejaVu Sans Bold advance widths in em (units per em 2048), for the characters amounts,
# percentages and years are made of; other characters count as a wide letter.
_WIDTHS = {
    **dict.fromkeys("0123456789", 1425 / 2048),
    " ": 713 / 2048,
    "\u00a0": 713 / 2048,
    "\u202f": 713 / 2048,
    ",": 778 / 2048,
    ".": 778 / 2048,
    "-": 854 / 2048,
    "\u2212": 1716 / 2048,
    "€": 1425 / 2048,
    "%": 2052 / 2048,
}
_LETTER = 1650 / 2048  # above the average letter of DejaVu Sans Bold, m and W included


def text_mm(text: str, size: float = TABLE_PT) -> float:
    """The width of ``text`` on one line, in millimetres (an upper estimate)."""
    return sum(_WIDTHS.get(c, _LETTER) for c in text) * size / MM


def _longest_word_mm(text: str) -> float:
    return max((text_mm(w) for w in text.split()), default=0.0)


def _needs(block: Block) -> list[float]:
    """Each column's width in mm: amounts whole, text (and headers) at least their
    longest word."""
    pad = 2 * PAD_PT / MM
    out = []
    for i, numeric in enumerate(block.numeric):
        body = [row[i] for row in block.rows if i < len(row)]
        measure = text_mm if numeric else _longest_word_mm
        widest = max((measure(c) for c in body), default=0.0)
        slack = SLACK_MM if numeric else 0.0
        out.append(max(widest, _longest_word_mm(block.header[i])) + pad + slack)
    if out and not block.numeric[0]:
        out[0] = max(out[0], MIN_TEXT_MM)
    return out


def fits(block: Block, width_mm: float = TEXT_WIDTH_MM) -> bool:
    return sum(_needs(block)) <= width_mm


def widths(block: Block, width_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """Column widths in mm filling the text width: amount columns as wide as they need,
    the first column takes the rest (where its text may wrap between words)."""
    needs = _needs(block)
    if len(needs) == 1:
        return [width_mm]
    numeric_total = sum(needs[1:])
    first = max(needs[0], width_mm - numeric_total)
    # a narrow table (two or three columns) is not stretched over the whole line
    if len(needs) <= 3:
        first = min(first, max(needs[0], width_mm * 0.5))
    return [first, *needs[1:]]


def transpose(block: Block) -> Block:
    """Rows become columns: a category × year matrix becomes year × category."""
    grid = [block.header, *block.rows]
    columns = [list(col) for col in zip(*grid, strict=True)]
    header, rows = columns[0], columns[1:]
    return replace(
        block,
        header=header,
        rows=rows,
        numeric=[False] + [True] * (len(header) - 1),
        bold_last=block.bold_last,
        highlight=None,
        pivot=False,
    )


def _chunks(block: Block, width_mm: float) -> list[Block]:
    """Cut a table into column groups that fit, each repeating the first column."""
    needs = _needs(block)
    groups: list[list[int]] = []
    current: list[int] = []
    used = needs[0]
    for i in range(1, len(needs)):
        if current and used + needs[i] > width_mm:
            groups.append(current)
            current, used = [], needs[0]
        current.append(i)
        used += needs[i]
    groups.append(current)
    out = []
    for cols in groups:
        keep = [0, *cols]
        out.append(
            replace(
                block,
                header=[block.header[i] for i in keep],
                rows=[[row[i] for i in keep] for row in block.rows],
                numeric=[block.numeric[i] for i in keep],
                pivot=False,
            )
        )
    return out


def fit(block: Block, width_mm: float = TEXT_WIDTH_MM) -> list[Block]:
    """The block as one or more tables that fit the text width (other blocks unchanged)."""
    if block.kind != "table" or fits(block, width_mm):
        return [block]
    if block.pivot:
        turned = transpose(block)
        if fits(turned, width_mm):
            return [turned]
    return _chunks(block, width_mm)


def laid_out(blocks: list[Block], width_mm: float = TEXT_WIDTH_MM) -> list[Block]:
    return [part for block in blocks for part in fit(block, width_mm)]
