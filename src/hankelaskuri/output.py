"""Writing output files safely: complete first, then named in one step.

* An output never replaces the command's own input (the project file, the workbook being
  imported, the older version of ``--since``), whatever name reaches it (the same path, a
  hard link, a symbolic link): :func:`check_target` refuses it with ``output_is_input``,
  ``--force`` or not.
* Only a regular file is ever written over. A target that is a folder, a device, a FIFO,
  a socket or a symbolic link is refused (``--force`` does not change that): give the
  path of the real file instead of a link to it.
* A file is written completely before it gets its name. On Linux it is written into an
  unnamed temporary file (``O_TMPFILE``) in the target folder, which the system removes by
  itself if the program is killed; elsewhere into a named temporary file (``.hanke-*.tmp``)
  in that folder, removed on any error. An interrupted write leaves the previous file as
  it was.
* Without ``--force`` the complete file is given its name with a hard link (``linkat``),
  which fails if the name exists: the existence check and the naming are one atomic step,
  so two runs writing the same new file cannot replace each other's work. With ``--force``
  it is renamed over the old file, which keeps its permissions and, where allowed, owner.
* ``hanke fmt`` rewrites a project file through :func:`rewrite`: a symbolic link is
  followed to the file it points to, and a file with several hard links is rewritten in
  place (one write of the whole text) so that every link sees the new text.
* Every operating-system failure (disk full, read-only or unwritable folder, a name too
  long) becomes an :class:`OutputError` with its own message, never a traceback.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import UserError, os_reason, shown_in

Writer = Callable[[BinaryIO], None]

# Temporary names do not contain the target's name, so a target name of the file system's
# maximum length (255 bytes) can still be written.
_TEMP_PREFIX = ".hanke-"

_OS_ERRORS = {
    errno.ENOSPC: "output_disk_full",
    errno.EDQUOT: "output_disk_full",
    errno.EROFS: "output_read_only",
    errno.EACCES: "output_permission",
    errno.EPERM: "output_permission",
    errno.EISDIR: "output_is_folder",
    errno.ENAMETOOLONG: "output_name_too_long",
    errno.ENOENT: "output_folder",
    errno.ENOTDIR: "output_folder",
    errno.EEXIST: "output_exists",
}


class OutputError(UserError):
    """An output file that cannot be written: its code and the parameters of its message
    (``msg.<code>`` in every language)."""

    def __init__(self, code: str, **params: object) -> None:
        from . import i18n

        texts = {k: _kept(v) for k, v in params.items()}  # words stay words, paths text
        shown = {k: shown_in(v, "fi") for k, v in texts.items()}
        super().__init__(i18n.message(code, "fi", **shown), code)
        self.params, self.literal = texts, ""  # shown by ``text(lang)`` in any language

    def localized(self, lang: str) -> str:
        return self.text(lang)


def _kept(value: object) -> object:
    """A message parameter as kept: a catalogue term or an error (shown in the reader's
    language when the message is), anything else as text."""
    return value if hasattr(value, "show") or isinstance(value, UserError) else str(value)


def from_os_error(exc: OSError, path: Path) -> OutputError:
    """The user-facing error for an operating-system failure while writing ``path``."""
    code = _OS_ERRORS.get(exc.errno or 0, "output_failed")
    folder = path.parent if str(path.parent) else Path(".")
    if code == "output_folder":
        return OutputError(code, path=folder)
    return OutputError(code, path=path, max=_name_max(folder), error=os_reason(exc), name=path.name)


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


# The folders a command made for its output, while it runs (see new_folders).
_MADE: list[list[Path]] = []


def make_folder(folder: Path) -> None:
    """Make ``folder`` and any missing folders above it; inside :func:`new_folders`, each one
    made is remembered, so that a command that then fails takes them away again."""
    missing = []
    for above in (folder, *folder.parents):
        if above.exists() or above.is_symlink():
            break
        missing.append(above)
    folder.mkdir(parents=True, exist_ok=True)
    if _MADE:
        _MADE[-1].extend(reversed(missing))  # outermost first


@contextmanager
def new_folders() -> Iterator[None]:
    """A command's run in which the folders :func:`make_folder` makes are its own: if the
    command fails or is interrupted, every one of them still empty is removed (a Ctrl-C
    left the attachments' new folder behind, empty)."""
    made: list[Path] = []
    _MADE.append(made)
    try:
        yield
    except BaseException:
        for folder in reversed(made):  # innermost first
            try:
                folder.rmdir()  # only an empty folder: anything written stays
            except OSError:
                break
        raise
    finally:
        _MADE.pop()


def check_target(path: Path, force: bool, inputs: Sequence[Path] = (), name: object = "") -> None:
    """Refuse, before any work, a target :func:`write_atomic` would refuse, and a target
    that is one of the command's ``inputs`` (the same file by any name). ``name`` is the
    command's own output file name (a text or a catalogue term), the example a folder
    given as the target is told to hold; None for a name the command chose itself (a
    batch's), which a folder of that name blocks."""
    path = Path(path)
    folder = path.parent
    if len(os.fsencode(path.name)) > _name_max(folder):
        raise OutputError("output_name_too_long", path=path, max=_name_max(folder))
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise from_os_error(exc, path) from None
    if st is not None:
        _not_an_input(path, inputs)
        _check_existing(path, st, force, name)
    if not folder.is_dir():
        raise OutputError("output_folder", path=folder)
    _check_suffix(path, name)


def _check_suffix(path: Path, name: object) -> None:
    """Refuse a name whose ending says another kind of file than the command writes (its
    own name's ending): ``-f docx -o liite.pdf`` wrote a Word file named .pdf, ``export -o
    budjetti.xls`` and ``import -o hanke.xlsx`` a workbook and a TOML file under endings
    their programs open otherwise, and ``-o -`` a file named ``-``. Upper case is fine."""
    from .findings import Param

    own = name.show("fi") if isinstance(name, Param) else name  # a term: the same ending
    expected = Path(own).suffix.lower() if isinstance(own, str) else ""
    if not expected or path.suffix.lower() == expected:
        return
    example = path.with_suffix(expected).name if path.stem.strip("-. ") else name
    raise OutputError("output_suffix", path=path, suffix=expected, example=example)


def _not_an_input(path: Path, inputs: Sequence[Path]) -> None:
    """Refuse an existing target that is an input file: the same device and inode, so a
    hard link or a symbolic link to it (either way round) is the same file."""
    for given in inputs:
        try:
            same = os.path.samefile(given, path)
        except OSError:  # an input that is gone, or a dangling link: not this file
            continue
        if same:
            raise OutputError("output_is_input", path=path, input=given)


def _check_existing(path: Path, st: os.stat_result, force: bool, name: object = "") -> None:
    if stat.S_ISLNK(st.st_mode):
        raise OutputError("output_symlink", path=path)
    if stat.S_ISDIR(st.st_mode) and name is None:
        raise OutputError("output_name_is_folder", path=path)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError("output_is_folder", path=path, name=name or path.name)
    if not stat.S_ISREG(st.st_mode):
        raise OutputError("output_not_regular", path=path)
    if not force:
        raise OutputError("output_exists", path=path)


def _existing(path: Path, force: bool) -> os.stat_result | None:
    """The target's status just before it is replaced (refusing what must not be)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    _check_existing(path, st, force)
    return st


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _libc_call(name: str) -> Callable[..., int] | None:
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        return getattr(libc, name)  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def _link_fd(fd: int, name: Path) -> None:
    """``linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, name, AT_SYMLINK_FOLLOW)``: gives an
    unnamed temporary file a name, failing with EEXIST if the name exists."""
    import ctypes

    linkat = _libc_call("linkat")
    if linkat is None:
        raise OSError(errno.ENOTSUP, "linkat")
    if linkat(-100, f"/proc/self/fd/{fd}".encode(), -100, os.fsencode(name), 0x400) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(name))


def _rename_noreplace(source: Path, target: Path) -> None:
    """Rename that fails with EEXIST if ``target`` exists (``renameat2`` RENAME_NOREPLACE)."""
    import ctypes

    renameat2 = _libc_call("renameat2")
    if renameat2 is None:
        raise OSError(errno.ENOTSUP, "renameat2")
    if renameat2(-100, os.fsencode(source), -100, os.fsencode(target), 1) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(target))


def _temp_name(folder: Path) -> Path:
    return folder / f"{_TEMP_PREFIX}{secrets.token_hex(6)}.tmp"


def _publish(temp: Path, path: Path, force: bool) -> None:
    """Give the complete named temporary file ``temp`` the name ``path``."""
    if not force:
        try:
            os.link(temp, path)
        except FileExistsError:
            raise OutputError("output_exists", path=path) from None
        except OSError as exc:  # a file system without hard links
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            try:
                _rename_noreplace(temp, path)
            except FileExistsError:
                raise OutputError("output_exists", path=path) from None
            return
        os.unlink(temp)
        return
    like = _existing(path, force)
    if like is not None:
        _keep_mode_and_owner(temp, like)
    os.replace(temp, path)


def _keep_mode_and_owner(temp: Path, like: os.stat_result) -> None:
    os.chmod(temp, stat.S_IMODE(like.st_mode))
    try:
        os.chown(temp, like.st_uid, like.st_gid)
    except OSError:  # only the owner's group, or nothing, may be kept by a normal user
        try:
            os.chown(temp, -1, like.st_gid)
        except OSError:
            pass


def write_atomic(
    path: Path, writer: Writer, force: bool = False, inputs: Sequence[Path] = (), name: object = ""
) -> Path:
    """Run ``writer(binary_file)`` and put the complete result at ``path`` (never over one
    of the command's ``inputs``; ``name`` as for :func:`check_target`)."""
    path = Path(path)
    check_target(path, force, inputs, name)
    try:
        _write(path, writer, force)
    except OSError as exc:
        raise from_os_error(exc, path) from None
    return path


def _write(path: Path, writer: Writer, force: bool) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    mode = 0o666 & ~_umask()
    fd = -1
    if hasattr(os, "O_TMPFILE") and _libc_call("linkat") is not None:
        try:
            fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, mode)
        except OSError as exc:  # a file system without O_TMPFILE
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
    if fd >= 0:
        with os.fdopen(fd, "w+b") as fh:
            writer(fh)
            fh.flush()
            os.fsync(fh.fileno())
            if not force:
                try:
                    _link_fd(fh.fileno(), path)
                except FileExistsError:
                    raise OutputError("output_exists", path=path) from None
                return
            temp = _temp_name(folder)
            try:  # the name is removed whatever stops the write (a Ctrl-C included)
                _link_fd(fh.fileno(), temp)
                _publish(temp, path, force)
            finally:
                temp.unlink(missing_ok=True)
            return
    else:
        handle, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=folder)
        temp = Path(name)
        try:
            with os.fdopen(handle, "w+b") as fh:
                writer(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, mode)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    try:
        _publish(temp, path, force)
    finally:
        temp.unlink(missing_ok=True)


