"""Generated project files for the benchmarks: varied small projects and one large one."""

from __future__ import annotations

import random
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


def write_many(folder: Path, n: int, seed: int = 2026) -> list[Path]:
    """``n`` varied project files in ``folder`` (the same files for the same seed)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        path = folder / f"hanke-{i:05d}.toml"
        path.write_text(project_text(i, rng), encoding="utf-8")
        files.append(path)
    return files


# The large project of the export benchmark: 5 implementers, 9 municipalities, 7 years and
# 300 cost lines.
EXPORT_MUNICIPALITIES = MUNICIPALITIES[:9]
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
        "members = [" + ", ".join(f'"{m}"' for m in EXPORT_MUNICIPALITIES) + "]",
    ]
    return "\n".join(lines) + "\n"
