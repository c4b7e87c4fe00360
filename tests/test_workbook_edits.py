"""Inputs an official edits in the exported workbook, recalculated by LibreOffice: a role's
months spread over the years from its months input, and a municipality whose name is
cleared leaves every key's weights, as the engine computes them on the imported file."""

from decimal import Decimal as D
from pathlib import Path

from openpyxl import load_workbook

from .conftest import EXAMPLES
from .libreoffice import need_libreoffice, recalculate
from .test_import import assert_edited_agrees, exported, tagged

CASES = EXAMPLES.parent / "tests" / "cases"
CENT = D("0.01")
MONTHS_COL = 12  # Henkilöstö: 'kk / h <year>' from column L, then the euros of each year


def numbers(ws, row, first, n):
    return [D(str(ws.cell(row=row, column=first + i).value or 0)).quantize(CENT) for i in range(n)]


# (project, edits on Henkilöstö row 6, months per year and euros per year by hand)
STAFF_EDITS = {
    # kemi: start 1.10.2024, 3 750 €/kk, on-costs 26,44 % → 4 741,50 €/kk; 2024–2027
    "kemi24": (
        EXAMPLES / "kemi-kestava-kasvu.toml",
        {"E6": 24},
        # Oct–Dec 2024 3, 2025 12, 2026 the 9 left, 2027 none
        ["3", "12", "9", "0"],
        # 3 × 4 741,50 = 14 224,50; 12 × = 56 898,00; 9 × = 42 673,50
        ["14224.50", "56898.00", "42673.50", "0.00"],
    ),
    "kemi13": (
        EXAMPLES / "kemi-kestava-kasvu.toml",
        {"E6": 13},
        ["3", "10", "0", "0"],
        ["14224.50", "47415.00", "0.00", "0.00"],  # 10 × 4 741,50 = 47 415,00
    ),
    "kemi27.5": (
        EXAMPLES / "kemi-kestava-kasvu.toml",
        {"E6": 27.5, "D6": 0.5},
        ["3", "12", "12", "0.5"],
        # 0,5 × 27,5 × 4 741,50 = 65 195,625 → 65 195,63; × 3/27,5 = 7 112,2505… →
        # 7 112,25; × 12/27,5 = 28 449,0021… → 28 449,00 (twice); the last year the rest:
        # 65 195,63 − 7 112,25 − 2 × 28 449,00 = 1 185,38
        ["7112.25", "28449.00", "28449.00", "1185.38"],
    ),
    # complex-leader: the role starts 1.4.2026 (the project 15.3.2026), 0,6 × 3 100 €/kk,
    # on-costs 21 % → 2 250,60 €/kk; 2026–2028
    "complex20": (
        CASES / "complex-leader.toml",
        {"E6": 20},
        ["9", "11", "0"],  # Apr–Dec 2026 9, 2027 the 11 left
        ["20255.40", "24756.60", "0.00"],  # 9 × 2 250,60; 11 × 2 250,60
    ),
    # aurora: start 1.1.2025, 4 000 €/kk, on-costs 25 % → 5 000 €/kk; 2025–2026
    "aurora13": (
        CASES / "interreg-aurora-method-b.toml",
        {"E6": 13},
        ["12", "1"],
        ["60000.00", "5000.00"],
    ),
}


