"""hanke import of edits the workbook counts in its own way: unit-cost amounts, category
labels, staff titles, and values the project file refuses (told by sheet and cell)."""

import sys
from decimal import Decimal as D
from pathlib import Path

from openpyxl import load_workbook

from hankelaskuri.importer import import_workbook
from hankelaskuri.loader import toml_parser
from hankelaskuri.render.excel import sheet_name

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


# -- cost categories -------------------------------------------------------------------------
KEMI = EXAMPLES / "kemi-kestava-kasvu.toml"


def with_category(tmp_path: Path, lang: str, tag: str, text: str, name: str = "b") -> tuple:
    """An exported book (in ``lang``) whose ``tag`` row's category reads ``text``; a new
    row gets 5 000 € in its first year."""
    book = exported(KEMI, tmp_path / f"{name}.xlsx", lang)
    wb = load_workbook(book)
    ws = wb[sheet_name("costs", lang)]
    rows = tagged(ws)
    row = rows[tag]
    ws.cell(row=row, column=2).value = text
    if tag.startswith("new:"):
        ws.cell(row=row, column=4).value = 5000
    wb.save(book)
    return book, f"{ws.title}!B{row}"


def test_category_with_a_space_around_it_is_refused_in_other_case_counted(tmp_path):
    need_libreoffice()
    book, cell = with_category(tmp_path, "fi", "costs[0]", "Henkilöstökustannukset ")
    output = refused(tmp_path, book, f'{cell}: kustannuslajin "Henkilöstökustannukset "')
    assert 'kirjoita "Henkilöstökustannukset" ilman välilyöntejä' in output
    assert "Valitse laji solun pudotusvalikosta." in output  # existing rows have the list too
    # the same label in small letters: the workbook's SUMIFs ignore case, and so does import
    book, _ = with_category(tmp_path, "fi", "costs[0]", "henkilöstökustannukset")
    assert imported(book)["costs"][0]["category"] == "staff"
    (recalculated,) = recalculate([book], tmp_path / "lo")
    result = assert_edited_agrees(book, recalculated, tmp_path, "lower case")
    # by hand: purchased services 72 000 become staff costs and get 15 %: + 10 800
    assert named_values(recalculated)["total_cost"] == D("287405.00")
    assert result.total_cost == D("287405.00")


def test_category_in_another_language_than_the_workbook_is_refused(tmp_path):
    book, cell = with_category(tmp_path, "fi", "costs[0]", "Staff costs")
    output = refused(tmp_path, book, f'{cell}: "Staff costs" on kustannuslaji toisella kielellä')
    assert "Henkilöstökustannukset, Ostopalvelut, Matkakustannukset" in output
    # a Swedish book: a Finnish label typed into a new row (which has a drop-down list)
    book, cell = with_category(tmp_path, "sv", "new:kemi", "Henkilöstökustannukset", "sv")
    assert cell.startswith("Kostnadsberäkning!")
    output = refused(tmp_path, book, f'{cell}: "Henkilöstökustannukset" on kustannuslaji')
    assert "(Personalkostnader, Köpta tjänster," in output
    assert 'tässä "Personalkostnader"' in output
    assert "Valitse laji solun pudotusvalikosta." in output


def test_unknown_category_is_refused_with_the_labels_the_workbook_counts(tmp_path):
    book, cell = with_category(tmp_path, "sv", "costs[1]", "Resor och sånt", "sv")
    output = refused(tmp_path, book, f'{cell}: kustannuslaji "Resor och sånt" ei ole mikään')
    assert "Personalkostnader, Köpta tjänster, Resekostnader" in output


# -- staff titles ----------------------------------------------------------------------------
def test_staff_title_cleared_is_refused_unless_the_role_counts_nothing(tmp_path):
    """A cleared title alone: the workbook still counts the role, so import refuses. Title
    and months cleared: the workbook counts 0 for the row, and import drops the role."""
    need_libreoffice()
    book = exported(KEMI, tmp_path / "b.xlsx")
    wb = load_workbook(book)
    ws = wb["Henkilöstö"]
    row = tagged(ws)["staff[0]"]
    ws.cell(row=row, column=2).value = None
    wb.save(book)
    output = refused(tmp_path, book, f"Henkilöstö!B{row}: tehtävän nimike puuttuu")
    assert "tyhjennä myös rivin kuukaudet, palkka tai summat" in output
    ws.cell(row=row, column=5).value = None  # months
    wb.save(book)
    assert "staff" not in imported(book)
    (recalculated,) = recalculate([book], tmp_path / "lo")
    result = assert_edited_agrees(book, recalculated, tmp_path, "role removed")
    # by hand: 276 605 less the role 36 × 3 750 × 1,2644 = 170 694 and its 15 % flat rate
    # 25 604,10, which JTF rounds to whole euros: 25 604
    assert named_values(recalculated)["total_cost"] == D("80307.00")
    assert result.total_cost == D("80307.00")


