"""Output files: only regular files are written over, atomically, with a clear message for
every operating-system failure and for Ctrl-C (issue 13, items 3–6, 9 and 10)."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hankelaskuri.cli import app
from hankelaskuri.output import OutputError, rewrite, write_atomic, write_batch

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "sydansuomi-pikastartti.toml"
runner = CliRunner()


def export(*args: str):
    return runner.invoke(app, ["export", str(EXAMPLE), *args])


def test_device_fifo_and_symlink_targets_are_refused(tmp_path):
    # item 3: `-o /dev/null --force` replaced the device by a regular file
    # A character device of our own (the same device as /dev/null) in the test's folder, so
    # that a regression replaces only this copy, never the machine's /dev/null.
    device = tmp_path / "laite.xlsx"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        device = None  # not root: the FIFO and symlink cases below still run
    if device is not None:
        before = os.lstat(device)
        result = export("-o", str(device), "--force")
        assert result.exit_code == 2
        assert "output_not_regular" in result.output
        assert stat.S_ISCHR(os.lstat(device).st_mode)
        assert os.lstat(device).st_ino == before.st_ino
    fifo = tmp_path / "putki.xlsx"
    os.mkfifo(fifo)
    result = export("-o", str(fifo), "--force")
    assert result.exit_code == 2 and "output_not_regular" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    real = tmp_path / "oikea.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "linkki.xlsx"
    link.symlink_to(real)
    result = export("-o", str(link), "--force")
    assert result.exit_code == 2 and "output_symlink" in result.output
    assert link.is_symlink() and real.read_bytes() == b"old"


def test_existing_folder_and_missing_folder(tmp_path):
    # item 9: `-o` an existing folder was "program error, report it"
    result = export("-o", str(tmp_path), "--force")
    assert result.exit_code == 2
    assert "output_is_folder" in result.output and "kansio" in result.output
    result = export("-o", str(tmp_path / "ei" / "x.xlsx"))
    assert result.exit_code == 2 and "output_folder" in result.output


def test_names_up_to_the_limit_work_and_longer_ones_are_refused(tmp_path):
    # item 9: a name of 242–255 bytes failed because the temporary name added to it
    name = "a" * (255 - len(".xlsx")) + ".xlsx"
    result = export("-o", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).stat().st_size > 0
    result = export("-o", str(tmp_path / ("b" + name)))
    assert result.exit_code == 2
    assert "output_name_too_long" in result.output and "255" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("err", "code", "words"),
    [
        (errno.ENOSPC, "output_disk_full", "levy on täynnä"),
        (errno.EROFS, "output_read_only", "vain luettavissa"),
        (errno.EACCES, "output_permission", "ei kirjoitusoikeutta"),
    ],
)
def test_disk_full_read_only_and_permission_each_have_a_message(
    tmp_path, monkeypatch, err, code, words
):
    # item 9: each was "program error, report it" (a full disk also a traceback); the
    # failure is simulated where the file system reports it, when the data reaches the disk
    def fail(fd):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "fsync", fail)
    result = export("-o", str(tmp_path / "b.xlsx"))
    assert result.exit_code == 2, result.output
    assert code in result.output and words in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_existence_check_and_the_naming_are_one_step(tmp_path):
    # item 5: two exports to one new name at once both "succeeded"; here the other run
    # creates the file while this one is writing: this one must not replace it
    target = tmp_path / "sama.xlsx"

    def writer(fh):
        fh.write(b"mine")
        target.write_bytes(b"theirs")

    with pytest.raises(OutputError) as info:
        write_atomic(target, writer)
    assert info.value.code == "output_exists"
    assert target.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sama.xlsx"]


def test_two_exports_at_once_one_wins_one_is_refused(tmp_path):
    target = tmp_path / "sama.xlsx"
    cmd = [sys.executable, "-m", "hankelaskuri", "export", str(EXAMPLE), "-o", str(target)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert sorted(code for code, _ in results) == [0, 2], results
    assert any("output_exists" in err for _, err in results)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sama.xlsx"]


def test_force_keeps_the_replaced_files_mode(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, lambda fh: fh.write(b"new"), force=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


UNFORMATTED = """[project]
name = "Muotoilematon"
start = 2025-01-01
end = 2025-12-31
programme = "jtf-2021-2027"
measure = "development"
cost_model = "actual"
[[partners]]
name = "Kehitysyhtiö Oy"
id = "main"
role = "main"
[[costs]]
category = "purchased_services"
amount = 1000
"""


def fmt(path: Path):
    return runner.invoke(app, ["fmt", str(path)])


def test_fmt_keeps_mode_symlinks_and_hard_links(tmp_path):
    # item 4: fmt widened 0600 to 0644, replaced a symlink by a copy, broke hard links
    private = tmp_path / "private.toml"
    private.write_text(UNFORMATTED, encoding="utf-8")
    private.chmod(0o600)
    assert fmt(private).exit_code == 0
    assert private.read_text(encoding="utf-8") != UNFORMATTED
    assert stat.S_IMODE(private.stat().st_mode) == 0o600

    real = tmp_path / "real.toml"
    real.write_text(UNFORMATTED, encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert fmt(link).exit_code == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == private.read_text(encoding="utf-8")

    first = tmp_path / "first.toml"
    first.write_text(UNFORMATTED, encoding="utf-8")
    second = tmp_path / "second.toml"
    os.link(first, second)
    assert fmt(second).exit_code == 0
    assert os.path.samefile(first, second)
    assert first.read_text(encoding="utf-8") == private.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "first.toml",
        "link.toml",
        "private.toml",
        "real.toml",
        "second.toml",
    ]


def test_rewrite_refuses_what_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "p.toml"
    os.mkfifo(fifo)
    with pytest.raises(OutputError):
        rewrite(fifo, b"x")


def test_batch_failing_while_rendering_leaves_no_file(tmp_path):
    # item 6: `attachment --all` replaced files one by one; a failure half-way left old and
    # new attachments mixed. Now nothing is named before every file is complete.
    old = tmp_path / "a.md"
    old.write_bytes(b"old a")

    def boom(fh):
        raise RuntimeError("renderer failed")

    jobs = [(old, lambda fh: fh.write(b"new a")), (tmp_path / "b.md", boom)]
    with pytest.raises(RuntimeError):
        write_batch(jobs, force=True)
    assert old.read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_batch_failing_while_naming_reports_exactly_what_was_written(tmp_path, monkeypatch):
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_bytes(b"old")
    jobs = [(tmp_path / n, lambda fh: fh.write(b"new")) for n in ("a.md", "b.md", "c.md")]
    with pytest.raises(OutputError) as info:
        write_batch(jobs, force=True)
    assert info.value.code == "output_batch_partial"
    message = info.value.localized("fi")
    assert f"Kirjoitetut: {tmp_path / 'a.md'}." in message
    assert f"Kirjoittamatta: {tmp_path / 'b.md'}, {tmp_path / 'c.md'}." in message
    assert [(tmp_path / n).read_bytes() for n in ("a.md", "b.md", "c.md")] == [
        b"new",
        b"old",
        b"old",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md", "c.md"]


def test_attachment_all_renders_everything_before_naming_anything(tmp_path, monkeypatch):
    from hankelaskuri.render import document

    calls = []
    real_md = document.WRITERS["md"]

    def md(doc, fh):
        calls.append(sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")))
        real_md(doc, fh)

    monkeypatch.setitem(document.WRITERS, "md", md)
    result = runner.invoke(
        app, ["attachment", str(EXAMPLE), "--all", "-f", "md", "-d", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert len(calls) > 1 and all(seen == [] for seen in calls)
    assert len([p for p in tmp_path.iterdir()]) == len(calls)


SLOW_EXPORT = textwrap.dedent("""
    import sys, time
    from hankelaskuri import cli
    from hankelaskuri.render import xlsx_save

    real = xlsx_save.save
    def slow_save(wb, fh):
        real(wb, fh)
        print("writing", flush=True)
        time.sleep(60)
    xlsx_save.save = slow_save
    cli.main(["export", sys.argv[1], "-o", sys.argv[2]])
