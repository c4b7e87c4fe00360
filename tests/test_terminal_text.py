"""Project text in terminal output is shown as it is written, never read as console markup.

A project named ``Kylähanke [/b]`` ended ``hanke budget`` in an internal error, ``[vaihe 2]``
vanished from a name, ``[red]`` coloured the rest of it and ``[link=…]`` made a terminal
hyperlink. Each command is run on a project whose names, titles, descriptions and file
name hold such text, and on the same project with ``[`` and ``]`` read as ``(`` and ``)``
(which no one could mistake for markup): the outputs must be the same but for those
characters, with the same exit code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hankelaskuri.cli import app

runner = CliRunner()

HOSTILE = ["[/b]", "[vaihe 2]", "[red]x", "[link=file:///etc/passwd]k[/link]"]
NAME = " ".join(HOSTILE)

PROJECT = """
[project]
name = "Kylähanke {name}"
start = 2023-01-01
end = 2024-12-31
authority = "Keski-Suomen liitto"
programme = "akke"
measure = "keski-suomi"
cost_model = "flat_rate_15"

[[partners]]
id = "main"
name = "Yhtiö [vaihe 2] Oy [/b]"
role = "main"

[[partners]]
id = "co"
name = "Kumppani [red]x [link=file:///etc/passwd]k[/link]"
role = "co"

[[staff]]
title = "Päällikkö [/b] [red]x"
by_year = {{ 2023 = 50400.00, 2024 = 25200.00 }}

[[staff]]
partner = "co"
title = "Asiantuntija [vaihe 2]"
by_year = {{ 2023 = 10000.00, 2024 = 5000.00 }}

[[costs]]
category = "purchased_services"
description = "Työpajat [link=file:///etc/passwd]k[/link] [vaihe 2]"
by_year = {{ 2023 = {services}, 2024 = 6705.00 }}

[[costs]]
partner = "co"
category = "travel"
description = "Matkat [/b] [red]x"
by_year = {{ 2023 = 2000.00, 2024 = 1000.00 }}

[funding]
support_rate = 0.80

