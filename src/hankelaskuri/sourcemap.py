"""Where each key of a TOML file stands: key path → (line, column).

``tomllib`` gives values but not their lines. This scanner walks the file's structure once
(tables, arrays of tables, keys, inline tables, arrays) and records the position of every
key, so that problems and findings can say ``file:line:column``. It is only run for files
that have something to report. It never raises: on anything it does not understand it
returns what it has, and :meth:`SourceMap.locate` falls back to the nearest parent key.
"""

from __future__ import annotations

import bisect
import re

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def path_of(loc: tuple[object, ...] | list[object]) -> str:
    """``('partners', 0, 'name')`` → ``partners[0].name``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parent_of(path: str) -> str:
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


class SourceMap:
    """Positions of the keys of one TOML text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.positions: dict[str, tuple[int, int]] = {}
        self.comment_lines: list[int] = []
        self.comment_columns: dict[int, int] = {}  # line → column where its comment starts
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        try:
            _Scanner(text, self).run()
        except Exception:  # noqa: BLE001 - locating is best effort by design
            pass

    def _pos(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1

    def locate(self, path: str) -> tuple[int, int] | None:
        """The line and column of ``path``, or of its nearest located parent."""
        while path:
            if path in self.positions:
                return self.positions[path]
            if f"{path}[0]" in self.positions:  # an array of tables: its first table
                return self.positions[f"{path}[0]"]
            path = parent_of(path)
        return None

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


class _Scanner:
    def __init__(self, text: str, target: SourceMap) -> None:
        self.s = text
        self.i = 0
        self.t = target
        self.arrays: dict[str, int] = {}

    def mark(self, path: str, index: int) -> None:
        self.t.positions.setdefault(path, self.t._pos(index))

    def run(self) -> None:
        current = ""
        n = len(self.s)
        while True:
            self.skip(newlines=True)
            if self.i >= n:
                return
            start = self.i
            if self.s.startswith("[[", self.i):
                self.i += 2
                current = self.resolve(self.key(), array=True)
                self.mark(current, start)
                self.i = self.s.find("]]", self.i) + 2 if "]]" in self.s[self.i :] else n
            elif self.s[self.i] == "[":
                self.i += 1
                current = self.resolve(self.key(), array=False)
                self.mark(current, start)
                close = self.s.find("]", self.i)
                self.i = close + 1 if close >= 0 else n
            else:
                self.keyval(current)
            if self.i == start:
                self.i += 1

    def resolve(self, parts: list[str], array: bool) -> str:
        path = ""
        for k, part in enumerate(parts):
            path = f"{path}.{part}" if path else part
            if array and k == len(parts) - 1:
                index = self.arrays.get(path, -1) + 1
                self.arrays[path] = index
                path = f"{path}[{index}]"
            elif path in self.arrays:
                path = f"{path}[{self.arrays[path]}]"
        return path

    def skip(self, newlines: bool) -> None:
        s, n = self.s, len(self.s)
        while self.i < n:
            c = s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                line, column = self.t._pos(self.i)
                self.t.comment_lines.append(line)
                self.t.comment_columns[line] = column
                end = s.find("\n", self.i)
                self.i = n if end < 0 else end
            else:
                return

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip(newlines=False)
            if self.i >= len(self.s):
                return parts
            c = self.s[self.i]
            if c in "\"'":
                start = self.i
                self.string()
                parts.append(self.s[start + 1 : self.i - 1])
            else:
                m = _BARE.match(self.s, self.i)
                if not m:
                    return parts
                parts.append(m.group())
                self.i = m.end()
            self.skip(newlines=False)
            if self.i < len(self.s) and self.s[self.i] == ".":
                self.i += 1
                continue
            return parts

    def keyval(self, prefix: str) -> None:
        start = self.i
        parts = self.key()
        if not parts:
            end = self.s.find("\n", self.i)
            self.i = len(self.s) if end < 0 else end
            return
        path = prefix
        for part in parts:
            path = f"{path}.{part}" if path else part
        self.mark(path, start)
        self.skip(newlines=False)
        if self.i < len(self.s) and self.s[self.i] == "=":
            self.i += 1
            self.skip(newlines=False)
            self.value(path)

    def value(self, path: str) -> None:
        s, n = self.s, len(self.s)
        if self.i >= n:
            return
        c = s[self.i]
        if c == "{":
            self.i += 1
            while self.i < n:
                self.skip(newlines=True)
                if self.i >= n or s[self.i] == "}":
                    self.i += 1
                    return
                before = self.i
                self.keyval(path)
                self.skip(newlines=True)
                if self.i < n and s[self.i] == ",":
                    self.i += 1
                if self.i == before:
                    self.i += 1
        elif c == "[":
            self.i += 1
            index = 0
            while self.i < n:
                self.skip(newlines=True)
                if self.i >= n or s[self.i] == "]":
                    self.i += 1
                    return
                before = self.i
                item = f"{path}[{index}]"
                self.mark(item, self.i)
                self.value(item)
                index += 1
                self.skip(newlines=True)
                if self.i < n and s[self.i] == ",":
                    self.i += 1
                if self.i == before:
                    self.i += 1
        elif c in "\"'":
            self.string()
        else:
            while self.i < n and s[self.i] not in ",]}\n#":
                self.i += 1

    def string(self) -> None:
        s = self.s
        quote = s[self.i]
        if s.startswith(quote * 3, self.i):
            end = s.find(quote * 3, self.i + 3)
            self.i = len(s) if end < 0 else end + 3
            while self.i < len(s) and s[self.i] == quote:
                self.i += 1
            return
        self.i += 1
        while self.i < len(s) and s[self.i] not in "\n":
            if quote == '"' and s[self.i] == "\\":
                self.i += 2
                continue
            if s[self.i] == quote:
                self.i += 1
                return
            self.i += 1
