"""The terminal never cuts or splits an amount: every example through ``budget``,
``check --by-municipality`` and ``scenario`` at 60, 80 and 120 columns; every amount the
JSON output gives is found whole, on one line, in the text, written the Finnish way with
no-break spaces (``276 605,00``), and no line is wider than the terminal or ends in a space."""

import json
import re
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from hankelaskuri.cli import app

from .conftest import EXAMPLES

runner = CliRunner()
FILES = sorted(EXAMPLES.glob("*.toml"))
WIDTHS = (60, 80, 120)
NBSP = "\u00a0"
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def run(*args, width=80):
    res = runner.invoke(app, list(map(str, args)), env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert "Traceback" not in res.output
    return res


def finnish(value: str) -> str:
    """``"-1234567.80"`` → ``-1 234 567,80`` with no-break spaces, written here by hand
    rather than with the program's formatter."""
    number = Decimal(value)
    sign = "-" if number < 0 else ""
    whole, frac = f"{abs(number):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + NBSP.join(groups) + "," + frac


def amounts(data, keep=lambda path: True, path=""):
    """Every money amount (a string with two decimals) in the JSON, with its path."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from amounts(v, keep, f"{path}.{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from amounts(v, keep, f"{path}[{i}]")
    elif isinstance(data, str) and MONEY.match(data) and keep(path):
        yield path, data


def assert_layout(text, width):
    for line in text.splitlines():
        assert len(line) <= width, f"{len(line)} > {width}: {line!r}"
        assert line == line.rstrip(), f"trailing space: {line!r}"


def assert_whole(text, found):
    lines = text.splitlines()
    for path, value in found:
        shown = finnish(value)
        assert any(shown in line for line in lines), f"{path} = {value} ({shown!r}) not whole"


# budget: the text shows costs, funding, partners and municipal shares; the JSON's staff
# details, flat-rate bases and the rules' values are not part of the terminal tables.
BUDGET_SHOWN = re.compile(
    r"^\.(total_cost|income|net_cost|costs\.(by_category|by_year|by_category_year)|funding"
    r"|partners\[\d+\]\.(net_cost|funding)|municipal_shares\[\d+\]\.(amount|by_year))"
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_budget_amounts_whole(path, width):
    data = json.loads(run("budget", path, "-f", "json").stdout)
    res = run("budget", path, width=width)
    assert res.exit_code in (0, 1)
    assert_layout(res.output, width)
    found = list(amounts(data, lambda p: bool(BUDGET_SHOWN.match(p))))
    # partners' rows are shown only when there are two or more of them
    if len(data.get("partners", [])) < 2:
        found = [(p, v) for p, v in found if not p.startswith(".partners")]
    found = [(p, v) for p, v in found if Decimal(v) or not p.startswith(".funding")]
    assert len(found) > 10
    assert_whole(res.output, found)


@pytest.mark.parametrize("width", WIDTHS)
def test_check_by_municipality_amounts_whole(width, monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent)  # paths as a person types them: examples/…
    data = json.loads(run("check", "examples", "--by-municipality", "-f", "json").stdout)
    res = run("check", "examples", "--by-municipality", width=width)
    assert res.exit_code == 0
    assert_layout(res.output, width)
    shown = re.compile(r"^\.(files\[\d+\]\.(total_cost|municipal)|by_municipality)")
    found = list(amounts(data, lambda p: bool(shown.match(p))))
    assert len(found) > 20
    assert_whole(res.output, found)


SCENARIOS = [
    (
        "kemi-kestava-kasvu.toml",
        ["--set", "staff.0.fte=0.8,1.0", "--set", "funding.support_rate=0.7,0.8"],
    ),
    ("sydansuomi-pikastartti.toml", ["--municipalities", "5..7"]),
] + [(p.name, []) for p in FILES]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,args", SCENARIOS, ids=lambda x: x if isinstance(x, str) else "")
def test_scenario_amounts_whole(name, args, width):
    path = EXAMPLES / name
    data = json.loads(run("scenario", path, *args, "-f", "json").stdout)
    res = run("scenario", path, *args, width=width)
    assert res.exit_code in (0, 1)
    assert_layout(res.output, width)
    keep = re.compile(
        r"^\[\d+\]\.(total_cost|net_cost|support|municipal|own|municipal_shares\[\d+\]\.amount)$"
    )
    found = list(amounts(data, lambda p: bool(keep.match(p))))
    assert found
    assert_whole(res.output, found)


def test_scenario_columns_named_by_what_people_wrote():
    args = ["--set", "staff.0.fte=0.8,1.0", "--set", "funding.support_rate=0.7,0.8"]
    out = run("scenario", EXAMPLES / "kemi-kestava-kasvu.toml", *args, width=200).output
    head = " ".join(out.splitlines()[1:4])
    assert "staff.0.fte" not in out
    assert "Projektipäällikkö:" in head and "htv 0,8;" in head and "tukiprosentti 70 %" in head
    sv = run(
        "scenario",
        EXAMPLES / "sydansuomi-pikastartti.toml",
        "--municipalities",
        "5..6",
        "--lang",
        "sv",
        width=200,
    ).output
    assert "5 kommuner" in sv and "6 kommuner" in sv


def test_narrow_table_is_split_and_keeps_names():
    out = run("budget", EXAMPLES / "kemi-kestava-kasvu.toml", width=60).output
    assert "Kustannusarvio (€) (1/2)" in out and "Kustannusarvio (€) (2/2)" in out
    assert out.count("Ostopalvelut") == 2


def test_split_table_gives_spare_room_to_the_names(tmp_path):
    # a seven-year project at 80 columns: the funding plan is split in two tables with
    # room to spare, and the indented state share's name broke over two lines
    from .attachment_cases import project

    path = tmp_path / "p7.toml"
    path.write_text(project(7, 9), encoding="utf-8")
    text = run("budget", path, width=80).output
    lines = [line.rstrip() for line in text.splitlines()]
    assert "  Valtion osuus" in lines  # the row of the first table: no figures that year
    assert any(line.startswith("  Valtion osuus") and f"944{NBSP}653,00" in line for line in lines)
    assert "osuus" not in lines and "  Valtion" not in lines
    assert_layout(text, 80)


TWO_IMPLEMENTERS = """\
[project]
name = "Village project"
start = 2026-03-01
end = 2027-10-31
programme = "erdf-2021-2027"
measure = "development"
cost_model = "flat_rate_15"

[[partners]]
id = "main"
name = "Devco Ltd"
role = "main"

[[partners]]
id = "kemi"
name = "City of Kemi"
role = "co"
organisation = "municipality"
municipality = "Kemi"

[[staff]]
title = "Manager"
fte = 1.0
months = 20
monthly_pay = 3500.00

[[staff]]
partner = "kemi"
title = "Expert"
annual_cost = 56760
hours_by_year = { 2026 = 900, 2027 = 400 }

[[costs]]
category = "purchased_services"
by_year = { 2026 = 10000.00, 2027 = 8000.00 }

[[income]]
description = "Fees"
amount = 1000

[funding]
support_rate = 0.70

[[funding.sources]]
kind = "private"
provider = "Firm"
amount = 500

[municipal]
funding = "remainder"
key = "base_plus_per_capita"
base_share = 0.5
members = ["Tornio", "Keminmaa", "Simo"]
"""


def test_implementers_years_are_explained_beside_the_funding_plans(tmp_path):
    """Kemi implements beside Devco: its own funding's years follow its own costs (staff
    front-loaded: 900 h in 2026, 400 h in 2027), the funding plan's the whole project's;
    the roles table says so. Kemi's own example (one implementer with a budget) does not."""
    from hankelaskuri.api import calculate
    from hankelaskuri.render.terminal import municipal_money_table

    path = tmp_path / "two.toml"
    path.write_text(TWO_IMPLEMENTERS, encoding="utf-8")
    result = calculate(path)
    assert len(result.partner_funding) == 2
    sheet = municipal_money_table(result, "fi")
    assert sheet is not None and "omien nettokustannusten mukaan" in sheet.caption
    assert "its own net costs" in str(municipal_money_table(result, "en").caption)
    single = municipal_money_table(calculate(EXAMPLES / "kemi-kestava-kasvu.toml"), "fi")
    assert single is not None and not single.caption


