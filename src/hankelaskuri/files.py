"""Reading input files safely, without the weight of the loader: only regular files, never
waiting on a FIFO or a device, never more than a limit. The loader and the result cache of
``hanke check`` read project files through here."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is: folder, fifo, device or socket."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def read_bounded(path: str | Path, limit: int, listed_regular: bool = False) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (one more than the limit
    tells the caller it is too large). The file is opened without blocking, so a FIFO
    cannot make this wait, and is checked to be a regular file once it is open. What is
    not a regular file is refused before it is opened (a device is never opened), unless
    ``listed_regular``: a folder listing has just said it is one (checked again once
    open)."""
    if not listed_regular:
        kind = file_kind(os.stat(path).st_mode)
        if kind == "folder" and os.path.islink(path):
            kind = "folder_link"
        elif kind == "folder" and not os.access(path, os.R_OK | os.X_OK):
            kind = "folder_unreadable"
        if kind is not None:
            raise NotRegularFile(kind)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        kind = file_kind(st.st_mode)
        if kind is not None:
            raise NotRegularFile(kind)
        chunks = []
        left = limit + 1
        want = st.st_size + 1 if 0 < st.st_size < limit else 1 << 16  # all of it at once
        while left > 0:
            asked = min(left, want)
            chunk = os.read(fd, asked)
            want = 1 << 16
            chunks.append(chunk)
            left -= len(chunk)
            if not chunk or (len(chunk) < asked and st.st_size):
                break  # a file with a size reads short only at its end (/proc files: 0)
        return b"".join(chunks)
    finally:
        os.close(fd)
