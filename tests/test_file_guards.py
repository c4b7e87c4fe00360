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
