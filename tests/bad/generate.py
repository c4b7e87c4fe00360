"""Write the bad-input corpus: each case is a valid example broken in one way, with a
sidecar ``NAME.expect.json`` giving the expected code and the line (or key) it must point
to. The line is found here by searching the written text for the broken line, independent
of hankelaskuri's own source map. Run from the repository root:

    python tests/bad/generate.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
BASE = (HERE.parent.parent / "examples" / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
BASE = "\n".join(line for line in BASE.splitlines() if not line.startswith("#")) + "\n"
SYDAN = (HERE.parent.parent / "examples" / "sydansuomi-pikastartti.toml").read_text(
    encoding="utf-8"
)
SYDAN = "\n".join(line for line in SYDAN.splitlines() if not line.startswith("#")) + "\n"

CASES: list[tuple[str, str, str, str | None]] = []  # name, text, code, marker (line to find)
LINES: dict[str, int] = {}  # cases whose line is counted, not searched


def case(name: str, text: str, code: str, marker: str | None) -> None:
    CASES.append((name, text, code, marker))


def sub(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# -- TOML syntax, every kind -----------------------------------------------------------------
syntax = [
    (
        "unclosed-string",
        'name = "Kestävän kasvun voimalla parempaa bisnestä"',
        'name = "Kestävän kasvun',
    ),
    ("unclosed-array", 'members = ["Kannonkoski", "Karstula"', None),
    ("missing-equals", 'authority "Pohjois-Pohjanmaan ELY-keskus"', None),
    ("missing-value", "authority =", None),
    ("bare-word-value", "authority = Pohjois-Pohjanmaan", None),
    ("decimal-comma", "monthly_pay = 3750,00", None),
    ("space-in-number", "monthly_pay = 3 750.00", None),
    ("invalid-date", "start = 2024-13-01", None),
    ("invalid-day", "start = 2024-02-30", None),
    ("finnish-date", "start = 1.10.2024", None),
    ("leading-zero", "months = 036", None),
    ("invalid-escape", 'title = "Projekti\\päällikkö"', None),
    ("single-quote-unclosed", "title = 'Projektipäällikkö", None),
    ("inline-table-key-only", "by_year = { 2024, 2025 = 26000.00 }", None),
    ("inline-table-nested-unclosed", "by_year = { 2024 = { x = 1 }", None),
    ("inline-table-unclosed", "by_year = { 2024 = 4000.00, 2025 = 26000.00", None),
    ("double-comma", "by_year = { 2024 = 4000.00,, 2025 = 1.00 }", None),
    ("table-unclosed-bracket", "[funding", None),
    ("array-table-unclosed", "[[costs]", None),
    ("key-with-space", "support rate = 0.80", None),
    ("unicode-escape", 'title = "Projekti\\uZZZZ"', None),
    ("text-after-value", "support_rate = 0.80 80 %", None),
    ("hash-in-key", "support#rate = 0.80", None),
    ("equals-in-value", "support_rate = = 0.80", None),
]
# typing mistakes of people used to Finnish numbers and dates have their own code and hint
# (more of them, with the hints they must get, in finnish.py)
FINNISH_SYNTAX = {
    "decimal-comma": "decimal_comma",
    "space-in-number": "space_in_number",
    "finnish-date": "finnish_date",
}
for name, bad, _ in syntax:
    first = bad.split("\n")[0]
    if name == "unclosed-array":
        text = BASE + "\n[municipal]\n" + bad + "\n"
    elif first.startswith(("monthly_pay", "months")):
        text = sub("monthly_pay = 3750.00" if "monthly_pay" in first else "months = 36", bad)
    elif first.startswith(("start",)):
        text = sub("start = 2024-10-01", bad)
    elif first.startswith(("title",)):
        text = sub('title = "Projektipäällikkö"', bad)
    elif first.startswith("by_year"):
        text = sub(
            "by_year = { 2024 = 4000.00, 2025 = 26000.00, 2026 = 26000.00, 2027 = 16000.00 }", bad
        )
    elif first.startswith(("support", "support#")):
        text = sub("support_rate = 0.80", bad)
    elif first.startswith("[funding"):
        text = sub("[funding]", bad)
    elif first.startswith("[[costs"):
        text = sub("[[costs]]", bad)
    elif first.startswith("name"):
        text = sub(first, 'name = "Kestävän kasvun\nstart = 2024-01-01')
    else:
        text = sub('authority = "Pohjois-Pohjanmaan ELY-keskus"', bad)
    code = FINNISH_SYNTAX.get(name, "toml_syntax")
    case(f"syntax-{name}", text, code, None)
case(
    "syntax-duplicate-key",
    sub("support_rate = 0.80", "support_rate = 0.80\nsupport_rate = 0.70"),
    "toml_syntax",
    None,
)
case("syntax-duplicate-table", BASE + "\n[funding]\nsupport_rate = 0.7\n", "toml_syntax", None)
case("syntax-table-and-array", BASE + "\n[[funding]]\n", "toml_syntax", None)
case(
    "syntax-redefine-inline",
    sub('category = "travel"', 'category = "travel"\nby_year.2024 = 1'),
    "toml_syntax",
    None,
)

# -- structure and types ---------------------------------------------------------------------
deep = "x = " + "[" * 40 + "1" + "]" * 40 + "\n"
case("deeply-nested", deep + BASE, "too_deep", None)
case("deep-tables", BASE + "\n[a.b.c.d.e.f.g.h.i.j]\nk = 1\n", "too_deep", None)
types = [
    (
        "name-number",
        'name = "Kestävän kasvun voimalla parempaa bisnestä"',
        "name = 12345",
        "wrong_type",
    ),
    ("name-empty", 'name = "Kestävän kasvun voimalla parempaa bisnestä"', 'name = ""', "too_short"),
    ("start-text", "start = 2024-10-01", 'start = "2024-10-01"', "date_as_text"),
    ("start-finnish-text", "start = 2024-10-01", 'start = "1.10.2024"', "date_as_text"),
    ("end-number", "end = 2027-09-30", "end = 2027", "bad_date"),
    ("start-datetime", "start = 2024-10-01", "start = 2024-10-01T10:00:00", "bad_date"),
    ("programme-number", 'programme = "jtf-2021-2027"', "programme = 2021", "wrong_type"),
    ("programme-bad-id", 'programme = "jtf-2021-2027"', 'programme = "jtf 2021/2027"', "bad_id"),
    ("role-unknown", 'role = "co"', 'role = "partner"', "not_one_of"),
    ("sector-unknown", 'sector = "public"', 'sector = "municipal"', "not_one_of"),
    ("costs-included-text", "costs_included = false", 'costs_included = "no"', "wrong_type"),
    ("category-unknown", 'category = "travel"', 'category = "matkat"', "not_one_of"),
    ("fte-text", "fte = 1.0", 'fte = "1,0"', "number_as_text"),
    ("fte-zero", "fte = 1.0", "fte = 0", "too_small"),
    ("months-list", "months = 36", "months = [36]", "wrong_type"),
    ("months-bool", "months = 36", "months = true", "number_expected"),
    (
        "monthly-pay-text-finnish",
        "monthly_pay = 3750.00",
        'monthly_pay = "3 750,00"',
        "number_as_text",
    ),
    ("monthly-pay-negative", "monthly_pay = 3750.00", "monthly_pay = -3750.00", "too_small"),
    ("monthly-pay-nan", "monthly_pay = 3750.00", "monthly_pay = nan", "not_finite"),
    ("monthly-pay-inf", "monthly_pay = 3750.00", "monthly_pay = inf", "not_finite"),
    ("monthly-pay-huge", "monthly_pay = 3750.00", "monthly_pay = 1e15", "too_large"),
    (
        "monthly-pay-three-decimals",
        "monthly_pay = 3750.00",
        "monthly_pay = 3750.001",
        "too_many_decimals",
    ),
    (
        "by-year-number",
        "by_year = { 2024 = 800.00, 2025 = 3000.00, 2026 = 3000.00, 2027 = 1507.00 }",
        "by_year = 8307",
        "wrong_type",
    ),
    (
        "by-year-bad-year",
        "by_year = { 2024 = 800.00, 2025 = 3000.00, 2026 = 3000.00, 2027 = 1507.00 }",
        "by_year = { vuosi = 800.00 }",
        "wrong_type",
    ),
    (
        "by-year-ancient",
        "by_year = { 2024 = 800.00, 2025 = 3000.00, 2026 = 3000.00, 2027 = 1507.00 }",
        "by_year = { 1850 = 800.00 }",
        "too_small",
    ),
    (
        "by-year-text",
        "by_year = { 2024 = 800.00, 2025 = 3000.00, 2026 = 3000.00, 2027 = 1507.00 }",
        'by_year = { 2024 = "800" }',
        "number_as_text",
    ),
    ("support-rate-percent", "support_rate = 0.80", "support_rate = 80", "rate_as_percent"),
    ("support-rate-150", "support_rate = 0.80", "support_rate = 150", "rate_too_large"),
    ("support-rate-text", "support_rate = 0.80", 'support_rate = "80 %"', "percent_as_text"),
    ("support-rate-negative", "support_rate = 0.80", "support_rate = -0.8", "too_small"),
    ("partners-string", '[[partners]]\nid = "digipolis"', None, None),
    (
        "business-id-check-digit",
        'sector = "private"',
        'sector = "private"\nbusiness_id = "0158766-8"',
        "business_id_invalid",
    ),
    (
        "business-id-format",
        'sector = "private"',
        'sector = "private"\nbusiness_id = "01587667"',
        "business_id_invalid",
    ),
    ("title-too-long", 'title = "Projektipäällikkö"', 'title = "' + "x" * 600 + '"', "too_long"),
    ("partner-id-spaces", 'id = "kemi"', 'id = "Kemin kaupunki"', "bad_id"),
]
for name, old, new, code in types:
    if new is None:
        continue
    marker = new.split("\n")[-1] if new else None
    case(f"type-{name}", sub(old, new), code, marker or None)
# problems of a whole table (two forms given, a form incomplete) point at the table's header
TRAVEL = 'category = "travel"\ndescription = "Matkat Meri-Lapin alueella"\nby_year = { 2024 = 800.00, 2025 = 3000.00, 2026 = 3000.00, 2027 = 1507.00 }'
for name, old, new, code, header in [
    ("staff-two-forms", "months = 36", "months = 36\namount = 1000", "staff_form", "[[staff]]"),
    ("staff-role-incomplete", "monthly_pay = 3750.00", "", "staff_role_incomplete", "[[staff]]"),
    (
        "staff-hours-incomplete",
        "fte = 1.0\nmonths = 36\nmonthly_pay = 3750.00",
        "hours = 100",
        "staff_hours_incomplete",
        "[[staff]]",
    ),
    ("cost-no-amount", TRAVEL, 'category = "travel"', "one_of", "travel"),
    ("cost-two-amounts", TRAVEL, TRAVEL + "\namount = 100", "one_of", "travel"),
    (
        "support-rate-and-amount",
        "support_rate = 0.80",
        "support_rate = 0.80\nsupport = 1000",
        "one_of",
        "[funding]",
    ),
]:
    text = sub(old, new)
    if header == "travel":  # the second [[costs]] table, the one just above the travel line
        lines = text.splitlines()
        travel = next(i for i, line in enumerate(lines) if line == 'category = "travel"')
        header_line = max(i for i in range(travel) if lines[i] == "[[costs]]") + 1
        CASES.append((f"type-{name}", text, code, None))
        LINES[f"type-{name}"] = header_line
    else:
        case(f"type-{name}", text, code, header)
case(
    "type-partners-string",
    'partners = "Kemin kaupunki"\n'
    + sub(
        '[[partners]]\nid = "digipolis"\nname = "Kemin Digipolis Oy"\nrole = "main"\nsector = "private"\ncosts_included = false\n\n[[partners]]\nid = "kemi"\nname = "Kemin kaupunki"\nrole = "co"\nsector = "public"\n',
        "",
    ),
    "wrong_type",
    "partners = ",
)
case(
    "type-partners-empty",
    "partners = []\n"
    + sub(
        '[[partners]]\nid = "digipolis"\nname = "Kemin Digipolis Oy"\nrole = "main"\nsector = "private"\ncosts_included = false\n\n[[partners]]\nid = "kemi"\nname = "Kemin kaupunki"\nrole = "co"\nsector = "public"\n',
        "",
    ),
    "too_short",
    "partners = ",
)

# -- missing keys ----------------------------------------------------------------------------
for key in ("name", "start", "end", "programme", "measure", "cost_model"):
    line = next(line for line in BASE.splitlines() if line.startswith(f"{key} ="))
    case(f"missing-{key.replace('_', '-')}", sub(line + "\n", ""), "missing", "[project]")
case("missing-title", sub('title = "Projektipäällikkö"\n', ""), "missing", "[[staff]]")
case("missing-category", sub('category = "travel"\n', ""), "missing", None)
case(
    "missing-project-table",
    BASE.split("[[partners]]", 1)[1].join(["[[partners]]", ""]),
    "missing",
    None,
)

# -- unknown keys (typos), at every level -----------------------------------------------------
typos = [
    ("project-nmae", 'name = "Kestävän kasvun', 'nmae = "Kestävän kasvun'),
    ("project-programe", 'programme = "jtf', 'programe = "jtf'),
    ("project-star", "start = 2024", "star = 2024"),
    ("partner-rol", 'role = "co"', 'rol = "co"'),
    ("staff-monthly-salary", "monthly_pay = ", "monthly_salary = "),
    ("staff-oncost", "fte = 1.0", "fte = 1.0\noncost = 0.25"),
    ("cost-desc", 'description = "Matkat', 'desc = "Matkat'),
    ("funding-suport-rate", "support_rate = ", "suport_rate = "),
    ("top-level-budjetti", "[funding]", "[budjetti]\nyhteensa = 1\n\n[funding]"),
    ("top-level-costs-typo", "[[costs]]", "[[cost]]"),
]
for name, old, new in typos:
    marker = next(
        part
        for part in new.split("\n")
        if part.split(" ")[0].strip("[]")
        in (
            "nmae",
            "programe",
            "star",
            "rol",
            "monthly_salary",
            "oncost",
            "desc",
            "suport_rate",
            "budjetti",
            "cost",
        )
    )
    case(f"unknown-key-{name}", sub(old, new), "unknown_key", marker)

# -- references ------------------------------------------------------------------------------
refs = [
    (
        "unknown-programme",
        'programme = "jtf-2021-2027"',
        'programme = "jtf-2021-2028"',
        "unknown_programme",
    ),
    (
        "unknown-programme-esr",
        'programme = "jtf-2021-2027"',
        'programme = "esr-2014-2020"',
        "unknown_programme",
    ),
    (
        "unknown-measure",
        'measure = "development"',
        'measure = "kehittamishanke"',
        "unknown_measure",
    ),
    (
        "unknown-cost-model",
        'cost_model = "flat_rate_15"',
        'cost_model = "flat_rate_24"',
        "unknown_cost_model",
    ),
    (
        "unknown-partner-staff",
        'partner = "kemi"\ntitle',
        'partner = "kemii"\ntitle',
        "unknown_partner",
    ),
    (
        "unknown-partner-cost",
        'partner = "kemi"\ncategory = "travel"',
        'partner = "tornio"\ncategory = "travel"',
        "unknown_partner",
    ),
    ("duplicate-partner-id", 'id = "digipolis"', 'id = "kemi"', "duplicate_partner"),
    ("two-main-implementers", 'role = "co"', 'role = "main"', "main_partner_count"),
    ("no-main-implementer", 'role = "main"', 'role = "co"', "main_partner_count"),
    (
        "unknown-region",
        'cost_model = "flat_rate_15"',
        'cost_model = "flat_rate_15"\nregion = "Lappland"',
        "unknown_region",
    ),
]
for name, old, new, code in refs:
    marker = (
        None
        if code == "main_partner_count"
        else next(
            part
            for part in reversed(new.split("\n"))
            if part.split(" ")[0]
            in ("programme", "measure", "cost_model", "partner", "id", "region")
        )
    )
    case(f"ref-{name}", sub(old, new), code, marker)
case(
    "ref-unknown-lump-sum",
    BASE + '\n[[lump_sums]]\nid = "valmisteluraha"\namount = 5000\n',
    "unknown_lump_sum",
    'id = "valmisteluraha"',
)
municipal_refs = [
    ("unknown-municipality", '"Kinnula"', '"Kinula"', "unknown_municipality"),
    ("unknown-municipality-code", '"Kinnula"', '"999"', "unknown_municipality"),
    ("merged-municipality", '"Kinnula"', '"Jalasjärvi"', "unknown_municipality"),
    ("duplicate-municipality", '"Kinnula"', '"Karstula"', "duplicate_municipality"),
    (
        "duplicate-by-swedish-name",
        '"Kinnula", "Kivijärvi"',
        '"Kinnula", "Kinnula"',
        "duplicate_municipality",
    ),
    ("fixed-without-amounts", 'key = "per_capita"', 'key = "fixed"', "key_needs_value"),
    ("percent-without-percents", 'key = "per_capita"', 'key = "percent"', "key_needs_value"),
    (
        "base-without-share",
        'key = "per_capita"',
        'key = "base_plus_per_capita"',
        "base_share_missing",
    ),
    ("key-unknown", 'key = "per_capita"', 'key = "asukasluku"', "not_one_of"),
    ("funding-text", 'funding = "remainder"', 'funding = "loput"', "not_one_of"),
    ("funding-negative", 'funding = "remainder"', "funding = -100", "too_small"),
    (
        "recipient-unknown",
        'funding = "remainder"',
        'funding = "remainder"\nrecipient = "karstula"',
        "unknown_partner",
    ),
]
for name, old, new, code in municipal_refs:
    marker = (
        new.split("\n")[-1]
        if code not in ("key_needs_value", "base_share_missing")
        else "members = ["
    )
    if code == "base_share_missing":
        marker = "[municipal]"
    if code in ("unknown_municipality", "duplicate_municipality"):
        marker = "members = ["
    case(f"municipal-{name}", sub(old, new, SYDAN), code, marker)

# -- dates -----------------------------------------------------------------------------------
case(
    "dates-end-before-start",
    sub("end = 2027-09-30", "end = 2024-09-30"),
    "end_before_start",
    "end = 2024-09-30",
)
case("dates-too-long", sub("end = 2027-09-30", "end = 2047-09-30"), "period_too_long", "[project]")

# -- rule findings (valid input, exit 1) ----------------------------------------------------
findings = [
    ("support-above-max", "support_rate = 0.80", "support_rate = 0.85", "support_rate_above_max"),
    (
        "dates-outside-programme",
        "start = 2024-10-01\nend = 2027-09-30",
        "start = 2020-01-01\nend = 2027-09-30",
        "dates_outside_programme",
    ),
    ("dates-after-programme", "end = 2027-09-30", "end = 2030-06-30", "dates_outside_programme"),
    (
        "cost-model-not-allowed",
        'cost_model = "flat_rate_15"',
        'cost_model = "flat_rate_1_5"',
        "cost_model_not_allowed",
    ),
    (
        "cost-covered-by-flat-rate",
        'cost_model = "flat_rate_15"',
        'cost_model = "flat_rate_40"',
        "cost_covered_by_flat_rate",
    ),
    (
        "co-implementer-without-budget",
        "costs_included = false",
        "costs_included = true",
        "partner_without_budget",
    ),
    (
        "year-outside-period",
        "2027 = 1507.00 }",
        "2027 = 1507.00, 2028 = 10.00 }",
        "year_outside_period",
    ),
    (
        "public-as-private",
        "support_rate = 0.80",
        'support_rate = 0.80\n\n[[funding.sources]]\npartner = "kemi"\nkind = "private"\nprovider = "Kemin kaupunki"\namount = 1000',
        "public_as_private",
    ),
    (
        "funding-not-equal-cost",
        "support_rate = 0.80",
        'support_rate = 0.80\n\n[[funding.sources]]\npartner = "kemi"\nkind = "own"\namount = 50000',
        "funding_not_equal_cost",
    ),
    (
        "funding-exceeds-cost",
        "support_rate = 0.80",
        'support_rate = 0.80\n\n[[funding.sources]]\npartner = "kemi"\nkind = "other_public"\nprovider = "Lapin liitto"\namount = 60000',
        "funding_exceeds_cost",
    ),
    (
        "income-exceeds-cost",
        "support_rate = 0.80",
        'support_rate = 0.80\n\n[[income]]\npartner = "kemi"\namount = 300000',
        "income_exceeds_cost",
    ),
    (
        "voluntary-work-not-allowed",
        "[funding]",
        '[[voluntary_work]]\npartner = "kemi"\nhours = 10\n\n[funding]',
        "voluntary_work_not_allowed",
    ),
]
for name, old, new, code in findings:
    marker = {
        "duration_above_max": "end = ",
        "support_rate_above_max": "support_rate = 0.85",
        "dates_outside_programme": "start = 2020-01-01" if "2020" in new else "end = 2030-06-30",
        "cost_model_not_allowed": 'cost_model = "flat_rate_1_5"',
        "cost_covered_by_flat_rate": "[[costs]]",
        "partner_without_budget": "[[partners]]",
        "year_outside_period": "2028 = 10.00",
        "public_as_private": 'kind = "private"',
        "funding_not_equal_cost": "[[funding.sources]]",
        "funding_exceeds_cost": "[funding]",
        "income_exceeds_cost": "[[income]]",
        "voluntary_work_not_allowed": "[[voluntary_work]]",
    }[code]
    case(f"finding-{name}", sub(old, new), code, marker)
case(
    "finding-municipal-fixed-mismatch",
    sub(
        'key = "per_capita"\nmembers = ["Kannonkoski", "Karstula", "Kinnula", "Kivijärvi", "Kyyjärvi", "Pihtipudas", "Viitasaari"]',
        'key = "fixed"\nmembers = [{ municipality = "Karstula", amount = 10000 }, { municipality = "Kinnula", amount = 5000 }]',
        SYDAN,
    ),
    "municipal_shares_mismatch",
    "members = [",
)
case(
    "finding-support-cap",
    sub('measure = "keski-suomi"', 'measure = "keski-pohjanmaa"', SYDAN).replace(
        "by_year = { 2022 = 4200.00, 2023 = 50400.00, 2024 = 25200.00 }",
        "by_year = { 2022 = 42000.00, 2023 = 50400.00, 2024 = 25200.00 }",
    ),
    "support_above_cap",
    "support_rate = 0.80",
)
PREP = (HERE.parent.parent / "examples" / "pieksamaki-valmisteluraha.toml").read_text(
    encoding="utf-8"
)
case(
    "finding-lump-sum-amount",
    sub("amount = 5000.00", "amount = 4500.00", PREP),
    "lump_sum_amount",
    "amount = 4500.00",
)
case(
    "finding-lump-sum-missing",
    sub('[[lump_sums]]\nid = "preparation_grant"\namount = 5000.00\n', "", PREP),
    "lump_sum_missing",
    'cost_model = "lump_sum"',
)
case(
    "finding-lump-sum-with-costs",
    PREP + '\n[[costs]]\ncategory = "other"\namount = 100\n',
    "lump_sum_with_costs",
    "[[costs]]",
)
case(
    "finding-preparation-too-long",
    sub("start = 2024-04-01", "start = 2023-01-01", PREP),
    "duration_above_max",
    "end = 2024-07-30",
)


def main() -> None:
    for old in HERE.glob("*.toml"):
        old.unlink()
    for old in HERE.glob("*.expect.json"):
        old.unlink()
    for name, text, code, marker in CASES:
        lines = text.splitlines()
        line = LINES.get(name)
        if marker is not None:
            matches = [i + 1 for i, text_line in enumerate(lines) if text_line.startswith(marker)]
            matches = matches or [i + 1 for i, text_line in enumerate(lines) if marker in text_line]
            assert matches, (name, marker)
            last = code in ("unknown_municipality", "duplicate_municipality", "duplicate_partner")
            line = matches[-1] if last else matches[0]
        (HERE / f"{name}.toml").write_text(text, encoding="utf-8")
        warning = code in ("duration_above_max", "hours_above_year", "municipal_without_members")
        expect = {"code": code, "exit": (0 if warning else 1) if name.startswith("finding-") else 2}
        if line is not None:
            expect["line"] = line
        (HERE / f"{name}.expect.json").write_text(
            json.dumps(expect, indent=1) + "\n", encoding="utf-8"
        )
    # encodings and byte-level cases
    (HERE / "encoding-windows-1252.toml").write_bytes(BASE.encode("cp1252"))
    (HERE / "encoding-windows-1252.expect.json").write_text('{"code": "encoding", "exit": 2}\n')
    (HERE / "encoding-latin1-name.toml").write_bytes(
        BASE.replace("Kestävän", "Kest\u00e4v\u00e4n").encode("latin-1")
    )
    (HERE / "encoding-latin1-name.expect.json").write_text('{"code": "encoding", "exit": 2}\n')
    (HERE / "encoding-utf16.toml").write_bytes(BASE.encode("utf-16"))
    (HERE / "encoding-utf16.expect.json").write_text('{"code": "binary_file", "exit": 2}\n')
    (HERE / "empty.toml").write_bytes(b"")
    (HERE / "empty.expect.json").write_text('{"code": "empty_file", "exit": 2}\n')
    (HERE / "only-comments.toml").write_text("# tyhjä luonnos\n\n", encoding="utf-8")
    (HERE / "only-comments.expect.json").write_text('{"code": "missing", "exit": 2}\n')
    (HERE / "binary.toml").write_bytes(bytes(range(256)) * 4)
    (HERE / "binary.expect.json").write_text('{"code": "binary_file", "exit": 2}\n')
    (HERE / "word-smart-quotes.toml").write_text(
        sub(
            'name = "Kestävän kasvun voimalla parempaa bisnestä"',
            "name = \u201dKestävän kasvun\u201d",
        ),
        encoding="utf-8",
    )
    smart = (HERE / "word-smart-quotes.toml").read_text(encoding="utf-8").splitlines()
    line = next(i + 1 for i, text_line in enumerate(smart) if "\u201d" in text_line)
    (HERE / "word-smart-quotes.expect.json").write_text(
        json.dumps({"code": "toml_syntax", "exit": 2, "line": line}) + "\n"
    )
    print(f"{len(CASES) + 7} bad files written")


if __name__ == "__main__":
    main()
