"""An export killed mid-write leaves the previous file intact and no temporary file."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from .conftest import EXAMPLES

SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from hankelaskuri.api import calculate
    from hankelaskuri.output import write_atomic
    from hankelaskuri.render.excel import build_workbook

    class Slow:
        '''A file that stops for good after its first kilobytes, as if the machine hung.'''
        def __init__(self, fh):
            self.fh, self.written = fh, 0
        def write(self, data):
            self.written += len(data)
            n = self.fh.write(data)
            if self.written > 4096:
                print("writing", flush=True)
                time.sleep(60)
            return n
        def __getattr__(self, name):
            return getattr(self.fh, name)

    wb = build_workbook(calculate(sys.argv[1]))
    write_atomic(Path(sys.argv[2]), lambda fh: wb.save(Slow(fh)), force=True)
""")


def test_sigkill_mid_write_keeps_previous_file(tmp_path):
    target = tmp_path / "budjetti.xlsx"
    target.write_bytes(b"previous workbook")
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(EXAMPLES / "sydansuomi-pikastartti.toml"), str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "writing", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.1)
    assert target.read_bytes() == b"previous workbook"
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["budjetti.xlsx"]


def test_completed_write_replaces_and_leaves_nothing_else(tmp_path):
    from hankelaskuri.output import write_atomic

    target = tmp_path / "a.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, lambda fh: fh.write("uusi €".encode()), force=True)
    assert target.read_text(encoding="utf-8") == "uusi €"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_failed_writer_leaves_nothing(tmp_path):
    from hankelaskuri.output import write_atomic

    def fail(fh):
        fh.write(b"partial")
        raise RuntimeError("disk full")

    try:
        write_atomic(tmp_path / "b.xlsx", fail)
    except RuntimeError:
        pass
    assert list(tmp_path.iterdir()) == []
