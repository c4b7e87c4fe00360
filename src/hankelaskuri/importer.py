"""``hanke import``: a workbook exported by hankelaskuri, edited in Excel or LibreOffice,
back to a project file.

The workbook is untrusted input. Before openpyxl sees it the file's size, its number of
zip entries and their unpacked sizes are limited, and every XML part is parsed with
defusedxml, which refuses document type declarations (so no entity expansion); openpyxl
itself parses through defusedxml when it is installed. No formula is evaluated: input
cells must hold values, and a formula typed into one is reported.

What is read: a hidden sheet marks the workbook as ours and keeps the project file it was
made from (ids, programme, providers, everything the sheets do not show); every figure an
official can change is read from the yellow input cells, found by a hidden tag column that
moves with its row. Cost lines typed into the empty yellow rows become new lines;
municipalities can be added below the table or removed by clearing their name. Values the
engine filled in by default (FTE 1.0, the on-cost rate, a bundled population) stay out of
the file unless the official changed them. The result is written in the canonical layout
of ``hanke fmt``.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from . import authoring
from .errors import InputError, UserError, shown_in
from .findings import Finding
from .i18n import format_money, label, t

MAX_FILE = 50 * 1024 * 1024  # bytes on disk
MAX_ENTRIES = 1000  # zip members
MAX_UNPACKED = 300 * 1024 * 1024  # all members unpacked
MAX_RATIO = 200  # unpacked / packed, per member (a zip bomb packs far tighter)
CENT = Decimal("0.01")


@dataclass
class CellProblem:
    sheet: str
    cell: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        params = {k: shown_in(v, lang) for k, v in self.params.items()}
        return f"{self.sheet}!{self.cell}: " + t(f"import.{self.code}", lang, **params)


@dataclass
class ValueProblem:
    """A value read from a cell that the project file refuses (a rate typed as 80, an FTE
    of 0): the loader's problem, told at the cell (``place``) it came from."""

    place: str
    finding: Finding

    def text(self, lang: str) -> str:
        hint = self.finding.hint_text(lang)
        return f"{self.place}: {self.finding.message(lang)}" + (f" {hint}" if hint else "")


def cell_of(key: str, cells: dict[str, str], workbook: Path) -> str:
    """The cell a project-file key was read from, or the nearest enclosing key's
    (``staff[0]`` for a role's form); a key from no cell is told with the workbook."""
    part = key
    while part:
        if part in cells:
            return cells[part]
        cut = max(part.rfind("."), part.rfind("["))
        part = part[:cut] if cut > 0 else ""
    return f"{workbook}: {key}" if key else str(workbook)


class ImportProblems(UserError):
    """A workbook that cannot be imported; every problem, each naming its sheet and cell."""

    def __init__(self, problems: list[CellProblem] | list[ValueProblem], lang: str) -> None:
        super().__init__("\n".join(p.text(lang) for p in problems), code="import_failed")
        self.problems = problems


def refuse(code: str, lang: str, **params: Any) -> UserError:
    return UserError(t(f"import.{code}", lang, **params), code=f"import_{code}")


