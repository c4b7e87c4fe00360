"""``hanke init`` driven through its questions, wrong answers first: each wrong answer is
explained and asked again; the file it writes passes ``hanke fmt --check`` and
``hanke check``. ``hanke fmt`` keeps every comment of a file."""

import json

from typer.testing import CliRunner

from hankelaskuri.cli import app

from .conftest import EXAMPLES

runner = CliRunner()

ANSWERS = [
    "jtv",  # no such programme
    "jtf",  # the JTF programme, by a part of its id
    "99",  # no measure 99
    "1",  # its first measure
    "Hiilineutraali Kemi",
    "31.2.2026",  # no such day
    "1.3.2026",  # a Finnish date
    "1.1.2026",  # before the start
    "28.2.2028",
    "Kemin Digipolis Oy",
    "1234567-8",  # a business ID with a wrong check digit
    "0158766-7",  # a valid one (mod 11: 191 = 17 × 11 + 4, check digit 11 − 4)
    "Jalasjärvi",  # merged into Kurikka in 2016
    "Kemi, Tornoi",  # Tornio misspelt
    "Kemi, Tornio",
]


def test_init_asks_again_until_every_answer_is_right(tmp_path):
    target = tmp_path / "uusi.toml"
    res = runner.invoke(app, ["init", str(target), "--ask"], input="\n".join(ANSWERS) + "\n")
    out = res.output
    assert res.exit_code == 0, out
    # the programmes and measures are offered by name, numbered
    assert "Oikeudenmukaisen siirtymän rahasto (JTF) 2021–2027 [jtf-2021-2027]" in out
    assert "jtv: ei vaihtoehtojen joukossa" in out and "[unknown_choice]" in out
    assert "99: ei vaihtoehtojen joukossa" in out
    assert "31.2.2026: ei päivämäärä" in out
    assert "Päättymispäivä 2026-01-01 on ennen alkamispäivää 2026-03-01." in out
    assert "Y-tunnus 1234567-8 ei kelpaa" in out
    assert "Jalasjärvi ei ole enää oma kunta: se on osa kuntaa Kurikka vuodesta 2016." in out
    assert "Tuntematon kunta Tornoi. Tarkoititko Tornio?" in out
    text = target.read_text(encoding="utf-8")
    assert 'programme = "jtf-2021-2027"' in text
    assert "start = 2026-03-01" in text and "end = 2028-02-28" in text
    assert 'business_id = "0158766-7"' in text
    assert 'members = ["Kemi", "Tornio"]' in text
    fmt = runner.invoke(app, ["fmt", "--check", str(target)])
    assert fmt.exit_code == 0, fmt.output
    check = runner.invoke(app, ["check", str(target), "-f", "json"])
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)[0]["status"] == "ok"


def test_init_options_are_checked_the_same_way(tmp_path):
    target = tmp_path / "uusi.toml"
    args = ["init", str(target), "-p", "leader", "--start", "1.5.2026", "--end", "1.4.2026"]
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and "[end_before_start_answer]" in res.output
    assert not target.exists()
    res = runner.invoke(app, [*args[:-1], "30.4.2028", "--lang", "sv", "-m", "Jalasjärvi"])
    assert res.exit_code == 2
    assert "Jalasjärvi är inte längre en egen kommun" in res.output and "Kurikka" in res.output
    res = runner.invoke(app, [*args[:-1], "30.4.2028", "-m", "Karstula"])
    assert res.exit_code == 0, res.output
    assert runner.invoke(app, ["fmt", "--check", str(target)]).exit_code == 0
    assert runner.invoke(app, ["check", str(target)]).exit_code == 0


def test_fmt_keeps_every_comment(tmp_path):
    text = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
    text = text.replace("support_rate = 0.80", "support_rate = 0.80  # päätöksen mukaan", 1)
    text = text.replace("[[costs]]", "# ostopalvelut ja matkat\n[[costs]]", 1)
    # keys out of the canonical order, so fmt has something to do
    text = text.replace("[funding]\n", "[funding]\n# rahoituksen huomio\n", 1) + "# loppu\n"
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    before = sorted(line.strip() for line in text.splitlines() if "#" in line)
    res = runner.invoke(app, ["fmt", str(path)])
    assert res.exit_code == 0, res.output
    after_text = path.read_text(encoding="utf-8")
    after = [line.strip() for line in after_text.splitlines() if "#" in line]
    assert sorted(after) == before
    assert "support_rate = 0.80  # päätöksen mukaan" in after_text
    lines = after_text.splitlines()
    costs = lines.index("# ostopalvelut ja matkat")
    assert lines[costs + 1] == "[[costs]]"
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0  # idempotent
    assert runner.invoke(app, ["budget", str(path), "-f", "json"]).exit_code == 0


