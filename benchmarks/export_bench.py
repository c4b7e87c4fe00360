"""Excel export benchmark: a large project against openpyxl's floor.

The project has 5 implementers, 9 municipalities, 7 years and 300 cost lines. The export
(build the workbook with formulas and formatting, save it) is timed against the floor:
openpyxl writing the same number of cells into the same number of sheets with no
formatting. Prints both medians and their ratio; the goal is at most 1.5x and under 1 s.

    python benchmarks/export_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from hankelaskuri.api import calculate
from hankelaskuri.render.excel import build_workbook, export

MUNICIPALITIES = [
    "Kannonkoski",
    "Karstula",
    "Kinnula",
    "Kivijärvi",
    "Kyyjärvi",
    "Pihtipudas",
    "Viitasaari",
    "Saarijärvi",
    "Äänekoski",
]
CATEGORIES = ["purchased_services", "travel", "equipment"]


def large_project() -> str:
    rng = random.Random(7)
    lines = [
        "[project]",
        'name = "Suuri seudullinen kehittämishanke"',
        "start = 2024-01-01",
        "end = 2030-12-31",
        'programme = "jtf-2021-2027"',
        'measure = "development"',
        'cost_model = "flat_rate_15"',
        "",
    ]
    for p in range(5):
        lines += [
            "[[partners]]",
            f'id = "p{p}"',
            f'name = "Toteuttaja {p} Oy"',
            f'role = "{"main" if p == 0 else "co"}"',
            "",
        ]
    count = 0
    for p in range(5):
        for _ in range(10):
            lines += [
                "[[staff]]",
                f'partner = "p{p}"',
                'title = "Asiantuntija"',
                "fte = 0.5",
                f"months = {rng.randrange(12, 84)}",
                f"monthly_pay = {rng.randrange(3000, 5000)}.00",
                "",
            ]
            count += 1
    while count < 300:
        p = count % 5
        years = ", ".join(f"{2024 + y} = {rng.randrange(0, 20000)}.00" for y in range(7))
        lines += [
            "[[costs]]",
            f'partner = "p{p}"',
            f'category = "{rng.choice(CATEGORIES)}"',
            f'description = "Kustannusrivi {count}"',
            f"by_year = {{ {years} }}",
            "",
        ]
        count += 1
    lines += [
        "[funding]",
        "support_rate = 0.70",
        "",
        "[municipal]",
        'funding = "remainder"',
        'key = "per_capita"',
        "members = [" + ", ".join(f'"{m}"' for m in MUNICIPALITIES) + "]",
    ]
    return "\n".join(lines) + "\n"


def floor(sheets: list[int], path: Path) -> None:
    """openpyxl writing the same number of cells, values only, no formatting."""
    wb = Workbook()
    for i, cells in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        width = 20
        for n in range(cells):
            ws.cell(row=n // width + 1, column=n % width + 1, value=n * 1.5 if n % 3 else "teksti")
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "suuri.toml"
        source.write_text(large_project(), encoding="utf-8")
        result = calculate(source)
        wb = build_workbook(result)
        sheets = [
            sum(1 for row in ws.iter_rows() for c in row if c.value is not None)
            for ws in wb.worksheets
        ]
        ours, base = [], []
        for i in range(args.runs):
            start = time.perf_counter()
            export(result, folder / f"e{i}.xlsx")
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            floor(sheets, folder / f"f{i}.xlsx")
            base.append(time.perf_counter() - start)
        o, b = statistics.median(ours), statistics.median(base)
        print(
            f"project: {len(result.partners)} implementers, {len(result.municipal_shares)} "
            f"municipalities, {len(result.years)} years, {len(result.cost_lines)} cost lines"
        )
        print(f"cells written: {sum(sheets)} in {len(sheets)} sheets")
        print(f"floor  openpyxl, same cells, no formatting: median {b * 1000:.0f} ms")
        print(f"export hanke export (build + save):        median {o * 1000:.0f} ms")
        print(f"ratio  {o / b:.2f} (goal <= 1.5, and under 1 s), runs {args.runs}")


if __name__ == "__main__":
    main()
