"""The chosen language everywhere: every command run with ``--lang sv`` and ``--lang en`` on
a valid and on a broken file shows no word of another language; help pages and usage
errors included. The language comes from ``--lang``, else ``HANKE_LANG``, else the locale."""

import re
import shutil

import pytest
from typer.testing import CliRunner

from hankelaskuri.cli import app
from hankelaskuri.cliui import choose_lang

from .conftest import EXAMPLES

runner = CliRunner()
BAD = EXAMPLES.parent / "tests" / "bad"

# Words only the Finnish interface uses (project data, such as names, is Finnish in every
# language and is left out of these files' words).
FINNISH = [
    "Yhteensä",
    "Kustannusarvio",
    "Rahoitussuunnitelma",
    "vihje",
    "Tarkoititko",
    "Käyttö",
    "Valitsimet",
    "Argumentit",
    "Esimerkki",
    "Haettava tuki",
    "Omarahoitus",
    "laskelmaa",
    "oletus",
    "Tuntematon",
    "indikaattori",
    "puuttuu",
    "kunnossa",
    "Havainnot",
    "muuttuisi",
    "kirjoitettu",
    "Asukasluku",
    "Tukiprosentti",
    "virheellistä",
    "tiedostoa",
    "Näytä",
    "kansio",
    "desimaali",
    "Kustannukset",
    "Kassavirta",
    "ei osallistu",
]
ENGLISH = [
    "Usage",
    "Options",
    "Error",
    "Missing",
    "Show this",
    "Expected",
    "Unknown",
    "Did you mean",
    "hint:",
    "[default",
    "Arguments",
    "Commands",
    "No such",
    "Try ",
    "Aborted",
    "Invalid",
    "newline",
    "statement",
    "written",
    "not found",
    "Checked",
]
SWEDISH = [
    "Totalt",
    "Kostnadsberäkning",
    "tips:",
    "Användning",
    "Flaggor",
    "Okänd",
    "Menade du",
    "Kontrollerade",
    "Finansieringsplan",
    "skriven",
]
FOREIGN = {"sv": FINNISH + ENGLISH, "en": FINNISH + SWEDISH}

KEMI = EXAMPLES / "kemi-kestava-kasvu.toml"
SYDAN = EXAMPLES / "sydansuomi-pikastartti.toml"
BROKEN = [
    BAD / "syntax-decimal-comma.toml",
    BAD / "fi-rate-1-2.toml",
    BAD / "unknown-key-funding-suport-rate.toml",
    BAD / "municipal-merged-municipality.toml",
]


def commands(tmp):
    valid = [
        ["budget", KEMI],
        ["budget", SYDAN],
        ["check", EXAMPLES, "--by-municipality"],
        ["cashflow", KEMI],
        ["diff", KEMI, KEMI],
        ["scenario", KEMI, "--set", "funding.support_rate=0.7,0.8"],
        ["rules"],
        ["schema"],
        ["export", KEMI, "-o", tmp / "k.xlsx", "--force"],
        ["attachment", SYDAN, "-m", "Karstula", "-o", tmp / "k.md", "--force"],
        ["fmt", "--check", KEMI],
        ["init", tmp / "n.toml", "-p", "leader", "-m", "Karstula", "--force"],
    ]
    broken = [["budget", f] for f in BROKEN] + [
        ["check", *BROKEN, tmp / "missing.toml"],
        ["cashflow", BROKEN[1]],
        ["scenario", BROKEN[0]],
        ["fmt", "--check", BROKEN[2]],
        ["export", BROKEN[1], "-o", tmp / "b.xlsx"],
        ["budget", EXAMPLES],
        ["budget", tmp / "missing.toml"],
        ["attachment", SYDAN, "-m", "Karstla"],
        ["rules", "jtf"],
        ["init", tmp / "m.toml", "-p", "nope"],
        ["init", tmp / "m.toml", "-p", "leader", "--start", "31.2.2026"],
        ["budget"],
        ["budget", KEMI, "--bogus"],
        ["budget", KEMI, "--format", "xml"],
    ]
    helps = [
        [name, "--help"] for name in ("budget", "check", "init", "scenario", "rules", "schema")
    ]
    return valid, broken, helps