def test_readme_minimal_file_is_valid_and_in_standard_form(tmp_path):
    """The file README.md offers to copy computes, is in fmt's layout, and its decimal
    comma example gives the message README.md shows."""
    import re

    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    path = tmp_path / "hanke.toml"
    path.write_text(re.search(r"```toml\n(.*?)```", readme, re.S).group(1), encoding="utf-8")
    assert runner.invoke(app, ["budget", str(path)]).exit_code == 0
    assert runner.invoke(app, ["fmt", "--check", str(path)]).exit_code == 0
    path.write_text(path.read_text().replace("support_rate = 0.80", "support_rate = 0,80"))
    shown = re.search(r"```\n(hanke\.toml:.*?)\n```", readme, re.S).group(1)
    out = runner.invoke(app, ["budget", str(path)], env={"HANKE_LANG": "fi"}).output
    out = out.replace(str(path), "hanke.toml")
    assert shown in out


def test_init_template_speaks_the_chosen_language_only(tmp_path):
    # 'hanke init --lang en' once wrote English header lines but Finnish section comments
    # ('# Toteuttajat: yksi päätoteuttaja ...') and a Finnish staff title into the template.
    finnish = (
        "Hanke:",
        "Toteuttajat",
        "Henkilöstö",
        "Muut kustannukset",
        "Rahoitus:",
        "Kuntarahoitus",
        "Projektipäällikkö",
        "Kuvaus",
        " tai ",
    )
    for lang, expected in (
        ("en", ["# Implementers: one main implementer", 'title = "Project manager"']),
        ("sv", ["# Genomförare: en huvudgenomförare", 'title = "Projektledare"']),
    ):
        target = tmp_path / f"{lang}.toml"
        res = runner.invoke(
            app, ["init", str(target), "-p", "akke", "-m", "Karstula", "--lang", lang]
        )
        assert res.exit_code == 0, res.output
        text = target.read_text(encoding="utf-8")
        for line in expected:
            assert line in text
        comments = [line for line in text.splitlines() if line.startswith(("#", "title", "desc"))]
        assert comments and not [c for c in comments if any(w in c for w in finnish)], comments
        # still a valid project with the municipal section that carries a comment
        assert "[municipal]" in text
        check = runner.invoke(app, ["check", str(target), "--lang", lang])
        assert check.exit_code == 0, check.output


def test_a_wrong_answer_on_an_80_column_terminal_wraps_between_words(monkeypatch, capsys):
    # the explanation ran past the edge and the terminal cut its code: '[bad_date_an' / 'swer]'
    import sys
    from datetime import date

    from hankelaskuri import interview

    answers = iter(["31.2.2026", "1.1.2026"])
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    got = interview.ask("Alkaa", interview.day, "fi", prompt=lambda q, **kw: next(answers))
    assert got == date(2026, 1, 1)
    lines = capsys.readouterr().err.rstrip("\n").split("\n")
    assert all(len(line) < 80 for line in lines), lines
    assert lines[0].startswith("  31.2.2026: ") and all(line.startswith("  ") for line in lines)
    assert any(line.strip().endswith("[bad_date_answer]") for line in lines)


def test_the_choices_on_an_80_column_terminal_keep_each_id_whole(monkeypatch):
    # 'Europeiska jordbruksfonden … (CAP 2023–2027) [eafrd-' / '2023-2027]' at 80 columns
    import re
    import sys

    from hankelaskuri import interview
    from hankelaskuri.rules import load_all

    options = [(p.id, p.name.get("sv")) for p in load_all()]
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    text = interview.options_text(options)
    assert all(len(line) < 80 for line in text.splitlines()), text
    for key, _ in options:
        assert any(line.rstrip().endswith(f"[{key}]") for line in text.splitlines()), key
    items = [line for line in text.splitlines() if re.match(r"  \d+\) ", line)]
    assert len(items) == len(options)  # further lines are indented under the name
