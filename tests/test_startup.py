"""``hanke`` makes only the command named on its command line (``cli._for_command``): what
that command shows is what the whole app shows for it, and anything else is the whole app."""

import pytest
import typer
from typer.testing import CliRunner

from hankelaskuri import cli

from .conftest import EXAMPLES

runner = CliRunner()
KEMI = str(EXAMPLES / "kemi-kestava-kasvu.toml")
COMMANDS = [
    c.name or getattr(c.callback, "__name__", "").replace("_", "-")
    for c in cli.app.registered_commands
]


def both(*args: str):
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    alone = runner.invoke(cli._for_command(args), list(args), env=env)
    whole = runner.invoke(cli.app, list(args), env=env)
    return (alone.exit_code, alone.output), (whole.exit_code, whole.output)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_alone_shows_what_the_whole_app_shows(name):
    alone = typer.main.get_command(cli._for_command([name]))
    assert list(alone.commands) == [name]  # type: ignore[attr-defined]
    for args in ([name, "-h"], ["--lang", "sv", name, "--help"], [name, "--no-such-option"]):
        shown, expected = both(*args)
        assert shown == expected and expected[1]


def test_budget_alone_computes_what_the_whole_app_computes():
    assert len(COMMANDS) >= 12 and "budget" in COMMANDS
    for args in (
        ["budget", KEMI],
        ["-l", "en", "budget", KEMI, "-f", "json"],
        ["--lang=sv", "budget", KEMI],
        ["budget", KEMI, "--format", "xml"],  # a usage error of the command
        ["--lang", "de", "budget", KEMI],  # a usage error of the group
    ):
        shown, expected = both(*args)
        assert shown == expected


@pytest.mark.parametrize(
    "args", [[], ["-h"], ["--version"], ["budgt", KEMI], ["--lang"], ["--debug", "budget"]]
)
def test_without_a_command_named_first_the_whole_app_runs(args):
    assert cli._for_command(args) is cli.app


@pytest.mark.parametrize(
    "args",
    [["budget"], ["--lang", "en", "budget"], ["-l", "sv", "budget"], ["--lang=en", "budget"]],
)
def test_the_command_is_found_after_the_language(args):
    assert cli._command_named(args) == "budget"
    assert cli._command_named(["-lsv", "check", "x"]) == "check"
