"""Excel export: formulas recalculated by LibreOffice equal the engine to the cent; text
from the project file stays text; the file is written atomically."""

import json
import os
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from hankelaskuri.api import calculate
from hankelaskuri.cli import app
from hankelaskuri.i18n import label
from hankelaskuri.render.excel import build_workbook, defined_names, export
from hankelaskuri.render.json import to_dict

from .conftest import EXAMPLES
from .libreoffice import named_values, need_libreoffice, recalculate
from .strategies import one_run, projects

runner = CliRunner()
CENT = D("0.01")


def expected(result):
    """The engine's figures for each defined name, from its JSON result."""
    data = to_dict(result)
    f = data["funding"]
    return {
        "total_cost": D(data["total_cost"]),
        "net_cost": D(data["net_cost"]),
        "support": D(f["support"]),
        "funding_eu": D(f["eu"]),
        "funding_state": D(f["state"]),
        "funding_municipal": D(f["municipal"]),
        "funding_own": D(f["own"]),
        "funding_private": D(f["private"]),
        "funding_in_kind": D(f["in_kind"]),
        "funding_other_public": D(f["other_public"]),
        "support_rate": D(data["support_rate"]),
    }


def assert_agree(values, result, label):
    for name, value in expected(result).items():
        got = values.get(name)
        assert got is not None, f"{label}: {name} has no value"
        assert abs(got - value) < D("0.005"), f"{label}: {name} = {got}, engine {value}"


def row_values(ws, first_text):
    for row in ws.iter_rows():
        if row[0].value == first_text:
            return [c.value for c in row]
    raise AssertionError(f"no row {first_text!r}")


def test_every_defined_name_is_present(tmp_path):
    wb = build_workbook(calculate(EXAMPLES / "sydansuomi-pikastartti.toml"))
    assert set(defined_names()) <= set(wb.defined_names)


def test_examples_recalculated_by_libreoffice(tmp_path):
    need_libreoffice()
    files, results = [], {}
    cases = sorted(EXAMPLES.glob("*.toml")) + sorted(
        (EXAMPLES.parent / "tests" / "cases").glob("*.toml")
    )
    for path in cases:
        result = calculate(path)
        out = tmp_path / f"{path.stem}.xlsx"
        export(result, out)
        files.append(out)
        results[out.name] = result
    recalculated = recalculate(files, tmp_path / "lo")
    for path in recalculated:
        result = results[path.name]
        assert_agree(named_values(path), result, path.name)
        wb = load_workbook(path, data_only=True)
        # the cost estimate's total row and the funding plan's years agree with the engine
        costs = wb["Kustannusarvio"]
        totals = row_values(costs, "Kustannukset yhteensä")
        years = [D(str(v)).quantize(CENT) for v in totals[3 : 3 + len(result.years)]]
        assert years == [result.by_year[y] for y in result.years]
        plan = wb["Rahoitussuunnitelma"]
        support = row_values(plan, "Haettava tuki")
        assert [D(str(v)).quantize(CENT) for v in support[1 : 1 + len(result.years)]] == [
            result.funding_by_year["support"][y] for y in result.years
        ]
        difference = row_values(plan, "Erotus")
        assert all(abs(D(str(v))) < CENT for v in difference[1 : 2 + len(result.years)])
        # every municipality's money by role, when one implements (i12's Result field)
        if any(m.role("implementer") for m in result.municipalities):
            summary = wb["Yhteenveto"]
            for m in result.municipalities:
                for role in m.roles:
                    text = f"{m.name('fi')}: {label(f'role_{role.role}', 'fi')}"
                    assert D(str(row_values(summary, text)[1])).quantize(CENT) == role.amount


@one_run
@given(st.data())
def test_thirty_random_projects_recalculated_by_libreoffice(tmp_path, data):
    need_libreoffice()
    files, results = [], {}
    for i in range(30):
        text, _ = data.draw(projects(), label=f"project {i}")
        source = tmp_path / f"p{i:02d}.toml"
        source.write_text(text, encoding="utf-8")
        result = calculate(source)
        out = tmp_path / f"p{i:02d}.xlsx"
        export(result, out)
        files.append(out)
        results[out.name] = (result, text)
    for path in recalculate(files, tmp_path / "lo"):
        result, text = results[path.name]
        try:
            assert_agree(named_values(path), result, path.name)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- project ---\n{text}") from None