# -- untrusted file --------------------------------------------------------------------------
def read_safely(path: Path, lang: str) -> bytes:
    """The workbook's bytes, read as a project file is (only a regular file: a folder, a
    FIFO or a device is refused without waiting on it), after checking that unpacking it
    stays within limits and that no XML part declares a DTD or entities."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    from .loader import read_input  # a project file's reading: only a regular file

    data = read_input(path, MAX_FILE)
    if len(data) > MAX_FILE:
        raise refuse("too_large", lang, path=str(path), limit=MAX_FILE // (1024 * 1024))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise refuse("not_xlsx", lang, path=str(path)) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise refuse("too_many_entries", lang, path=str(path), limit=MAX_ENTRIES)
        total = 0
        for entry in entries:
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if total > MAX_UNPACKED or (entry.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise refuse("zip_bomb", lang, path=str(path))
        for entry in entries:
            if not entry.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(entry) as fh:
                part = fh.read(entry.file_size + 1)  # never more than it declares
            if len(part) > entry.file_size:
                raise refuse("zip_bomb", lang, path=str(path))
            try:
                fromstring(part, forbid_dtd=True)
            except DefusedXmlException:
                raise refuse("xml_entities", lang, path=str(path), part=entry.filename) from None
            except Exception:  # noqa: BLE001 - any parse error: not a workbook we can read
                raise refuse("not_xlsx", lang, path=str(path)) from None
    return data


def open_workbook(path: Path, lang: str) -> Any:
    from openpyxl import load_workbook

    data = read_safely(path, lang)
    try:
        return load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise refuse("not_xlsx", lang, path=str(path)) from None


# -- reading cells ---------------------------------------------------------------------------
class Sheet:
    """A sheet's cells by row, and its rows by tag (the hidden tag column)."""

    def __init__(self, ws: Any, problems: list[CellProblem]) -> None:
        from .render.excel import TAG_COLUMN

        self.title = ws.title
        self.ws = ws
        self.problems = problems
        self.tags: dict[str, int] = {}
        self.order: list[tuple[int, str]] = []
        for (cell,) in ws.iter_rows(min_col=TAG_COLUMN, max_col=TAG_COLUMN):
            if isinstance(cell.value, str) and cell.value:
                self.tags.setdefault(cell.value, cell.row)
                self.order.append((cell.row, cell.value))

    def ref(self, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(column)}{row}"

    def raw(self, row: int, column: int) -> Any:
        return self.ws.cell(row=row, column=column).value

    def problem(self, row: int, column: int, code: str, **params: Any) -> None:
        self.problems.append(CellProblem(self.title, self.ref(row, column), code, params))

    def text(self, row: int, column: int) -> str:
        value = self.raw(row, column)
        if value is None:
            return ""
        if isinstance(value, str) and value.startswith("=") and self._is_formula(row, column):
            self.problem(row, column, "formula", got=value[:40])
            return ""
        return str(value).strip()

    def _is_formula(self, row: int, column: int) -> bool:
        return self.ws.cell(row=row, column=column).data_type == "f"

    def number(
        self, row: int, column: int, places: int | None = 2, whole: bool = False
    ) -> Decimal | None:
        """A number from an input cell (``None`` if empty); text, a formula, a truth value
        or too many decimals is a problem naming the cell."""
        value = self.raw(row, column)
        if value is None or value == "":
            return None
        truth = str(value).upper() in ("=TRUE()", "=FALSE()")  # how LibreOffice saves one
        if self._is_formula(row, column) and not truth:
            self.problem(row, column, "formula", got=str(value)[:40])
            return None
        if truth or isinstance(value, bool) or not isinstance(value, int | float):
            if truth or isinstance(value, bool):
                got = str(value).upper().strip("=()")
                self.problem(row, column, "number_expected", got=got)
            elif isinstance(value, datetime | date):
                self.problem(row, column, "number_expected", got=value.isoformat()[:10])
            else:
                self.problem(row, column, "number_expected", got=str(value)[:40])
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.problem(row, column, "number_expected", got=str(value)[:40])
            return None
        if not number.is_finite():
            self.problem(row, column, "number_expected", got=str(value)[:40])
            return None
        if number < 0:
            self.problem(row, column, "negative", got=str(value))
            return None
        if number.adjusted() >= 15:  # 1e300 typed: no cent to round to (an internal error)
            from .findings import number as shown_number
            from .models import MAX_AMOUNT  # the largest amount a project file accepts

            limit = shown_number(MAX_AMOUNT)
            self.problem(row, column, "above_limit", got=str(value)[:40], limit=limit)
            return None
        if whole and number != number.to_integral_value():
            self.problem(row, column, "whole_expected", got=str(value))
            return None
        if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
            self.problem(row, column, "too_many_decimals", got=str(value), places=places)
            return None
        return number


def money(value: Decimal | None) -> Decimal:
    return (value or Decimal(0)).quantize(CENT)


def plain(value: Decimal) -> Decimal | int:
    """A number as the project file writes it: whole numbers as integers."""
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else value


# -- the import ------------------------------------------------------------------------------
@dataclass
class Imported:
    text: str
    data: dict[str, Any]
    cells: dict[str, str] = field(default_factory=dict)


