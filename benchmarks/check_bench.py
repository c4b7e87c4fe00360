"""Batch-check benchmark: ``hanke check`` on N generated project files against the floor.

Generates N varied project files (default 10 000) in a temporary folder, then times in one
run (a) a bare single-process Python loop that reads and ``tomllib``-parses the same files
(the floor) and (b) ``hanke check FOLDER --quiet`` as a user runs it (a fresh process,
start-up included). Prints both, their ratio, and the peak memory (RSS) of the check and of
its worker processes.

    python benchmarks/check_bench.py [-n 10000] [--jobs 0]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

PROGRAMMES = [
    ("jtf-2021-2027", "development", "flat_rate_40", ["staff"], "0.80"),
    (
        "jtf-2021-2027",
        "development",
        "flat_rate_15",
        ["staff", "purchased_services", "travel"],
        "0.70",
    ),
    (
        "erdf-2021-2027",
        "development",
        "flat_rate_7",
        ["staff", "purchased_services", "equipment"],
        "0.75",
    ),
    ("eafrd-2023-2027", "cooperation", "flat_rate_19", ["staff", "purchased_services"], "1.00"),
    ("leader-2023-2027", "development", "actual", ["staff", "travel", "other", "rents"], "0.80"),
    ("akke", "keski-suomi", "flat_rate_40", ["staff"], "0.80"),
]
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
    "Laukaa",
    "Iitti",
    "Hartola",
    "Sysmä",
]


def project_text(i: int, rng: random.Random) -> str:
    programme, measure, model, categories, rate = rng.choice(PROGRAMMES)
    start = 2024 + rng.randrange(2)
    years = rng.randrange(1, 4)
    lines = [
        "[project]",
        f'name = "Kehittämishanke {i}"',
        f'project_number = "{100000 + i}"',
        f"start = {start}-{rng.randrange(1, 13):02d}-01",
        f"end = {start + years}-{rng.randrange(1, 13):02d}-28",
        'authority = "Keski-Suomen liitto"',
        f'programme = "{programme}"',
        f'measure = "{measure}"',
        f'cost_model = "{model}"',
        "",
    ]
    partners = rng.randrange(1, 4)
    for p in range(partners):
        lines += [
            "[[partners]]",
            f'id = "p{p}"',
            f'name = "Toteuttaja {p} Oy"',
            f'role = "{"main" if p == 0 else "co"}"',
            'sector = "private"',
            "",
        ]
    for p in range(partners):
        lines += [
            "[[staff]]",
            f'partner = "p{p}"',
            'title = "Projektipäällikkö"',
            "fte = 1.0",
            f"months = {12 * years}",
            f"monthly_pay = {rng.randrange(3000, 5000)}.00",
            "",
        ]
        for _ in range(rng.randrange(0, 3)):
            category = rng.choice(categories)
            if category == "staff":
                continue
            by_year = ", ".join(
                f"{start + y} = {rng.randrange(1000, 30000)}.00" for y in range(years)
            )
            lines += [
                "[[costs]]",
                f'partner = "p{p}"',
                f'category = "{category}"',
                'description = "Ostopalvelut ja muut kustannukset"',
                f"by_year = {{ {by_year} }}",
                "",
            ]
    support = rate if rng.random() > 0.05 else "0.95"  # a few break the rules
    lines += ["[funding]", f"support_rate = {support}", ""]
    if rng.random() < 0.6:
        members = rng.sample(MUNICIPALITIES, rng.randrange(2, 8))
        key = rng.choice(["per_capita", "equal"])
        lines += [
            "[municipal]",
            'funding = "remainder"' if support != "1.00" else "funding = 0",
            f'key = "{key}"',
            "members = [" + ", ".join(f'"{m}"' for m in members) + "]",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.n):
            (folder / f"hanke-{i:05d}.toml").write_text(project_text(i, rng), encoding="utf-8")
        files = sorted(folder.glob("*.toml"))
        size = sum(f.stat().st_size for f in files)
        start = time.perf_counter()
        for f in files:
            with f.open("rb") as fh:
                tomllib.load(fh)
        floor = time.perf_counter() - start
        cmd = [sys.executable, "-m", "hankelaskuri", "check", str(folder), "--quiet"]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        check = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"files {len(files)}, {size / len(files):.0f} bytes on average")
        print(
            f"floor  tomllib loop, one process: {floor:.2f} s ({floor / len(files) * 1000:.3f} ms/file)"
        )
        print(
            f"check  hanke check --quiet:       {check:.2f} s ({check / len(files) * 1000:.3f} ms/file), "
            f"exit {done.returncode}"
        )
        print(f"ratio  {check / floor:.2f} (goal <= 1.5)")
        print(f"peak RSS of the largest check process: {peak:.0f} MiB")
        print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:])


if __name__ == "__main__":
    main()
