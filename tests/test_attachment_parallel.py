"""attachment --all renders its documents in worker processes: the files are the ones a
serial run writes, and a failure or Ctrl-C in a worker still leaves nothing half-written."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hankelaskuri import app as use
from hankelaskuri.cli import app
from hankelaskuri.errors import UserError
from hankelaskuri.i18n import t
from hankelaskuri.render import document, pool

from .conftest import EXAMPLES
from .test_attachment import need_pdf, pdf_text

runner = CliRunner()
SYDAN = EXAMPLES / "sydansuomi-pikastartti.toml"
PARENT = os.getpid()


@pytest.fixture(autouse=True)
def two_workers(monkeypatch):
    """Workers even on a one-core machine, so that these tests always cover them."""
    if not pool.FORK_SAFE:
        pytest.skip("documents are rendered serially on this system")
    monkeypatch.setattr(pool, "workers_available", lambda: 2)


def recording(kind: str, folder: Path, fail_in_worker=None, fail_everywhere=None):
    """The real writer of ``kind``, noting in ``folder`` which process rendered what; it can
    fail for the municipality ``fail_*`` names (in a worker only, or everywhere)."""
    real = document.WRITERS[kind]

    def write(doc, fh):
        pid = os.getpid()
        (folder / f"{pid}-{kind}-{doc.municipality}").touch()
        if doc.municipality == fail_everywhere:
            raise UserError(code="pdf_unavailable", error="testivika")
        if doc.municipality == fail_in_worker and pid != PARENT:
            os._exit(7)  # a worker that dies midway (killed, out of memory)
        real(doc, fh)

    return write


def jobs(folder: Path) -> list[use.DocumentJob]:
    """The example's documents, in the order they are written."""
    return use.attachments(
        SYDAN, municipality=None, all_=True, output=None, outdir=folder, kind=None,
        lang=None, body=None, force=False,
    )  # fmt: skip


def serial_files(folder: Path) -> dict[str, bytes]:
    """Every document of the example rendered one after the other in this process."""
    out = {}
    for job in jobs(folder):
        buffer = io.BytesIO()
        job.write(buffer)
        out[job.target.name] = buffer.getvalue()
    return out


