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
BUILTIN = ROOT / "src" / "hankelaskuri" / "rules"

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
    res = invoke("attachment", REVISED, "--since", old, "-m", "Viitasaari", "-o", tmp_path / "v.md")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "v.md").stat().st_size > 0


# -- what the operating system said, in the reader's language ---------------------------------
# The system's own English words, none of which may reach a Finnish or Swedish message.
ENGLISH = (
    "No such file",
    "File exists",
    "Errno",
    "Invalid value",
    "at line",
    "column",
    "Permission denied",
    "Is a directory",
    "No space",
)


def no_english(text: str) -> None:
    for words in ENGLISH:
        assert words not in text, text


@pytest.mark.parametrize(
    "lang, want",
    [
        ("fi", "nimeton.xlsx: Tiedostoa ei löydy. [file_not_found]"),
        ("sv", "nimeton.xlsx: Filen hittas inte. [file_not_found]"),
    ],
)
def test_import_of_a_missing_workbook_in_the_readers_language(tmp_path, lang, want):
    res = invoke("import", tmp_path / "nimeton.xlsx", "-o", tmp_path / "x.toml", lang=lang)
    assert res.exit_code == 2
    assert want in res.output.replace(f"{tmp_path}/", "")
    no_english(res.output)


@pytest.mark.parametrize(
    "lang, want",
    [
        ("fi", "kansiota ei voi tehdä (samanniminen tiedosto on jo olemassa)."),
        ("sv", "mappen kan inte skapas (det finns redan en fil med samma namn)."),
    ],
)
def test_attachment_folder_that_is_a_file_in_the_readers_language(tmp_path, lang, want):
    victim = tmp_path / "uhri.txt"
    victim.write_bytes(b"ennallaan")
    res = invoke("attachment", EXAMPLE, "--all", "-d", victim, lang=lang)
    assert res.exit_code == 2
    assert f"{victim}: {want} [output_folder]" in res.output
    no_english(res.output)
    assert victim.read_bytes() == b"ennallaan"


@pytest.mark.parametrize(
    "lang, want",
    [
        ("fi", "Sääntötiedosto on virheellinen: {path}:2:10: TOML-syntaksivirhe: "),
        ("sv", "Regelfilen är felaktig: {path}:2:10: TOML-syntaxfel: "),
    ],
)
def test_broken_rules_file_told_as_a_project_files_toml_error(tmp_path, lang, want):
    rules = tmp_path / "omat"
    rules.mkdir()
    broken = rules / "jtf.toml"
    broken.write_text('id = "jtf-2021-2027"\nbroken = \n', encoding="utf-8")  # line 2, column 10
    res = invoke("budget", "--rules", rules, EXAMPLE, lang=lang)
    assert res.exit_code == 2
    assert want.format(path=broken) in res.output, res.output
    assert res.output.rstrip().endswith("[rules_file_invalid]")
    no_english(res.output)
    # a decimal comma in a rules file is named as in a project file, at its place
    broken.write_text('id = "jtf-2021-2027"\nrate = 0,8\n', encoding="utf-8")
    res = invoke("budget", "--rules", rules, EXAMPLE, lang=lang)
    assert f"{broken}:2:8: " in res.output and "0,8" in res.output, res.output
    no_english(res.output)


def test_every_common_os_error_has_its_own_words_in_each_language():
    import errno

    from hankelaskuri.errors import os_reason

    common = ["ENOENT", "EEXIST", "EACCES", "ENOTDIR", "EISDIR", "ENOSPC", "EROFS", "ENAMETOOLONG"]
    for lang in ("fi", "sv", "en"):
        texts = set()
        for name in common:
            number = getattr(errno, name)
            shown = os_reason(OSError(number, os.strerror(number))).show(lang)
            assert shown and not shown.startswith("os_error."), (lang, name)
            if lang != "en":
                assert os.strerror(number).lower() not in shown.lower(), (lang, name)
            texts.add(shown)
        assert len(texts) == len(common), lang  # each its own words
    # by hand: the Finnish words for the two the probe met
    assert os_reason(FileNotFoundError(errno.ENOENT, "x")).show("fi") == (
        "tiedostoa tai kansiota ei ole"
    )
    assert os_reason(FileExistsError(errno.EEXIST, "x")).show("sv") == (
        "det finns redan en fil med samma namn"
    )
    # an error without words of its own is named by its symbol, not the system's sentence
    assert os_reason(OSError(errno.EXDEV, os.strerror(errno.EXDEV))).show("fi") == "EXDEV"


def test_a_write_failure_is_told_in_the_readers_language(tmp_path):
    import errno

    from hankelaskuri.output import OutputError, write_atomic

    def fails(fh):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "x.xlsx", fails)
    assert caught.value.code == "output_failed"
    assert "(levyn luku- tai kirjoitusvirhe)" in caught.value.text("fi")
    assert "(läs- eller skrivfel på disken)" in caught.value.text("sv")
    assert os.strerror(errno.EIO) not in caught.value.text("fi") + caught.value.text("sv")
    assert list(tmp_path.iterdir()) == []