class Importer:
    def __init__(self, wb: Any, lang: str, path: Path) -> None:
        from .render.excel import CHUNK, FORMAT_VERSION, MARKER, META_SHEET, SHEET_KEYS, sheet_name

        self.lang = lang
        self.problems: list[CellProblem] = []
        # where each value of the project file came from: key (``costs[0].by_year.2024``)
        # → ``Kustannusarvio!D9``, so that a value the project file refuses is told by cell
        self.cells: dict[str, str] = {}
        meta = wb[META_SHEET] if META_SHEET in wb.sheetnames else None
        if meta is None or meta["A1"].value != MARKER:
            raise refuse("foreign", lang, path=str(path))
        if meta["A2"].value != FORMAT_VERSION:
            raise refuse("version", lang, path=str(path), got=str(meta["A2"].value)[:20])
        self.book_lang = meta["A3"].value if meta["A3"].value in ("fi", "sv", "en") else "fi"
        chunks = []
        for row in range(4, 4 + 10_000):
            value = meta.cell(row=row, column=1).value
            if not isinstance(value, str) or not value:
                break
            chunks.append(value)
            if len(value) < CHUNK:
                break
        self.source = "".join(chunks)
        if not self.source:
            raise refuse("no_source", lang, path=str(path))
        self.sheets: dict[str, Sheet] = {}
        for key in SHEET_KEYS:
            name = sheet_name(key, self.book_lang)
            if name in wb.sheetnames:
                self.sheets[key] = Sheet(wb[name], self.problems)

    def sheet(self, key: str) -> Sheet | None:
        return self.sheets.get(key)

    def at(self, key: str, sh: Sheet, row: int, column: int) -> None:
        """The value under ``key`` in the project file was read from this cell."""
        self.cells[key] = f"{sh.title}!{sh.ref(row, column)}"

    def at_years(self, key: str, sh: Sheet, row: int, first: int) -> None:
        for i, year in enumerate(self.years):
            self.at(f"{key}.{year}", sh, row, first + i)

    def run(self) -> Imported:
        from .api import compute_loaded
        from .loader import load_text, toml_parser

        base = toml_parser.loads(self.source, parse_float=Decimal)
        try:
            loaded = load_text(self.source, "workbook")
        except Exception:  # noqa: BLE001 - the kept project no longer loads (rules changed)
            raise refuse("source_invalid", self.lang) from None
        self.result = compute_loaded(loaded)
        self.years = list(self.result.years)
        data = copy.deepcopy(base)
        self.main = loaded.project.main_partner.id
        self.staff(data)
        self.costs(data)
        self.funding(data)
        self.municipal(data)
        if self.problems:
            raise ImportProblems(self.problems, self.lang)
        # the source's comments go back with the keys they stood by (as hanke fmt keeps them)
        return Imported(authoring.canonical(self.source, data), data, self.cells)

    # -- sections ----------------------------------------------------------------------------
    def years_of(
        self, sh: Sheet, row: int, first: int, original: dict[str, Any] | None, whole: bool = False
    ) -> dict[str, Any]:
        """Year cells → ``by_year``: every year the original gave, and any other non-zero."""
        out: dict[str, Any] = {}
        given = {str(k) for k in (original or {})}
        for i, year in enumerate(self.years):
            value = sh.number(row, first + i, places=2)
            if value is None:
                value = Decimal(0)
            if str(year) in given or value:
                out[str(year)] = plain(value) if whole else money(value)
        return out

    def staff(self, data: dict[str, Any]) -> None:
        sh = self.sheet("staff")
        lines = data.get("staff", [])
        if not lines or sh is None:
            return
        n = len(self.years)
        unit_start, cost_start = 12, 12 + n
        used = {s.key: s for s in self.result.staff}
        kept: list[dict[str, Any]] = []
        for i, line in enumerate(lines):
            row = sh.tags.get(f"staff[{i}]")
            if row is None:
                continue  # the row was deleted: the line goes
            s = used[f"staff[{i}]"]
            title = sh.text(row, 2)
            if not title:
                if self.staff_counts(sh, row, line, unit_start, cost_start):
                    sh.problem(row, 2, "staff_title_missing")
                continue  # title and figures cleared: the line goes, the workbook counts 0
            line["title"] = title
            if "monthly_pay" in line or "months" in line:
                self.set(line, "fte", sh.number(row, 4, places=4), s.fte)
                self.set(line, "months", sh.number(row, 5, places=4), s.months)
                self.set(line, "monthly_pay", sh.number(row, 6), s.monthly_pay, True)
                self.set(line, "on_cost_rate", sh.number(row, 7, places=6), s.on_cost_rate)
            elif "annual_cost" in line:
                self.set(line, "annual_cost", sh.number(row, 8), s.annual_cost, True)
                if "hours_by_year" in line:
                    line["hours_by_year"] = self.years_of(
                        sh, row, unit_start, line["hours_by_year"], whole=True
                    )
                else:
                    self.set(line, "hours", sh.number(row, 10, places=2), s.hours)
            elif "by_year" in line:
                line["by_year"] = self.years_of(sh, row, cost_start, line["by_year"])
            else:
                line["amount"] = money(sh.number(row, 11))
            base = f"staff[{len(kept)}]"
            for key, column in (
                ("", 2),
                (".title", 2),
                (".fte", 4),
                (".months", 5),
                (".monthly_pay", 6),
                (".on_cost_rate", 7),
                (".annual_cost", 8),
                (".hours", 10),
                (".amount", 11),
            ):
                self.at(base + key, sh, row, column)
            self.at_years(f"{base}.hours_by_year", sh, row, unit_start)
            self.at_years(f"{base}.by_year", sh, row, cost_start)
            kept.append(line)
        data["staff"] = kept
        if not kept:
            del data["staff"]

    def staff_counts(
        self, sh: Sheet, row: int, line: dict[str, Any], unit_start: int, cost_start: int
    ) -> bool:
        """Whether the workbook still counts a cost on a staff row: a factor of its formula
        (FTE, months, monthly pay; annual cost, hours) or every amount cleared gives 0."""

        def given(*columns: int) -> list[bool]:
            return [bool(sh.number(row, c, places=None)) for c in columns]

        n = len(self.years)
        if "monthly_pay" in line or "months" in line:
            return all(given(4, 5, 6))
        if "annual_cost" in line:
            hours = range(unit_start, unit_start + n) if "hours_by_year" in line else [10]
            return all(given(8)) and any(given(*hours))
        if "by_year" in line:
            return any(given(*range(cost_start, cost_start + n)))
        return any(given(11))

    def set(
        self,
        table: dict[str, Any],
        key: str,
        value: Decimal | None,
        default: Decimal | None,
        is_money: bool = False,
    ) -> None:
        """Put ``value`` under ``key`` unless the key was absent and the value is still the
        engine's default."""
        if value is None:
            return
        if key not in table and default is not None and value == default:
            return
        if key in table and Decimal(str(table[key])) == value:
            return  # unchanged: keep the number as the file wrote it (0.80 stays 0.80)
        table[key] = money(value) if is_money else plain(value)

    def category(self, sh: Sheet, row: int) -> str | None:
        """The cost category of a label the workbook's formulas count: its SUMIFs (the
        flat-rate base, the table by category) match the label of the workbook's language,
        ignoring case only. Anything else (a space around it, the label in another
        language, a code) would be counted by import but not by the workbook: refused."""
        from .findings import term
        from .models import CATEGORIES

        value = sh.raw(row, 2)
        if isinstance(value, str) and value.startswith("=") and sh._is_formula(row, 2):
            sh.problem(row, 2, "formula", got=value[:40])
            return None
        text = "" if value is None else str(value)
        labels = {c: label(c, self.book_lang) for c in CATEGORIES}
        for c, name in labels.items():
            if text.casefold() == name.casefold():
                return c
        stripped = text.strip().casefold()
        near = next(
            (
                c
                for c in CATEGORIES
                for lang in ("fi", "sv", "en")
                if stripped in (c, label(c, lang).casefold())
            ),
            None,
        )
        if near is not None and text.strip() != text:
            code = "category_spaces"
        elif near is not None:
            code = "category_other_language"
        else:
            code = "category_expected"
        listed = any(
            dv.type == "list" and sh.ref(row, 2) in dv.sqref
            for dv in sh.ws.data_validations.dataValidation
        )
        sh.problem(
            row,
            2,
            code,
            got=text[:40],
            expected=", ".join(labels.values()),
            label=labels[near] if near else "",
            how=term("import.category_from_list" if listed else "import.category_typed"),
        )
        return None

    def costs(self, data: dict[str, Any]) -> None:
        sh = self.sheet("costs")
        if sh is None:
            return
        n = len(self.years)
        first, total_col = 4, 4 + n
        for key in ("costs", "income"):
            kept: list[dict[str, Any]] = []
            for i, line in enumerate(data.get(key, [])):
                row = sh.tags.get(f"{key}[{i}]")
                if row is None:
                    continue
                if key == "costs":
                    category = self.category(sh, row)
                    if category:
                        line["category"] = category
                description = sh.text(row, 3)
                if description or "description" in line:
                    line["description"] = description
                if "by_year" in line:
                    line["by_year"] = self.years_of(sh, row, first, line["by_year"])
                else:
                    line["amount"] = money(sh.number(row, total_col))
                self.cost_cells(f"{key}[{len(kept)}]", sh, row, first, total_col)
                kept.append(line)
            if key == "costs":
                for row, line in self.new_costs(sh, first, n):
                    self.cost_cells(f"{key}[{len(kept)}]", sh, row, first, total_col)
                    kept.append(line)
            if kept:
                data[key] = kept
            else:
                data.pop(key, None)
        for i, lump in enumerate(data.get("lump_sums", [])):
            row = sh.tags.get(f"lump_sums[{i}]")
            if row is None:
                continue
            self.cost_cells(f"lump_sums[{i}]", sh, row, first, total_col)
            if "by_year" in lump:
                lump["by_year"] = self.years_of(sh, row, first, lump["by_year"])
            else:
                lump["amount"] = money(sh.number(row, total_col))
        for i, unit in enumerate(data.get("unit_costs", [])):
            row = sh.tags.get(f"unit_costs[{i}]")
            if row is not None:
                self.unit_cost(sh, row, f"unit_costs[{i}]", unit, first, total_col)
                self.at(f"unit_costs[{i}]", sh, row, 2)
                self.at(f"unit_costs[{i}].quantity", sh, row, total_col)
                self.at_years(f"unit_costs[{i}].quantity_by_year", sh, row, first)
        for i, work in enumerate(data.get("voluntary_work", [])):
            for kind, prefix in (("people", ""), ("machine", "machine_")):
                row = sh.tags.get(f"voluntary_work[{i}]:{kind}")
                if row is None:
                    continue
                self.at(f"voluntary_work[{i}].{prefix}hours", sh, row, 4 + n)
                self.at_years(f"voluntary_work[{i}].{prefix}hours_by_year", sh, row, 4)
                if f"{prefix}hours_by_year" in work:
                    work[f"{prefix}hours_by_year"] = self.years_of(
                        sh, row, 4, work[f"{prefix}hours_by_year"], whole=True
                    )
                else:
                    value = sh.number(row, 4 + n, places=2)
                    self.set(work, f"{prefix}hours", value or Decimal(0), Decimal(0))

    def unit_cost(
        self, sh: Sheet, row: int, key: str, unit: dict[str, Any], first: int, total_col: int
    ) -> None:
        """A unit cost's row holds amounts (units × rate, per year or as a total spread by
        the months): each amount back to units at the engine's rate. An amount that is not
        units × rate (at most 6 decimals of a unit) is no unit cost: refused, naming the
        cell and the nearest amounts that are."""
        found = next((u for u in self.result.unit_costs if u.key == key), None)
        if found is None:
            return  # no rate today: the row shows nothing to read back
        rate = found.unit_rate

        def units(column: int, amount: Decimal) -> Decimal | None:
            if not amount:
                return Decimal(0)
            quantity = (amount / rate).normalize() if rate else None
            if (
                quantity is not None
                and quantity * rate == amount
                and -quantity.as_tuple().exponent <= 6  # type: ignore[operator]
            ):
                return quantity
            whole = (amount / rate).to_integral_value(rounding="ROUND_FLOOR") if rate else 0
            sh.problem(
                row,
                column,
                "unit_cost_not_units",
                got=format_money(amount, self.lang),
                rate=format_money(rate, self.lang),
                lower=format_money(whole * rate, self.lang),
                upper=format_money((whole + 1) * rate, self.lang),
            )
            return None

        if "quantity_by_year" in unit:
            amounts = self.years_of(sh, row, first, unit["quantity_by_year"])
            quantities = {}
            for i, year in enumerate(self.years):
                if str(year) in amounts:
                    q = units(first + i, amounts[str(year)])
                    if q is not None:
                        quantities[str(year)] = self.same(unit["quantity_by_year"], year, q)
            unit["quantity_by_year"] = quantities
        else:
            q = units(total_col, money(sh.number(row, total_col)))
            if q is not None and q != Decimal(str(unit.get("quantity", 0))):
                unit["quantity"] = plain(q)

    @staticmethod
    def same(table: dict[Any, Any], year: int, value: Decimal) -> Any:
        """``value``, or the number as the file wrote it when it is unchanged."""
        for k, v in table.items():
            if str(k) == str(year) and Decimal(str(v)) == value:
                return v
        return plain(value)

    def cost_cells(self, base: str, sh: Sheet, row: int, first: int, total_col: int) -> None:
        for key, column in (("", 2), (".category", 2), (".description", 3)):
            self.at(base + key, sh, row, column)
        self.at(f"{base}.amount", sh, row, total_col)
        self.at_years(f"{base}.by_year", sh, row, first)

    def new_costs(self, sh: Sheet, first: int, n: int) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for row, tag in sh.order:
            if not tag.startswith("new:"):
                continue
            partner = tag[4:]
            amounts = self.years_of(sh, row, first, None)
            text = sh.text(row, 2)
            if not amounts and not text:
                continue
            if not amounts:
                sh.problem(row, first, "amount_missing")
                continue
            category = self.category(sh, row)
            if category is None:
                continue
            line: dict[str, Any] = {"category": category}
            if partner != self.main:
                line = {"partner": partner, **line}
            description = sh.text(row, 3)
            if description:
                line["description"] = description
            line["by_year"] = amounts
            out.append((row, line))
        return out

    def funding(self, data: dict[str, Any]) -> None:
        sh = self.sheet("funding")
        if sh is None:
            return
        r = self.result
        funding = data.setdefault("funding", {})
        rates: list[tuple[int, Decimal]] = []
        supports = Decimal(0)
        by_amount = r.requested_support_rate is None
        if by_amount and "funding.support" in sh.tags:
            supports = money(sh.number(sh.tags["funding.support"], 2))
            self.at("funding.support", sh, sh.tags["funding.support"], 2)
        for pf in r.partner_funding:
            row = sh.tags.get(f"partner:{pf.partner}")
            if row is None:
                continue
            if not by_amount:
                rate = sh.number(row, 3, places=6)
                if rate is not None:
                    rates.append((row, rate))
            voluntary = sum(
                (
                    line.total
                    for line in r.cost_lines
                    if line.partner == pf.partner and line.category == "voluntary_work"
                ),
                Decimal(0),
            )
            columns = {"other_public": 6, "private": 7, "in_kind": 8}
            if pf.partner in r.explicit_own:
                columns["own"] = 10
            for kind, column in columns.items():
                value = sh.number(row, column)
                if value is None:
                    value = Decimal(0)
                engine = pf.rows[kind] - (voluntary if kind == "in_kind" else 0)
                if value != engine:
                    self.adjust_source(funding, pf.partner, kind, value - engine, sh, row, column)
            if r.municipal_recipient == pf.partner and not r.municipal_remainder:
                value = sh.number(row, 5)
                if value is not None and value != r.funding["municipal"]:
                    data.setdefault("municipal", {})["funding"] = money(value)
                    self.at("municipal.funding", sh, row, 5)
        if by_amount:
            if supports != money(Decimal(funding.get("support", 0))) or "support" in funding:
                funding["support"] = money(supports)
        elif rates:
            row, rate = rates[0]
            self.at("funding.support_rate", sh, row, 3)
            for other_row, other in rates[1:]:
                if other != rate:
                    sh.problem(other_row, 3, "rates_differ", first=sh.ref(row, 3))
            self.set(funding, "support_rate", rate, r.requested_support_rate)
        if not funding:
            data.pop("funding", None)

    def adjust_source(
        self,
        funding: dict[str, Any],
        partner: str,
        kind: str,
        delta: Decimal,
        sh: Sheet,
        row: int,
        column: int,
    ) -> None:
        """Change a partner's funding of ``kind`` by ``delta``: the last source of that kind
        takes it, or a new source is added."""
        sources = funding.setdefault("sources", [])
        mine = [
            s for s in sources if s.get("kind") == kind and s.get("partner", self.main) == partner
        ]
        if mine:
            amount = money(Decimal(mine[-1]["amount"]) + delta)
            if amount < 0:
                sh.problem(row, column, "below_other_sources")
                return
            mine[-1]["amount"] = amount
            self.at(f"funding.sources[{sources.index(mine[-1])}].amount", sh, row, column)
        elif delta > 0:
            source: dict[str, Any] = {"kind": kind, "amount": money(delta)}
            if partner != self.main:
                source = {"partner": partner, **source}
            sources.append(source)
            self.at(f"funding.sources[{len(sources) - 1}].amount", sh, row, column)

    def municipal(self, data: dict[str, Any]) -> None:
        sh = self.sheet("municipal")
        m = data.get("municipal")
        if sh is None or not isinstance(m, dict):
            return
        r = self.result
        row = sh.tags.get("municipal.base_share")
        if row is not None and "base_share" in m:
            self.set(m, "base_share", sh.number(row, 2, places=6), None)
            self.at("municipal.base_share", sh, row, 2)
        members = m.get("members", [])
        shares = r.municipal_shares
        out: list[Any] = []
        for row, tag in sh.order:
            if tag.startswith("municipal.members["):
                i = int(tag[len("municipal.members[") : -1])
                if i >= len(members):
                    continue
                item = members[i]
                name = sh.text(row, 1)
                if not name:
                    continue  # name cleared: the municipality leaves
                table = dict(item) if isinstance(item, dict) else {"municipality": item}
                share = shares[i]
                same = name in (share.name_fi, share.name_sv, share.code)
                if not same:
                    table = {"municipality": name}  # another municipality typed over this one
                population = sh.number(row, 3, places=0, whole=True)
                if population is not None and (not same or population != share.population):
                    table["population"] = int(population)
                self.member_values(sh, row, table, m.get("key", "per_capita"))
                self.member_cells(f"municipal.members[{len(out)}]", sh, row)
                out.append(table if set(table) != {"municipality"} else table["municipality"])
            elif tag == "new:member":
                name = sh.text(row, 1)
                if not name:
                    continue
                table = {"municipality": name}
                population = sh.number(row, 3, places=0, whole=True)
                if population is not None:
                    table["population"] = int(population)
                self.member_values(sh, row, table, m.get("key", "per_capita"))
                self.member_cells(f"municipal.members[{len(out)}]", sh, row)
                out.append(table if set(table) != {"municipality"} else name)
        m["members"] = out

    def member_cells(self, base: str, sh: Sheet, row: int) -> None:
        for key, column in (("", 1), (".municipality", 1), (".population", 3)):
            self.at(base + key, sh, row, column)
        self.at(f"{base}.percent", sh, row, 6)
        self.at(f"{base}.amount", sh, row, 8)

    def member_values(self, sh: Sheet, row: int, table: dict[str, Any], key: str) -> None:
        if key == "percent":
            self.set(table, "percent", sh.number(row, 6, places=6), None)
        elif key == "fixed":
            value = sh.number(row, 8)
            if value is not None:
                table["amount"] = money(value)


def import_workbook(path: Path, lang: str = "fi") -> Imported:
    """Read ``path`` (untrusted) and return the project file's text; raises ``UserError``
    with every problem, each naming its sheet and cell."""
    wb = open_workbook(Path(path), lang)
    return Importer(wb, lang, Path(path)).run()


def write_project(
    path: Path, output: Path, lang: str = "fi", force: bool = False, rules: Any = ()
) -> Path:
    """``hanke import``: check the target, import, validate the project text, and write it
    atomically; nothing is written on any error."""
    from .loader import load_text
    from .output import check_target, write_atomic

    check_target(output, force, [path], authoring.PROJECT_NAME)
    imported = import_workbook(path, lang)
    try:
        load_text(imported.text, str(output), rules)  # the file we write must load
    except InputError as exc:  # told by the workbook's cells: the file is never written
        raise ImportProblems(
            [ValueProblem(cell_of(p.key, imported.cells, path), p) for p in exc.problems], lang
        ) from None
    text = imported.text

    def write(fh: BinaryIO) -> None:
        fh.write(text.encode("utf-8"))

    return write_atomic(output, write, force, [path], authoring.PROJECT_NAME)
