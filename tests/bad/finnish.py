"""Write the Finnish typing mistakes of the bad-input corpus (``fi-*.toml``): a valid example
with one value written the way a person used to Finnish numbers and dates writes it, and a
sidecar ``NAME.expect.json`` with the code, the line and the hint the program must give.
The hints are written here by hand. Run from the repository root:

    python tests/bad/finnish.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples"
KEMI = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
SYDAN = (EXAMPLES / "sydansuomi-pikastartti.toml").read_text(encoding="utf-8")

# name, example, line as written, line as mistyped, code, hint
CASES = [
    (
        "fi-rate-decimal-comma",
        KEMI,
        "support_rate = 0.80",
        "support_rate = 0,80",
        "decimal_comma",
        "Kirjoita 0.80",
    ),
    (
        "fi-date-1-12-2022",
        SYDAN,
        "start = 2022-12-01",
        "start = 1.12.2022",
        "finnish_date",
        "Kirjoita 2022-12-01 (vuosi-kuukausi-päivä, ilman lainausmerkkejä).",
    ),
    (
        "fi-date-as-text",
        SYDAN,
        "start = 2022-12-01",
        'start = "1.12.2022"',
        "date_as_text",
        "Kirjoita päivämäärä ilman lainausmerkkejä: 2022-12-01",
    ),
    (
        "fi-percent-as-text",
        SYDAN,
        "support_rate = 0.80",
        'support_rate = "80 %"',
        "percent_as_text",
        "Kirjoita osuus desimaalilukuna ilman lainausmerkkejä: 0.8",
    ),
    (
        "fi-percent-sign",
        KEMI,
        "support_rate = 0.80",
        "support_rate = 80 %",
        "percent_sign",
        "Kirjoita osuus desimaalilukuna: 0.80",
    ),
    (
        "fi-rate-1-2",
        KEMI,
        "support_rate = 0.80",
        "support_rate = 1.2",
        "rate_ambiguous",
        "Jos tarkoitit 1.2 %, kirjoita 0.012; 120 % ei ole mahdollinen",
    ),
    (
        "fi-rate-80",
        SYDAN,
        "support_rate = 0.80",
        "support_rate = 80",
        "rate_as_percent",
        "Kirjoita 0.8, jos tarkoitit 80 %.",
    ),
    (
        "fi-money-space-comma",
        KEMI,
        "monthly_pay = 3750.00",
        "monthly_pay = 3 750,00",
        "decimal_comma",
        "Kirjoita 3750.00",
    ),
]


def main() -> None:
    for name, example, old, new, code, hint in CASES:
        assert example.count(old) >= 1, (name, old)
        text = example.replace(old, new, 1)
        line = text.splitlines().index(new) + 1
        (HERE / f"{name}.toml").write_text(text, encoding="utf-8")
        expect = {"code": code, "exit": 2, "line": line, "hint": hint}
        (HERE / f"{name}.expect.json").write_text(
            json.dumps(expect, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    print(f"{len(CASES)} Finnish typing mistakes written")


if __name__ == "__main__":
    main()
