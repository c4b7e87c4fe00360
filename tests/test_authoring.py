"""hanke init, fmt and scenario."""

import json
import tomllib
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from hankelaskuri.authoring import canonical
from hankelaskuri.cli import app
from hankelaskuri.rules import load_all

from .conftest import EXAMPLES
from .strategies import projects

runner = CliRunner()
PAIRS = [(p.id, m) for p in load_all() for m in p.measures]


def invoke(*args, input=None):
    return runner.invoke(app, [*map(str, args)], input=input, env={"NO_COLOR": "1"})


def parse(text):
    return tomllib.loads(text, parse_float=D)


@pytest.mark.parametrize(("programme", "measure"), PAIRS, ids=[f"{p}:{m}" for p, m in PAIRS])
def test_init_passes_check_for_every_programme_and_measure(tmp_path, programme, measure):
    out = tmp_path / "uusi.toml"
    res = invoke(
        "init",
        out,
        "--programme",
        programme,
        "--measure",
        measure,
        "--name",
        "Testihanke",
        "--start",
        "2026-01-01",
        "--end",
        "2026-12-31",
        "--implementer",
        "Kehitys Oy",
        "-m",
        "Kemi",
        "-m",
        "Keminmaa",
    )
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Testihanke") and "# Hanke:" in text
    check = invoke("check", out, "--format", "json")
    item = json.loads(check.stdout)[0]
    assert item["status"] in ("ok", "warning"), item["findings"]
    assert check.exit_code == 0


def test_init_never_overwrites_without_force(tmp_path):
    out = tmp_path / "h.toml"
    out.write_text("vanha", encoding="utf-8")
    args = ["init", out, "--programme", "akke", "--name", "X", "--implementer", "Y"]
    assert invoke(*args).exit_code == 2 and out.read_text(encoding="utf-8") == "vanha"
    assert invoke(*args, "--force").exit_code == 0
    assert 'programme = "akke"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_examples_are_canonical(path):
    text = path.read_text(encoding="utf-8")
    assert canonical(text, parse(text)) == text
    assert invoke("fmt", "--check", path).exit_code == 0


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(projects())
def test_fmt_keeps_every_value_and_is_idempotent(tmp_path, case):
    text, _ = case
    once = canonical(text, parse(text))
    assert parse(once) == parse(text)  # every value kept (Decimal 5000 == 5000.00)
    assert canonical(once, parse(once)) == once


def test_fmt_rewrites_and_check_reports(tmp_path):
    source = (EXAMPLES / "sydansuomi-pikastartti.toml").read_text(encoding="utf-8")
    messy = (
        source.replace(
            'programme = "akke"\nmeasure = "keski-suomi"',
            'measure = "keski-suomi"\nprogramme = "akke"',
        )
        .replace("support_rate = 0.80", "support_rate = 0.8")
        .replace("6705.00", "6705")
    )
    path = tmp_path / "s.toml"
    path.write_text(messy, encoding="utf-8")
    assert invoke("fmt", "--check", path).exit_code == 1
    assert path.read_text(encoding="utf-8") == messy  # --check writes nothing
    assert invoke("fmt", path).exit_code == 0
    assert path.read_text(encoding="utf-8") == source.replace(
        "support_rate = 0.80", "support_rate = 0.8"
    )


def test_fmt_keeps_a_comment_above_its_table(tmp_path):
    source = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    text = source.replace("[funding]", "# rahoitus tarkistetaan\n[funding]")
    lines = canonical(text, parse(text)).splitlines()
    at = lines.index("# rahoitus tarkistetaan")
    assert lines[at + 1] == "[funding]"
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    assert invoke("fmt", path).exit_code == 0
    assert "# rahoitus tarkistetaan\n[funding]" in path.read_text(encoding="utf-8")


MEMBERS_WITH_NOTES = """[municipal]
funding = "remainder"
key = "per_capita"
members = [
    "Kemi", # tärkein
    # Tornio harkinnassa
    "Tornio",
    "Simo", # pieni
]
"""


def test_fmt_keeps_each_array_items_comment_with_its_item():
    """A note on each municipality of a list stays beside that municipality: the list is
    kept one item a line (once it was joined to one line with every note after it)."""
    source = (EXAMPLES / "sydansuomi-pikastartti.toml").read_text(encoding="utf-8")
    start = source.index("[municipal]")
    end = source.index("\n[", start + 1) if "\n[" in source[start + 1 :] else len(source)
    text = source[:start] + MEMBERS_WITH_NOTES + source[end:]
    out = canonical(text, parse(text))
    assert (
        'members = [\n    "Kemi",  # tärkein\n    # Tornio harkinnassa\n    "Tornio",\n'
        '    "Simo",  # pieni\n]'
    ) in out
    assert canonical(out, parse(out)) == out  # and it stays so
    assert parse(out)["municipal"]["members"] == ["Kemi", "Tornio", "Simo"]