HOSTILE = ['=HYPERLINK("http://example.com","x")', "+SUM(A1)", "@cmd", "-1+2"]


def test_hostile_text_stays_text(tmp_path):
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    text = text.replace(
        'name = "Kestävän kasvun voimalla parempaa bisnestä"', "name = '" + HOSTILE[0] + "'"
    )
    text = text.replace('name = "Kemin kaupunki"', f'name = "{HOSTILE[1]}"')
    text = text.replace('title = "Projektipäällikkö"', f'title = "{HOSTILE[2]}"')
    text = text.replace(
        'description = "Matkat Meri-Lapin alueella"', f'description = "{HOSTILE[3]}"'
    )
    source = tmp_path / "hostile.toml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "hostile.xlsx"
    export(calculate(source), out)
    wb = load_workbook(out)
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in HOSTILE:
                    found.setdefault(cell.value, []).append(cell.data_type)
                if cell.data_type == "f":
                    assert "HYPERLINK" not in str(cell.value) and "cmd" not in str(cell.value)
    assert set(found) == set(HOSTILE)
    assert all(t == "s" for types in found.values() for t in types)


def test_cells_in_memory_are_what_the_file_holds(tmp_path):
    """Cells are written directly (not through openpyxl's value setter): each one read
    back from the saved file has the same value, type and number format."""
    for lang in ("fi", "sv"):
        wb = build_workbook(calculate(EXAMPLES / "kemi-kestava-kasvu.toml"), lang)
        out = tmp_path / f"kemi-{lang}.xlsx"
        wb.save(out)
        back = load_workbook(out)
        for ws in wb.worksheets:
            cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
            assert len(cells) == sum(1 for c in ws._cells.values() if c.value is not None)
            for c in cells:
                read = back[ws.title].cell(c.row, c.column)
                kind = "s" if read.data_type == "inlineStr" else read.data_type  # inline text
                assert kind == c.data_type, (ws.title, c.coordinate)
                assert read.number_format == c.number_format, (ws.title, c.coordinate)
                if c.data_type == "n":
                    assert D(str(read.value)) == D(str(c.value)), (ws.title, c.coordinate)
                elif c.data_type == "d":
                    assert read.value.date() == c.value, (ws.title, c.coordinate)
                else:  # an empty text is an empty cell in the file
                    assert (read.value or "") == c.value, (ws.title, c.coordinate)


def invoke(*args):
    return runner.invoke(app, [*map(str, args)], env={"NO_COLOR": "1"})


