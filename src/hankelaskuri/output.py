"""Writing output files safely: complete first, then renamed into place.

On Linux the file is written into an unnamed temporary file (``O_TMPFILE``) in the target
folder, which the system removes by itself if the program is killed; it gets a name only
when it is complete, and is then renamed over the target. Elsewhere a named temporary file
in the target folder is used and removed on any error. Either way an interrupted export
leaves the previous file untouched, and an existing file is replaced only when the caller
says so (``--force``).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import UserError

Writer = Callable[[BinaryIO], None]


def check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UserError(
            f"{path}: tiedosto on jo olemassa; korvaa se valitsimella --force "
            f"(filen finns redan, ersätt med --force / file exists, replace with --force)",
            code="output_exists",
        )
    if not path.parent.exists():
        raise UserError(f"{path.parent}: kansiota ei ole (no such folder)", code="output_folder")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _linkat() -> Callable[[int, bytes], int] | None:
    """``linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, name, AT_SYMLINK_FOLLOW)``: gives an
    unnamed temporary file a name (os.link does not pass AT_SYMLINK_FOLLOW)."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        linkat = libc.linkat
    except (OSError, AttributeError):
        return None

    def link(fd: int, name: bytes) -> int:
        return int(linkat(-100, f"/proc/self/fd/{fd}".encode(), -100, name, 0x400))

    return link


def write_atomic(path: Path, writer: Writer, force: bool = False) -> Path:
    """Run ``writer(binary_file)`` and put the complete result at ``path``."""
    path = Path(path)
    check_target(path, force)
    mode = 0o666 & ~_umask()
    folder = path.parent
    link = _linkat() if hasattr(os, "O_TMPFILE") else None
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, mode) if link else -1
    except OSError:  # a file system without O_TMPFILE
        fd = -1
    if fd < 0 or link is None:
        return _write_named(path, writer, mode)
    with os.fdopen(fd, "w+b") as fh:
        writer(fh)
        fh.flush()
        os.fsync(fh.fileno())
        temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        if link(fh.fileno(), os.fsencode(temp)) != 0:
            fh.seek(0)
            data = fh.read()
            return _write_named(path, lambda out: out.write(data), mode)
    try:
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
    return path


def _write_named(path: Path, writer: Writer, mode: int) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w+b") as fh:
            writer(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
    return path
