"""Every message code in the catalogue is produced by at least one case.

The codes are read from the catalogue (``msg.<code>`` in the Finnish ``.po``). A code is
covered by the bad-input corpus (``tests/bad/*.expect.json``), by a declarative case
(``tests/cases/*.toml``, its ``findings``) or by a case in :data:`CASES` below, each a
small project broken in one way and run through the library. Messages that are not about
a project file (the command line's own refusals, output files) are named in
:data:`NOT_ABOUT_A_PROJECT`. A new finding code without a case fails
:func:`test_every_catalogue_code_has_a_case`: add a case here or to the corpus.
"""

from __future__ import annotations

import json
import re
import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from hankelaskuri import batch
from hankelaskuri.api import calculate
from hankelaskuri.errors import InputError

TESTS = Path(__file__).parent
ROOT = TESTS.parent
RULES = ROOT / "src" / "hankelaskuri" / "rules"
CATALOGUE = ROOT / "src" / "hankelaskuri" / "locale" / "fi" / "LC_MESSAGES" / "hankelaskuri.po"

NOT_ABOUT_A_PROJECT = {
    # the command line's usage and its own refusals
    "commitment_not_raised",
    "internal_error",
    "interrupted",
    "municipalities_option",
    "municipalities_pool",
    "municipality_or_all",
    "all_needs_dir",
    "output_or_dir",
    "no_files",
    "no_municipalities",
    "not_a_partner",
    "not_participating",
    "problems_in_file",
    "programme_required",
    "rules_file_invalid",
    "rules_file_unreadable",
    "too_few_characters",  # a rules file's source text (tests/test_file_guards.py)
    "support_rounded_up",  # a rules file's support rounding (tests/test_rules.py)
    "attachment_with_errors",
    "set_key",
    "set_option",
    "unknown_format",
    "file_unreadable",
    "rules_dir_missing",
    "pdf_unavailable",
    "not_participating_guess",
    # hanke init's answers, asked again when wrong (tests/test_init.py)
    "bad_date_answer",
    "empty_answer",
    "end_before_start_answer",
    "unknown_choice",
    "unknown_choice_guess",
    "unknown_municipality_guess",
    # output files (tests/test_output_safety.py)
    "folder_not_made",
    "output_batch_partial",
    "output_disk_full",
    "output_exists",
    "output_failed",
    "output_folder",
    "output_is_folder",
    "output_is_input",
    "output_name_is_folder",
    "output_name_too_long",
    "output_not_regular",
    "output_permission",
    "output_read_only",
    "output_symlink",
    "output_suffix",
}


def catalogue_codes() -> set[str]:
    text = CATALOGUE.read_text(encoding="utf-8")
    return set(re.findall(r'^msgid "msg\.([a-z0-9_]+)"$', text, re.MULTILINE))


def corpus_codes() -> set[str]:
    codes = {
        json.loads(p.read_text(encoding="utf-8"))["code"]
        for p in (TESTS / "bad").glob("*.expect.json")
    }
    for path in (TESTS / "cases").glob("*.toml"):
        lines = [
            line[2:].strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#=")
        ]
        codes.update(tomllib.loads("\n".join(lines)).get("expect", {}).get("findings", []))
    return codes


# -- running a case -------------------------------------------------------------------------
def codes_of(path: Path, rules: list[Path] | None = None) -> set[str]:
    """The codes a project file gives: its findings, or the problems that make it unusable."""
    try:
        return {f.code for f in calculate(path, rules or []).findings}
    except InputError as exc:
        return {p.code for p in exc.problems}