# -- values the project file refuses, told by cell -------------------------------------------
def test_values_the_project_refuses_are_told_by_sheet_and_cell(tmp_path):
    """Each passes the cell's own checks (a number, at most its decimals, not negative) but
    not the project file's: the problem names the cell, never the file that is not written."""
    cases = [  # project, sheet, tag, column, value, words of the message
        (
            KEMI,
            "Rahoitussuunnitelma",
            "partner:kemi",
            3,
            80,
            "Osuus annetaan desimaalilukuna 0–1; saatiin 80. Kirjoita 0.8, jos tarkoitit 80 %.",
        ),  # noqa: E501
        (
            KEMI,
            "Kustannusarvio",
            "costs[0]",
            4,
            1_000_000_001,
            "Arvo saa olla enintään 1 000 000 000",
        ),  # noqa: E501
        (KEMI, "Henkilöstö", "staff[0]", 4, 0, "Arvon pitää olla suurempi kuin 0; saatiin 0."),
        (
            EXAMPLES.parent / "tests" / "cases" / "complex-leader.toml",
            "Kuntaosuudet",
            "municipal.members[0]",
            6,
            60,
            "Osuus annetaan desimaalilukuna 0–1; saatiin 60.",
        ),  # noqa: E501
        (
            EXAMPLES / "sydansuomi-pikastartti.toml",
            "Kuntaosuudet",
            "municipal.members[0]",
            3,
            10**12,
            "Arvo saa olla enintään",
        ),  # noqa: E501
    ]
    for i, (project, sheet, tag, column, value, words) in enumerate(cases):
        book = exported(project, tmp_path / f"b{i}.xlsx")
        wb = load_workbook(book)
        row = tagged(wb[sheet])[tag]
        cell = wb[sheet].cell(row=row, column=column)
        assert isinstance(cell.value, int | float) and cell.value != value
        cell.value = value
        wb.save(book)
        output = refused(tmp_path, book, f"{sheet}!{cell.coordinate}: {words}")
        assert ".toml" not in output, output


def test_refusal_on_an_80_column_terminal_wraps_between_words(monkeypatch, capsys):
    from hankelaskuri.cliui import echo_error

    problems = [
        'Kustannusarvio!B10: "Staff costs" on kustannuslaji toisella kielellä; tämän '
        "työkirjan kaavat laskevat vain sen omat nimet (Henkilöstökustannukset, Ostopalvelut).",
        "Kustannusarvio!D9: Arvo saa olla enintään 1 000 000 000 €; saatiin 1000000001.00, "
        "joka on liikaa yhdelle kustannusriville.",
    ]
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    echo_error("\n".join(problems), "import_failed")
    lines = capsys.readouterr().err.rstrip("\n").split("\n")
    assert all(len(line) < 80 for line in lines), lines
    assert lines[0].startswith("Kustannusarvio!B10: ") and lines[1].startswith("  ")
    starts = [i for i, line in enumerate(lines) if not line.startswith("  ")]
    assert len(starts) == 2  # each problem starts a line, its rest indented
    # every word whole, the amount on one line
    words = " ".join(line.strip() for line in lines).replace("\u00a0", " ")
    assert words == " ".join(problems) + " [import_failed]"
    assert any("1\u00a0000\u00a0000\u00a0000\u00a0€" in line for line in lines)


def test_truth_value_in_an_amount_is_told_as_a_value_not_a_formula(tmp_path):
    """TRUE typed into an amount: openpyxl keeps it as a truth value, LibreOffice saves it
    as the formula =TRUE(); either is told as the value typed."""
    book = exported(KEMI, tmp_path / "b.xlsx")
    wb = load_workbook(book)
    ws = wb["Kustannusarvio"]
    row = tagged(ws)["costs[0]"]
    ws.cell(row=row, column=4).value = True
    ws.cell(row=row, column=5).value = "=TRUE()"
    wb.save(book)
    output = refused(tmp_path, book)
    assert f"Kustannusarvio!D{row}: odotettiin lukua, solussa on TRUE." in output
    assert f"Kustannusarvio!E{row}: odotettiin lukua, solussa on TRUE." in output
    assert "kaava" not in output


def test_an_amount_beyond_any_limit_is_told_at_its_cell(tmp_path):
    """1e300 typed into a year's amount was an internal error (no cent to round it to); it
    is told at its cell with the largest amount a project accepts (1 000 000 000 €)."""
    book = exported(KEMI, tmp_path / "b.xlsx")
    wb = load_workbook(book)
    ws = wb["Kustannusarvio"]
    row = tagged(ws)["costs[0]"]
    ws.cell(row=row, column=5).value = 1e300
    wb.save(book)
    output = refused(tmp_path, book).replace("\u00a0", " ")  # however the groups are spaced
    expected = "odotettiin lukua, joka on enintään 1 000 000 000, solussa on 1e+300."
    assert f"Kustannusarvio!E{row}: {expected}" in output
    assert "Sisäinen virhe" not in output
