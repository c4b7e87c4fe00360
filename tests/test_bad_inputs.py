"""The bad-input corpus (tests/bad): each file gives its expected code at its expected
line, a non-zero exit and never a traceback. Regenerate with ``python tests/bad/generate.py``."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hankelaskuri.cli import app

BAD = Path(__file__).parent / "bad"
FILES = sorted(BAD.glob("*.toml"))
runner = CliRunner()


def test_corpus_is_large_enough():
    assert len(FILES) >= 120
    assert all(f.with_suffix(".expect.json").exists() for f in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_bad_file(path):
    expect = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    res = runner.invoke(app, ["budget", str(path), "--format", "json"], env={"NO_COLOR": "1"})
    output = res.output + (res.stderr if hasattr(res, "stderr") else "")
    assert "Traceback" not in output
    assert res.exit_code == expect["exit"], output
    if expect["exit"] in (0, 1):  # a valid project with rule findings, reported in the JSON
        findings = json.loads(res.stdout)["findings"]
        found = [(f["code"], f["line"]) for f in findings]
    else:  # unusable input: file:line:column: key: message [code]
        found = []
        for line in output.splitlines():
            if line.startswith(str(path)) and ": " in line and line.endswith("]"):
                where, _, rest = line.partition(": ")
                code = rest.rsplit("[", 1)[1].rstrip("]")
                parts = where[len(str(path)) :].split(":")
                found.append((code, int(parts[1]) if len(parts) > 1 and parts[1] else None))
    codes = [c for c, _ in found]
    assert expect["code"] in codes, f"{expect['code']} not in {found}\n{output}"
    if "line" in expect:
        lines = [ln for c, ln in found if c == expect["code"]]
        assert expect["line"] in lines, f"{expect['code']} at {lines}, expected {expect['line']}"
    if "hint" in expect:  # the Finnish typing mistakes: the hint that fixes them
        hints = [ln.strip() for ln in output.splitlines() if ln.strip().startswith("vihje: ")]
        assert any(expect["hint"] in h for h in hints), f"{expect['hint']!r} not in {hints}"


def test_finnish_typing_mistakes_are_in_the_corpus():
    """Each typing mistake the Finnish way has its own file and hint (tests/bad/finnish.py)."""
    hinted = {
        json.loads(p.read_text(encoding="utf-8"))["code"]
        for p in BAD.glob("*.expect.json")
        if "hint" in json.loads(p.read_text(encoding="utf-8"))
    }
    assert {
        "decimal_comma",
        "finnish_date",
        "date_as_text",
        "percent_as_text",
        "percent_sign",
        "rate_ambiguous",
        "rate_as_percent",
        "space_in_number",
    } <= hinted


def test_folder_given_for_a_file():
    examples = BAD.parent.parent / "examples"
    res = runner.invoke(app, ["budget", str(examples)], env={"NO_COLOR": "1"})
    assert res.exit_code == 2 and "[not_regular_file]" in res.output
    assert f"vihje: {examples} on kansio. Anna hanketiedosto, esim. {examples}/" in res.output
    assert f"hanke check {examples}" in res.output


def test_misspelled_municipality_gets_a_guess():
    sydan = BAD.parent.parent / "examples" / "sydansuomi-pikastartti.toml"
    res = runner.invoke(app, ["attachment", str(sydan), "-m", "Karstla"], env={"NO_COLOR": "1"})
    assert res.exit_code == 2 and "Tarkoititko Karstula?" in res.output
    assert res.output.rstrip().endswith("[unknown_municipality]")
    sv = runner.invoke(app, ["attachment", str(sydan), "-m", "karstla", "--lang", "sv"])
    assert "Menade du Karstula?" in sv.output


def test_problem_layout_with_marker_and_hint():
    res = runner.invoke(
        app, ["budget", str(BAD / "type-support-rate-percent.toml")], env={"NO_COLOR": "1"}
    )
    lines = res.output.splitlines()
    head = next(i for i, line in enumerate(lines) if line.endswith("[rate_as_percent]"))
    assert lines[head].startswith(f"{BAD / 'type-support-rate-percent.toml'}:")
    assert lines[head + 1].lstrip().startswith(lines[head].split(":")[1] + " | support_rate = 80")
    assert lines[head + 2].strip().endswith("^")
    assert "vihje: Kirjoita 0.8, jos tarkoitit 80 %." in lines[head + 3]


def test_huge_file_is_refused_by_its_size(tmp_path):
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as fh:
        fh.write(b'name = "x"\n' * (50 * 1024 * 1024 // 11))
    res = runner.invoke(app, ["budget", str(huge)])
    # refused from its size before reading: the message gives the size and the limit
    assert res.exit_code == 2 and "file_too_large" in res.output
    assert f"{huge.stat().st_size} tavua" in res.output and "1048576" in res.output


def test_crlf_and_bom_work(tmp_path):
    text = (Path(__file__).parent.parent / "examples" / "kemi-kestava-kasvu.toml").read_bytes()
    path = tmp_path / "crlf.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    res = runner.invoke(app, ["budget", str(path), "-f", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["total_cost"] == "276605.00"


def test_internal_error_exit_3_and_debug(monkeypatch, tmp_path):
    import hankelaskuri.api as api

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(api, "calculate", boom)
    example = Path(__file__).parent.parent / "examples" / "kemi-kestava-kasvu.toml"
    res = runner.invoke(app, ["budget", str(example)])
    assert res.exit_code == 3
    assert "Sisäinen virhe" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["budget", str(example), "--debug"])
    assert res.exit_code == 3 and "Traceback" in res.output