def write(folder: Path, text: str, name: str = "p.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def own_rules(folder: Path, source: str, new_id: str, *changes: tuple[str, str]) -> Path:
    """A rules folder with a built-in programme changed (``old → new`` text replacements)."""
    rules = folder / "rules"
    rules.mkdir(exist_ok=True)
    text = (RULES / f"{source}.toml").read_text(encoding="utf-8")
    text = text.replace(f'id = "{source}"', f'id = "{new_id}"')
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    (rules / f"{new_id}.toml").write_text(text, encoding="utf-8")
    return rules


def jtf(
    body: str, head: str = "", end: str = "2025-12-31", programme: str = "jtf-2021-2027"
) -> str:
    return f"""
[project]
name = "Testihanke"
start = 2025-01-01
end = {end}
programme = "{programme}"
measure = "development"
cost_model = "actual"
{head}
[[partners]]
id = "main"
name = "Kehitysyhtiö Oy"
role = "main"
{body}
"""


COSTS = """
[[costs]]
category = "purchased_services"
description = "Selvitys"
amount = 10000
"""


def baltic(body: str) -> str:
    return f"""
[project]
name = "Saaristokoulu"
start = 2025-01-01
end = 2025-12-31
programme = "interreg-central-baltic-2021-2027"
measure = "regular"
cost_model = "actual"

[[partners]]
id = "main"
name = "Saaristosäätiö"
role = "main"
sector = "private"

[[staff]]
title = "Projektipäällikkö"
amount = 30000.00
{body}
[funding]
support_rate = 0.80
"""


# -- the cases: code → how to produce it ------------------------------------------------------
def hours_above_year(tmp: Path) -> set[str]:
    body = (
        '[[staff]]\ntitle = "Asiantuntija"\nannual_cost = 50000\nhours_by_year = { 2025 = 2000 }\n'
    )
    return codes_of(write(tmp, jtf(body)))


def zero_line(tmp: Path) -> set[str]:
    # a role whose years were left empty: 0 €, told as a warning
    body = '[[staff]]\ntitle = "Asiantuntija"\nby_year = {}\n'
    return codes_of(write(tmp, jtf(body)))


def income_exceeds_year_cost(tmp: Path) -> set[str]:
    body = """
[[costs]]
category = "purchased_services"
description = "Selvitys"
by_year = { 2025 = 1000, 2026 = 9000 }
[[income]]
description = "Osallistumismaksut"
by_year = { 2025 = 5000 }
"""
    return codes_of(write(tmp, jtf(body, end="2026-12-31")))


def lump_sum_not_in_model(tmp: Path) -> set[str]:
    text = """
[project]
name = "Valmistelu"
start = 2024-04-01
end = 2024-07-30
programme = "leader-2023-2027"
measure = "preparation_grant"
cost_model = "actual"

[[partners]]
id = "main"
name = "Yhdistys ry"
role = "main"
sector = "private"

[[lump_sums]]
id = "preparation_grant"
amount = 5000.00
"""
    return codes_of(write(tmp, text))


def municipal_without_members(tmp: Path) -> set[str]:
    return codes_of(write(tmp, jtf(COSTS + '[municipal]\nfunding = 1000\nkey = "equal"\n')))


def own_share_below_min(tmp: Path) -> set[str]:
    rules = own_rules(
        tmp,
        "jtf-2021-2027",
        "oma",
        ("min_own_share = { value = 0.20", "min_own_share = { value = 0.30"),
    )
    text = jtf(COSTS + "[funding]\nsupport_rate = 0.80\n", programme="oma")
    return codes_of(write(tmp, text), [rules])


def rule_not_valid(tmp: Path) -> set[str]:
    # rules are read on the reference date; JTF's values start in 2021
    return codes_of(write(tmp, jtf(COSTS, head="reference_date = 2015-01-01")))


def support_rounded_down(tmp: Path) -> set[str]:
    # JTF grants whole euros: 10 000,50 € asked is 10 000 € granted, with a warning
    return codes_of(
        write(tmp, jtf(COSTS.replace("10000", "20000") + "[funding]\nsupport = 10000.50\n"))
    )


def support_split_invalid(tmp: Path) -> set[str]:
    programme = tomllib.loads((RULES / "jtf-2021-2027.toml").read_text(encoding="utf-8"))
    eu = programme["support_split"]["eu"]["value"]
    rules = own_rules(
        tmp,
        "jtf-2021-2027",
        "oma",
        (f"eu = {{ value = {eu}", f"eu = {{ value = {eu + 0.1:.2f}"),
    )
    return codes_of(write(tmp, jtf(COSTS, programme="oma")), [rules])


def flat_rate_fixed(tmp: Path) -> set[str]:
    # Central Baltic's office 15 % is not adjustable
    return codes_of(write(tmp, baltic('[[cost_options]]\nid = "office_15"\nrate = 0.10\n')))


def not_a_unit_cost(tmp: Path) -> set[str]:
    body = '[[unit_costs]]\nid = "office_15"\nunit_rate = 100.00\nquantity = 10\n'
    return codes_of(write(tmp, baltic(body)))


def unit_rate_missing(tmp: Path) -> set[str]:
    return codes_of(write(tmp, baltic('[[unit_costs]]\nid = "unit_cost"\nquantity = 10\n')))


def unit_rate_fixed(tmp: Path) -> set[str]:
    rate = (
        'unit_rate = { value = 120.00, since = 2021-01-01, source = "test rules", '
        'status = "official" }\n'
    )
    rules = own_rules(
        tmp,
        "interreg-central-baltic-2021-2027",
        "cb-oma",
        ('kind = "unit_cost"\n', 'kind = "unit_cost"\n' + rate),
    )
    text = baltic('[[unit_costs]]\nid = "unit_cost"\nunit_rate = 150.00\nquantity = 10\n')
    text = text.replace('"interreg-central-baltic-2021-2027"', '"cb-oma"')
    return codes_of(write(tmp, text), [rules])


def duplicate_project(tmp: Path) -> set[str]:
    text = jtf(COSTS, head='project_number = "12345"')
    files = [write(tmp, text, "a.toml"), write(tmp, text, "b.toml")]
    summaries = batch.mark_duplicates(list(batch.check_files(files, jobs=1)))
    return {f.code for s in summaries for f in s.items}


def file_not_found(tmp: Path) -> set[str]:
    return codes_of(tmp / "missing.toml")


def file_too_large(tmp: Path) -> set[str]:
    return codes_of(write(tmp, "# " + "x" * 1_100_000 + "\n"))


def not_regular_file(tmp: Path) -> set[str]:
    folder = tmp / "folder.toml"
    folder.mkdir()
    return codes_of(folder)


def bad_character(tmp: Path) -> set[str]:
    return codes_of(write(tmp, jtf(COSTS).replace('"Testihanke"', '"Testi\\u0001hanke"')))


def date_out_of_range(tmp: Path) -> set[str]:
    return codes_of(write(tmp, jtf(COSTS).replace("start = 2025-01-01", "start = 1800-01-01")))


def more_problems(tmp: Path) -> set[str]:
    extra = "".join(f"unknown_{i} = 1\n" for i in range(60))
    return codes_of(write(tmp, jtf(COSTS).replace('name = "Testihanke"\n', f'name = "T"\n{extra}')))


def municipality_missing(tmp: Path) -> set[str]:
    text = jtf(COSTS).replace('role = "main"\n', 'role = "main"\norganisation = "municipality"\n')
    return codes_of(write(tmp, text))


def decision_without_role(tmp: Path) -> set[str]:
    text = jtf(COSTS) + '\n[[decisions]]\nmunicipality = "Tornio"\n'
    return codes_of(write(tmp, text))


CASES: dict[str, Callable[[Path], set[str]]] = {
    fn.__name__: fn
    for fn in (
        zero_line,
        hours_above_year,
        income_exceeds_year_cost,
        lump_sum_not_in_model,
        municipal_without_members,
        own_share_below_min,
        rule_not_valid,
        support_rounded_down,
        support_split_invalid,
        flat_rate_fixed,
        not_a_unit_cost,
        unit_rate_missing,
        unit_rate_fixed,
        duplicate_project,
        file_not_found,
        file_too_large,
        not_regular_file,
        bad_character,
        date_out_of_range,
        more_problems,
        municipality_missing,
        decision_without_role,
    )
}
CASES["duplicate_project_group"] = duplicate_project  # the first file of the group


@pytest.mark.parametrize("code", sorted(CASES))
def test_case_gives_its_code(code: str, tmp_path: Path) -> None:
    assert code in CASES[code](tmp_path)


def test_every_catalogue_code_has_a_case() -> None:
    uncovered = catalogue_codes() - corpus_codes() - set(CASES) - NOT_ABOUT_A_PROJECT
    assert not uncovered, f"codes without a case (add one to CASES or tests/bad): {uncovered}"


def test_lists_name_only_catalogue_codes() -> None:
    named = set(CASES) | NOT_ABOUT_A_PROJECT
    assert named <= catalogue_codes(), named - catalogue_codes()
