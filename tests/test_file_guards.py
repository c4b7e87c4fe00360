"""Inputs and outputs of the commands that read one file and write another: only a regular
file is read (import's workbook as every project file), an output never replaces the
command's own input (not even with --force), operating-system failures are told in the
reader's language, and output options that do not fit the command are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hankelaskuri.cli import app

from .conftest import EXAMPLES, ROOT

runner = CliRunner()
EXAMPLE = EXAMPLES / "sydansuomi-pikastartti.toml"

# The catalogue's words for these refusals, written out by hand (fi, en).
NOT_REGULAR = {
    "fi": "Ei luettu: tämä on {kind}, ei tavallinen tiedosto.",
    "en": "Not read: this is a {kind}, not a regular file.",
}
KINDS = {
    "fifo": {"fi": "nimetty putki (FIFO)", "en": "named pipe (FIFO)"},
    "folder": {"fi": "kansio", "en": "folder"},
    "device": {"fi": "laite", "en": "device"},
}


def invoke(*args: object, lang: str = "fi"):
    return runner.invoke(app, ["--lang", lang, *map(str, args)], env={"NO_COLOR": "1"})


# -- import reads only a regular file ---------------------------------------------------------
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_import_refuses_a_fifo_without_waiting_on_it(tmp_path, lang):
    fifo = tmp_path / "putki.xlsx"
    os.mkfifo(fifo)
    out = tmp_path / "out.toml"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    # a subprocess with a timeout: a regression that waits on the FIFO fails, never hangs
    done = subprocess.run(
        [sys.executable, "-m", "hankelaskuri", "--lang", lang, "import", str(fifo), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    want = NOT_REGULAR[lang].format(kind=KINDS["fifo"][lang])
    assert f"{fifo}: {want} [not_regular_file]" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("kind", ["folder", "device"])
def test_import_refuses_a_folder_and_a_device_as_budget_does(tmp_path, lang, kind):
    given = tmp_path / "kansio.xlsx" if kind == "folder" else Path("/dev/null")
    if kind == "folder":
        given.mkdir()
    out = tmp_path / "out.toml"
    res = invoke("import", given, "-o", out, lang=lang)
    assert res.exit_code == 2, res.output
    want = f"{given}: {NOT_REGULAR[lang].format(kind=KINDS[kind][lang])} [not_regular_file]"
    assert want in res.output
    assert "Traceback" not in res.output and "IsADirectoryError" not in res.output
    assert not out.exists()
    # the same words as every other command gives for that input
    assert want in invoke("budget", given, lang=lang).output


# -- an output never replaces the command's own input ----------------------------------------
REVISED = ROOT / "tests" / "cases" / "diff" / "sydansuomi-revised.toml"


def project_copy(folder: Path, name: str = "hanke.toml", source: Path = EXAMPLE) -> Path:
    path = folder / name
    path.write_bytes(source.read_bytes())
    return path


def assert_refused_as_input(res, target: Path, given: Path, words: str = "syötetiedosto"):
    assert res.exit_code == 2, res.output
    assert f"{target}: " in res.output and f"({given})" in res.output, res.output
    assert "[output_is_input]" in res.output and words in res.output, res.output


def test_export_over_its_own_project_file_is_refused_even_with_force(tmp_path):
    src = project_copy(tmp_path)
    before = src.read_bytes()
    res = invoke("export", src, "-o", src, "--force")
    assert_refused_as_input(res, src, src)
    assert src.read_bytes() == before
    # the same file by another name: a hard link as the output ...
    hard = tmp_path / "kopio.xlsx"
    os.link(src, hard)
    res = invoke("export", src, "-o", hard, "--force", lang="sv")
    assert_refused_as_input(res, hard, src, "indatafil")
    # ... and the project given through a symbolic link, the real file as the output
    soft = tmp_path / "linkki.toml"
    soft.symlink_to(src)
    res = invoke("export", soft, "-o", src, "--force", lang="en")
    assert_refused_as_input(res, src, soft, "own input file")
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hanke.toml", "kopio.xlsx", "linkki.toml"]


def test_import_over_its_own_workbook_is_refused_even_with_force(tmp_path):
    src = project_copy(tmp_path)
    book = tmp_path / "budjetti.xlsx"
    assert invoke("export", src, "-o", book).exit_code == 0
    before = book.read_bytes()
    res = invoke("import", book, "-o", book, "--force")
    assert_refused_as_input(res, book, book)
    assert book.read_bytes() == before


def test_attachment_over_its_own_project_file_is_refused_even_with_force(tmp_path):
    src = project_copy(tmp_path)
    before = src.read_bytes()
    res = invoke("attachment", src, "-m", "Karstula", "-o", src, "-f", "md", "--force")
    assert_refused_as_input(res, src, src)
    assert src.read_bytes() == before


def test_attachment_all_into_a_folder_holding_its_project_file_is_refused(tmp_path):
    src = project_copy(tmp_path)
    before = src.read_bytes()
    folder = tmp_path / "liitteet"
    res = invoke("attachment", src, "--all", "-d", folder, "-f", "md")
    assert res.exit_code == 0, res.output
    written = sorted(folder.iterdir())
    assert len(written) == 7  # the seven municipalities of the example
    # one of the names the batch writes is now the project file itself (a hard link)
    written[0].unlink()
    os.link(src, written[0])
    others = {p: p.read_bytes() for p in written[1:]}
    res = invoke("attachment", src, "--all", "-d", folder, "-f", "md", "--force")
    assert_refused_as_input(res, written[0], src)
    assert src.read_bytes() == before
    assert {p: p.read_bytes() for p in written[1:]} == others  # nothing of the batch written


def test_supplementary_attachment_over_the_older_version_is_refused(tmp_path):
    old = project_copy(tmp_path, "vanha.toml")
    before = old.read_bytes()
    res = invoke(
        "attachment", REVISED, "--since", old, "-m", "Viitasaari", "-o", old, "-f", "md", "--force"
    )
    assert_refused_as_input(res, old, old)
    assert old.read_bytes() == before
    # and a different name is written as before
    res = invoke(
        "attachment", REVISED, "--since", old, "-m", "Viitasaari", "-o", tmp_path / "v.md"
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "v.md").stat().st_size > 0
