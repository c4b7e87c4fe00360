"""Project files of every real shape for the attachment tests: 1–7 budget years, up to 20
municipalities, totals over a million euros."""

from __future__ import annotations

from pathlib import Path

# Keski-Suomi's municipalities in the bundled data's order: the first 20 are enough.
MUNICIPALITIES = [
    "Hankasalmi",
    "Joutsa",
    "Jyväskylä",
    "Jämsä",
    "Kannonkoski",
    "Karstula",
    "Keuruu",
    "Kinnula",
    "Kivijärvi",
    "Konnevesi",
    "Kuhmoinen",
    "Kyyjärvi",
    "Laukaa",
    "Luhanka",
    "Multia",
    "Muurame",
    "Petäjävesi",
    "Pihtipudas",
    "Saarijärvi",
    "Toivakka",
]


def project(
    years: int,
    members: int = 7,
    staff_per_year: int = 150_000,
    purchased: str = "142005.00",
    extra: str = "",
) -> str:
    """A project over ``years`` calendar years; staff 150 000 € a year + 15 % flat rate +
    purchased services, the municipalities covering the remainder per capita."""
    first = 2024
    last = first + years - 1
    staff = ", ".join(f"{y} = {staff_per_year}.00" for y in range(first, last + 1))
    names = ", ".join(f'"{m}"' for m in MUNICIPALITIES[:members])
    return f"""
[project]
name = "Keski-Suomen elinvoimaohjelma {years} v"
start = {first}-01-01
end = {last}-12-31
authority = "Keski-Suomen liitto"
programme = "akke"
measure = "keski-suomi"
cost_model = "flat_rate_15"

[[partners]]
id = "seutu"
name = "Keski-Suomen Kehittämisyhtiö Oy"
role = "main"

[[staff]]
title = "Hankeasiantuntijat"
by_year = {{ {staff} }}

[[costs]]
category = "purchased_services"
description = "Selvitykset ja valmennukset"
amount = {purchased}

[funding]
support_rate = 0.70

[municipal]
funding = "remainder"
key = "per_capita"
members = [{names}]
{extra}"""


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path
