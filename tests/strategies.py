"""Random valid projects for property tests, written as TOML text."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from hankelaskuri.municipalities import all_municipalities

NAMES = sorted(m.name_fi for m in all_municipalities())[:80]
SETUPS = [
    ("jtf-2021-2027", "development", "flat_rate_40", ["staff"]),
    ("jtf-2021-2027", "development", "actual", ["staff", "purchased_services", "travel", "other"]),
    ("erdf-2021-2027", "development", "flat_rate_15", ["staff", "purchased_services", "travel"]),
    ("eafrd-2023-2027", "cooperation", "flat_rate_19", ["staff", "purchased_services"]),
    ("akke", "kymenlaakso", "flat_rate_7", ["staff", "purchased_services", "equipment"]),
]

money = st.decimals(min_value=0, max_value=400_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def projects(draw) -> tuple[str, dict]:
    programme, measure, model, categories = draw(st.sampled_from(SETUPS))
    start_year = draw(st.integers(2024, 2026))
    start_month = draw(st.integers(1, 12))
    years = draw(st.integers(0, 3))
    end_month = draw(st.integers(1, 12))
    if years == 0:
        end_month = max(end_month, start_month)
    n_partners = draw(st.integers(1, 3))
    rate = draw(st.sampled_from(["0.50", "0.70", "0.75", "0.80"]))
    lines = [
        "[project]",
        'name = "Satunnainen hanke"',
        f"start = {start_year}-{start_month:02d}-01",
        f"end = {start_year + years}-{end_month:02d}-28",
        f'programme = "{programme}"',
        f'measure = "{measure}"',
        f'cost_model = "{model}"',
        "",
    ]
    for i in range(n_partners):
        lines += [
            "[[partners]]",
            f'id = "p{i}"',
            f'name = "Toteuttaja {i} Oy"',
            f'role = "{"main" if i == 0 else "co"}"',
            "",
        ]
    for i in range(n_partners):
        for _ in range(draw(st.integers(1, 3))):
            category = draw(st.sampled_from(categories))
            amount = draw(money.filter(lambda d: d > 0))
            section = "staff" if category == "staff" else "costs"
            lines += [f"[[{section}]]", f'partner = "p{i}"']
            lines += ['title = "Tehtävä"'] if section == "staff" else [f'category = "{category}"']
            lines += [f"amount = {amount}", ""]
    lines += ["[funding]", f"support_rate = {rate}", ""]
    members = draw(st.lists(st.sampled_from(NAMES), min_size=0, max_size=9, unique=True))
    key = draw(st.sampled_from(["per_capita", "equal", "base_plus_per_capita"]))
    if members:
        lines += ["[municipal]", 'funding = "remainder"', f'key = "{key}"']
        if key == "base_plus_per_capita":
            lines.append("base_share = 0.25")
        lines.append("members = [" + ", ".join(f'"{m}"' for m in members) + "]")
    return "\n".join(lines) + "\n", {"rate": Decimal(rate), "members": members, "key": key}