def test_months_of_a_role_follow_its_months_input(tmp_path):
    need_libreoffice()
    books = {}
    for name, (path, cells, _, _) in STAFF_EDITS.items():
        book = exported(path, tmp_path / f"{name}.xlsx")
        wb = load_workbook(book)
        ws = wb["Henkilöstö"]
        assert ws.cell(row=6, column=MONTHS_COL).data_type == "f"  # not a number typed in
        for coordinate, value in cells.items():
            ws[coordinate] = value
        wb.save(book)
        books[book.stem] = book
    for recalculated in recalculate(list(books.values()), tmp_path / "lo"):
        name = recalculated.stem
        _, _, months, euros = STAFF_EDITS[name]
        n = len(months)
        ws = load_workbook(recalculated, data_only=True)["Henkilöstö"]
        got = [D(str(ws.cell(row=6, column=MONTHS_COL + i).value)) for i in range(n)]
        assert got == [D(m) for m in months], name
        assert numbers(ws, 6, MONTHS_COL + n, n) == [D(e) for e in euros], name
        result = assert_edited_agrees(books[name], recalculated, tmp_path, name)
        assert not result.has_errors, name  # the funding plan and shares were compared
        staff = result.staff[0]
        assert [staff.by_year[y] for y in result.years] == [D(e) for e in euros], name


# -- a municipality leaves ---------------------------------------------------------------------
# Populations 31.12.2022 (Tilastokeskus, as packaged): Kannonkoski 1 269, Karstula 3 665,
# Kinnula 1 554, Kivijärvi 1 064, Kyyjärvi 1 196, Pihtipudas 3 786, Viitasaari 5 951.
# The municipalities fund the rest of 116 475,00 after the 80 % support: 23 295,00.
SYDANSUOMI = EXAMPLES / "sydansuomi-pikastartti.toml"
FOUR = 'members = ["Kannonkoski", "Karstula", "Kinnula", "Kivijärvi"]'


def largest_remainder(whole: D, weights: list[D]) -> list[D]:
    """Cents by the largest remainder, ties to the earlier row (the rule, written again)."""
    cents = whole * 100
    exact = [cents * w / sum(weights) for w in weights]
    floors = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[: int(cents) - sum(floors)]:
        floors[i] += 1
    return [D(f) / 100 for f in floors]


def project_with_key(tmp_path: Path, name: str, key: str) -> Path:
    text = SYDANSUOMI.read_text(encoding="utf-8")
    start = text.index('key = "per_capita"')
    end = text.index("]", start) + 1
    path = tmp_path / f"{name}.toml"
    path.write_text(text[:start] + key + "\n" + FOUR + text[end:], encoding="utf-8")
    return path


def test_a_municipality_whose_name_is_cleared_leaves_every_key(tmp_path):
    need_libreoffice()
    projects = {
        "per_capita": (SYDANSUOMI, "Kinnula"),
        "equal": (project_with_key(tmp_path, "equal", 'key = "equal"'), "Karstula"),
        "base": (
            project_with_key(tmp_path, "base", 'key = "base_plus_per_capita"\nbase_share = 0.3'),
            "Kannonkoski",
        ),
    }
    # by hand, the 23 295,00 over the members left:
    # per capita without Kinnula: populations 1 269 + 3 665 + 1 064 + 1 196 + 3 786 + 5 951
    # = 16 931; Karstula 23 295 × 3 665 / 16 931 = 5 042,594… → 5 042,60 (a cent left over)
    per_capita = largest_remainder(
        D("23295.00"), [D(p) for p in (1269, 3665, 1064, 1196, 3786, 5951)]
    )
    assert per_capita[1] == D("5042.60")
    # equal without Karstula: 23 295 / 3 = 7 765,00 each
    # base 30 % + per capita without Kannonkoski (Karstula 3 665, Kinnula 1 554,
    # Kivijärvi 1 064 = 6 283): 0,3 / 3 + 0,7 × population / 6 283
    base = largest_remainder(
        D("23295.00"),
        [D("0.3") / 3 + D("0.7") * D(p) / 6283 for p in (3665, 1554, 1064)],
    )
    expected = {
        "per_capita": dict(
            zip(
                ["Kannonkoski", "Karstula", "Kivijärvi", "Kyyjärvi", "Pihtipudas", "Viitasaari"],
                per_capita,
                strict=True,
            )
        ),
        "equal": {m: D("7765.00") for m in ("Kannonkoski", "Kinnula", "Kivijärvi")},
        "base": dict(zip(["Karstula", "Kinnula", "Kivijärvi"], base, strict=True)),
    }
    assert expected["base"]["Karstula"] == D("11841.41")  # 2 329,50 + 9 511,91…
    books = {}
    for name, (path, leaving) in projects.items():
        book = exported(path, tmp_path / f"{name}.xlsx")
        wb = load_workbook(book)
        ws = wb["Kuntaosuudet"]
        row = next(r for r in tagged(ws).values() if ws.cell(row=r, column=1).value == leaving)
        ws.cell(row=row, column=1).value = None
        wb.save(book)
        books[name] = book
    for recalculated in recalculate(list(books.values()), tmp_path / "lo"):
        name = recalculated.stem
        result = assert_edited_agrees(books[name], recalculated, tmp_path, name)
        assert not result.has_errors, name
        assert {m.name_fi: m.amount for m in result.municipal_shares} == expected[name], name
        ws = load_workbook(recalculated, data_only=True)["Kuntaosuudet"]
        shares = {
            ws.cell(row=r, column=1).value: D(str(ws.cell(row=r, column=8).value)).quantize(CENT)
            for t, r in tagged(ws).items()
            if t.startswith("municipal.members[")
        }
        assert shares.pop(None) == 0, name  # the row left has no share
        assert shares == expected[name], name
        total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Yhteensä")
        populations = {"per_capita": 16931, "equal": 1269 + 1554 + 1064, "base": 6283}
        assert ws.cell(total, 3).value == populations[name], name  # of the members that stay
        assert D(str(ws.cell(total, 6).value)).quantize(D("0.000001")) == 1, name


