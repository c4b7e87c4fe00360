"""``hanke check``: many files, exit codes, JSON and JUnit read back and asserted."""

import json
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest
from typer.testing import CliRunner

from hankelaskuri import batch
from hankelaskuri.cli import app

from .conftest import EXAMPLES

runner = CliRunner()
KEMI = (EXAMPLES / "kemi-kestava-kasvu.toml").read_text(encoding="utf-8")
PREP = (EXAMPLES / "pieksamaki-valmisteluraha.toml").read_text(encoding="utf-8")


def invoke(*args):
    return runner.invoke(app, ["check", *map(str, args)], env={"COLUMNS": "200", "NO_COLOR": "1"})


@pytest.fixture
def folder(tmp_path):
    """clean.toml (no findings), warning.toml (a warning), error.toml (support 90 %)."""
    d = tmp_path / "hankkeet"
    (d / "sub").mkdir(parents=True)
    (d / "clean.toml").write_text(KEMI, encoding="utf-8")
    # a 15-month preparation grant: warning duration_above_max only
    (d / "sub" / "warning.toml").write_text(
        PREP.replace("start = 2024-04-01", "start = 2023-05-01").replace(
            'project_number = "290170"', 'project_number = "290171"'
        ),
        encoding="utf-8",
    )
    (d / "error.toml").write_text(
        KEMI.replace("support_rate = 0.80", "support_rate = 0.90"), encoding="utf-8"
    )
    (d / "notes.txt").write_text("not a project", encoding="utf-8")
    return d


def test_text_output_and_exit_1(folder):
    res = invoke(folder)
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert any(
        line.startswith("OK") and "clean.toml" in line and "276\u00a0605,00\u00a0€" in line
        for line in lines
    )
    assert any(line.startswith("VAROITUS") and "warning.toml" in line for line in lines)
    assert any(line.startswith("VIRHE") and "error.toml" in line for line in lines)
    assert any("error.toml:" in line and "[support_rate_above_max]" in line for line in lines)
    assert (
        "Tarkistettu 3 tiedostoa: 1 kunnossa, 1 varoituksin, 1 virheellinen, 0 käyttökelvotonta"
        in res.output
    )


def test_quiet_hides_clean_files(folder):
    res = invoke(folder, "--quiet")
    assert "clean.toml" not in res.output and "error.toml" in res.output


def test_only_warnings_exit_0_and_strict_exit_1(folder):
    (folder / "error.toml").unlink()
    assert invoke(folder).exit_code == 0
    res = invoke(folder, "--strict", "-f", "json")
    assert res.exit_code == 1
    warned = next(i for i in json.loads(res.output) if i["file"].endswith("warning.toml"))
    assert warned["status"] == "error" and warned["findings"][0]["severity"] == "error"


def test_json_items(folder):
    res = invoke(folder, "--format", "json")
    data = json.loads(res.output)
    assert isinstance(data, list) and len(data) == 3
    by_name = {item["file"].rsplit("/", 1)[-1]: item for item in data}
    assert by_name["clean.toml"]["status"] == "ok" and by_name["clean.toml"]["findings"] == []
    assert by_name["clean.toml"]["total_cost"] == "276605.00"
    assert by_name["clean.toml"]["support_rate"] == "0.8000"
    err = by_name["error.toml"]
    assert err["status"] == "error"
    assert err["findings"][0]["code"] == "support_rate_above_max"
    assert isinstance(err["findings"][0]["line"], int)
    assert by_name["warning.toml"]["findings"][0]["code"] == "duration_above_max"


