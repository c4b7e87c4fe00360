"""The result cache of ``hanke check``: a file that has not changed is not computed again.

An entry is keyed by a hash of the project file's bytes together with everything else that
can change its result (:func:`context`): the package version and the content of its own
code, bundled rules and data, the content and names of the ``--rules`` folders' files, the
flags that change what is kept, and the versions of the libraries that
validate and parse. Change any of these and the old entries are simply never asked for.

Entries live in one SQLite database in the user's cache folder (``platformdirs``;
``$XDG_CACHE_HOME`` or ``~/.cache`` without it), or in ``$HANKELASKURI_CACHE_DIR``. They are
written in transactions, so concurrent runs never see half an entry; each entry carries a
checksum of its content and its own key, and one that does not match, does not parse or
does not decode is treated as missing: recomputed and written again, never trusted. A
database file that is damaged is set aside (``.broken``) and a new one started. The cache is an optimisation only: when its folder cannot be read or
written, ``check`` works as without it. ``--no-cache`` turns it off. The folder may be
deleted at any time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FORMAT = "3"  # bump when the layout of an entry changes
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


def key(context_key: str | bytes, content: bytes) -> str:
    """The key of one project file's entry: its bytes under the run's context (given as
    text, or already encoded when many keys are made)."""
    h = hashlib.blake2b(content, digest_size=20)
    h.update(context_key if isinstance(context_key, bytes) else context_key.encode())
    return h.hexdigest()


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).hexdigest().encode()


def _seal(k: str, value: Any, head: Any = None) -> bytes:
    """An entry: its checksum, then the length of its first part, the first part
    ``(key, head)`` and the value, both in :mod:`marshal`'s format (plain data only; three
    times quicker to read than JSON). The head is a small summary of the value that a
    reader may take without decoding the value. Only data whose checksum matches, that is
    data this module wrote, is ever given to ``marshal.loads``."""
    first = marshal.dumps((k, head))
    payload = len(first).to_bytes(4, "big") + first + marshal.dumps(value)
    return _checksum(payload) + b"\n" + payload


class Entry:
    """A sound stored entry: its head at once, its value decoded when asked."""

    __slots__ = ("head", "_payload", "_start")

    def __init__(self, head: Any, payload: bytes, start: int) -> None:
        self.head = head
        self._payload = payload
        self._start = start

    def value(self) -> Any:
        return marshal.loads(memoryview(self._payload)[self._start :])


def _open(k: str, raw: Any) -> Entry | None:
    """The entry of ``k``, or None when it is damaged or not the entry of ``k``."""
    if not isinstance(raw, bytes):
        return None
    checksum, _, payload = raw.partition(b"\n")
    if checksum != _checksum(payload):
        return None
    try:
        size = int.from_bytes(payload[:4], "big")
        stored_key, head = marshal.loads(payload[4 : 4 + size])
    except (ValueError, TypeError, EOFError):
        return None
    return Entry(head, payload, 4 + size) if stored_key == k else None


class Store:
    """Entries in one SQLite database, ``<folder>/check-<format>.sqlite``.

    One file instead of one per entry: creating thousands of small files costs more than
    computing them. Writes are transactions (whole or not at all), in WAL mode, so runs at
    the same time read while another writes and wait their turn to write. A database that
    cannot be opened or read is set aside and started anew; every failure only means that
    an entry is computed again. The connection is opened on first use in each process and
    closed before worker processes are started, so none is carried across ``fork``.
    """

    def __init__(self, folder: Path) -> None:
        self.path = os.path.join(folder, f"check-{FORMAT}.sqlite")
        self._db: Any = None
        self._broken = False

    def _connect(self) -> Any:
        if self._db is None and not self._broken:
            import sqlite3

            try:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, value BLOB)"
                    " WITHOUT ROWID"
                )
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                self._give_up(exc)
        return self._db

    def _give_up(self, exc: Exception) -> None:
        """No cache for the rest of this run; a damaged database file is set aside."""
        import sqlite3

        self.close()
        self._broken = True
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            try:  # "file is not a database", "database disk image is malformed"
                os.replace(self.path, f"{self.path}.broken")
                for suffix in ("-wal", "-shm"):
                    if os.path.exists(self.path + suffix):
                        os.unlink(self.path + suffix)
            except OSError:
                pass

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # noqa: BLE001 - closing a cache never fails a run
                pass
            self._db = None

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """The stored values of those of ``keys`` that have a sound entry."""
        out = {}
        for k, entry in self.entries(keys).items():
            try:
                out[k] = entry.value()
            except (ValueError, TypeError, EOFError):
                pass
        return out

    def entries(self, keys: list[str]) -> dict[str, Entry]:
        """The sound entries of those of ``keys`` that have one (values not decoded)."""
        import sqlite3

        db = self._connect()
        if db is None or not keys:
            return {}
        try:
            rows = db.execute(
                f"SELECT key, value FROM entry WHERE key IN ({','.join('?' * len(keys))})",
                keys,
            ).fetchall()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return {}
        out = {}
        for k, raw in rows:
            entry = _open(k, raw)
            if entry is not None:
                out[k] = entry
        return out

    def get(self, k: str) -> Any | None:
        """The stored value for ``k``, or None (missing, unreadable, broken or not ours)."""
        return self.get_many([k]).get(k)

    def put_many(self, items: Sequence[tuple[str, Any] | tuple[str, Any, Any]]) -> None:
        """Store ``(key, value)`` or ``(key, value, head)`` in one transaction (values and
        heads: plain data, as JSON has it)."""
        import sqlite3

        db = self._connect()
        if db is None or not items:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(
                    "INSERT OR REPLACE INTO entry (key, value) VALUES (?, ?)",
                    [(item[0], _seal(*item)) for item in items],
                )
        except sqlite3.Error as exc:
            self._give_up(exc)

    def put(self, k: str, value: Any) -> None:
        self.put_many([(k, value)])