def _why(exc: BaseException) -> object:
    """Why a batch stopped, shown in the reader's language."""
    if isinstance(exc, OSError):
        return os_reason(exc)
    if isinstance(exc, KeyboardInterrupt):
        from .findings import term

        return term("os_error.interrupted")
    return exc  # an OutputError: its own message


def rewrite(path: Path, data: bytes) -> Path:
    """Replace the contents of an existing project file, keeping what makes it that file:
    a symbolic link is followed, mode and owner are kept, and a file with several hard
    links is rewritten in place so that all its names keep showing the same file."""
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
        if not stat.S_ISREG(st.st_mode):
            raise OutputError("output_not_regular", path=path)
        if st.st_nlink > 1:
            with open(real, "r+b") as fh:
                fh.write(data)
                fh.truncate()
                fh.flush()
                os.fsync(fh.fileno())
            return real
        _write_like(real, data, st)
    except OSError as exc:
        raise from_os_error(exc, real) from None
    return real


def _write_like(path: Path, data: bytes, like: os.stat_result) -> None:
    handle, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode_and_owner(temp, like)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _stage_folder(folder: Path, stages: dict[Path, Path]) -> Path:
    """A new hidden folder in ``folder``, known in ``stages`` before it exists: a Ctrl-C
    at any moment leaves nothing the batch's clean-up does not find."""
    while True:
        stage = _temp_name(folder).with_suffix("")
        stages[folder] = stage
        try:
            os.mkdir(stage, 0o700)
            return stage
        except FileExistsError:
            continue


