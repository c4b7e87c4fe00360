"""The result cache of ``hanke check``: a file that has not changed is not computed again.

An entry is keyed by a hash of the project file's bytes together with everything else that
can change its result (:func:`context`): the package version and the content of its own
code, bundled rules and data, the content and names of the ``--rules`` folders' files, the
flags that change what is kept, and the versions of the libraries that
validate and parse. Change any of these and the old entries are simply never asked for.

Entries live in the user's cache folder (``platformdirs``; ``$XDG_CACHE_HOME`` or
``~/.cache`` without it), or in ``$HANKELASKURI_CACHE_DIR``, one small file each. They are
written to a temporary file and renamed into place, so concurrent runs never see half an
entry; each entry carries a checksum of its content and its own key, and one that does not
match, does not parse or does not decode is treated as missing: recomputed and written
again, never trusted. The cache is an optimisation only: when its folder cannot be read or
written, ``check`` works as without it. ``--no-cache`` turns it off. The folder may be
deleted at any time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when the layout of an entry changes
PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("pydantic", "pydantic_core", "tomli")


def default_dir() -> Path:
    """The cache folder: ``$HANKELASKURI_CACHE_DIR``, else the user's cache folder."""
    override = os.environ.get("HANKELASKURI_CACHE_DIR")
    if override:
        return Path(override)
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "hankelaskuri"
    return Path(user_cache_dir("hankelaskuri", appauthor=False))


def _files_digest(h: Any, files: Iterable[Path], root: Path | None = None) -> None:
    for path in files:
        name = str(path.relative_to(root)) if root else str(path.resolve())
        h.update(name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")


def _library_versions() -> str:
    """Where each library is installed and when: an upgrade changes it (cheap: no import
    and no scan of the installed distributions)."""
    from importlib.util import find_spec

    out = []
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = spec.origin if spec else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        out.append(
            f"{name} {origin} {stat.st_mtime_ns if stat else '-'} {stat.st_size if stat else '-'}"
        )
    return "\n".join(out)


def context(rules_dirs: Iterable[Path], **flags: object) -> str:
    """A hash of everything besides the project file that can change a result."""
    from . import __version__

    h = hashlib.blake2b(digest_size=20)
    h.update(f"format {FORMAT}\0version {__version__}\0python {sys.version_info[:2]}\0".encode())
    h.update(_library_versions().encode() + b"\0")
    own = sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts
    )
    _files_digest(h, own, PACKAGE_DIR)
    for folder in rules_dirs:
        present = "folder" if Path(folder).is_dir() else "missing"
        h.update(f"rules {Path(folder).resolve()} {present}\0".encode())
        _files_digest(h, sorted(Path(folder).glob("*.toml")))
    for name in sorted(flags):
        h.update(f"{name} {flags[name]!r}\0".encode())
    return h.hexdigest()


def key(context_key: str, content: bytes) -> str:
    """The key of one project file's entry: its bytes under the run's context."""
    h = hashlib.blake2b(content, digest_size=20)
    h.update(context_key.encode())
    return h.hexdigest()


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).hexdigest().encode()


class Store:
    """Entries as files ``<folder>/check-<format>/<2 hex>/<key>``."""

    def __init__(self, folder: Path) -> None:
        self.root = os.path.join(folder, f"check-{FORMAT}")
        self._folders: set[str] = set()

    def _path(self, k: str) -> str:
        return os.path.join(self.root, k[:2], k)

    def get(self, k: str) -> Any | None:
        """The stored value for ``k``, or None (missing, unreadable, broken or not ours)."""
        try:
            with open(self._path(k), "rb") as fh:
                raw = fh.read()
        except OSError:
            return None
        checksum, _, payload = raw.partition(b"\n")
        if checksum != _checksum(payload):
            return None
        try:
            stored_key, value = json.loads(payload)
        except (ValueError, TypeError):
            return None
        return value if stored_key == k else None

    def put(self, k: str, value: Any) -> None:
        """Store ``value`` (JSON-able) for ``k``; written whole or not at all.

        The temporary name is unique to this process (one writer per process at a time), so
        no random name is searched for; the rename replaces the entry in one step."""
        payload = json.dumps([k, value], ensure_ascii=False, separators=(",", ":")).encode()
        target = self._path(k)
        folder = os.path.dirname(target)
        tmp = f"{target}.{os.getpid()}.tmp"
        try:
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, _checksum(payload) + b"\n" + payload)
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except OSError:
            # a cache that cannot be written only means the next run computes again
            try:
                os.unlink(tmp)
            except OSError:
                pass
