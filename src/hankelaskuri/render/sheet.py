"""Tables of amounts that fit the terminal without ever cutting or splitting an amount.

A :class:`Sheet` is a title, a first column of names and columns of figures. Printed on a
console narrower than the whole table, the figure columns are split into as many tables
as needed, each repeating the names, so every amount stays whole on one line; only names
and headings may wrap. Amounts use no-break spaces as thousands separators (see
:func:`amount`), so a terminal or a word processor never breaks them either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .nobreak import NBSP, amount, keep_whole, wrap_whole

__all__ = [
    "NBSP",
    "Row",
    "Sheet",
    "amount",
    "column_groups",
    "keep_whole",
    "print_sheet",
]

GAP = 2  # columns between two table columns: the box's blank divider and one space
MIN_NAME = 12  # the names column may wrap, but not narrower than this


@dataclass
class Row:
    cells: Sequence[str | Text]
    style: str = ""
    section: bool = False  # a rule above this row


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]  # the names column's heading, then each figure column's
    rows: list[Row] = field(default_factory=list)
    footer: Sequence[str | Text] | None = None
    caption: str = ""
    left: frozenset[int] = frozenset()  # figure columns of text (months, periods): left-aligned
    attached: frozenset[int] = frozenset()  # columns kept in the table of the column before

    def add(self, *cells: str | Text, style: str = "", section: bool = False) -> None:
        self.rows.append(Row(cells, style, section))


def _width(cell: str | Text) -> int:
    text = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in text.split("\n")), default=0)


def _header_width(text: str) -> int:
    """A heading may wrap at spaces: its longest word is what it needs."""
    return max((cell_len(word) for word in text.split()), default=0)


def column_groups(sheet: Sheet, width: int) -> tuple[int, list[list[int]]]:
    """The names column's width and the figure columns of each table, so that each
    table fits ``width``."""
    n = len(sheet.headers)
    cells = [[r.cells[i] for r in sheet.rows if i < len(r.cells)] for i in range(n)]
    if sheet.footer:
        for i, cell in enumerate(sheet.footer):
            cells[i].append(cell)
    need = [
        max([_header_width(sheet.headers[i])] + [_width(c) for c in cells[i]]) for i in range(n)
    ]
    figures = list(range(1, n))
    all_figures = sum(need[i] + GAP for i in figures)
    words = max([_header_width(sheet.headers[0])] + [_header_width(_plain(c)) for c in cells[0]])
    shortest = min(need[0], max(MIN_NAME, words))
    if shortest + all_figures <= width:  # one table; the names wrap if they must
        return min(need[0], width - all_figures), [figures]
    units: list[list[int]] = []  # a column with those attached to it
    for i in figures:
        if i in sheet.attached and units:
            units[-1].append(i)
        else:
            units.append([i])
    widest = max((sum(GAP + need[i] for i in unit) for unit in units), default=0)
    names = max(min(shortest, width - widest), 1)
    groups: list[list[int]] = []
    current: list[int] = []
    used = names
    for unit in units:
        room = sum(GAP + need[i] for i in unit)
        if current and used + room > width:
            groups.append(current)
            current, used = [], names
        current += unit
        used += room
    if current or not groups:
        groups.append(current)
    # room the widest table leaves goes to the names (an indented "  Valtion osuus" broke
    # over two lines beside tables that had the columns to spare)
    figures_width = max(sum(GAP + need[i] for i in group) for group in groups)
    return max(names, min(need[0], width - figures_width)), groups


def _indented(cell: str | Text, width: int) -> str | Text:
    """An indented name (``  Valtion osuus`` under its total) that must wrap keeps its
    indent on each line; wrapped by rich, its second line began at the margin like a row
    of its own (``osuus``)."""
    text = cell if isinstance(cell, Text) else Text(cell)
    indent = len(text.plain) - len(text.plain.lstrip(" "))
    if not indent or _width(text) <= width or width <= indent + 1:
        return cell
    lines = wrap_whole(text[indent:], width - indent).split("\n")
    return Text("\n").join(Text(" " * indent) + line for line in lines)


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def print_sheet(sheet: Sheet, console: Console) -> None:
    names, groups = column_groups(sheet, console.width)
    for number, group in enumerate(groups, 1):
        title = sheet.title
        if len(groups) > 1:
            title += f" ({number}/{len(groups)})"
        console.print(Text(title, style="bold"), highlight=False)
        table = Table(
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
            padding=(0, 0, 0, 1),
            show_footer=sheet.footer is not None,
        )
        cols = [0, *group]
        for i in cols:
            footer = sheet.footer[i] if sheet.footer and i < len(sheet.footer) else ""
            if i == 0:
                table.add_column(sheet.headers[0], footer=footer, width=names, overflow="fold")
            else:
                figure = max(
                    [_width(r.cells[i]) for r in sheet.rows if i < len(r.cells)]
                    + [_width(footer), _header_width(sheet.headers[i])],
                    default=0,
                )
                table.add_column(
                    sheet.headers[i],
                    footer=footer,
                    justify="left" if i in sheet.left else "right",
                    width=figure,
                )
        for row in sheet.rows:
            if row.section:
                table.add_section()
            cells = [row.cells[i] if i < len(row.cells) else "" for i in cols]
            cells[0] = _indented(cells[0], names)
            table.add_row(*cells, style=row.style or None)
        console.print(table)
        if sheet.caption and number == len(groups):
            console.print(Text(sheet.caption), highlight=False)
        console.print()