def write_batch(
    jobs: Sequence[tuple[Path, Writer]], force: bool = False, inputs: Sequence[Path] = ()
) -> list[Path]:
    """Write several files as one batch: every file is rendered completely into a hidden
    folder next to its target first (the slow part, where an interruption or a failure
    leaves no file touched), then all are given their names in one quick pass. If that
    pass fails, :class:`OutputError` ``output_batch_partial`` names exactly which files
    were written and which were not."""
    for path, _ in jobs:
        check_target(path, force, inputs)
    staged: list[tuple[Path, Path]] = []
    stages: dict[Path, Path] = {}
    current = jobs[0][0] if jobs else Path(".")
    try:
        for path, writer in jobs:
            current = path
            folder = path.parent if str(path.parent) else Path(".")
            if folder not in stages:
                stages[folder] = _stage_folder(folder, stages)
            temp = stages[folder] / f"{len(staged)}.tmp"
            with open(temp, "w+b") as fh:
                writer(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(temp, 0o666 & ~_umask())
            staged.append((temp, path))
        written: list[Path] = []
        try:
            for temp, path in staged:
                current = path
                _publish(temp, path, force)
                written.append(path)
        except (OSError, OutputError, KeyboardInterrupt) as exc:
            if not written:
                raise
            left = [p for _, p in staged if p not in written]
            raise OutputError(
                "output_batch_partial",
                written=", ".join(map(str, written)) or "–",
                missing=", ".join(map(str, left)),
                error=_why(exc),
            ) from None
        return written
    except OSError as exc:
        raise from_os_error(exc, current) from None
    finally:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
