"""Start-up benchmark: ``hanke budget`` on the Kemi example against the bare imports.

Runs both commands alternately in fresh interpreters and prints the median wall time of
each and their ratio. The floor is ``python -c "import typer, rich, pydantic"``; the goal
is a ratio of at most 1.5.

    python benchmarks/startup_bench.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kemi-kestava-kasvu.toml"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    floor_cmd = [sys.executable, "-c", "import typer, rich, pydantic"]
    budget_cmd = [sys.executable, "-m", "hankelaskuri", "budget", str(EXAMPLE)]
    timed(floor_cmd), timed(budget_cmd)  # warm the file cache
    floor, budget = [], []
    for _ in range(args.runs):
        floor.append(timed(floor_cmd))
        budget.append(timed(budget_cmd))
    f, b = statistics.median(floor), statistics.median(budget)
    print(f"floor  python -c 'import typer, rich, pydantic': median {f * 1000:.0f} ms")
    print(f"budget hanke budget {EXAMPLE.name}: median {b * 1000:.0f} ms")
    print(f"ratio {b / f:.2f} (goal <= 1.5), runs {args.runs}")


if __name__ == "__main__":
    main()