def test_existing_file_needs_force_and_no_temp_files_remain(tmp_path):
    out = tmp_path / "budjetti.xlsx"
    out.write_bytes(b"previous")
    res = invoke("export", EXAMPLES / "kemi-kestava-kasvu.toml", "-o", out)
    assert res.exit_code == 2 and "--force" in res.output
    assert out.read_bytes() == b"previous"
    res = invoke("export", EXAMPLES / "kemi-kestava-kasvu.toml", "-o", out, "--force")
    assert res.exit_code == 0
    assert (
        load_workbook(out)["Yhteenveto"]["A1"].value == "Kestävän kasvun voimalla parempaa bisnestä"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budjetti.xlsx"]
    assert (os.stat(out).st_mode & 0o777) == (0o666 & ~_umask())


def test_output_path_is_told_as_it_is(tmp_path):
    """A path that looks like console markup ('[/b]') is printed as it is, with exit 0."""
    (tmp_path / "a[").mkdir()
    out = tmp_path / "a[" / "b].xlsx"
    res = invoke("export", EXAMPLES / "kemi-kestava-kasvu.toml", "-o", out)
    assert res.exit_code == 0, res.output
    assert str(out) in res.output.splitlines()
    assert load_workbook(out)["Yhteenveto"]["A1"].value.startswith("Kestävän kasvun")


def test_openpyxl_imported_without_numpy_and_pillow_which_stay_importable():
    """export imports openpyxl without numpy and Pillow (never in our workbooks); a later
    import of either in the same process still works where it is installed."""
    import subprocess
    import sys

    code = (
        "import importlib.util, sys\n"
        "from hankelaskuri.render.xlsx_import import import_openpyxl\n"
        "import_openpyxl()\n"
        "assert 'openpyxl' in sys.modules\n"
        "assert 'numpy' not in sys.modules and 'PIL' not in sys.modules, sorted(sys.modules)\n"
        "for name in ('numpy', 'PIL'):\n"
        "    if importlib.util.find_spec(name):\n"
        "        assert importlib.import_module(name).__name__ == name\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_export_leaves_garbage_collection_as_it_was(tmp_path):
    """export pauses the cyclic garbage collector while it works, and restores it, also
    when the project cannot be read."""
    import gc

    import pytest

    from hankelaskuri import app as use
    from hankelaskuri.errors import InputError

    broken = tmp_path / "rikki.toml"
    broken.write_text("[project\n", encoding="utf-8")
    assert gc.isenabled()
    use.export(EXAMPLES / "kemi-kestava-kasvu.toml", tmp_path / "a.xlsx", "fi", False)
    assert gc.isenabled()
    with pytest.raises(InputError):
        use.export(broken, tmp_path / "b.xlsx", "fi", False)
    assert gc.isenabled()
    gc.disable()
    try:
        use.export(EXAMPLES / "kemi-kestava-kasvu.toml", tmp_path / "c.xlsx", "fi", False)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "c.xlsx", "rikki.toml"]


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_swedish_and_english_sheet_names(tmp_path):
    result = calculate(EXAMPLES / "sydansuomi-pikastartti.toml")
    assert build_workbook(result, "sv").sheetnames == [
        "Sammanfattning",
        "Diagram",
        "Kostnadsberäkning",
        "Personal",
        "Finansieringsplan",
        "Kommunandelar",
        "Regler",
        "Fördelningskalkyl",
        "hankelaskuri",  # hidden: marks the workbook for hanke import
    ]
    assert build_workbook(result, "en").sheetnames[0] == "Summary"


def test_inputs_unlocked_formulas_locked_and_print_setup(tmp_path):
    wb = build_workbook(calculate(EXAMPLES / "sydansuomi-pikastartti.toml"))
    ws = wb["Kuntaosuudet"]
    assert ws.protection.sheet
    population = next(c for row in ws.iter_rows() for c in row if c.value == 1269)
    assert population.protection.locked is False
    formula = next(c for row in ws.iter_rows() for c in row if c.data_type == "f")
    assert formula.protection.locked is True
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # 9 = A4
    assert "&P" in ws.oddFooter.right.text
    assert wb["Kustannusarvio"].freeze_panes == "D7"
    money = next(
        c
        for row in wb["Rahoitussuunnitelma"].iter_rows()
        for c in row
        if c.data_type == "f" and "€" in c.number_format
    )
    assert money.number_format.startswith("[$-40B]") and "#,##0.00" in money.number_format


def test_export_json_unchanged_by_export(tmp_path):
    result = calculate(EXAMPLES / "yritystankkaamo.toml")
    before = json.dumps(to_dict(result), sort_keys=True)
    export(result, tmp_path / "y.xlsx")
    assert json.dumps(to_dict(result), sort_keys=True) == before
    assert Path(tmp_path / "y.xlsx").stat().st_size > 5000


def test_default_fte_and_billion_project_recalculated_to_the_cent(tmp_path):
    """A role without fte counts one full-time person (12 × 3 000,00 × 1,2644 = 45 518,40 €),
    shown as an input cell; a support above 1 000 000 000 € rounds down to the cent
    (0,80 × 1 392 317 957,01 = 1 113 854 365,608 → 1 113 854 365,60 €)."""
    need_libreoffice()
    cases = EXAMPLES.parent / "tests" / "cases"
    files, results = [], {}
    for stem in ("staff-without-fte", "over-a-billion"):
        result = calculate(cases / f"{stem}.toml")
        out = tmp_path / f"{stem}.xlsx"
        export(result, out)
        files.append(out)
        results[out.name] = result
    staff = load_workbook(files[0])["Henkilöstö"]
    fte = staff.cell(row=6, column=4)
    assert fte.value == 1 and fte.protection.locked is False  # a visible, editable input
    values = {p.name: named_values(p) for p in recalculate(files, tmp_path / "lo")}
    assert values["staff-without-fte.xlsx"]["total_cost"] == D("45518.40")
    assert values["over-a-billion.xlsx"]["net_cost"] == D("1392317957.01")
    assert values["over-a-billion.xlsx"]["support"] == D("1113854365.60")
    for name, result in results.items():
        assert_agree(values[name], result, name)


def test_charts_fonts_period_rules_and_no_empty_sheets(tmp_path):
    """Native charts on the sheets' cells; one font family in every style; the period as
    people write it; rule values with their unit or in words; no sheet without content."""
    result = calculate(EXAMPLES / "sydansuomi-pikastartti.toml")
    out = tmp_path / "s.xlsx"
    export(result, out)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        charts = [z.read(n).decode() for n in names if n.startswith("xl/charts/chart")]
        assert not [n for n in names if n.startswith("xl/media/")]  # no images
    assert len(charts) == 3
    assert any("<c:pieChart>" in c or "<pieChart>" in c for c in charts)
    assert any("Kuntaosuudet" in c and "$H$" in c for c in charts)  # the municipal shares
    # its euro axis labels slanted (upright they overlap once a share passes 100 000 €)
    assert any("Kuntaosuudet" in c and 'rot="-2700000"' in c for c in charts)
    assert any("Kustannusarvio" in c for c in charts)
    wb = load_workbook(out)
    fonts = {c.font.name for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert fonts == {"Calibri"}
    summary = wb["Yhteenveto"]
    assert "1.12.2022–30.6.2024" in [c.value for row in summary.iter_rows() for c in row]
    sheet = wb["Säännöt"]
    rules = {row[7].value: row[1] for row in sheet.iter_rows(min_row=5) if row[7].value}
    titles = {row[7].value: row[0].value for row in sheet.iter_rows(min_row=5) if row[7].value}
    # rules are named in words, the code beside them
    assert titles["rounding.support_mode"] == "Tuen pyöristys"
    assert titles["measures.max_support_rate"] == "Tuen enimmäisosuus"
    assert titles["cost_models.flat_rate_15.rate"] == (
        "Korvausprosentti: Prosenttimääräinen korvaus 15 % (välilliset kustannukset)"
    )
    assert not [code for code, title in titles.items() if title == code]
    assert rules["rounding.support_mode"].value == "alaspäin"
    assert rules["rounding.flat_rate_mode"].value == "puoliväli ylöspäin"
    assert (
        rules["rounding.support_unit"].value == 1
        and "€" in rules["rounding.support_unit"].number_format
    )
    assert "%" in rules["cost_models.flat_rate_15.rate"].number_format
    bare = build_workbook(calculate(EXAMPLES.parent / "tests" / "cases" / "over-a-billion.toml"))
    assert "Henkilöstö" not in bare.sheetnames  # no staff lines: no staff sheet
    fte = build_workbook(calculate(EXAMPLES.parent / "tests" / "cases" / "staff-without-fte.toml"))
    assert "Kuntaosuudet" not in fte.sheetnames  # no municipalities: no shares sheet


def test_money_and_percent_keep_their_scale_when_libreoffice_saves_the_workbook(tmp_path):
    # A bare space before "€" or "%" is the thousands separator of the fi and sv locales
    # to LibreOffice: saving turned "0.00 %" into "0.00,%" and the money format likewise,
    # so a re-saved workbook showed 55 321,00 € as 55,32 € and 80,00 % as 0,08 %.
    need_libreoffice()
    for lang in ("fi", "sv"):
        out = tmp_path / lang
        out.mkdir()
        export(calculate(EXAMPLES / "kemi-kestava-kasvu.toml"), out / "kemi.xlsx", lang)
        (saved,) = recalculate([out / "kemi.xlsx"], tmp_path / f"saved-{lang}")
        formats = {
            c.number_format
            for ws in load_workbook(saved).worksheets
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, (int, float))
        }
        money = [f for f in formats if "€" in f]
        percent = [f for f in formats if "%" in f]
        assert money and percent
        for f in money + percent:
            # no comma (divide by 1 000) between the last digit placeholder and the unit
            assert not any(f"0,{tail}" in f for tail in ("%", "\\€", '"', "\\ ")), f


def test_funding_pie_has_no_zero_slices(tmp_path):
    """Kemi (seed 002) is funded by the support asked and its own share only: the pie and
    its table on the charts sheet have those two rows, not four more of 0,00 € whose names
    crowded its legend."""
    out = tmp_path / "kemi.xlsx"
    export(calculate(EXAMPLES / "kemi-kestava-kasvu.toml"), out)
    ws = load_workbook(out)["Kaaviot"]
    rows = [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=4, max_row=12) if r[0].value]
    assert [name for name, _ in rows] == ["Haettava tuki", "Omarahoitus"]
    with zipfile.ZipFile(out) as z:
        pie = next(
            text
            for n in z.namelist()
            if n.startswith("xl/charts/chart") and "pieChart>" in (text := z.read(n).decode())
        )
    assert "'Kaaviot'!$B$4:$B$5" in pie


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("Hanke & co", "Hanke && co"),
        ("a" * 199 + "&b", "a" * 199),  # a doubled & would pass 200: left out whole
        ("a" * 198 + "&&", "a" * 198 + "&&"),  # the second & left out whole
        ("&" * 150, "&&" * 100),
    ],
)
def test_page_header_never_ends_in_a_lone_ampersand(write, name, header):
    """Every sheet's page header shows the project's name with & doubled (a lone & starts
    a header code) and cut to 200 characters: once cut after doubling, it could end in a
    lone &."""
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    old = 'name = "Kestävän kasvun voimalla parempaa bisnestä"'
    assert old in text
    wb = build_workbook(calculate(write(text.replace(old, f'name = "{name}"', 1))))
    headers = {ws.oddHeader.center.text for ws in wb.worksheets if ws.oddHeader.center.text}
    assert headers == {header}


