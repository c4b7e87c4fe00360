"""Output into a pipe is laid out for the terminal the command was typed in (``hanke budget
x.toml | less`` on an 80-column terminal: the 140-column tables wrapped there and parted
amounts); ``COLUMNS`` decides when set; with no terminal at all, 140 columns."""

import io
import os

from hankelaskuri import cliui


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 2


def test_a_pipe_typed_at_a_terminal_gets_the_terminal_width(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(cliui.sys, "stderr", _Tty())
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((80, 24)))
    assert cliui.pipe_width() == 80
    monkeypatch.setenv("COLUMNS", "100")
    assert cliui.pipe_width() == 100


def test_no_terminal_at_all_gets_140_columns(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(cliui.sys, "stderr", io.StringIO())
    monkeypatch.setattr(cliui.sys, "stdin", io.StringIO())
    assert cliui.pipe_width() == 140
