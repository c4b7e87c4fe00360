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


# Swedish-speaking Ostrobothnia: Närpes implements (main), Kristinestad implements (co) and
# both also fund by population; support 70 %, so each implementer's own funding is 30 % of
# its net costs.
SWEDISH_COAST = """
[project]
name = "Sydösterbottens näringslivsutveckling – digitala tjänster för små och medelstora företag i kustregionen"
start = 2025-03-01
end = 2027-12-31
authority = "Österbottens förbund"
programme = "akke"
measure = "pohjanmaa"
cost_model = "flat_rate_15"

[[partners]]
id = "narpes"
name = "Närpes stad"
role = "main"
sector = "public"
municipality = "Närpes"
organisation = "municipality"

[[partners]]
id = "kristinestad"
name = "Kristinestads stad, näringslivsavdelningen och utvecklingsenheten för landsbygden"
role = "co"
sector = "public"
municipality = "Kristinestad"
organisation = "municipality"

[[staff]]
partner = "narpes"
title = "Projektchef"
fte = 1.0
months = 34
monthly_pay = 4100.00

[[staff]]
partner = "kristinestad"
title = "Företagsrådgivare med ansvar för digitalisering och exportfrämjande"
fte = 0.5
months = 30
monthly_pay = 3600.00
start = 2025-07-01

[[costs]]
partner = "narpes"
category = "purchased_services"
description = "Utbildningar, workshoppar och expertutredningar om digitala affärsmodeller"
by_year = { 2025 = 12000.00, 2026 = 30000.00, 2027 = 18000.00 }

[[costs]]
partner = "kristinestad"
category = "travel"
description = "Resor"
amount = 4500.00

[funding]
support_rate = 0.70

[municipal]
funding = "remainder"
key = "per_capita"
members = ["Närpes", "Kristinestad", "Kaskö", "Korsholm", "Pargas"]
"""


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path