def test_cost_categories_are_chosen_from_a_list_that_refuses_other_text(tmp_path):
    """Every yellow category cell of the cost estimate (the project's cost rows and the empty
    rows) offers the categories the sheet's SUMIFs count, and refuses other text as it is
    typed, saying why in the workbook's language (a trailing space or another language's
    label was counted nowhere in the workbook)."""
    out = tmp_path / "kemi.xlsx"
    export(calculate(EXAMPLES / "kemi-kestava-kasvu.toml"), out)
    ws = load_workbook(out)["Kustannusarvio"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.showErrorMessage and dv.errorStyle == "stop"
    assert dv.error.startswith("Valitse kustannuslaji luettelosta")
    assert dv.formula1.strip('"').split(",")[:3] == [
        "Henkilöstökustannukset",
        "Ostopalvelut",
        "Matkakustannukset",
    ]
    covered = {c for r in dv.sqref.ranges for c in r.cells}
    typed = {
        (row[1].row, 2) for row in ws.iter_rows(min_row=8) if row[1].style.startswith("hk input")
    }
    assert typed and typed <= covered  # Ostopalvelut, Matkakustannukset and the empty rows


@pytest.mark.parametrize(
    "example, lang, name",
    [
        ("kemi-kestava-kasvu", "sv", "Procentuell ersättning 15 % (indirekta kostnader)"),
        ("kemi-kestava-kasvu", "en", "Flat rate 15 % of staff costs for indirect costs"),
        ("pienten-kuntien-yrittajyys", "sv", "Kalkylerade kostnader 19 %"),
        ("pienten-kuntien-yrittajyys", "fi", "Laskennalliset kustannukset 19 %"),
    ],
)
def test_flat_rate_row_is_named_in_the_workbook_language(example, lang, name):
    # The cost model's own name in the rules (sv/en beside fi): a Swedish or English cost
    # estimate showed the flat rate's row as "Prosenttimääräinen korvaus 15 % (välilliset
    # kustannukset)" among Swedish or English labels.
    wb = build_workbook(calculate(EXAMPLES / f"{example}.toml"), lang)
    ws = wb.worksheets[2]  # the cost estimate
    rows = [r for r in ws.iter_rows() if r[59].value == "project.cost_model"]  # the tag column
    assert [r[2].value for r in rows] == [name]