[municipal]
funding = "remainder"
key = "per_capita"
members = ["Kannonkoski", "Karstula", "Kinnula"]
"""

# a value the loader refuses, on a line full of project text: the message shows the line
BAD = PROJECT.replace("[[costs]]", f'[[costs]]\namount = "[/b] [red]x"  # {NAME}', 1)


def safe(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def as_safe(output: str) -> str:
    for text in HOSTILE:
        output = output.replace(text, safe(text))
    return output


def _files(root: Path, hostile: bool) -> dict[str, str]:
    """The projects, under a file name that holds every bracket text (``[/b]`` as a folder
    ``d [`` with a file ``b] …``), or its safe twin."""
    pick = (lambda s: s) if hostile else safe
    folder = root / pick("d [")
    folder.mkdir(parents=True)
    stem = pick("b] [vaihe 2] [red]x")
    files = {
        "project": PROJECT.format(name=NAME, services="15000.00"),
        "changed": PROJECT.format(name=NAME, services="19000.00"),
        "bad": BAD.format(name=NAME, services="15000.00"),
    }
    paths = {}
    for key, text in files.items():
        path = folder / f"{stem} {key}.toml"
        path.write_text(text if hostile else as_safe(text), encoding="utf-8")
        paths[key] = str(path)
    paths["out"] = str(folder / f"{stem} out")
    paths["dir"] = str(folder / f"{stem} liitteet")
    return paths


COMMANDS = {
    "budget": ["budget", "{project}"],
    "budget_en": ["--lang", "en", "budget", "{project}"],
    "budget_bad": ["budget", "{bad}"],
    "cashflow": ["cashflow", "{project}"],
    "cashflow_year": ["cashflow", "--by", "year", "{project}"],
    "cashflow_partner": ["cashflow", "--partner", "co", "{project}"],
    "cashflow_partner_year": ["cashflow", "--partner", "main", "--by", "year", "{project}"],
    "diff": ["diff", "{project}", "{changed}"],
    "scenario": ["scenario", "{project}", "--set", "funding.support_rate=0.7,0.8"],
    "scenario_name": ["scenario", "{project}", "--set", f'project.name="{HOSTILE[0]}","{NAME}"'],
    "check": ["check", "{project}", "{changed}", "{bad}"],
    "check_municipalities": ["check", "--by-municipality", "{project}"],
    "attachment": ["attachment", "{project}", "-m", "Karstula", "-o", "{out}.md"],
    "attachment_all": ["attachment", "{project}", "--all", "-f", "md", "-d", "{dir}"],
    "attachment_since": [
        "attachment",
        "{changed}",
        "--since",
        "{project}",
        "-m",
        "Karstula",
        "-o",
        "{out}2.md",
    ],
    "export": ["export", "{project}", "-o", "{out}.xlsx"],
}

# the text each command must show literally
SHOWN = {
    "budget": HOSTILE,
    "budget_en": HOSTILE,
    "budget_bad": HOSTILE + ["bad.toml"],
    "cashflow": HOSTILE,
    "cashflow_year": HOSTILE,
    "cashflow_partner": ["Kumppani [red]x [link=file:///etc/passwd]k[/link]"],
    "cashflow_partner_year": ["Yhtiö [vaihe 2] Oy [/b]"],
    "diff": HOSTILE + ["Yhtiö [vaihe 2] Oy [/b]"],
    "scenario": HOSTILE,
    "scenario_name": HOSTILE,
    "check": ["d [/b] [vaihe 2] [red]x project.toml"],
    "check_municipalities": ["d [/b] [vaihe 2] [red]x project.toml"],
    "attachment": ["d [/b] [vaihe 2] [red]x out.md"],
    "attachment_all": ["d [/b] [vaihe 2] [red]x liitteet"],
    "attachment_since": ["d [/b] [vaihe 2] [red]x out2.md"],
    "export": ["d [/b] [vaihe 2] [red]x out.xlsx"],
}


def _run(args: list[str], paths: dict[str, str], env: dict[str, str], hostile: bool = True):
    args = [a.format(**paths) for a in args]
    return runner.invoke(app, args if hostile else [as_safe(a) for a in args], env=env)


DIGEST = re.compile(r"-[0-9a-f]{4}(?=-[a-z]+\.md$)", re.MULTILINE)
PLAIN = {"COLUMNS": "250", "NO_COLOR": "1", "FORCE_COLOR": "", "TERM": "dumb"}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_project_text_is_printed_as_written(tmp_path, command):
    hostile = _files(tmp_path, hostile=True)
    plain = _files(tmp_path, hostile=False)
    got = _run(COMMANDS[command], hostile, PLAIN)
    expected = _run(COMMANDS[command], plain, PLAIN, hostile=False)
    assert "Sisäinen virhe" not in got.output and "[internal]" not in got.output, got.output
    assert got.exit_code == expected.exit_code, (got.output, expected.output)
    for text in SHOWN[command]:
        assert text in got.output, (text, got.output)
    assert "\x1b" not in got.output
    shown, wanted = as_safe(got.output), expected.output
    if command == "attachment_all":  # the file names end in a digest of the project's name
        shown, wanted = DIGEST.sub("", shown), DIGEST.sub("", wanted)
    assert shown == wanted


def test_import_messages_show_the_paths_as_written(tmp_path):
    hostile = _files(tmp_path, hostile=True)
    workbook = hostile["out"] + ".xlsx"
    assert _run(COMMANDS["export"], hostile, PLAIN).exit_code == 0
    result = runner.invoke(app, ["import", workbook, "-o", hostile["out"] + ".toml"], env=PLAIN)
    assert result.exit_code == 0, result.output
    assert "d [/b] [vaihe 2] [red]x out.toml" in result.output
    assert "\x1b" not in result.output
    imported = Path(hostile["out"] + ".toml").read_text(encoding="utf-8")
    assert NAME in imported


@pytest.mark.parametrize("command", ["budget", "cashflow_partner", "diff", "scenario_name"])
def test_in_colour_project_text_neither_styles_nor_links(tmp_path, command):
    # with colours on, our own headings are bold; the project's text adds no hyperlink (an
    # OSC 8 sequence) and no colour or style of its own: it stays whole, no escape inside
    hostile = _files(tmp_path, hostile=True)
    result = _run(COMMANDS[command], hostile, {"COLUMNS": "250", "FORCE_COLOR": "1"})
    assert "\x1b[" in result.output  # colours are really on
    assert "\x1b]8;" not in result.output
    for text in SHOWN[command]:
        assert text in result.output, (text, result.output)  # whole, no style inside it
