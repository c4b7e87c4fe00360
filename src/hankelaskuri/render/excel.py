"""The result as an Excel workbook with live formulas (openpyxl).

Inputs (amounts, rates, hours, months, populations) are values in yellow, unlocked cells;
everything derived is a formula that rounds where and as the engine rounds, so a workbook
recalculated by Excel or LibreOffice equals the engine's result to the cent, and stays
consistent when an input is edited. The municipal largest-remainder split is written as
values with check formulas beside it. Key figures have workbook-level defined names.

Rounding in formulas: ``ROUND(ROUND(x/u; 4); 0)*u`` (half up), ``INT(ROUND(x/u; 4))*u``
(down) and ``-INT(-ROUND(x/u; 4))*u`` (up) for a unit ``u`` of 0.01 or 1 €. The inner
ROUND removes binary floating-point noise: every amount and rate has few decimals, so
the exact product is reached before the rounding that matters. Four decimals of a cent
stay exact up to 10^15 cents, past any project's total. ``INT`` rather than
``ROUNDDOWN``: LibreOffice's ROUNDDOWN rounds numbers of eleven or more digits to 15
significant digits first (``ROUNDDOWN(111385436560.8; 0)`` gives 111385436561), which
made supports above 1 000 000 000 € one cent too large. Amounts rounded down or up are
never negative, so INT (floor) is the same as truncation here.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import (
    Alignment,
    Border,
    Font,
    NamedStyle,
    PatternFill,
    Protection,
    Side,
)
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import format_date, has, label, rule_text, t
from ..money import remainder_year
from ..result import FUNDING_ROWS, CostLineResult, FlatRateResult, Result, StaffResult
from . import excel_charts, excel_split, project_facts, xlsx_save

# The space before the unit is escaped: a bare space after the digits is the thousands
# separator of the Finnish and Swedish locales to LibreOffice, which on saving turned
# "0.00 %" into "0.00,%" (a thousandth of the value) and "#,##0.00 "€"" likewise.
MONEY = '#,##0.00\\ "€"'
PERCENT = "0.00\\ %"
SHARE = "0.0000\\ %"  # a municipality's share of the key
NUMBER = "#,##0.00"
GENERAL = "General"
INTEGER = "#,##0"
DATE = "d.m.yyyy"
ZERO = Decimal(0)
FONT = "Calibri"  # the workbook's one font family (bold and headings too, never a fallback)
TAG_COLUMN = 60  # hidden; right of every visible column (16 years at most)
NEW_COST_ROWS = 2  # empty input rows per implementer in the cost estimate
NEW_MEMBER_ROWS = 3  # empty rows for municipalities joining
MARKER = "hankelaskuri-workbook"  # cell A1 of the hidden sheet that makes a workbook ours
FORMAT_VERSION = 1
META_SHEET = "hankelaskuri"
CHUNK = 30000  # characters of the project file per cell (a cell holds 32 767)

FORMULA_LIKE = ("=", "+", "-", "@")  # text starting so is shown as text (quote prefix)
# Values written as they are: the cell type openpyxl's setter would infer for them.
_NUMBER_TYPES = {Decimal: "n", int: "n", float: "n", type(None): "n", date: "d", datetime: "d"}


# A copy of a style array, as StyleArray(array) makes it without its Python-level __new__.
_copy_style = partial(array.__new__, StyleArray, "i")


def _checked(text: str) -> str:
    """Text as openpyxl keeps it in a cell: at most 32 767 characters, no control
    characters a workbook cannot hold (openpyxl's own check)."""
    text = text[:32767]
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    return text


SHEET_KEYS = ("summary", "charts", "costs", "staff", "funding", "municipal", "rules", "workings")


def _w(key: str, lang: str) -> str:
    """A workbook text from the catalogue: a sheet name (``excel.sheet.*``) or a word."""
    return t(f"excel.sheet.{key}" if key in SHEET_KEYS else f"excel.{key}", lang)


def sheet_name(key: str, lang: str) -> str:
    return _w(key, lang)[:31]


def rule_title(name: str, r: Result, lang: str) -> str:
    """A rule's name for people (``rounding.support_mode`` → *Tuen pyöristys*); a cost
    model's rule names the model (*Korvausprosentti: Prosenttimääräinen korvaus 15 % …*).
    A rule without a name in the catalogue keeps its code."""
    parts = name.split(".")
    if parts[0] == "cost_models" and len(parts) == 3 and has(f"excel.rule.cost_models.{parts[2]}"):
        option = parts[1]
        names = r.cost_option_names.get(option) or (
            r.cost_model_name if option == r.cost_model_id else None
        )
        return t(
            f"excel.rule.cost_models.{parts[2]}", lang, option=names[lang] if names else option
        )
    return t(f"excel.rule.{name}", lang) if has(f"excel.rule.{name}") else name


def rule_value(name: str, value: str, lang: str) -> tuple[Any, str | None]:
    """A rule's value as people write it: ``26,44 %``, ``1,00 €``, a rounding mode in
    words, a date; (text, None) for text."""
    last = name.rsplit(".", 1)[-1]
    if value in ("half_up", "down", "up", "total", "year"):  # a rounding mode or scope
        return t(f"excel.rounding.{value}", lang), None
    try:
        number = Decimal(value)
    except ArithmeticError:
        try:
            return date.fromisoformat(value), DATE
        except ValueError:  # a list of ids
            return value.strip("[]").replace("'", ""), None
    if last.endswith(("_unit", "amount", "hourly_rate")) or "amount" in last:
        return number, MONEY
    if last.startswith(("hours", "months")) or last.endswith(("hours", "months", "_year")):
        return number, INTEGER if number == number.to_integral_value() else NUMBER
    if any(k in name for k in ("rate", "split", "share")):
        return number, PERCENT
    return number, NUMBER


def header_text(text: str, limit: int = 200) -> str:
    """``text`` for a page header: ``&`` doubled (a lone one starts a header code) and cut
    to ``limit`` characters between whole characters, never between a doubled ``&``."""
    out, used = [], 0
    for ch in text:
        part = "&&" if ch == "&" else ch
        if used + len(part) > limit:
            break
        out.append(part)
        used += len(part)
    return "".join(out)


def _if_named(row: int, value: str, sheet: str = "") -> str:
    """``value`` while the municipality on ``row`` of the shares sheet keeps its name, 0 once
    the name is cleared (it leaves, as it does on import)."""
    return f'IF(TRIM({sheet}$A${row})="",0,{value})'


def col(n: int) -> str:
    return get_column_letter(n)


def ref(sheet: str | None, row: int, column: int, absolute: bool = False) -> str:
    cell = f"${col(column)}${row}" if absolute else f"{col(column)}{row}"
    return f"'{sheet}'!{cell}" if sheet else cell


def rounded(expr: str, unit: Decimal, mode: str) -> str:
    """A formula that rounds ``expr`` like :func:`hankelaskuri.money.round_money`."""
    scaled = f"ROUND({expr},4)" if unit == 1 else f"ROUND(({expr})*100,4)"
    if mode == "down":
        whole = f"INT({scaled})"
    elif mode == "up":
        whole = f"-INT(-{scaled})"
    else:
        whole = f"ROUND({scaled},0)"
    return whole if unit == 1 else f"{whole}/100"


def cents_formula(expr: str) -> str:
    return rounded(expr, Decimal("0.01"), "half_up")


def role_months(start: date, year: int, row: int) -> str:
    """A formula of a role's months in ``year`` from its months input (column E of ``row``),
    as :func:`hankelaskuri.engine.month_weights` counts them: the months run from the
    start's month on, 13 − start month in the first year and 12 in each year after; a
    year takes what is left of the months after the years before it, at most its own.
    Rounded to 6 decimals to drop binary floating-point noise (months have at most 4)."""
    if year < start.year:
        return "0"
    first = 13 - start.month
    if year == start.year:
        return f"MAX(0,MIN({first},$E{row}))"
    before = first + 12 * (year - start.year - 1)
    return f"ROUND(MAX(0,MIN(12,$E{row}-{before})),6)"


@dataclass
class _Styles:
    title: Font = field(default_factory=lambda: Font(name=FONT, bold=True, size=14))
    bold: Font = field(default_factory=lambda: Font(name=FONT, bold=True))
    normal: Font = field(default_factory=lambda: Font(name=FONT))
    header_fill: PatternFill = field(
        default_factory=lambda: PatternFill("solid", start_color="DDE4EE", end_color="DDE4EE")
    )
    input_fill: PatternFill = field(
        default_factory=lambda: PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
    )
    check_font: Font = field(default_factory=lambda: Font(name=FONT, italic=True, color="666666"))
    top: Border = field(default_factory=lambda: Border(top=Side(style="thin")))
    bottom: Border = field(default_factory=lambda: Border(bottom=Side(style="thin")))
    unlocked: Protection = field(default_factory=lambda: Protection(locked=False))
    locked: Protection = field(default_factory=Protection)
    no_fill: PatternFill = field(default_factory=PatternFill)
    no_border: Border = field(default_factory=Border)
    no_alignment: Alignment = field(default_factory=Alignment)
    wrap: Alignment = field(default_factory=lambda: Alignment(wrap_text=True, vertical="top"))
    right: Alignment = field(default_factory=lambda: Alignment(horizontal="right"))


LOCALES = {"fi": "[$-40B]", "sv": "[$-81D]", "en": ""}  # Finnish, Swedish (Finland)


class _StyleBook:
    """Named cell styles, registered once per combination: assigning a named style is much
    cheaper than assigning fonts and fills cell by cell, and the styles show in Excel's
    style gallery (inputs, formulas, totals, checks)."""

    def __init__(self, wb: Workbook, styles: _Styles, locale: str) -> None:
        self.wb = wb
        self.s = styles
        self.locale = locale
        self.styles: dict[tuple[Any, ...], NamedStyle] = {}
        self.arrays: dict[tuple[Any, ...], StyleArray] = {}

    def array(
        self,
        kind: str,
        fmt: str = "General",
        bold: bool = False,
        top: bool = False,
        right: bool = False,
    ) -> StyleArray:
        """The named style's resolved array (font, fill, border… ids), made once: a cell
        given a copy of it looks as if the named style were assigned, without openpyxl's
        name lookup on every assignment."""
        key = (kind, fmt, bold, top, right)
        found = self.arrays.get(key)
        if found is None:  # what assigning the style's name to a cell gives it
            found = self.arrays[key] = StyleArray(self._named(key).as_tuple())
        return found

    def _named(self, key: tuple[str, str, bool, bool, bool]) -> NamedStyle:
        """The named style, added to the workbook the first time it is asked for."""
        style = self.styles.get(key)
        if style is None:
            kind, fmt, bold, top, right = key
            s = self.s
            name = f"hk {kind}{' bold' if bold else ''}{' total' if top else ''} {len(self.styles)}"
            font, fill, border, alignment, protection = (
                s.normal,
                s.no_fill,
                s.no_border,
                s.no_alignment,
                s.locked,
            )
            if kind == "input":
                fill, protection = s.input_fill, s.unlocked
            if kind == "check":
                font = s.check_font
            elif kind == "header":
                font, fill, border = s.bold, s.header_fill, s.bottom
            elif kind == "title":
                font = s.title
            elif bold:
                font = s.bold
            if top:
                border = s.top
            if right:
                alignment = s.right
            if kind == "wrap":
                alignment = s.wrap
            style = NamedStyle(
                name=name,
                font=font,
                fill=fill,
                border=border,
                alignment=alignment,
                number_format=fmt if fmt in ("@", "General") else self.locale + fmt,
                protection=protection,
            )
            self.wb.add_named_style(style)
            self.styles[key] = style
        return style


class _Sheet:
    """A worksheet with typed writers that keep text as text and mark inputs.

    Number formats carry the language's locale (fi-FI, sv-FI), so every spreadsheet shows
    ``1 234,56 €`` and ``1.10.2024`` whatever its own locale.
    """

    def __init__(self, ws: Worksheet, styles: _Styles, book: _StyleBook) -> None:
        self.ws = ws
        self.s = styles
        self.book = book
        self.widths: dict[int, int] = {}
        self.title = ws.title
        self._cells: dict[tuple[int, int], Any] = ws._cells  # openpyxl's own: (row, column) → cell

    def _width(self, column: int, n: int) -> None:
        if n > self.widths.get(column, 0):
            self.widths[column] = min(n, 60)

    def _put(
        self, row: int, column: int, value: Any, data_type: str, style: StyleArray | None
    ) -> Any:
        """Set a cell whose value's type is known, with a prepared style array (copied).

        The same cell as ``ws.cell(row, column).value = value`` and a named style give,
        made directly: openpyxl's setter infers the type of every value again, and its
        cell lookup is most of the cost of writing a large workbook."""
        cell: Any = self._cells.get((row, column))
        if cell is None:
            cell = self._cells[(row, column)] = Cell(self.ws, row, column)
            ws: Any = self.ws
            if row > ws._current_row:  # as openpyxl's own cell() keeps it (iter_rows reads it)
                ws._current_row = row
        if style is not None:
            cell._style = _copy_style(style)
        if data_type == "s" or data_type == "f":
            value = _checked(value)
        cell._value = value
        cell.data_type = data_type
        return cell

    def text(
        self,
        row: int,
        column: int,
        value: str | None,
        bold: bool = False,
        header: bool = False,
        fit: bool = True,
        right: bool = False,
    ) -> None:
        """User or label text: always a string cell, never a formula."""
        value = "" if value is None else str(value)
        style = None
        if bold or header or right:
            style = self.book.array("header" if header else "text", "@", bold=bold, right=right)
        cell = self._put(row, column, value, "s", style)
        if value[:1] in FORMULA_LIKE:
            cell.quotePrefix = True
        if fit:
            self._width(column, len(value) + 2)

    def value(
        self,
        row: int,
        column: int,
        value: Any,
        fmt: str = MONEY,
        input_: bool = True,
        bold: bool = False,
    ) -> str:
        style = self.book.array("input" if input_ else "value", fmt, bold)
        data_type = _NUMBER_TYPES.get(type(value))
        if data_type is None:  # any other value: openpyxl decides its type
            self._put(row, column, None, "n", style).value = value
        else:
            self._put(row, column, value, data_type, style)
        if self.widths.get(column, 0) < 15:
            self.widths[column] = 15
        return ref(None, row, column)

    def formula(
        self,
        row: int,
        column: int,
        formula: str,
        fmt: str = MONEY,
        bold: bool = False,
        check: bool = False,
        top: bool = False,
    ) -> str:
        style = self.book.array("check" if check else "formula", fmt, bold, top)
        self._put(row, column, "=" + formula, "f", style)
        if self.widths.get(column, 0) < 15:
            self.widths[column] = 15
        return ref(None, row, column)

    def header(
        self, row: int, titles: Sequence[str], start: int = 1, numbers_from: int = 99
    ) -> None:
        """Column titles; those of number columns (from ``numbers_from``) right-aligned."""
        for i, title in enumerate(titles):
            self.text(row, start + i, title, header=True, right=start + i >= numbers_from)

    def input_text(self, row: int, column: int, value: str | None) -> None:
        """Text an official may edit: a yellow, unlocked string cell."""
        style = self.book.array("input", "@")
        if value:
            cell = self._put(row, column, value, "s", style)
            if value[:1] in FORMULA_LIKE:
                cell.quotePrefix = True
            self._width(column, len(value) + 2)
        else:
            empty: Any = self.ws.cell(row=row, column=column)
            empty._style = StyleArray(style)

    def tag(self, row: int, tag: str) -> None:
        """Mark a row for ``hanke import`` in the hidden tag column (moves with the row)."""
        self._put(row, TAG_COLUMN, tag, "s", None)

    def heading(self, row: int, text: str) -> None:
        cell = self._put(row, 1, text, "s", self.book.array("title", "@"))
        if text[:1] in FORMULA_LIKE:
            cell.quotePrefix = True

    def finish(self, project: str, header_row: int, freeze: str | None, landscape: bool) -> None:
        ws = self.ws
        for column, width in self.widths.items():
            ws.column_dimensions[col(column)].width = max(width, 8)
        if freeze:
            ws.freeze_panes = freeze
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        # fit to the page width, but never below about half size: a wider sheet gets more pages
        width = sum(max(w, 8) for c, w in self.widths.items() if c < TAG_COLUMN)
        ws.page_setup.fitToWidth = max(1, -(-width // (300 if landscape else 200)))
        if ws.page_setup.fitToWidth > 1:  # the row labels on every page across
            ws.print_title_cols = "A:A"
        ws.page_setup.fitToHeight = 0
        setup = ws.sheet_properties.pageSetUpPr
        header, footer = ws.oddHeader, ws.oddFooter
        assert setup is not None and header is not None and footer is not None  # openpyxl's own
        setup.fitToPage = True
        ws.print_title_rows = f"{header_row}:{header_row}"
        header.center.text = header_text(project)
        footer.left.text = "&A"
        footer.right.text = "&P / &N"
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.insertRows = False
        ws.protection.deleteRows = False
        visible = [c for c in self.widths if c < TAG_COLUMN] or [1]
        if not getattr(ws, "_charts", None):  # a sheet with charts prints whole
            ws.print_area = f"A1:{col(max(visible))}{max(ws.max_row, 1)}"
        ws.column_dimensions[col(TAG_COLUMN)].hidden = True


def _lines(text: str, chars: float) -> int:
    """Lines ``text`` takes when wrapped between words at ``chars`` characters a line."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > chars:
            lines, used = lines + 1, 0
        used += len(word) + (1 if used else 0)
        while used > chars:  # a word longer than the line breaks inside it
            lines, used = lines + 1, used - int(chars)
    return lines


def _wrap_within(sh: _Sheet, facts_end: int) -> None:
    """The summary's title and facts kept inside its two printed columns: a long project
    name wraps over A:B and a long fact (rahoittaja, toteuttaja) within B, each row as high
    as its lines (a printout cut them at the page's edge)."""
    ws = sh.ws
    a, b = max(sh.widths[1], 8), max(sh.widths[2], 8)
    title = str(ws.cell(row=1, column=1).value or "")
    # 14 pt bold against the columns' 11 pt character widths
    lines = _lines(title, (a + b) * 11 / 14 * 0.85)
    if lines > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
        ws.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[1].height = 19 * lines
    for row in range(3, facts_end):
        value = str(ws.cell(row=row, column=2).value or "")
        lines = _lines(value, b * 0.95)
        if lines > 1:
            for column in (1, 2):
                ws.cell(row=row, column=column).alignment = Alignment(
                    wrap_text=column == 2, vertical="top"
                )
            ws.row_dimensions[row].height = 15 * lines


class WorkbookWriter:
    def __init__(self, result: Result, lang: str = "fi", source: str | None = None) -> None:
        self.r = result
        self.lang = lang
        self.source = source
        self.wb = Workbook()
        self.styles = _Styles()
        self.years = list(result.years)
        first = self.wb.active
        assert isinstance(first, Worksheet)  # a new workbook has one worksheet
        book = self.book = _StyleBook(self.wb, self.styles, LOCALES.get(lang, ""))
        self.sheets: dict[str, _Sheet] = {}
        keys = ["summary", "charts", "costs", "staff", "funding", "municipal", "rules", "workings"]
        if not result.staff:
            keys.remove("staff")
        if not result.municipal_shares:
            keys.remove("municipal")
        for i, key in enumerate(keys):
            ws = first if i == 0 else self.wb.create_sheet()
            ws.title = sheet_name(key, lang)
            self.sheets[key] = _Sheet(ws, self.styles, book)
        self.work_row = 4
        self.category_cells: list[str] = []
        self.partner_rows: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self.rule_cells: dict[str, str] = {}

    # -- helpers -----------------------------------------------------------------------------
    def name(self, name: str, sheet: _Sheet, cell: str) -> None:
        column = "".join(c for c in cell if c.isalpha())
        row = "".join(c for c in cell if c.isdigit())
        target = f"'{sheet.title}'!${column}${row}"
        self.wb.defined_names[name] = DefinedName(name, attr_text=target)
        self.names[name] = target

    def write_spread(
        self,
        sheet: _Sheet,
        row: int,
        first_col: int,
        total: str,
        weight_cells: Sequence[str],
        weights: dict[int, Decimal],
        live: bool = False,
        weight_sum: str | None = None,
    ) -> list[str]:
        """Year cells that spread ``total`` by ``weight_cells`` as the engine does.

        The year that takes the rest is the last year with weight (money.remainder_year).
        Weights fixed by the project's dates decide it at export; ``live`` weights (formulas
        over yellow cells) decide it in the sheet: each year cell takes the rest when its
        weight is the last one not 0, i.e. the total less the year cells before it (a cell
        refers only to cells on its left, so no formula depends on itself). ``weight_sum``
        is a shorter formula of the weights' sum where there is one."""
        n = len(self.years)
        cells = [ref(None, row, first_col + i) for i in range(n)]
        weight_sum = weight_sum or "(" + "+".join(weight_cells) + ")"

        def rest(i: int) -> str:
            before = f"SUM({cells[0]}:{cells[i - 1]})" if i else ""
            return f"ROUND({total}-{before},2)" if before else f"ROUND({total},2)"

        def share(i: int) -> str:
            return cents_formula(f"IF({weight_sum}=0,0,{total}*{weight_cells[i]}/{weight_sum})")

        fixed = None if live else remainder_year({y: weights.get(y, ZERO) for y in self.years})
        last = self.years.index(fixed) if fixed is not None else n - 1
        for i in range(n):
            if not live:
                formula = rest(i) if i == last else share(i)
            elif i == n - 1:
                formula = f"IF(OR({weight_sum}=0,{weight_cells[i]}<>0),{rest(i)},{share(i)})"
            else:
                after = ",".join(f"{w}=0" for w in weight_cells[i + 1 :])
                when = f"AND({weight_sum}<>0,{weight_cells[i]}<>0,{after})"
                formula = f"IF({when},{rest(i)},{share(i)})"
            sheet.formula(row, first_col + i, formula)
        return cells

    # -- sheets ----------------------------------------------------------------------------
    def rules_sheet(self) -> None:
        sh = self.sheets["rules"]
        lang = self.lang
        sh.heading(1, _w("rules", lang))
        sh.text(2, 1, f"{self.r.programme_name[lang]} ({self.r.programme_id})", fit=False)
        sh.header(
            4,
            [
                _w("name", lang),
                label("value", lang),
                label("valid_from", lang),
                _w("until", lang),
                label("status", lang),
                label("source", lang),
                _w("note", lang),
                _w("rule_key", lang),
            ],
        )
        row = 5
        for use in self.r.rules_used:
            sh.text(row, 1, rule_title(use.name, self.r, lang))
            sh.text(row, 8, use.name)
            value, fmt = rule_value(use.name, use.value, lang)
            if fmt is None:
                sh.text(row, 2, value, right=True)
            else:
                sh.value(row, 2, value, fmt, input_=False)
            sh.value(row, 3, use.since, DATE, input_=False)
            if use.until:
                sh.value(row, 4, use.until, DATE, input_=False)
            sh.text(row, 5, label(f"status_{use.status}", lang))
            sh.text(row, 6, rule_text(use.source, lang))
            sh.text(row, 7, rule_text(use.note, lang) if use.note else "")
            self.rule_cells[use.name] = f"'{sh.title}'!$B${row}"
            row += 1
        sh.widths[1] = min(sh.widths.get(1, 10), 40)
        sh.widths[6] = 60
        sh.widths[7] = min(sh.widths.get(7, 10), 40)
        at_top: dict[tuple[int, ...], StyleArray] = {}  # a style → the same at the top
        for r_ in range(5, row):
            for c in (2, 3, 4, 5, 8):  # the row's cells aligned at the top, beside wrapped text
                cell: Any = sh.ws.cell(row=r_, column=c)
                key = tuple(cell._style) if cell._style is not None else ()
                if key in at_top:
                    cell._style = StyleArray(at_top[key])
                else:
                    cell.alignment = Alignment(vertical="top", horizontal=cell.alignment.horizontal)
                    at_top[key] = StyleArray(cell._style)
            lines = 1
            for column, width in ((1, sh.widths[1]), (6, 60), (7, sh.widths[7])):
                cell = sh.ws.cell(row=r_, column=column)
                cell._style = StyleArray(sh.book.array("wrap", "@"))
                lines = max(lines, _lines(str(cell.value or ""), width * 1.05))
            sh.ws.row_dimensions[r_].height = 15 * lines
        sh.finish(self.r.name, 4, "B5", landscape=True)

    def staff_sheet(self) -> dict[str, list[str]]:
        """Staff lines; returns each line's year-cost cells (absolute, with the sheet)."""
        sh = self.sheets["staff"]
        lang, years = self.lang, self.years
        sh.heading(1, _w("staff", lang))
        sh.text(2, 1, self.r.name, fit=False)
        sh.text(3, 1, _w("inputs_note", lang), fit=False)
        fixed = [
            label("partner", lang),
            _w("title", lang),
            _w("form", lang),
            _w("fte", lang),
            _w("months", lang),
            _w("monthly_pay", lang),
            _w("on_cost", lang),
            _w("annual_cost", lang),
            _w("hourly_rate", lang),
            _w("hours", lang),
            label("total", lang),
        ]
        unit_start = len(fixed) + 1
        cost_start = unit_start + len(years)
        sh.header(
            5,
            fixed + [f"{_w('units_year', lang)} {y}" for y in years] + [str(y) for y in years],
            numbers_from=4,
        )
        hours_per_year = self.rule_cells.get("staff.hours_per_year", "1720")
        out: dict[str, list[str]] = {}
        row = 6
        for s in self.r.staff:
            out[s.key] = self._staff_row(sh, row, s, unit_start, cost_start, hours_per_year)
            row += 1
        if self.r.staff:
            sh.text(row, 1, label("total", lang), bold=True)
            sh.formula(row, 11, f"SUM({col(11)}6:{col(11)}{row - 1})", bold=True, top=True)
            for i in range(len(years)):
                c = cost_start + i
                sh.formula(row, c, f"SUM({col(c)}6:{col(c)}{row - 1})", bold=True, top=True)
        # where the months per year come from: each role's start
        roles = [(s.title, s.start) for s in self.r.staff if s.form == "role" and s.start]
        if roles:
            starts = ", ".join(f"{title} {format_date(start, lang)}" for title, start in roles)
            sh.text(row + 2, 1, t("excel.role_months_note", lang, roles=starts), fit=False)
        sh.finish(self.r.name, 5, "C6", landscape=True)
        return out

    def _staff_row(
        self,
        sh: _Sheet,
        row: int,
        s: StaffResult,
        unit_start: int,
        cost_start: int,
        hours_per_year: str,
    ) -> list[str]:
        lang, years = self.lang, self.years
        sh.tag(row, s.key)
        sh.text(row, 1, self.r.partner_name(s.partner))
        sh.input_text(row, 2, s.title)
        sh.text(row, 3, _w(f"form_{s.form}", lang))
        total_cell = ref(None, row, 11)
        if s.form == "role":
            sh.value(row, 4, s.fte, NUMBER)  # the FTE used: the default 1.0 is shown too
            sh.value(row, 5, s.months, NUMBER)
            sh.value(row, 6, s.monthly_pay, MONEY)
            sh.value(row, 7, s.on_cost_rate, PERCENT)
            sh.formula(row, 11, cents_formula(f"D{row}*E{row}*F{row}*(1+G{row})"), bold=True)
        elif s.form == "hours":
            sh.value(row, 8, s.annual_cost, MONEY)
            sh.formula(row, 9, f"ROUND(H{row}/{hours_per_year},2)", MONEY)
        weights = dict(s.weights) if s.weights is not None else None
        unit_cells = []
        for i, y in enumerate(years):
            if s.form == "hours" and s.hours_by_year is not None:
                unit_cells.append(
                    sh.value(row, unit_start + i, s.hours_by_year.get(y, ZERO), NUMBER)
                )
            elif s.form == "role" and s.start is not None:  # the months input's formula
                unit_cells.append(
                    sh.formula(row, unit_start + i, role_months(s.start, y, row), GENERAL)
                )
            elif weights is not None:  # derived from the dates and months: not an input
                unit_cells.append(
                    sh.value(row, unit_start + i, weights.get(y, ZERO), GENERAL, input_=False)
                )
        cost_cells = [ref(None, row, cost_start + i) for i in range(len(years))]
        if s.form == "hours" and s.hours_by_year is not None:
            for i in range(len(years)):
                sh.formula(row, cost_start + i, cents_formula(f"{unit_cells[i]}*$I${row}"))
            sh.formula(row, 10, f"SUM({unit_cells[0]}:{unit_cells[-1]})", NUMBER)
            sh.formula(row, 11, f"SUM({cost_cells[0]}:{cost_cells[-1]})", bold=True)
        elif s.form == "hours":
            sh.value(row, 10, s.hours, NUMBER)
            sh.formula(row, 11, cents_formula(f"J{row}*I{row}"), bold=True)
            self.write_spread(sh, row, cost_start, total_cell, unit_cells, weights or {})
        elif s.form == "role":
            self.write_spread(
                sh,
                row,
                cost_start,
                total_cell,
                unit_cells,
                weights or {},
                live=s.start is not None,
                weight_sum=f"SUM({unit_cells[0]}:{unit_cells[-1]})",
            )
        elif weights is not None:  # an amount spread by the project's months
            sh.value(row, 11, s.total, MONEY, bold=True)
            self.write_spread(sh, row, cost_start, total_cell, unit_cells, weights)
        else:  # amounts given per year
            for i, y in enumerate(years):
                sh.value(row, cost_start + i, s.by_year.get(y, ZERO), MONEY)
            sh.formula(row, 11, f"SUM({cost_cells[0]}:{cost_cells[-1]})", bold=True)
        return [f"'{sh.title}'!{c}" for c in cost_cells]

    def costs_sheet(self, staff_cells: dict[str, list[str]]) -> dict[str, Any]:
        """Cost estimate; returns the cells the funding plan needs."""
        sh = self.sheets["costs"]
        r, lang, years = self.r, self.lang, self.years
        n = len(years)
        first, total_col = 4, 4 + n
        sh.heading(1, _w("costs", lang))
        sh.text(2, 1, r.name, fit=False)
        sh.text(3, 1, _w("inputs_note", lang), fit=False)
        sh.header(
            5,
            [label("partner", lang), label("category", lang), _w("description", lang)]
            + [str(y) for y in years]
            + [label("total", lang)],
            numbers_from=first,
        )
        row = 6
        sh.text(row, 1, _w("months_by_year", lang), fit=False)
        month_cells = [
            sh.value(row, first + i, r.months_by_year.get(y, ZERO), GENERAL, input_=False)
            for i, y in enumerate(years)
        ]
        month_abs = [f"${c[0]}${c[1:]}" for c in month_cells]
        row += 2
        partners = [p for p in r.partners if p.id in r.by_partner]
        flat_keys = {f.key for f in r.flat_rates}
        subtotal: dict[str, int] = {}
        line_rows: dict[str, int] = {}
        voluntary: list[tuple[int, CostLineResult]] = []
        for p in partners:
            start = row
            lines = [x for x in r.cost_lines if x.partner == p.id and x.key not in flat_keys]
            # flat rates last, in their order: one row for every flat rate of the partner, its
            # base 0 today or not, so a cost typed into a yellow row gets its flat rate
            lines += [self._flat_line(flat) for flat in r.flat_rates if flat.partner == p.id]
            blank = True
            for line in lines:
                if line.key in flat_keys and blank:
                    row, blank = self._new_cost_rows(sh, row, p.id, p.name, first, n), False
                sh.tag(row, line.key)
                sh.text(row, 1, p.name)
                if line.key.startswith("costs["):
                    sh.input_text(row, 2, label(line.category, lang))
                    sh.input_text(row, 3, line.description)
                    self.category_cells.append(f"B{row}")  # chosen from the list too
                else:
                    sh.text(row, 2, label(line.category, lang))
                    sh.text(row, 3, line.label(lang))
                year_cells = [ref(None, row, first + i) for i in range(n)]
                if line.category == "staff" and line.key in staff_cells:
                    for i, c in enumerate(staff_cells[line.key]):
                        sh.formula(row, first + i, c)
                    sh.formula(row, total_col, f"SUM({year_cells[0]}:{year_cells[-1]})", bold=True)
                elif line.key in flat_keys:
                    self._flat_rate_row(sh, row, start, p.id, line, first, total_col)
                elif line.category == "voluntary_work":
                    voluntary.append((row, line))  # filled below, once its hours are placed
                elif line.weights is None:
                    for i, y in enumerate(years):
                        sh.value(row, first + i, line.by_year.get(y, ZERO))
                    sh.formula(row, total_col, f"SUM({year_cells[0]}:{year_cells[-1]})", bold=True)
                else:
                    sh.value(row, total_col, line.total, bold=True)
                    self.write_spread(
                        sh, row, first, f"${col(total_col)}${row}", month_abs, dict(line.weights)
                    )
                line_rows[f"{p.id}|{line.key}|{line.category}"] = row
                row += 1
            if blank:
                row = self._new_cost_rows(sh, row, p.id, p.name, first, n)
            sh.text(row, 1, f"{p.name}: {_w('subtotal', lang).lower()}", bold=True, fit=False)
            for i in range(n + 1):
                c = col(first + i)
                sh.formula(
                    row,
                    first + i,
                    f"SUM({c}{start}:{c}{row - 1})" if row > start else "0",
                    bold=True,
                    top=True,
                )
            subtotal[p.id] = row
            row += 2
        total_row = row
        sh.text(row, 1, label("total_cost", lang), bold=True)
        for i in range(n + 1):
            c = col(first + i)
            sh.formula(
                row,
                first + i,
                "+".join(f"{c}{subtotal[p.id]}" for p in partners) or "0",
                bold=True,
                top=True,
            )
        self.name("total_cost", sh, ref(None, row, total_col))
        row += 2
        # income
        income_rows: dict[str, list[int]] = {p.id: [] for p in partners}
        for line in r.income_lines:
            sh.tag(row, line.key)
            sh.text(row, 1, r.partner_name(line.partner))
            sh.text(row, 2, label("income", lang))
            sh.input_text(row, 3, line.description)
            cells = [ref(None, row, first + i) for i in range(n)]
            if line.weights is None:
                for i, y in enumerate(years):
                    sh.value(row, first + i, line.by_year.get(y, ZERO))
                sh.formula(row, total_col, f"SUM({cells[0]}:{cells[-1]})", bold=True)
            else:
                sh.value(row, total_col, line.total, bold=True)
                self.write_spread(
                    sh, row, first, f"${col(total_col)}${row}", month_abs, dict(line.weights)
                )
            income_rows.setdefault(line.partner, []).append(row)
            row += 1
        income_total_row = row
        sh.text(row, 1, _w("income_total", lang), bold=True)
        all_income = [x for rows in income_rows.values() for x in rows]
        for i in range(n + 1):
            c = col(first + i)
            sh.formula(
                row, first + i, "+".join(f"{c}{x}" for x in all_income) or "0", bold=True, top=True
            )
        row += 2
        net_rows: dict[str, int] = {}
        for p in partners:
            sh.text(row, 1, f"{_w('net_of', lang)}: {p.name}", fit=False)
            for i in range(n + 1):
                c = col(first + i)
                minus = "".join(f"-{c}{x}" for x in income_rows.get(p.id, []))
                sh.formula(row, first + i, f"{c}{subtotal[p.id]}{minus}")
            net_rows[p.id] = row
            row += 1
        net_row = row
        sh.text(row, 1, label("net_cost", lang), bold=True)
        for i in range(n + 1):
            c = col(first + i)
            sh.formula(row, first + i, f"{c}{total_row}-{c}{income_total_row}", bold=True, top=True)
        self.name("net_cost", sh, ref(None, row, total_col))
        row += 2
        # voluntary work: hours (inputs) × the rule's rate, then the cost line adds them up
        voluntary_cells: dict[str, str] = {}
        if voluntary:
            sh.text(row, 1, _w("voluntary", lang), bold=True, fit=False)
            sh.header(
                row + 1,
                [label("partner", lang), _w("description", lang), _w("rate", lang)]
                + [f"{_w('hours', lang)} {y}" for y in years]
                + [_w("hours", lang)]
                + [str(y) for y in years]
                + [label("total", lang)],
                numbers_from=3,
            )
            row += 2
            for line_row, line in voluntary:
                parts_cells = []
                for part in line.parts:
                    parts_cells.append(self._voluntary_part(sh, row, line, part, month_abs))
                    row += 1
                for i in range(n):
                    sh.formula(line_row, first + i, "+".join(p[i] for p in parts_cells))
                cells = [ref(None, line_row, first + i) for i in range(n)]
                sh.formula(line_row, total_col, f"SUM({cells[0]}:{cells[-1]})", bold=True)
                voluntary_cells.setdefault(line.partner, "")
                voluntary_cells[line.partner] += f"+'{sh.title}'!{col(total_col)}{line_row}"
            row += 1
        # costs by category (SUMIF over the category column)
        sh.text(row, 1, _w("by_category", lang), bold=True, fit=False)
        sh.header(
            row + 1,
            ["", label("category", lang), ""] + [str(y) for y in years] + [label("total", lang)],
            numbers_from=first,
        )
        row += 2
        from ..models import CATEGORIES

        # a flat rate of 0,00 € today has its row above, so its category is counted too
        categories = list(dict.fromkeys([*r.by_category, *(f.target for f in r.flat_rates)]))
        self.category_rows = (row, row + len(categories) - 1)  # the chart's: those present
        # then every other category an official can choose in a yellow row, so the table
        # adds up to the total whatever is typed
        categories += [c for c in CATEGORIES if c not in categories and self.category_cells]
        table_first = row
        for category in categories:
            sh.text(row, 2, label(category, lang))
            for i in range(n + 1):
                c = col(first + i)
                sh.formula(
                    row,
                    first + i,
                    f"SUMIF($B$8:$B${total_row - 1},$B{row},{c}$8:{c}${total_row - 1})",
                )
            row += 1
        sh.text(row, 2, label("total", lang), bold=True)
        for i in range(n + 1):
            c = col(first + i)
            sh.formula(row, first + i, f"SUM({c}{table_first}:{c}{row - 1})", bold=True, top=True)
        row += 1
        sh.text(row, 2, _w("check", lang))
        for i in range(n + 1):
            c = col(first + i)
            sh.formula(row, first + i, f"{c}{row - 1}-{c}{total_row}", check=True)
        if self.category_cells:
            from openpyxl.worksheet.datavalidation import DataValidation

            choices = ",".join(label(c, lang) for c in CATEGORIES)
            # only what the SUMIFs above count and hanke import reads: other text is refused
            # as it is typed, with the reason in the workbook's language
            validation = DataValidation(
                type="list",
                formula1=f'"{choices}"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop",
                errorTitle=_w("category_list_title", lang)[:32],
                error=_w("category_list_error", lang)[:255],
            )
            sh.ws.add_data_validation(validation)
            for cell in self.category_cells:
                validation.add(cell)
        sh.finish(r.name, 5, "D7", landscape=n > 2)
        return {
            "net": {p: f"'{sh.title}'!${col(total_col)}${net_rows[p]}" for p in net_rows},
            "net_years": [f"'{sh.title}'!{col(first + i)}{net_row}" for i in range(n)],
            "net_total": f"'{sh.title}'!${col(total_col)}${net_row}",
            "voluntary": voluntary_cells,
        }

    def _voluntary_part(
        self, sh: _Sheet, row: int, line: CostLineResult, part: Any, month_abs: list[str]
    ) -> list[str]:
        lang, years, n = self.lang, self.years, len(self.years)
        sh.tag(row, f"{line.key}:{part.kind}")
        sh.text(row, 1, self.r.partner_name(line.partner))
        sh.text(row, 2, f"{line.description} ({_w(part.kind, lang)})")
        rate_name = (
            "voluntary_work.hourly_rate"
            if part.kind == "people"
            else "voluntary_work.machine_hourly_rate"
        )
        rate = self.rule_cells.get(rate_name, str(part.rate))
        sh.formula(row, 3, rate, MONEY)
        hours_first, hours_total = 4, 4 + n
        value_first = hours_total + 1
        value_cells = [ref(None, row, value_first + i) for i in range(n)]
        if part.hours_by_year is not None:
            hour_cells = [
                sh.value(row, hours_first + i, part.hours_by_year.get(y, ZERO), NUMBER)
                for i, y in enumerate(years)
            ]
            sh.formula(row, hours_total, f"SUM({hour_cells[0]}:{hour_cells[-1]})", NUMBER)
            for i in range(n):
                sh.formula(row, value_first + i, cents_formula(f"{hour_cells[i]}*$C${row}"))
        else:
            sh.value(row, hours_total, part.hours or ZERO, NUMBER)
            total = cents_formula(f"${col(hours_total)}${row}*$C${row}")
            sh.formula(row, value_first + n, total, bold=True)
            self.write_spread(
                sh,
                row,
                value_first,
                f"${col(value_first + n)}${row}",
                month_abs,
                dict(self.r.months_by_year),
            )
        if part.hours_by_year is not None:
            sh.formula(row, value_first + n, f"SUM({value_cells[0]}:{value_cells[-1]})", bold=True)
        return value_cells

    def _new_cost_rows(
        self, sh: _Sheet, row: int, partner: str, name: str, first: int, n: int
    ) -> int:
        """Empty yellow rows where an official adds cost lines (read by ``hanke import``)."""
        for _ in range(NEW_COST_ROWS):
            sh.tag(row, f"new:{partner}")
            sh.text(row, 1, name)
            sh.input_text(row, 2, None)
            sh.input_text(row, 3, None)
            for i in range(n):
                sh.value(row, first + i, None)
            sh.formula(
                row, first + n, f"SUM({col(first)}{row}:{col(first + n - 1)}{row})", bold=True
            )
            self.category_cells.append(f"B{row}")
            row += 1
        return row

    def _flat_line(self, flat: FlatRateResult) -> CostLineResult:
        """The cost line of a flat rate (one of 0,00 € where the engine books none); its
        text is the option's name in the workbook's language (``CostLineResult.label``)."""
        r = self.r
        found = (x for x in r.cost_lines if x.partner == flat.partner and x.key == flat.key)
        line = next(found, None)
        if line is not None:
            return line
        option = flat.option or r.cost_model_id
        names = r.cost_option_names.get(option) or (
            r.cost_model_name if option == r.cost_model_id else {}
        )
        return CostLineResult(
            flat.key,
            flat.partner,
            flat.target,
            names.get("fi", ""),
            flat.amount,
            flat.by_year,
            names=names or None,
        )

    def _flat_rate_row(
        self,
        sh: _Sheet,
        row: int,
        start: int,
        partner: str,
        line: CostLineResult,
        first: int,
        total_col: int,
    ) -> None:
        """The flat rate of the partner's base categories, summed by category label over the
        partner's rows above (so a cost line added in a yellow row counts too)."""
        r, lang = self.r, self.lang
        flat = next(f for f in r.flat_rates if f.partner == partner and f.key == line.key)
        rule = f"cost_models.{flat.option or r.cost_model_id}.rate"
        rate = self.rule_cells[rule] if self._rule_text(rule, "") == str(flat.rate) else None
        rate = rate or str(flat.rate)  # an adjusted rate is the project's own
        mode = self._rule_text("rounding.flat_rate_mode", "half_up")
        unit = Decimal(self._rule_text("rounding.flat_rate_unit", "0.01"))
        labels = [label(c, lang) for c in flat.base_categories]

        def base(column: int) -> str:
            c = col(column)
            return (
                "("
                + "+".join(
                    f'SUMIF($B${start}:$B${row - 1},"{t}",{c}${start}:{c}${row - 1})'
                    for t in labels
                )
                + ")"
            )

        if self._rule_text("rounding.flat_rate_scope", "total") == "year":  # each year rounded
            for i in range(len(self.years)):
                sh.formula(row, first + i, rounded(f"{rate}*{base(first + i)}", unit, mode))
            years = f"{col(first)}{row}:{col(first + len(self.years) - 1)}{row}"
            sh.formula(row, total_col, f"SUM({years})", bold=True)
            return
        sh.formula(row, total_col, rounded(f"{rate}*{base(total_col)}", unit, mode), bold=True)
        weights = [base(first + i) for i in range(len(self.years))]
        fixed = dict(flat.base_by_year or line.weights or {})
        total = f"${col(total_col)}${row}"
        self.write_spread(
            sh, row, first, total, weights, fixed, live=True, weight_sum=base(total_col)
        )

    def _support_asked(self) -> Decimal:
        """The support asked as one sum, as the project file gives it (before the split by
        implementer rounds it to the support unit)."""
        if self.source:
            from ..loader import toml_parser

            asked = toml_parser.loads(self.source, parse_float=Decimal).get("funding", {})
            if isinstance(asked.get("support"), int | Decimal):
                return Decimal(asked["support"])
        return sum((pf.rows["support"] for pf in self.r.partner_funding), ZERO)

    def _rule_text(self, name: str, default: str) -> str:
        return next((u.value for u in self.r.rules_used if u.name == name), default)

    def funding_sheet(self, costs: dict[str, Any]) -> dict[str, Any]:
        sh = self.sheets["funding"]
        r, lang, years = self.r, self.lang, self.years
        n = len(years)
        sh.heading(1, _w("funding", lang))
        sh.text(2, 1, r.name, fit=False)
        sh.text(3, 1, _w("inputs_note", lang), fit=False)
        sh.text(5, 1, _w("by_partner", lang), bold=True)
        heads = [
            label("partner", lang),
            label("net_cost", lang),
            _w("requested_rate", lang),
            label("support", lang),
            label("municipal", lang),
            label("other_public", lang),
            label("private", lang),
            label("in_kind", lang),
            _w("voluntary", lang),
            label("own", lang),
            label("total", lang),
            _w("difference", lang),
        ]
        sh.header(6, heads, numbers_from=2)
        mode = self._rule_text("rounding.support_mode", "down")
        unit = Decimal(self._rule_text("rounding.support_unit", "0.01"))
        row = 7
        first_row = row
        by_amount = r.requested_support_rate is None
        for pf in r.partner_funding:
            p = pf.partner
            sh.tag(row, f"partner:{p}")
            self.partner_rows[p] = row
            sh.text(row, 1, r.partner_name(p))
            sh.formula(row, 2, costs["net"][p])
            if by_amount:  # the support asked as one sum, split below by net cost
                sh.formula(row, 3, f"IF(B{row}=0,0,ROUND(D{row}/B{row},4))", PERCENT)
            else:
                sh.value(row, 3, r.requested_support_rate, PERCENT)
                sh.formula(row, 4, f"IF(B{row}>0,{rounded(f'C{row}*B{row}', unit, mode)},0)")
            sh.value(row, 6, pf.rows["other_public"])
            sh.value(row, 7, pf.rows["private"])
            sh.value(row, 8, pf.in_kind_given)
            vol = costs["voluntary"].get(p)
            sh.formula(row, 9, vol.lstrip("+") if vol else "0")
            own_explicit = self._own_explicit(p)
            municipal_remainder = r.municipal_recipient == p and self._municipal_is_remainder()
            if municipal_remainder:
                own_part = f"-J{row}" if own_explicit else ""
                sh.formula(row, 5, f"B{row}-D{row}-F{row}-G{row}-H{row}-I{row}{own_part}")
            else:
                sh.value(row, 5, pf.rows["municipal"] if r.municipal_recipient == p else ZERO)
            if own_explicit:
                sh.value(row, 10, pf.rows["own"])
            else:
                sh.formula(row, 10, f"B{row}-D{row}-E{row}-F{row}-G{row}-H{row}-I{row}")
            sh.formula(row, 11, f"SUM(D{row}:J{row})", bold=True)
            sh.formula(row, 12, f"K{row}-B{row}", check=True)
            row += 1
        last_row = row - 1
        if by_amount:
            sh.tag(4, "funding.support")
            sh.text(4, 1, _w("support_asked", lang), bold=True)
            sh.value(4, 2, self._support_asked())
            parts, self.work_row = excel_split.split_block(
                self.sheets["workings"],
                self.work_row,
                f"{label('support', lang)}: {_w('by_partner', lang).lower()}",
                # never more than asked: rounded down to the support unit, as the engine does
                rounded(f"'{sh.title}'!$B$4", unit, "down"),
                [r.partner_name(pf.partner) for pf in r.partner_funding],
                [f"MAX('{sh.title}'!B{first_row + i},0)" for i in range(last_row - first_row + 1)],
                MONEY,
                lang,
                unit,
            )
            for i, cell in enumerate(parts):
                sh.formula(first_row + i, 4, cell)
        sh.text(row, 1, label("total", lang), bold=True)
        totals = {}
        for c in range(2, 13):
            if c == 3:
                continue
            totals[c] = sh.formula(
                row,
                c,
                f"SUM({col(c)}{first_row}:{col(c)}{last_row})",
                bold=True,
                top=True,
                check=c == 12,
            )
        totals_row = row
        row += 3
        # project funding plan by year
        sh.text(row, 1, _w("by_year", lang), bold=True)
        row += 1
        header_row = row
        sh.header(
            row,
            [label("row", lang)]
            + [str(y) for y in years]
            + [label("total", lang), label("share", lang)],
            numbers_from=2,
        )
        row += 1
        net_years = costs["net_years"]
        net_total = costs["net_total"]
        total_col = 2 + n
        row_totals = {
            "support": f"D{totals_row}",
            "municipal": f"E{totals_row}",
            "other_public": f"F{totals_row}",
            "private": f"G{totals_row}",
            "in_kind": f"(H{totals_row}+I{totals_row})",
            "own": f"J{totals_row}",
        }
        main_rows: dict[str, int] = {}
        for key in FUNDING_ROWS:
            sh.text(row, 1, label(key, lang), bold=key == "support")
            sh.formula(row, total_col, row_totals[key], bold=True)
            main_rows[key] = row
            sh.formula(
                row,
                total_col + 1,
                f"IF({net_total}=0,0,ROUND({col(total_col)}{row}/{net_total},4))",
                PERCENT,
            )
            row += 1
            if key == "support":
                row = self._support_split(
                    sh, row, f"${col(total_col)}${main_rows['support']}", total_col, net_total
                )
        # the years of each row: filled year by year on the allocation workings sheet
        year_parts, self.work_row = excel_split.matrix_blocks(
            self.sheets["workings"],
            self.work_row,
            f"{_w('funding', lang)}:",
            [label(k, lang) for k in FUNDING_ROWS],
            [f"'{sh.title}'!${col(total_col)}${main_rows[k]}" for k in FUNDING_ROWS],
            net_years,
            years,
            MONEY,
            lang,
        )
        for k, cells in zip(FUNDING_ROWS, year_parts, strict=True):
            for i, cell in enumerate(cells):
                sh.formula(main_rows[k], 2 + i, cell)
        sum_row = row
        sh.text(row, 1, label("total_funding", lang), bold=True)
        for i in range(n + 1):
            letter = col(2 + i)
            sh.formula(
                row,
                2 + i,
                "+".join(f"{letter}{main_rows[k]}" for k in FUNDING_ROWS),
                bold=True,
                top=True,
            )
        sh.formula(
            row,
            total_col + 1,
            f"IF({net_total}=0,0,ROUND({col(total_col)}{row}/{net_total},4))",
            PERCENT,
            bold=True,
        )
        row += 1
        sh.text(row, 1, label("net_cost", lang))
        for i in range(n):
            sh.formula(row, 2 + i, net_years[i])
        sh.formula(row, total_col, net_total)
        row += 1
        sh.text(row, 1, _w("difference", lang))
        for i in range(n + 1):
            letter = col(2 + i)
            sh.formula(row, 2 + i, f"{letter}{sum_row}-{letter}{row - 1}", check=True)
        row += 2
        sh.text(row, 1, label("support_rate", lang), bold=True)
        rate_cell = sh.formula(
            row,
            2,
            f"IF({net_total}=0,0,ROUND({col(total_col)}{main_rows['support']}/{net_total},4))",
            PERCENT,
            bold=True,
        )
        for key, name in (
            ("support", "support"),
            ("municipal", "funding_municipal"),
            ("own", "funding_own"),
            ("private", "funding_private"),
            ("in_kind", "funding_in_kind"),
            ("other_public", "funding_other_public"),
        ):
            self.name(name, sh, ref(None, main_rows[key], total_col))
        self.name("support_rate", sh, rate_cell)
        sh.finish(r.name, header_row, "B8", landscape=True)
        return {
            "municipal_years": [
                f"'{sh.title}'!{col(2 + i)}{main_rows['municipal']}" for i in range(n)
            ]
        }

    def _support_split(
        self, sh: _Sheet, row: int, support: str, total_col: int, net_total: str
    ) -> int:
        r, lang = self.r, self.lang
        parts = [
            ("eu", "support_split.eu", "funding_eu"),
            ("state", "support_split.state", "funding_state"),
            ("support_municipal", "support_split.municipal", "funding_support_municipal"),
        ]
        fractions = {
            key: Decimal(self._rule_text(rule, "0"))
            if any(u.name == rule for u in r.rules_used)
            else ZERO
            for key, rule, _ in parts
        }
        live = [p for p in parts if fractions[p[0]]]
        written: list[str] = []
        for key, rule, name in parts:
            if not fractions[key] and key == "support_municipal":
                continue
            sh.text(row, 1, "   " + label(key, lang))
            if fractions[key] and live and key != live[-1][0]:
                cell = sh.formula(
                    row, total_col, cents_formula(f"{support}*{self.rule_cells[rule]}")
                )
            elif fractions[key]:
                others = "".join(f"-{c}" for c in written)
                cell = sh.formula(row, total_col, f"ROUND({support}{others},2)")
            else:
                cell = sh.formula(row, total_col, "0")
            written.append(cell)
            sh.formula(
                row, total_col + 1, f"IF({net_total}=0,0,ROUND({cell}/{net_total},4))", PERCENT
            )
            self.name(name, sh, cell)
            row += 1
        return row

    def _own_explicit(self, partner: str) -> bool:
        return partner in self.r.explicit_own

    def _municipal_is_remainder(self) -> bool:
        return self.r.municipal_remainder

    def municipal_sheet(self, funding: dict[str, Any]) -> None:
        """Municipal shares as live formulas: the key's weights from the inputs (population,
        percentage, fixed amount), the shares and their years split by the largest remainder
        on the allocation workings sheet."""
        sh = self.sheets["municipal"]
        r, lang, years = self.r, self.lang, self.years
        n = len(years)
        key = r.municipal_key
        sh.heading(1, _w("municipal", lang))
        sh.text(2, 1, r.name, fit=False)
        sh.text(3, 1, _w("live_note", lang), fit=False)
        row = 5
        sh.text(row, 1, label("municipal", lang))
        total = sh.formula(row, 2, self.names.get("funding_municipal", "0"), bold=True)
        total_abs = f"$B${row}"
        row += 1
        sh.text(row, 1, label("key", lang))
        sh.text(row, 2, label(f"key_{key}", lang) if key else "-", fit=False)
        row += 1
        base_cell = None
        if key == "base_plus_per_capita":
            sh.text(row, 1, _w("base_share", lang))
            sh.tag(row, "municipal.base_share")
            sh.value(row, 2, r.municipal_base_share, PERCENT)
            base_cell = f"$B${row}"
            row += 1
        if r.municipal_recipient:
            sh.text(row, 1, _w("recipient", lang))
            sh.text(row, 2, r.partner_name(r.municipal_recipient), fit=False)
            row += 1
        row += 1
        header_row = row
        share_col, year_col = 8, 9
        sh.header(
            row,
            [
                label("municipality", lang),
                _w("code", lang),
                label("population", lang),
                _w("pop_date", lang),
                label("source", lang),
                _w("percent" if key == "percent" else "weight", lang),
                _w("exact", lang),
                label("share", lang),
            ]
            + [str(y) for y in years]
            + [_w("check", lang)],
            numbers_from=6,
        )
        row += 1
        first = row
        count = len(r.municipal_shares)
        last = first + count - 1
        pops = f"$C${first}:$C${last}"
        # a municipality whose name is cleared leaves (as on import): its weight is 0 and the
        # sums and counts of a key are over the named rows only
        named_rows = f'(TRIM($A${first}:$A${last})<>"")'
        named_count = f"SUMPRODUCT(--{named_rows})"
        named_pops = f"SUMPRODUCT({named_rows}*{pops})"
        per_capita = f"IF({named_pops}=0,1/{named_count},C{{row}}/{named_pops})"
        weights = []
        for i, m in enumerate(r.municipal_shares):
            sh.tag(row, f"municipal.members[{i}]")
            sh.text(row, 1, m.name(lang))
            sh.text(row, 2, m.code)
            sh.value(row, 3, m.population, INTEGER)
            if m.population_date:
                sh.value(row, 4, m.population_date, DATE, input_=False)
            sh.text(row, 5, label(m.source_label, lang))
            if key == "per_capita":
                weight = per_capita.format(row=row)
            elif key == "equal":
                weight = f"1/{named_count}"
            elif key == "fixed":
                fixed_sum = f"SUMPRODUCT({named_rows}*$H${first}:$H${last})"
                weight = f"IF({fixed_sum}=0,1/{named_count},H{row}/{fixed_sum})"
            elif key == "percent":
                weight = None
                sh.value(row, 6, m.weight, SHARE)
            else:
                weight = f"{base_cell}/{named_count}+(1-{base_cell})*{per_capita.format(row=row)}"
            if weight:
                sh.formula(row, 6, _if_named(row, weight), SHARE)
                weights.append(f"'{sh.title}'!$F${row}")
            else:  # the percentage typed: 0 for a municipality that leaves
                weights.append(_if_named(row, f"'{sh.title}'!$F${row}", f"'{sh.title}'!"))
            exact = _if_named(row, f"F{row}") if key == "percent" else f"F{row}"
            sh.formula(row, 7, f"{total_abs}*{exact}")
            row += 1
        names = [m.name(lang) for m in r.municipal_shares]
        self.member_rows = (first, last)

        def share_of(row: int, sheet: str = "") -> str:
            """A member's share; a fixed amount typed counts only while the row is named."""
            share = f"{sheet}$H${row}"
            return _if_named(row, share, sheet) if key == "fixed" else share

        work = self.sheets["workings"]
        if key == "fixed":
            for i, m in enumerate(r.municipal_shares):
                sh.value(first + i, share_col, m.amount, bold=True)
            shares = [f"'{sh.title}'!$H${first + i}" for i in range(count)]
        else:
            shares, self.work_row = excel_split.split_block(
                work,
                self.work_row,
                f"{_w('municipal', lang)}: {label('share', lang).lower()}",
                f"'{sh.title}'!{total_abs}",
                names,
                weights,
                MONEY,
                lang,
            )
            for i, cell in enumerate(shares):
                sh.formula(first + i, share_col, cell, bold=True)
        by_year, self.work_row = excel_split.matrix_blocks(
            work,
            self.work_row,
            f"{_w('municipal', lang)}:",
            names,
            [share_of(first + i, f"'{sh.title}'!") for i in range(count)],
            funding["municipal_years"],
            years,
            MONEY,
            lang,
        )
        for i in range(count):
            rw = first + i
            for j in range(n):
                sh.formula(rw, year_col + j, by_year[i][j])
            sh.formula(
                rw,
                year_col + n,
                f"SUM({col(year_col)}{rw}:{col(year_col + n - 1)}{rw})-{share_of(rw)}",
                check=True,
            )
        if count:
            row = last + 1
            sh.text(row, 1, label("total", lang), bold=True)
            # the members that stay: a row whose name is cleared counts in no total
            sh.formula(row, 3, named_pops, INTEGER, bold=True, top=True)
            weight_sum = f"SUMPRODUCT({named_rows}*F{first}:F{last})"
            sh.formula(row, 6, weight_sum, SHARE, bold=True, top=True)
            shares_sum = (
                f"SUMPRODUCT({named_rows}*H{first}:H{last})"
                if key == "fixed"
                else f"SUM(H{first}:H{last})"
            )
            sh.formula(row, 8, shares_sum, bold=True, top=True)
            for i in range(n):
                c = col(year_col + i)
                sh.formula(row, year_col + i, f"SUM({c}{first}:{c}{last})", bold=True, top=True)
            row += 1
            sh.text(row, 1, _w("check", lang))
            sh.formula(row, 8, f"H{row - 1}-{total}", check=True)
            for i in range(n):
                c = col(year_col + i)
                sh.formula(
                    row, year_col + i, f"{c}{row - 1}-{funding['municipal_years'][i]}", check=True
                )
            dates = sorted({m.population_date for m in r.municipal_shares if m.population_date})
            row += 2
            if dates:
                sources = "; ".join(
                    sorted({label(m.source_label, lang) for m in r.municipal_shares})
                )
                sh.text(
                    row,
                    1,
                    label("population_note", lang).format(
                        date=", ".join(format_date(d, lang) for d in dates), source=sources
                    ),
                    fit=False,
                )
            row += 2
            sh.text(row, 1, _w("new_members", lang), bold=True, fit=False)
            row += 1
            for _ in range(NEW_MEMBER_ROWS):
                sh.tag(row, "new:member")
                sh.input_text(row, 1, None)
                sh.value(row, 3, None, INTEGER)
                sh.value(row, 6, None, SHARE) if key == "percent" else None
                sh.value(row, 8, None) if key == "fixed" else None
                row += 1
        sh.finish(r.name, header_row, f"B{header_row + 1}", landscape=True)

    def summary_sheet(self) -> None:
        sh = self.sheets["summary"]
        r, lang = self.r, self.lang
        sh.heading(1, r.name)
        row = 3
        for key, value in project_facts(r, lang):
            sh.text(row, 1, label(key, lang), bold=True)
            sh.text(row, 2, value)
            row += 1
        for p in r.partners:
            sh.text(row, 1, label(f"role_{p.role}", lang).capitalize(), bold=True)
            text = p.name + (f" ({p.business_id})" if p.business_id else "")
            if not p.costs_included and p.id not in r.by_partner:
                text += f" – {label('not_included', lang)}"
            sh.text(row, 2, text)
            row += 1
        facts_end = row
        row += 1
        sh.text(row, 1, _w("key_figures", lang), bold=True)
        row += 1
        figures = [
            ("total_cost", "total_cost", MONEY),
            ("net_cost", "net_cost", MONEY),
            ("support", "support", MONEY),
            ("support_rate", "support_rate", PERCENT),
            ("eu", "funding_eu", MONEY),
            ("state", "funding_state", MONEY),
            ("support_municipal", "funding_support_municipal", MONEY),
            ("municipal", "funding_municipal", MONEY),
            ("other_public", "funding_other_public", MONEY),
            ("private", "funding_private", MONEY),
            ("in_kind", "funding_in_kind", MONEY),
            ("own", "funding_own", MONEY),
        ]
        for key, name, fmt in figures:
            if name not in self.names:
                continue
            sh.text(row, 1, label(key, lang))
            sh.formula(row, 2, self.names[name], fmt, bold=key in ("total_cost", "support"))
            row += 1
        row += 1
        row = self._municipal_money(sh, row)
        sh.text(row, 1, label("findings", lang), bold=True)
        row += 1
        if not r.findings:
            sh.text(row, 1, label("no_findings", lang))
        else:
            sh.header(row, [_w("severity", lang), "Code", _w("message", lang), label("line", lang)])
            row += 1
            for f in r.findings:
                sh.text(row, 1, label(f.severity, lang))
                sh.text(row, 2, f.code)
                sh.text(row, 3, f.message(lang))
                if f.line:
                    sh.value(row, 4, f.line, "0", input_=False)
                row += 1
        sh.widths[1] = max(sh.widths.get(1, 0), 28)
        sh.widths[2] = max(sh.widths.get(2, 0), 40)
        _wrap_within(sh, facts_end)
        sh.finish(r.name, 1, None, landscape=False)

    def _municipal_money(self, sh: _Sheet, row: int) -> int:
        """Every municipality's money by role, as formulas: an implementer's own funding
        from the funding plan, a co-financier's share from the municipal shares."""
        r, lang = self.r, self.lang
        if not any(m.role("implementer") for m in r.municipalities):
            return row  # only co-financiers: the municipal shares sheet shows them all
        funding = self.sheets["funding"].title
        shares = {m.code: i for i, m in enumerate(r.municipal_shares)}
        sh.text(row, 1, label("municipal_money", lang), bold=True)
        row += 1
        for m in r.municipalities:
            cells = []
            for role in m.roles:
                if role.role == "implementer" and role.partner in self.partner_rows:
                    cells.append(f"'{funding}'!$J${self.partner_rows[role.partner]}")
                elif role.role == "co_financier" and m.code in shares:
                    first = self.member_rows[0]
                    cells.append(f"'{self.sheets['municipal'].title}'!$H${first + shares[m.code]}")
                else:
                    continue
                sh.text(row, 1, f"{m.name(lang)}: {label(f'role_{role.role}', lang)}")
                sh.formula(row, 2, cells[-1])
                row += 1
            if len(cells) > 1:
                sh.text(row, 1, f"{m.name(lang)}: {label('total', lang).lower()}", bold=True)
                sh.formula(row, 2, "+".join(cells), bold=True, top=True)
                row += 1
        return row + 1

    def charts_sheet(self) -> None:
        """Costs by category and year, the funding plan, and each municipality's share."""
        sh = self.sheets["charts"]
        r, lang = self.r, self.lang
        sh.heading(1, _w("charts", lang))
        sh.text(2, 1, r.name, fit=False)
        row = 4
        first = row
        for key in FUNDING_ROWS:  # the rows a funding plan shows: no 0 € slice in the legend
            name = {"support": "support"}.get(key, f"funding_{key}")
            if name in self.names and key in r.funding_rows_shown:
                sh.text(row, 1, label(key, lang))
                sh.formula(row, 2, self.names[name])
                row += 1
        excel_charts.funding_plan(sh.ws, "D3", first, row - 1, label("funding_plan", lang), FONT)
        if r.by_category:
            excel_charts.costs_by_category(
                sh.ws,
                "D19",
                self.sheets["costs"].ws,
                *self.category_rows,
                4,
                len(self.years),
                _w("by_category", lang),
                FONT,
                LOCALES.get(lang, ""),
            )
        if r.municipal_shares:
            excel_charts.municipal_shares(
                sh.ws,
                "D35",
                self.sheets["municipal"].ws,
                *self.member_rows,
                8,
                label("municipal_shares", lang),
                FONT,
                LOCALES.get(lang, ""),
            )
        sh.widths[1] = max(sh.widths.get(1, 0), 24)
        sh.finish(r.name, 1, None, landscape=False)

    def meta_sheet(self) -> None:
        """A hidden sheet that marks the workbook as ours and keeps the project file it was
        made from: ``hanke import`` takes from it what the sheets do not show (ids, the
        programme, providers) and reads every figure from the input cells."""
        ws = self.wb.create_sheet(META_SHEET)
        ws.sheet_state = "hidden"
        ws["A1"] = MARKER
        ws["A2"] = FORMAT_VERSION
        ws["A3"] = self.lang
        text = self.source or ""
        for i in range(0, len(text), CHUNK):
            cell = ws.cell(row=4 + i // CHUNK, column=1)
            cell.value = text[i : i + CHUNK]
            cell.data_type = "s"
        ws.protection.sheet = True

    def build(self) -> Workbook:
        self.rules_sheet()
        staff = self.staff_sheet() if "staff" in self.sheets else {}
        costs = self.costs_sheet(staff)
        funding = self.funding_sheet(costs)
        if "municipal" in self.sheets:
            self.municipal_sheet(funding)
        work = self.sheets["workings"]
        work.heading(1, _w("workings", self.lang))
        work.text(2, 1, excel_split.word("intro", self.lang), fit=False)
        work.ws.cell(row=2, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        work.ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=7)
        work.ws.row_dimensions[2].height = 60
        work.finish(self.r.name, 1, None, landscape=False)
        self.summary_sheet()
        self.charts_sheet()
        self.meta_sheet()
        self.wb.active = 0
        return self.wb


def build_workbook(result: Result, lang: str = "fi", source: str | None = None) -> Workbook:
    """The workbook of ``result``; ``source`` is the project file's text, kept for import."""
    return WorkbookWriter(result, lang, source).build()


def export(
    result: Result,
    path: Path,
    lang: str = "fi",
    force: bool = False,
    cash_flow: Any = None,
    source: str | None = None,
) -> Path:
    """Write the workbook to ``path`` atomically (temporary file, then rename); with a
    :class:`~hankelaskuri.cashflow.CashFlow`, its sheet and chart too; ``source`` is the
    project file's text, kept in the workbook for ``hanke import``."""
    from ..output import write_atomic

    workbook = build_workbook(result, lang, source)
    if cash_flow is not None:
        from .cashflow_excel import add_sheet

        add_sheet(workbook, result, cash_flow, lang)
    return write_atomic(Path(path), lambda tmp: xlsx_save.save(workbook, tmp), force)


def defined_names(names: Iterable[str] = ()) -> list[str]:
    """The defined names every workbook carries."""
    return [
        "total_cost",
        "net_cost",
        "support",
        "funding_eu",
        "funding_state",
        "funding_municipal",
        "funding_own",
        "funding_private",
        "funding_in_kind",
        "support_rate",
        *names,
    ]
