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
KEEP_ROWS = 16  # a table of at most this many rows (header included) is kept on one page
SLACK_MM = 1.5  # per amount column: word processors round widths and add border space

# DejaVu Sans Bold advance widths (font units, 2048 to the em) of the characters the
# documents' tables are made of; any other character counts as a wide capital.
_UNITS = {
    **dict.fromkeys("0123456789€", 1425),
    **dict.fromkeys(" \u00a0\u202f", 713),
    **dict.fromkeys(",.", 778),
    "-": 850,
    "%": 2052,
    "\u2212": 1716,
    "'": 627,
    **dict.fromkeys("ijl", 702),
    "/": 748,
    **dict.fromkeys("IJ", 762),
    **dict.fromkeys(":;", 819),
    "f": 891,
    **dict.fromkeys("()", 936),
    "t": 979,
    "r": 1010,
    "–": 1024,
    "z": 1192,
    "c": 1214,
    "s": 1219,
    "L": 1305,
    "x": 1321,
    **dict.fromkeys("vy", 1335),
    "k": 1362,
    **dict.fromkeys("aåä", 1382),
    **dict.fromkeys("eé", 1389),
    **dict.fromkeys("TEF", 1399),
    **dict.fromkeys("oö", 1407),
    **dict.fromkeys("hnuü", 1458),
    **dict.fromkeys("bdgpq", 1466),
    **dict.fromkeys("SYZPC", 1503),
    **dict.fromkeys("BRXAVÅÄK", 1587),
    **dict.fromkeys("UGDHN+", 1716),
    **dict.fromkeys("OQÖ&", 1786),
    "w": 1892,
    "M": 2038,
    **dict.fromkeys("m®", 2134),
    "W": 2259,
}
_OTHER = 2259
REGULAR = 0.94  # DejaVu Sans against its bold: at most 0.935 for any character above
_SAFETY = 1.03  # rounding in the writers' own text measuring


def text_mm(text: str, size: float = TABLE_PT) -> float:
    """The width of ``text`` on one line, in millimetres (an upper estimate)."""
    return sum(_UNITS.get(c, _OTHER) for c in text) / 2048 * size / MM * _SAFETY


def _longest_word_mm(text: str) -> float:
    return max((text_mm(w) for w in text.split()), default=0.0)


def _bold_rows(block: Block) -> set[int]:
    """Rows set in bold: the total row and the receiving municipality's row."""
    rows = {block.highlight} if block.highlight is not None else set()
    if block.bold_last and block.rows:
        rows.add(len(block.rows) - 1)
    return rows


def _needs(block: Block) -> list[float]:
    """Each column's width in mm: amounts whole, text (and headers) at least their
    longest word; regular rows measured in the regular face, bold rows in bold."""
    pad = 2 * PAD_PT / MM
    bold = _bold_rows(block)
    out = []
    for i, numeric in enumerate(block.numeric):
        measure = text_mm if numeric else _longest_word_mm
        widest = max(
            (
                measure(row[i]) * (1.0 if r in bold else REGULAR)
                for r, row in enumerate(block.rows)
                if i < len(row)
            ),
            default=0.0,
        )
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
    if block.corner:  # the first column now holds the years, not the categories
        header[0] = block.corner
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
    """Cut a table into the fewest column groups that fit, as even as possible (so that
    the total column never stands alone), each group repeating the first column."""
    needs = _needs(block)
    columns = list(range(1, len(needs)))
    groups = [[c] for c in columns]
    for count in range(2, len(columns) + 1):
        size, extra = divmod(len(columns), count)
        cut, start = [], 0
        for g in range(count):
            end = start + size + (1 if g >= count - extra else 0)
            cut.append(columns[start:end])
            start = end
        if all(needs[0] + sum(needs[c] for c in group) <= width_mm for group in cut):
            groups = cut
            break
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
