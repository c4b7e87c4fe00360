"""hanke import of edits the workbook counts in its own way: unit-cost amounts, category
labels, staff titles, and values the project file refuses (told by sheet and cell)."""

from decimal import Decimal as D
from pathlib import Path

from openpyxl import load_workbook

from hankelaskuri.api import calculate
from hankelaskuri.importer import import_workbook
from hankelaskuri.loader import toml_parser

from .libreoffice import named_values, need_libreoffice, recalculate
from .test_import import CASES, EXAMPLES, assert_edited_agrees, exported, refused, tagged

UNIT_COSTS = EXAMPLES.parent / "tests" / "cases" / "interreg-cb-unit-costs-lump-sum.toml"
assert UNIT_COSTS in CASES


def imported(book: Path) -> dict:
    return toml_parser.loads(import_workbook(book).text, parse_float=D)


# -- unit costs ------------------------------------------------------------------------------
def unit_cost_books(tmp_path: Path) -> list[Path]:
    """The unit cost's 2025 amount 6 000 → 9 000 (units per year), and the same project
    with its units as one total (120 units, 18 000 €) changed to 19 500 €."""
    by_year = exported(UNIT_COSTS, tmp_path / "by_year.xlsx")
    wb = load_workbook(by_year)
    ws = wb["Kustannusarvio"]
    row = tagged(ws)["unit_costs[0]"]
    assert ws.cell(row=row, column=4).value == 6000  # D: 2025, 40 × 150
    ws.cell(row=row, column=4).value = 9000
    wb.save(by_year)
    source = tmp_path / "total.toml"
    text = UNIT_COSTS.read_text(encoding="utf-8")
    text = text.replace("quantity_by_year = { 2025 = 40, 2026 = 80 }", "quantity = 120")
    assert "quantity = 120" in text
    source.write_text(text, encoding="utf-8")
    total = exported(source, tmp_path / "total.xlsx")
    wb = load_workbook(total)
    ws = wb["Kustannusarvio"]
    row = tagged(ws)["unit_costs[0]"]
    assert ws.cell(row=row, column=6).value == 18000  # F: the total, 120 × 150
    ws.cell(row=row, column=6).value = 19500
    wb.save(total)
    return [by_year, total]


def test_unit_cost_amount_edited_imports_as_units(tmp_path):
    books = unit_cost_books(tmp_path)
    assert imported(books[0])["unit_costs"][0]["quantity_by_year"] == {"2025": 60, "2026": 80}
    assert imported(books[1])["unit_costs"][0]["quantity"] == 130  # 19 500 / 150


def test_unit_cost_edited_workbook_and_engine_agree(tmp_path):
    need_libreoffice()
    by_year, total = recalculate(unit_cost_books(tmp_path), tmp_path / "lo")
    result = assert_edited_agrees(tmp_path / "by_year.xlsx", by_year, tmp_path, "unit cost")
    # by hand: 63 000 + (9 000 - 6 000) = 66 000; support 80 % = 52 800
    assert named_values(by_year)["total_cost"] == D("66000.00")
    assert result.total_cost == D("66000.00")
    assert result.funding["support"] == D("52800.00")
    result = assert_edited_agrees(tmp_path / "total.xlsx", total, tmp_path, "unit cost total")
    assert named_values(total)["total_cost"] == D("64500.00")  # 63 000 + 1 500
    assert result.total_cost == D("64500.00")


def test_unit_cost_amount_that_is_not_units_times_rate_is_refused(tmp_path):
    book = exported(UNIT_COSTS, tmp_path / "b.xlsx")
    wb = load_workbook(book)
    ws = wb["Kustannusarvio"]
    row = tagged(ws)["unit_costs[0]"]
    ws.cell(row=row, column=5).value = 12001  # E: 2026
    wb.save(book)
    output = refused(tmp_path, book, f"Kustannusarvio!E{row}:")
    assert "12 001,00 €" in output and "150,00 €" in output
    assert "12 000,00 €" in output and "12 150,00 €" in output
