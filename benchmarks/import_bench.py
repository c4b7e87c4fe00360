"""``hanke import`` of the large project's workbook vs openpyxl reading the same file.

The floor is what any reader of the workbook must do: open it with openpyxl and read every
cell's value. ``hanke import`` does that plus the checks on the untrusted file (zip limits,
every XML part parsed once more by defusedxml), the project kept in the workbook parsed and
computed once, and the canonical project text written. CPU time, medians of interleaved
runs, in one process so that the machine's load falls on both sides alike.

    python benchmarks/import_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from projects import large_project  # noqa: E402


def floor(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from hankelaskuri.api import calculate
    from hankelaskuri.importer import import_workbook
    from hankelaskuri.render.excel import export

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "suuri.toml"
        source.write_text(large_project(), encoding="utf-8")
        book = Path(tmp) / "suuri.xlsx"
        start = time.process_time()
        export(calculate(source), book, source=source.read_text(encoding="utf-8"))
        print(f"export of the large project: {time.process_time() - start:.2f} s CPU")
        ours, base = [], []
        cells = 0
        for _ in range(args.runs):
            start = time.process_time()
            import_workbook(book)
            ours.append(time.process_time() - start)
            start = time.process_time()
            cells = floor(book)
            base.append(time.process_time() - start)
        a, b = statistics.median(ours), statistics.median(base)
        size = book.stat().st_size / 1024
        print(f"workbook {size:.0f} KiB, {cells} cells with a value")
        print(
            f"hanke import {a * 1000:.0f} ms CPU, openpyxl read {b * 1000:.0f} ms, ratio {a / b:.2f}"
        )


if __name__ == "__main__":
    main()