# -- output options that fit the command -------------------------------------------------------
@pytest.mark.parametrize(
    "lang, words",
    [
        ("fi", "--all kirjoittaa liitteet kansioon, joka annetaan valitsimella -d"),
        ("en", "--all writes the attachments into a folder given with -d"),
    ],
)
def test_attachment_all_with_an_output_file_is_a_usage_error(tmp_path, lang, words, monkeypatch):
    monkeypatch.chdir(tmp_path)  # it wrote 14 files into the current folder
    res = invoke("attachment", EXAMPLE, "--all", "-o", "x.pdf", lang=lang)
    assert res.exit_code == 2, res.output
    assert f"x.pdf: {words}" in res.output and "[usage]" in res.output
    assert list(tmp_path.iterdir()) == []
    # the same with --since
    res = invoke("attachment", REVISED, "--since", EXAMPLE, "--all", "-o", "x.pdf", lang=lang)
    assert res.exit_code == 2 and "[usage]" in res.output, res.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_the_output_suggests_the_commands_own_file_name(tmp_path):
    folder = tmp_path / "kansio"
    folder.mkdir()
    src = project_copy(tmp_path)
    book = tmp_path / "b.xlsx"
    assert invoke("export", src, "-o", book).exit_code == 0
    res = invoke("import", book, "-o", folder)
    assert res.exit_code == 2
    assert f"{folder}: on kansio; anna tiedoston nimi (esim. {folder}/hanke.toml)." in res.output
    res = invoke("export", src, "-o", folder, lang="en")
    assert f"(e.g. {folder}/budget.xlsx)" in res.output, res.output
    res = invoke("export", src, "-o", folder)
    assert f"(esim. {folder}/budjetti.xlsx)" in res.output, res.output
    res = invoke("init", folder, "--programme", "jtf-2021-2027")
    assert f"(esim. {folder}/hanke.toml)" in res.output, res.output
    assert list(folder.iterdir()) == []


def test_a_folder_in_the_place_of_an_attachment_is_named_as_such(tmp_path):
    folder = tmp_path / "liitteet"
    assert invoke("attachment", EXAMPLE, "--all", "-d", folder, "-f", "md").exit_code == 0
    first = sorted(folder.iterdir())[0]
    first.unlink()
    first.mkdir()  # a folder where the batch writes one of its own names
    res = invoke("attachment", EXAMPLE, "--all", "-d", folder, "-f", "md", "--force")
    assert res.exit_code == 2
    assert f"{first}: samanniminen kansio on jo olemassa" in res.output, res.output
    assert "[output_name_is_folder]" in res.output
    assert "budjetti.xlsx" not in res.output and f"{first}/" not in res.output
    assert first.is_dir() and list(first.iterdir()) == []


def test_a_named_pipe_in_a_rules_folder_is_refused_without_waiting_on_it(tmp_path):
    rules = tmp_path / "omat"
    rules.mkdir()
    os.mkfifo(rules / "putki.toml")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    # a subprocess with a timeout: a regression that waits on the FIFO fails, never hangs
    done = subprocess.run(
        [sys.executable, "-m", "hankelaskuri", "budget", "--rules", str(rules), str(EXAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    want = NOT_REGULAR["fi"].format(kind=KINDS["fifo"]["fi"])
    assert f"Sääntötiedosto on virheellinen: {rules / 'putki.toml'}: {want}" in done.stderr


def test_attachment_for_one_municipality_into_a_folder_given_with_d(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # -d was ignored: the attachment landed in the current folder
    res = invoke("attachment", EXAMPLE, "-m", "Karstula", "-d", "liitteet", "-f", "md")
    assert res.exit_code == 0, res.output
    written = list((tmp_path / "liitteet").iterdir())
    assert len(written) == 1 and written[0].suffix == ".md" and "karstula" in written[0].name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liitteet"]
    # a file and a folder both: which one was meant is not guessed
    res = invoke("attachment", EXAMPLE, "-m", "Karstula", "-o", "k.md", "-d", "muut")
    assert res.exit_code == 2 and "[usage]" in res.output, res.output
    assert "Anna joko tiedosto valitsimella -o (k.md) tai kansio valitsimella -d (muut)" in (
        res.output
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liitteet"]


@pytest.mark.parametrize(
    "lang, short, table",
    [
        (
            "fi",
            "rounding.support_unit.source: Tekstissä pitää olla vähintään 3 merkkiä",
            "arvotaulukko",
        ),
        ("sv", "rounding.support_unit.source: Texten ska ha minst 3 tecken", "värdetabell"),
    ],
)
def test_rules_value_mistakes_told_at_their_place_in_the_readers_words(
    tmp_path, lang, short, table
):
    """A rules file that is TOML but whose values do not validate: the first problem at
    file:line:column with its key, in the reader's language (pydantic's English before)."""
    rules = tmp_path / "omat"
    rules.mkdir()
    text = (BUILTIN / "jtf-2021-2027.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("support_unit = "))
    broken = rules / "jtf-2021-2027.toml"
    lines[at] = (
        'support_unit = { value = 1, since = 2021-01-01, source = "x", status = "official" }'
    )
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = invoke("budget", "--rules", rules, EXAMPLE, lang=lang)
    assert res.exit_code == 2
    assert f"{broken}:{at + 1}:49: {short}" in res.output, res.output
    no_english(res.output)
    lines[at] = 'support_unit = "x"'
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = invoke("budget", "--rules", rules, EXAMPLE, lang=lang)
    assert f"{broken}:{at + 1}:1: rounding.support_unit: " in res.output and table in res.output
    no_english(res.output)
