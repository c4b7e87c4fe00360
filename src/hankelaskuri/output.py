"""Writing output files safely: a temporary file in the target folder, then a rename.

An interrupted export leaves the previous file untouched and no partial file behind; an
existing file is replaced only when the caller says so (``--force``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import UserError


def check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UserError(
            f"{path}: tiedosto on jo olemassa; korvaa se valitsimella --force "
            f"(filen finns redan, ersätt med --force / file exists, replace with --force)",
            code="output_exists",
        )
    if not path.parent.exists():
        raise UserError(f"{path.parent}: kansiota ei ole (no such folder)", code="output_folder")


@contextlib.contextmanager
def atomic_path(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it to ``path``."""
    path = Path(path)
    check_target(path, force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, writer: Callable[[Path], None], force: bool = False) -> Path:
    """Run ``writer(tmp_path)`` and move the result to ``path``."""
    with atomic_path(path, force) as tmp:
        writer(tmp)
    return path