def foreign_words(text, lang):
    return [w for w in FOREIGN[lang] if re.search(r"(?<!\w)" + re.escape(w), text)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_command_speaks_one_language(lang, tmp_path):
    shutil.copy(KEMI, tmp_path / "kemi.toml")
    valid, broken, helps = commands(tmp_path)
    for args in valid + broken + helps:
        res = runner.invoke(app, [*map(str, args), "--lang", lang], env={"COLUMNS": "100"})
        out = res.output
        assert "Traceback" not in out, (args, out)
        found = foreign_words(out, lang)
        assert not found, f"{lang} {args}: {found}\n{out}"
    # the command group itself, and a typo of a command: the language from HANKE_LANG
    for args in (["--help"], ["bugdet"]):
        res = runner.invoke(app, args, env={"HANKE_LANG": lang})
        assert not foreign_words(res.output, lang), res.output


def test_usage_errors_are_translated_with_their_code():
    res = runner.invoke(app, ["budget", "--lang", "sv"])
    assert res.exit_code == 2
    assert "Argumentet FIL saknas. [missing_argument]" in res.output
    res = runner.invoke(app, ["check", "--foo", "-l", "en"])
    assert "No such option --foo. Did you mean --format? [no_such_option]" in res.output
    res = runner.invoke(app, ["bugdet"], env={"HANKE_LANG": "fi"})
    assert "Tuntematon komento bugdet. Tarkoititko budget? [no_such_command]" in res.output
    res = runner.invoke(app, ["rules", "jtf", "--lang", "sv"])
    assert res.exit_code == 2 and "Okänt program jtf. [unknown_programme]" in res.output


def test_help_is_short_h_with_an_example_and_no_type_placeholders():
    for command in (
        "budget",
        "check",
        "export",
        "attachment",
        "fmt",
        "init",
        "scenario",
        "rules",
        "cashflow",
        "diff",
    ):
        res = runner.invoke(app, [command, "-h"], env={"HANKE_LANG": "fi"})
        assert res.exit_code == 0, res.output
        assert res.output.startswith("Käyttö: ")
        assert "Esimerkki:" in res.output and "  hanke " in res.output
        assert not re.search(r"<[a-z]+(\[[^\]]*\])?>|\{[a-z_]+\}", res.output), res.output


def test_language_choice_order():
    assert choose_lang(["budget", "x", "--lang", "en"], {"HANKE_LANG": "sv"}) == "en"
    assert choose_lang(["-l", "sv"], {}) == "sv"
    assert choose_lang(["--lang=sv"], {"LANG": "en_GB.UTF-8"}) == "sv"
    assert choose_lang([], {"HANKE_LANG": "sv", "LANG": "en_GB.UTF-8"}) == "sv"
    assert choose_lang([], {"LANG": "sv_FI.UTF-8"}) == "sv"
    assert choose_lang([], {"LC_ALL": "en_US.UTF-8", "LANG": "fi_FI.UTF-8"}) == "en"
    assert choose_lang([], {"LANG": "C.UTF-8"}) == "fi"
    assert choose_lang([], {"LANG": "de_DE.UTF-8"}) == "fi"
    assert choose_lang([], {}) == "fi"


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["-h", "--lang", "en"], "Usage: "),
        (["--lang", "sv", "--help"], "Användning: "),
        (["-l", "en", "budget", "--help"], "Usage: "),
    ],
)
def test_language_given_before_the_command_or_beside_help(args, usage):
    """``hanke -h --lang en`` once ended in "No such option --lang"."""
    res = runner.invoke(app, args, env={"HANKE_LANG": "fi"})
    assert res.exit_code == 0, res.output
    assert res.output.startswith(usage)


def test_language_given_before_the_command_is_the_commands_language():
    res = runner.invoke(
        app,
        ["--lang", "sv", "budget", str(EXAMPLES / "kemi-kestava-kasvu.toml")],
        env={"HANKE_LANG": "fi"},
    )
    assert res.exit_code == 0, res.output
    assert "Projekt " in res.output and "Kustannusarvio" not in res.output