# -- a category the project did not have -------------------------------------------------------
def test_a_cost_typed_in_a_new_category_has_its_row_in_the_table_by_category(tmp_path):
    """erdf-staff20-adjustable has purchased services, travel and staff (20 %); a rent
    typed into a yellow row gets its row in the table by category, which adds up to the
    total (its check cell 0)."""
    need_libreoffice()
    book = exported(CASES / "erdf-staff20-adjustable.toml", tmp_path / "rents.xlsx")
    wb = load_workbook(book)
    ws = wb["Kustannusarvio"]
    row = next(r for t, r in tagged(ws).items() if t.startswith("new:"))
    ws.cell(row=row, column=2).value = "Vuokrat"
    ws.cell(row=row, column=4).value = 777.77  # 2026, the project's only year
    wb.save(book)
    (recalculated,) = recalculate([book], tmp_path / "lo")
    result = assert_edited_agrees(book, recalculated, tmp_path, "rents")
    assert result.by_category["rents"] == D("777.77")
    values = load_workbook(recalculated, data_only=True)["Kustannusarvio"]
    heading = next(
        r
        for r in range(1, values.max_row + 1)
        if values.cell(r, 1).value == ("Kustannukset kustannuslajeittain")
    )
    table = {
        values.cell(r, 2).value: numbers(values, r, 4, 2)
        for r in range(heading + 2, values.max_row + 1)
        if values.cell(r, 2).value
    }
    assert table["Vuokrat"] == [D("777.77"), D("777.77")]
    assert table["Investoinnit"] == [D("0.00"), D("0.00")]  # not typed: 0,00
    assert table["Yhteensä"] == [result.total_cost, result.total_cost]
    assert table["Tarkistus"] == [D("0.00"), D("0.00")]


def test_the_staff_sheet_tells_from_which_month_a_roles_months_are_counted(tmp_path):
    """complex-leader: the coordinator starts 1.4.2026, two weeks after the project, so
    2026 has 9 months, not 10: the sheet names the start it counts from."""
    book = exported(CASES / "complex-leader.toml", tmp_path / "cl.xlsx", lang="sv")
    ws = load_workbook(book)["Personal"]
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and "startmånad" in c.value]
    assert notes == [
        "Månaderna (mån) för en uppgift med månadslön fördelas på åren (mån / h) från dess "
        "startmånad: Koordinaattori 1.4.2026."
    ]