def docx_body(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml") + z.read("word/styles.xml")


def pdf_layout(path: Path) -> str:
    """The PDF's text with each word's position on the page."""
    pdf_text(path)  # skips where poppler is missing
    return subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_parallel_run_writes_what_a_serial_run_writes(tmp_path, monkeypatch):
    need_pdf()
    out, seen, serial = tmp_path / "out", tmp_path / "seen", tmp_path / "serial"
    for d in (out, seen, serial):
        d.mkdir()
    expected = serial_files(out)
    for name, data in expected.items():
        (serial / name).write_bytes(data)
    for kind in ("docx", "pdf"):
        monkeypatch.setitem(document.WRITERS, kind, recording(kind, seen))
    res = runner.invoke(app, ["attachment", str(SYDAN), "--all", "-d", str(out)])
    assert res.exit_code == 0, res.output
    # every document rendered once: the first PDF here, before the worker was forked (it
    # inherits what that warmed), the rest shared between this process and the worker
    renders = [p.name.split("-", 1) for p in seen.iterdir()]
    assert len(renders) == 14 and len({doc for _, doc in renders}) == 14
    assert {pid for pid, _ in renders} > {str(PARENT)} and len({pid for pid, _ in renders}) == 2
    first_pdf = next(job for job in jobs(tmp_path) if job.kind == "pdf").build().municipality
    assert [str(PARENT), f"pdf-{first_pdf}"] in renders
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name in expected:
        if name.endswith(".docx"):
            assert docx_body((out / name).read_bytes()) == docx_body(expected[name]), name
        else:
            assert pdf_layout(out / name) == pdf_layout(serial / name), name


def test_a_document_failing_in_a_worker_leaves_nothing_written(tmp_path, monkeypatch):
    need_pdf()
    out, seen = tmp_path / "out", tmp_path / "seen"
    out.mkdir()
    seen.mkdir()
    monkeypatch.setitem(document.WRITERS, "pdf", recording("pdf", seen, fail_everywhere="Karstula"))
    res = runner.invoke(app, ["attachment", str(SYDAN), "--all", "-d", str(out)])
    assert res.exit_code == 2, res.output
    assert t("msg.pdf_unavailable", "fi", error="testivika") in res.output
    assert "Traceback" not in res.output
    assert list(out.iterdir()) == []  # no file, no staging folder
    tried = [p.name for p in seen.iterdir() if p.name.endswith("Karstula")]
    # a worker failed first, then this process reported the same failure itself
    assert any(not name.startswith(f"{PARENT}-") for name in tried), tried
    assert f"{PARENT}-pdf-Karstula" in tried


def test_a_worker_that_dies_is_replaced_and_the_batch_is_complete(tmp_path, monkeypatch):
    need_pdf()
    out, seen = tmp_path / "out", tmp_path / "seen"
    out.mkdir()
    seen.mkdir()
    expected = serial_files(out)
    monkeypatch.setitem(document.WRITERS, "pdf", recording("pdf", seen, fail_in_worker="Kinnula"))
    res = runner.invoke(app, ["attachment", str(SYDAN), "--all", "-d", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    assert f"{PARENT}-pdf-Kinnula" in {p.name for p in seen.iterdir()}
    kinnula = next(n for n in expected if n.endswith("kinnula.pdf"))
    (tmp_path / kinnula).write_bytes(expected[kinnula])
    assert pdf_layout(out / kinnula) == pdf_layout(tmp_path / kinnula)


SLOW_ATTACHMENT = textwrap.dedent("""
    import os, sys, time
    from hankelaskuri import cli
    from hankelaskuri.render import document, pool

    pool.workers_available = lambda: 2
    parent = os.getpid()

    def slow(doc, fh):
        if os.getpid() != parent:
            os.write(1, b"rendering\\n")  # one write: two workers' lines do not interleave
            time.sleep(60)
    document.WRITERS["docx"] = document.WRITERS["pdf"] = slow
    cli.main(["attachment", sys.argv[1], "--all", "-d", sys.argv[2]])
""")


def test_ctrl_c_while_workers_render_says_keskeytetty_and_leaves_nothing(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_ATTACHMENT, str(SYDAN), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        assert proc.stdout.readline().strip() == "rendering", proc.stderr.read()
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the parent and its workers
        _, err = proc.communicate(timeout=30)  # not 60 s: the workers were stopped
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert "keskeytetty" in err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("cores", "load", "expected"),
    [(2, 0.0, 2), (2, 0.4, 2), (2, 0.6, 1), (2, 3.5, 1), (4, 1.0, 3), (4, 0.0, 4), (1, 0.0, 1)],
)
def test_workers_only_for_cores_not_busy(monkeypatch, cores, load, expected):
    monkeypatch.undo()  # the real count, not the fixture's two
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert pool.workers_available() == expected


def test_ctrl_c_takes_away_the_folder_the_command_made(tmp_path):
    # -d names folders that do not exist: the command makes them, and a Ctrl-C before any
    # attachment is named leaves none of them (the folder stayed behind, empty)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    new = tmp_path / "liitteet" / "2026"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_ATTACHMENT, str(SYDAN), str(new)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert proc.stdout.readline().strip() == "rendering", proc.stderr.read()
        assert new.is_dir()  # made before the rendering started
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_takes_away_the_folder_but_not_one_that_was_there(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from hankelaskuri.cli import app
    from hankelaskuri.render import document

    def full(doc, fh):
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(document.WRITERS, "docx", full)
    made = tmp_path / "uusi" / "kansio"
    args = ["attachment", str(SYDAN), "-m", "Karstula", "-f", "docx", "-d", str(made)]
    out = CliRunner().invoke(app, args)
    assert out.exit_code != 0
    assert list(tmp_path.iterdir()) == []
    there = tmp_path / "olemassa"
    there.mkdir()
    out = CliRunner().invoke(app, [*args[:-1], str(there)])
    assert out.exit_code != 0 and there.is_dir()