# cash flow and diff: their own tables once cut amounts ('1 335' above '854,13' for a
# 15-year project at 80 columns; '21' above '158,17' for Kemi at 60 columns) and headings
# ('Kustannuk…'), and at 50 columns the diff's names had no room at all
CASH_SHOWN = re.compile(
    r"^\.total\.(peak|final|by_year\[\d+\]\.(costs|support|contributions|balance|peak)"
    r"|claims\[\d+\]\.(costs|payment))$"
)


def _long_project(tmp_path):
    from .attachment_cases import project

    path = tmp_path / "p15.toml"
    path.write_text(project(15, 9), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", (50, 60, 80))
@pytest.mark.parametrize("name", ["kemi-kestava-kasvu.toml", "long"])
def test_cashflow_amounts_whole(tmp_path, name, width):
    path = _long_project(tmp_path) if name == "long" else EXAMPLES / name
    data = json.loads(run("cashflow", path, "-f", "json").stdout)
    res = run("cashflow", path, "--by", "year", width=width)
    assert res.exit_code == 0, res.output
    assert_layout(res.output, width)
    found = [(p, v) for p, v in amounts(data, lambda p: bool(CASH_SHOWN.match(p)))]
    assert len(found) > 15
    assert_whole(res.output, found)
    # the years' totals: costs add up to the JSON's months, shown whole in the footer
    total = sum(Decimal(m["costs"]) for m in data["total"]["months"])
    assert_whole(res.output, [("costs", f"{total:.2f}")])
    for heading in ("Kustannukset", "enimmillään", "Nettokustannukset"):
        assert heading in res.output


DIFF_SHOWN = re.compile(r"^\.(totals|categories|years|partners|funding)\[\d+\]\.(old|new|change)$")


@pytest.mark.parametrize("width", (50, 60, 80))
def test_diff_amounts_and_names_whole(tmp_path, width):
    from .attachment_cases import project

    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(project(4, 7), encoding="utf-8")
    new.write_text(project(4, 7, purchased="42005.00"), encoding="utf-8")
    data = json.loads(run("diff", old, new, "-f", "json").stdout)
    res = run("diff", old, new, width=width)
    assert res.exit_code in (0, 1), res.output
    assert_layout(res.output, width)
    found = [(p, v) for p, v in amounts(data, lambda p: bool(DIFF_SHOWN.match(p))) if Decimal(v)]
    assert len(found) > 10
    assert_whole(res.output, found)
    lines = res.output.splitlines()
    # the purchased services fell by 100 000 € of 142 005 €: -70,4 %, whole on a line
    assert any(f"-70,4{NBSP}%" in line for line in lines)
    for name in ("Kustannukset yhteensä", "Ostopalvelut", "Haettava tuki"):
        assert any(line.startswith(name) for line in lines), name


# a finding's message is wrapped between words: rich itself broke lines at the no-break
# spaces too ('Tukiprosentti 100,00' / '% ylittää …' at 49, 63 and 79 columns)
def test_findings_never_part_an_amount_from_its_sign(tmp_path):
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    path = tmp_path / "all.toml"
    path.write_text(text.replace("support_rate = 0.80", "support_rate = 1.00"), encoding="utf-8")
    for width in range(40, 101):
        out = run("budget", path, width=width).output
        assert_layout(out, width)
        message = out[out.index("funding.support_rate") :]
        joined = re.sub("[ \n]+", " ", message)  # as one line again (no-break spaces kept)
        assert f"100,00{NBSP}% ylittää" in joined and f"80,00{NBSP}%" in joined, (width, out)


def test_wrap_whole_breaks_at_plain_spaces_only():
    from rich.text import Text

    from hankelaskuri.render.nobreak import wrap_whole

    text = Text("Tuki ", style="bold")
    text.append(f"1{NBSP}234{NBSP}567,89{NBSP}€ ja 80{NBSP}%", style="red")
    wrapped = wrap_whole(text, 16)
    assert wrapped.plain.split("\n") == ["Tuki", f"1{NBSP}234{NBSP}567,89{NBSP}€", f"ja 80{NBSP}%"]
    assert [str(span.style) for span in wrapped.spans][:1] == ["bold"]


@pytest.mark.parametrize("width", (60, 70, 80))
def test_an_indented_name_keeps_its_indent_when_it_wraps(width):
    # at 80 columns Kemi's funding plan has no room for '  Valtion osuus': its second
    # line read 'osuus' at the margin, like a row of its own
    out = run("budget", EXAMPLES / "kemi-kestava-kasvu.toml", width=width).output
    lines = out.splitlines()
    assert not any(line.startswith(("osuus", "andel")) for line in lines)
    i = next(i for i, line in enumerate(lines) if line.startswith("  Valtion"))
    assert "osuus" in lines[i] or lines[i + 1].startswith("  osuus"), lines[i : i + 2]
    assert_layout(out, width)


def test_input_errors_on_a_terminal_wrap_between_words(tmp_path):
    # on an 80-column terminal the message and hint ran past the edge and the terminal
    # cut them mid-word ('Fonden fö' / 'r en rättvis', 'in' / 'terreg-aurora-2021-2027')
    import io

    from rich.console import Console

    from hankelaskuri.api import calculate
    from hankelaskuri.errors import InputError
    from hankelaskuri.render.terminal import render_input_error

    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    path = tmp_path / "sv.toml"
    # an id of no programme and like none (a name that is no id at all is told as a bad id)
    name = "alueellinen-kestavan-kasvun-ja-elinvoiman-rahasto-2021-2027"
    path.write_text(text.replace('"jtf-2021-2027"', f'"{name}"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        calculate(path)
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, color_system=None)
    render_input_error(caught.value, console, "fi")
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    joined = re.sub(r"\n +", " ", out.getvalue())  # each wrapped line joined to its start
    assert f"Tuntematon ohjelma {name}. [unknown_programme]" in joined
    assert "interreg-central-baltic-2021-2027, jtf-2021-2027" in joined
    # the source line and its marker are never wrapped
    assert f'  22 | programme = "{name}"' in lines


@pytest.mark.parametrize("width", (60, 80))
def test_a_listed_item_wraps_under_its_own_text(tmp_path, width):
    # the diff's changes needing approval and the cash flow's assumptions are '- ' items;
    # their further lines began at the margin, like new items with the dash missing
    from .attachment_cases import project

    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(project(3, 7), encoding="utf-8")
    new.write_text(project(3, 7, purchased="242005.00"), encoding="utf-8")
    diff = run("diff", old, new, width=width).output.splitlines()
    start = next(i for i, line in enumerate(diff) if line.startswith("Hyväksyntää vaativia"))
    block = diff[start + 1 : diff.index("", start)] if "" in diff[start:] else diff[start + 1 :]
    assert sum(line.startswith("- ") for line in block) >= 7  # one a municipality
    assert all(line.startswith(("- ", "  ")) for line in block), block
    cash = run("cashflow", old, width=width).output.splitlines()
    block = cash[cash.index("Oletukset") + 1 : cash.index("", cash.index("Oletukset"))]
    assert len(block) > 4 and all(line.startswith(("- ", "  ")) for line in block), block


def test_the_supplementary_command_is_shown_whole_on_its_own_line(tmp_path):
    # 'hanke attachment UUSI.toml --since VANHA.toml --all -d KANSIO' broke mid-command
    from .attachment_cases import project

    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(project(3, 7), encoding="utf-8")
    new.write_text(project(3, 7, purchased="242005.00"), encoding="utf-8")
    # with the two files compared, as they were given (a path with a space quoted for the
    # shell), and the folder still to be chosen
    spaced = tmp_path / "uusi versio.toml"
    spaced.write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
    for lang, newer, command in (
        ("fi", new, f"hanke attachment {new} --since {old} --all -d KANSIO"),
        ("sv", new, f"hanke attachment {new} --since {old} --all -d MAPP"),
        ("fi", spaced, f"hanke attachment '{spaced}' --since {old} --all -d KANSIO"),
    ):
        lines = run("diff", old, newer, "--lang", lang, width=60).output.splitlines()
        assert f"  {command}" in lines, lines[-4:]