def test_junit_report(folder):
    res = invoke(folder, "--format", "junit")
    assert res.exit_code == 1
    root = ET.fromstring(res.output.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("errors") == "0"
    cases = {c.get("name").rsplit("/", 1)[-1]: c for c in suite.findall("testcase")}
    assert cases["clean.toml"].find("failure") is None
    failure = cases["error.toml"].find("failure")
    assert failure.get("type") == "support_rate_above_max"
    assert "80,00 %" in failure.get("message")
    assert cases["warning.toml"].find("system-out") is not None


def test_broken_file_among_good_ones(folder):
    (folder / "broken.toml").write_text('[project]\nname = "x\n', encoding="utf-8")
    res = invoke(folder, "--format", "json")
    assert res.exit_code == 2
    data = json.loads(res.output)
    assert len(data) == 4
    broken = next(i for i in data if i["file"].endswith("broken.toml"))
    assert broken["status"] == "invalid"
    assert broken["findings"][0]["code"] == "toml_syntax" and broken["findings"][0]["line"] == 2
    assert sum(1 for i in data if i["status"] in ("ok", "warning", "error")) == 3
    junit = ET.fromstring(invoke(folder, "-f", "junit").output.split("\n", 1)[1])
    assert junit.find("testsuite").get("errors") == "1"


def test_glob_patterns_and_missing_paths(folder):
    res = invoke(str(folder / "*.toml"), "-f", "json")
    assert len(json.loads(res.output)) == 2  # clean and error; sub/ is not matched by *
    assert invoke(folder / "nothing-here").exit_code == 2


def test_duplicate_project_number(folder):
    shutil.copy(folder / "sub" / "warning.toml", folder / "copy.toml")
    data = json.loads(invoke(folder, "-f", "json").output)
    dups = [
        i for i in data if any(f["code"].startswith("duplicate_project") for f in i["findings"])
    ]
    assert sorted(i["file"].rsplit("/", 1)[-1] for i in dups) == ["copy.toml", "warning.toml"]


def test_portfolio_by_municipality(tmp_path):
    # Two projects that both include Kemi: fixed shares 600 € (2025) and 400 € (2025),
    # so Kemi's commitment for 2025 is 1 000 €; Tornio only in the first (400 €).
    one = """
[project]
name = "A"
project_number = "{n}"
start = 2025-01-01
end = 2025-12-31
programme = "jtf-2021-2027"
measure = "development"
cost_model = "actual"
[[partners]]
id = "a"
name = "Kehitys Oy"
role = "main"
[[costs]]
category = "other"
amount = 5000
[funding]
support_rate = 0.80
[municipal]
funding = "remainder"
key = "fixed"
members = {members}
"""
    (tmp_path / "a.toml").write_text(
        one.format(
            n=1,
            members='[{ municipality = "Kemi", amount = 600 }, { municipality = "Tornio", amount = 400 }]',
        ),
        encoding="utf-8",
    )
    (tmp_path / "b.toml").write_text(
        one.format(n=2, members='[{ municipality = "Kemi", amount = 1000 }]'), encoding="utf-8"
    )
    res = invoke(tmp_path, "--by-municipality", "-f", "json")
    assert res.exit_code == 0, res.output
    rows = {r["municipality"]: r for r in json.loads(res.output)["by_municipality"]}
    assert rows["Kemi"]["by_year"] == {"2025": "1600.00"} and rows["Kemi"]["projects"] == 2
    assert rows["Tornio"]["total"] == "400.00"
    text = invoke(tmp_path, "--by-municipality").output
    assert "Kuntien sitoumukset yhteensä" in text and "1\u00a0600,00" in text


def test_parallel_and_serial_give_the_same_summaries(folder, monkeypatch):
    files, _ = batch.expand([str(folder)])
    serial = list(batch.check_files(files, jobs=1))
    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    parallel = list(batch.check_files(files, jobs=2))
    assert [(s.path, s.status, s.total_cost) for s in serial] == [
        (s.path, s.status, s.total_cost) for s in parallel
    ]
    clean = next(s for s in parallel if s.path.endswith("clean.toml"))
    assert clean.total_cost == D("276605.00") and clean.status == "ok"


def test_text_output_streams_and_reports_duplicates_after_the_files(folder):
    # warning.toml copied: both files now share project number 290171, so both are errors
    shutil.copy(folder / "sub" / "warning.toml", folder / "copy.toml")
    res = invoke(folder)
    assert res.exit_code == 1
    lines = res.output.splitlines()
    dups = [line for line in lines if "duplicate_project" in line]
    assert len(dups) == 2
    assert any("copy.toml" in d.split(": ")[0] and "warning.toml" in d for d in dups)
    assert any("warning.toml" in d.split(": ")[0] and "copy.toml" in d for d in dups)
    # clean.toml OK; error.toml, warning.toml and copy.toml with errors
    assert "Tarkistettu 4 tiedostoa: 1 kunnossa, 0 varoituksin, 3 virheellistä" in res.output


def test_tally_keeps_counts_numbers_and_portfolio_not_summaries():
    tally = batch.Tally(strict=True, municipalities=True)
    amounts = (batch.MunicipalAmount("240", "Kemi", "Kemi", ((2025, D("600.00")),)),)
    shown = tally.add(batch.FileSummary("a.toml", "warning", project_number="1"))
    assert shown.status == "error"  # --strict
    tally.add(batch.FileSummary("b.toml", "ok", project_number="1", municipalities=amounts))
    tally.add(batch.FileSummary("c.toml", "invalid"))
    assert [d.path for d in tally.duplicates()] == ["a.toml", "b.toml"]
    assert dict(tally.counts) == {"error": 2, "ok": 0, "invalid": 1} and tally.total == 3
    assert tally.exit_code() == 2
    (row,) = tally.portfolio.rows()
    assert row.by_year == {2025: D("600.00")} and row.projects == 1


def test_per_file_municipal_column_counts_an_implementing_town(tmp_path):
    # Kemi implements its own project (seed 002): 276 605 € cost, 80 % support, so the
    # city's own money is 20 % = 55 321,00 €. There is no [municipal] key, so the
    # municipal-funding row alone would say 0,00 €.
    (tmp_path / "kemi.toml").write_text(KEMI, encoding="utf-8")
    line = next(line for line in invoke(tmp_path).output.splitlines() if "kemi.toml" in line)
    assert line.rstrip().endswith("55\u00a0321,00\u00a0€")
    data = json.loads(invoke(tmp_path, "-f", "json").output)
    assert data[0]["municipal"] == "55321.00"


def test_folder_order_is_by_path_components_and_kept_as_strings(tmp_path):
    # "a" sorts before "a.toml" and "a-b.toml" ('-' < '.' but "a" is a prefix), so the
    # folder's files come first, as path objects would order them; "b.txt" is not a project
    root = tmp_path / "p"
    (root / "a").mkdir(parents=True)
    for name in ("a/x.toml", "a.toml", "a-b.toml", "b.txt", "B.toml"):
        (root / name).write_text("", encoding="utf-8")
    files, missing = batch.expand([str(root) + "/"])
    assert list(files) == [
        f"{root}/B.toml",
        f"{root}/a/x.toml",
        f"{root}/a-b.toml",
        f"{root}/a.toml",
    ]
    assert missing == [] and files[1] == f"{root}/a/x.toml" and files[-1].endswith("a.toml")
    assert files[1:3] == [f"{root}/a/x.toml", f"{root}/a-b.toml"] and len(files) == 4


def test_path_list_holds_paths_in_order():
    paths = batch.PathList(["hankkeet/a.toml", "", "ä ö/ü.toml"])
    assert len(paths) == 3 and list(paths) == ["hankkeet/a.toml", "", "ä ö/ü.toml"]
    assert paths[2] == "ä ö/ü.toml" and paths[-3] == "hankkeet/a.toml" and paths[1] == ""
    with pytest.raises(IndexError):
        paths[3]
    assert list(batch.PathList()) == [] and len(batch.PathList()) == 0


def test_tally_takes_paths_from_the_file_list_and_refuses_summaries_out_of_order():
    files = batch.PathList(["a.toml", "b.toml", "c.toml", "d.toml"])
    tally = batch.Tally(paths=files)
    for path, number in zip(files, ["7", "8", "7", None], strict=True):
        tally.add(batch.FileSummary(path, "ok", project_number=number))
    (first, second) = tally.duplicates()
    assert (first.path, second.path) == ("a.toml", "c.toml")
    assert first.items[0].code == "duplicate_project_group" and first.status == "error"
    assert dict(tally.counts) == {"ok": 2, "error": 2}
    with pytest.raises(ValueError):
        batch.Tally(paths=files).add(batch.FileSummary("b.toml", "ok"))


def test_quiet_check_from_the_cache_shows_what_a_computed_one_shows(folder):
    # a quiet check reads clean files from the cache without their figures: the second
    # run (all from the cache) must print and count exactly as the first, duplicates too
    numbered = KEMI.replace("[project]\n", '[project]\nproject_number = "KE-1"\n', 1)
    assert numbered != KEMI
    (folder / "clean.toml").write_text(numbered, encoding="utf-8")
    (folder / "clean2.toml").write_text(numbered, encoding="utf-8")
    (folder / "other.toml").write_text(numbered.replace('"KE-1"', '"KE-2"'), encoding="utf-8")
    first = invoke(folder, "--quiet")
    second = invoke(folder, "--quiet")
    assert first.exit_code == second.exit_code == 1
    assert first.output == second.output
    dups = [line for line in second.output.splitlines() if "[duplicate_project" in line]
    assert len(dups) == 2 and "clean.toml" in dups[0] and "clean2.toml" in dups[1]
    assert "other.toml" not in second.output  # clean: not shown
    assert "Tarkistettu 5 tiedostoa: 1 kunnossa, 1 varoituksin, 3 virheellistä" in second.output


@pytest.mark.parametrize(
    "text",
    [
        "Tarkistettu 3 tiedostoa: 1 kunnossa, 1 varoituksin, 1 virheellinen",
        "Tarkistettu 10\u00a0000 tiedostoa: 8\u00a0526 kunnossa, 1\u00a0000 varoituksin, 474 "
        "virheellistä, 0 käyttökelvotonta",
        "a [bold]b[/bold] c",
        "漢字 " * 30,
    ],
)
def test_plain_console_prints_as_a_rich_console_would(text):
    # check's output into a pipe does not load rich's console; a line must come out the
    # same, wrapped where rich wraps it (at 60 columns the long line wraps)
    import io

    from hankelaskuri.cliui import PlainConsole, rich_console

    plain_out, rich_out = io.StringIO(), io.StringIO()
    PlainConsole(plain_out, 60).print(text, highlight=False)
    rich_console(file=rich_out, width=60).print(text, highlight=False)
    assert plain_out.getvalue() == "\n".join(
        line.rstrip(" ") for line in rich_out.getvalue().split("\n")
    )


def test_folder_listing_flags_regular_files_and_a_fifo_is_still_refused(tmp_path):
    import os

    root = tmp_path / "p"
    (root / "sub").mkdir(parents=True)
    (root / "a.toml").write_text(KEMI, encoding="utf-8")
    (root / "sub" / "b.toml").write_text(KEMI, encoding="utf-8")
    os.mkfifo(root / "putki.toml")
    (root / "linkki.toml").symlink_to(root / "a.toml")
    files, _ = batch.expand([str(root)])
    names = [p.rsplit("/", 1)[1] for p in files]
    assert names == ["a.toml", "linkki.toml", "putki.toml", "b.toml"]
    assert list(files.regular(0, 4)) == [1, 0, 0, 1]  # the link and the FIFO are asked again
    res = invoke(root, "--quiet")
    assert res.exit_code == 2 and "putki.toml" in res.output  # refused, not waited for


def test_tally_finds_every_group_of_duplicate_numbers_as_a_plain_grouping_does():
    # the tally's table of numbers grows and probes; a plain dictionary grouping decides
    import random

    rng = random.Random(5)
    for _ in range(20):
        n = rng.randrange(1, 4000)
        numbers = [
            rng.choice([None, str(rng.randrange(n // 2 + 1)), f"ä{rng.randrange(3)}"])
            for _ in range(n)
        ]
        paths = [f"f{i}.toml" for i in range(n)]
        tally = batch.Tally(paths=batch.PathList(paths))
        for path, number in zip(paths, numbers, strict=True):
            tally.add(batch.FileSummary(path, "ok", project_number=number))
        groups: dict[str, list[int]] = {}
        for i, number in enumerate(numbers):
            if number:
                groups.setdefault(number, []).append(i)
        expected = [
            (f"f{i}.toml", number)
            for number, files in sorted(groups.items(), key=lambda g: g[1][0])
            if len(files) > 1
            for i in files
        ]
        assert [(d.path, d.project_number) for d in tally.duplicates()] == expected
        assert tally.counts["error"] == len(expected)


def test_the_counts_line_keeps_each_count_with_its_noun():
    # at 80 columns the summary ended '1 virheellinen, 23' / 'käyttökelvotonta'
    import io
    import re

    from rich.console import Console

    from hankelaskuri.render.check import counts_line

    for width in range(40, 90):
        out = io.StringIO()
        console = Console(file=out, width=width, force_terminal=True, color_system=None)
        counts_line({"ok": 11, "warning": 0, "error": 2, "invalid": 23}, 36, console, "fi")
        lines = out.getvalue().splitlines()
        assert all(len(line) <= width for line in lines), lines
        assert not any(re.search(r"\d$", line) for line in lines), (width, lines)
        assert "23\xa0käyttökelvotonta" in out.getvalue()