def test_scenario_municipalities_five_to_nine():
    res = invoke(
        "scenario",
        EXAMPLES / "pienten-kuntien-yrittajyys.toml",
        "--municipalities",
        "5..9",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [v["variant"] for v in data] == [f"{n} kuntaa" for n in range(5, 10)]
    assert [len(v["municipal_shares"]) for v in data] == [5, 6, 7, 8, 9]
    assert all(v["municipal"] == "0.00" and v["total_cost"] == "280000.00" for v in data)
    assert all(m["amount"] == "0.00" for v in data for m in v["municipal_shares"])


def test_scenario_set_values():
    res = invoke(
        "scenario",
        EXAMPLES / "sydansuomi-pikastartti.toml",
        "--set",
        "funding.support_rate=0.70,0.80",
        "-f",
        "json",
    )
    assert res.exit_code == 0, res.output
    low, high = json.loads(res.stdout)
    # 116 475 × 0,70 = 81 532,50 → rounded down to whole euros 81 532; the rest 34 943
    assert (low["support"], low["municipal"]) == ("81532.00", "34943.00")
    assert (high["support"], high["municipal"]) == ("93180.00", "23295.00")
    assert sum(D(m["amount"]) for m in low["municipal_shares"]) == D("34943.00")


def test_scenario_bad_arguments():
    path = EXAMPLES / "pienten-kuntien-yrittajyys.toml"
    assert invoke("scenario", path, "--municipalities", "5..12").exit_code == 2
    assert invoke("scenario", path, "--set", "ilman-arvoa").exit_code == 2
    text = invoke("scenario", path, "--municipalities", "5,9").output
    assert "5 kuntaa" in text and "9 kuntaa" in text and "Asikkala" in text


@pytest.mark.parametrize(
    ("assignment", "setting"),
    [
        ("staff.99.fte=1", "staff.99"),  # the file has one staff row, not a hundred
        ("staff.x.fte=1", "staff.x"),  # a list position that is no number
        ("staff.-1.fte=1", "staff.-1"),  # positions count from 0 upwards only
        ("staff.0=1", "staff.0"),  # a staff table replaced by a bare number
        ("funding.support_rate.x=1", "funding.support_rate.x"),  # a key below a number
        ("staff..fte=1", "staff."),  # an empty key
    ],
)
def test_scenario_set_path_that_is_not_in_the_file_is_a_usage_error(assignment, setting):
    # each of these once ended in "Internal error: IndexError/ValueError/TypeError" (exit 3)
    path = EXAMPLES / "sydansuomi-pikastartti.toml"
    res = invoke("scenario", path, "--set", assignment, "--lang", "en")
    assert res.exit_code == 2, res.output
    assert f"--set {assignment}: {setting} is not a value of the project file" in res.output
    assert "Internal error" not in res.output and "{" not in res.output


def test_scenario_set_without_a_value_is_a_usage_error():
    path = EXAMPLES / "sydansuomi-pikastartti.toml"
    res = invoke("scenario", path, "--set", "funding.support_rate=", "--lang", "sv")
    assert res.exit_code == 2, res.output
    assert "--set funding.support_rate=: formen NYCKEL=VÄRDE" in res.output


@pytest.mark.parametrize("assignment", ["nokey=1", "nokey=[1,2]", 'nokey="x"'])
def test_scenario_set_of_a_key_the_format_does_not_have_is_refused(assignment):
    # a top-level plain value was dropped before validation ('nokey=1' gave the base figures
    # under a column "nokey 1", exit 0) or written as a table ('nokey=[1,2]': internal error)
    path = EXAMPLES / "kemi-kestava-kasvu.toml"
    res = invoke("scenario", path, "--set", assignment, "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "nokey: Unknown key nokey. [unknown_key]" in res.output
    assert "Internal error" not in res.output


@pytest.mark.parametrize("value", ["1e400", "1e30", "-1e400"])
def test_scenario_set_of_an_amount_beyond_any_limit_is_refused_in_words(value):
    # '--set staff.0.monthly_pay=1e400' was an internal error (decimal.InvalidOperation
    # when the amount was given two decimals); the limit is 1 000 000 000 € (models.Money)
    path = EXAMPLES / "kemi-kestava-kasvu.toml"
    res = invoke("scenario", path, "--set", f"staff.0.monthly_pay={value}", "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "Internal error" not in res.output
    code = "too_small" if value.startswith("-") else "too_large"
    assert "staff[0].monthly_pay: " in res.output and f"[{code}]" in res.output


def test_scenario_set_of_an_amount_with_three_decimals_is_refused_not_rounded():
    # '--set costs.0.by_year.2023=0.001' was made 0.00 without a word, while the same
    # value in the file is refused (amounts have at most two decimals)
    path = EXAMPLES / "sydansuomi-pikastartti.toml"
    res = invoke("scenario", path, "--set", "costs.0.by_year.2023=0.001", "--lang", "en")
    assert res.exit_code == 2, res.output
    assert "costs[0].by_year.2023: " in res.output and "[too_many_decimals]" in res.output