""")


def test_ctrl_c_during_export_says_keskeytetty_and_leaves_nothing(tmp_path):
    # item 10: SIGINT during export printed a zipfile traceback or nothing at all
    target = tmp_path / "b.xlsx"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, str(EXAMPLE), str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "writing", proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "keskeytetty" in err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert list(tmp_path.iterdir()) == []


SLOW_CHECK = textwrap.dedent("""
    import sys, time
    from hankelaskuri import batch, cli

    def slow(*args, **kwargs):
        print("checking", flush=True)
        time.sleep(60)
    batch.check_file = slow
    cli.main(["check", sys.argv[1]])
""")


def test_ctrl_c_during_check_says_keskeytetty():
    # item 10: `check` exited 130 without a word
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_CHECK, str(EXAMPLE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "checking", proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "keskeytetty" in err and "Traceback" not in err


def test_ctrl_c_just_as_a_batch_makes_its_hidden_folder_leaves_nothing(tmp_path, monkeypatch):
    """A Ctrl-C that lands right after the batch's hidden folder is made (before the batch
    knew its name) once left a .hanke-* folder beside the attachments (seen under load in
    the Ctrl-C test of the attachment workers)."""
    from hankelaskuri import output

    real_mkdir = os.mkdir

    def made_then_interrupted(path, mode=0o777, *args, **kwargs):
        real_mkdir(path, mode)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "mkdir", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_batch([(tmp_path / "liite.md", lambda fh: fh.write(b"x"))])
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "written", "suffix", "example"),
    [
        # a Word file named .pdf, a workbook named .xls / without an ending / "-", a TOML
        # file named .xlsx: each was written, to be opened by the wrong program (or none)
        (
            ["attachment", "-m", "Karstula", "-f", "docx", "-o", "liite.pdf"],
            "liite.pdf",
            ".docx",
            "liite.docx",
        ),
        (["export", "-o", "budjetti.xls"], "budjetti.xls", ".xlsx", "budjetti.xlsx"),
        (["export", "-o", "budjetti"], "budjetti", ".xlsx", "budjetti.xlsx"),
        (["export", "-o", "-"], "-", ".xlsx", "budget.xlsx"),
    ],
)
def test_an_output_named_as_another_kind_of_file_is_refused(
    tmp_path, monkeypatch, args, written, suffix, example
):
    monkeypatch.chdir(tmp_path)
    command, *rest = args
    result = runner.invoke(app, [command, str(EXAMPLE), *rest, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert f"{written}: the name does not end in {suffix}" in result.output
    assert f"(e.g. {example}). [output_suffix]" in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_output_ending_in_upper_case_is_written(tmp_path):
    out = tmp_path / "BUDJETTI.XLSX"
    assert export("-o", str(out)).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"  # a zip: the workbook


def test_init_and_import_write_toml_files_only(tmp_path):
    refused = runner.invoke(
        app, ["init", str(tmp_path / "uusi.xlsx"), "-p", "akke", "--lang", "en"], input=""
    )
    assert refused.exit_code == 2 and "[output_suffix]" in refused.output
    assert not (tmp_path / "uusi.xlsx").exists()
