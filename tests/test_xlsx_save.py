"""Saving a workbook with render/xlsx_save: the same package openpyxl writes, byte for byte;
text stays text; characters XML cannot hold are refused."""

import re
import zipfile
from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.formula import ArrayFormula

from hankelaskuri.api import calculate
from hankelaskuri.render import xlsx_save
from hankelaskuri.render.excel import build_workbook

from .conftest import EXAMPLES

AWKWARD = [
    "a & b < c > d \"e\" 'f'",
    "carriage\r\nreturn and\ttab",
    "  spaces at both ends  ",
    "ääkköset Åland ß €",
    "astral 😀 𝄞",
    "=1+1 typed as text",
    "</t></is></c><c r='B1'><f>SUM(A1)</f></c>",
    "]]> <![CDATA[ x ]]> &amp; &#13;",
    "",
]


def awkward_workbook() -> Workbook:
    """Every kind of cell the sheets hold, and some they do not."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Työ & <kulut>"
    bold = Font(bold=True)
    fill = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
    for i, text in enumerate(AWKWARD, 1):
        ws.cell(row=i, column=1, value=text).font = bold if i % 2 else Font()
        ws.cell(row=i, column=2).value = "=" + f'IF(A{i}="x",1,2)&"ä<&>"'
        ws.cell(row=i, column=3).fill = fill  # styled, no value
    ws["A1"].quotePrefix = True
    numbers = [0, -7, 2**53 + 1, 1.5, 1e-300, 1e300, D("1234567.895"), D("-0.01"), True, False]
    numbers += [float("nan"), float("inf")]
    for j, number in enumerate(numbers, 1):
        ws.cell(row=20, column=j, value=number).number_format = "#,##0.00"
    ws["A21"] = date(2025, 1, 31)
    ws["B21"] = datetime(1900, 2, 28, 12, 30)
    ws["C21"] = time(8, 15)
    ws["D21"] = "#N/A"
    ws["D21"].data_type = "e"
    ws["A22"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold & <b>")])
    ws["A23"] = ArrayFormula("A23:A24", "=A20:A21*2")
    ws["A25"] = "commented"
    ws["A25"].comment = Comment("a note & <more>", "author")
    ws["A26"] = "link"
    ws["A26"].hyperlink = "https://example.org/?a=1&b=<2>"
    ws.merge_cells("A27:C27")
    ws["A27"] = "merged"
    ws["A27"].alignment = Alignment(wrap_text=True)
    ws.row_dimensions[27].height = 30
    ws.row_dimensions[40].height = 12  # a row with a height and no cells
    ws.row_dimensions[41].hidden = True
    ws.cell(row=200, column=16384, value="far right")
    other = wb.create_sheet("Toinen")
    other["A1"] = "same styles, other order"
    other["A1"].fill = fill
    other["B2"] = 3
    other["B2"].font = bold
    wb.create_sheet("Tyhjä")
    return wb


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        found = {name: z.read(name) for name in z.namelist()}
    # the times of creation and saving differ between two saves
    times = rb"<dcterms:(created|modified)[^<]*<"
    found["docProps/core.xml"] = re.sub(times, b"", found["docProps/core.xml"])
    return found


def test_awkward_cells_give_the_bytes_openpyxl_writes(tmp_path):
    # the workbook openpyxl itself saves is the expected one: every part the same bytes
    awkward_workbook().save(tmp_path / "openpyxl.xlsx")
    xlsx_save.save(awkward_workbook(), tmp_path / "ours.xlsx")
    expected, got = parts(tmp_path / "openpyxl.xlsx"), parts(tmp_path / "ours.xlsx")
    assert list(got) == list(expected)
    for name in expected:
        assert got[name] == expected[name], name
    assert b'xml:space="preserve">  spaces' in got["xl/worksheets/sheet1.xml"]
    assert b"&#228;&#228;kk&#246;set" in got["xl/worksheets/sheet1.xml"]


@pytest.mark.parametrize("example", ["kemi-kestava-kasvu.toml", "sydansuomi-pikastartti.toml"])
def test_project_workbook_gives_the_bytes_openpyxl_writes(tmp_path, example):
    result = calculate(EXAMPLES / example)
    source = (EXAMPLES / example).read_text(encoding="utf-8")
    build_workbook(result, "sv", source).save(tmp_path / "openpyxl.xlsx")
    xlsx_save.save(build_workbook(result, "sv", source), tmp_path / "ours.xlsx")
    assert parts(tmp_path / "ours.xlsx") == parts(tmp_path / "openpyxl.xlsx")


def test_text_that_looks_like_markup_or_a_formula_stays_text(tmp_path):
    wb = Workbook()
    for i, text in enumerate(AWKWARD, 1):
        cell = wb.active.cell(row=i, column=1, value=text)
        cell.data_type = "s"  # as the workbook's text writer keeps it: "=1+1…" too
    xlsx_save.save(wb, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").active
    for i, text in enumerate(AWKWARD, 1):
        cell = ws.cell(row=i, column=1)
        if text:
            assert (cell.value, cell.data_type) == (text, "s")  # \r kept (&#13;)
        assert ws.cell(row=i, column=2).value is None  # nothing broke out into B
    with zipfile.ZipFile(tmp_path / "t.xlsx") as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("bad", ["a\x01b", "bell\x07", "lone \ud800 surrogate", "\ufffe"])
def test_characters_xml_cannot_hold_are_refused(tmp_path, bad):
    wb = Workbook()
    cell = wb.active["A1"]
    cell._value, cell.data_type = bad, "s"  # past openpyxl's own check when set
    with pytest.raises(IllegalCharacterError):
        xlsx_save.save(wb, tmp_path / "t.xlsx")
