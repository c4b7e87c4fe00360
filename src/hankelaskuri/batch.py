"""Batch check: many project files through the same engine as ``hanke budget``.

Each file is loaded, validated and computed by :func:`hankelaskuri.api.calculate`; only a
small :class:`FileSummary` is kept per file, so memory does not grow with the size of the
results. Large batches are spread over the machine's cores. Checks that need several files
(the same project number twice) and the portfolio sum per municipality work on summaries.
"""

from __future__ import annotations

import glob
import os
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from . import findings as F
from .errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from .findings import Finding, Param

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

PARALLEL_FROM = 200  # below this many files one process is quicker than starting workers
CHUNK = 64
# Files larger than this are not looked up in the cache but left to the loader, which
# rejects them (its limit is the same; reading a few bytes more tells "larger").
READ_LIMIT = 1_048_576


@dataclass(frozen=True)
class MunicipalAmount:
    code: str
    name_fi: str
    name_sv: str
    by_year: tuple[tuple[int, Decimal], ...]
    by_role: tuple[tuple[str, Decimal], ...] = ()  # implementer / co_financier → amount


@dataclass(frozen=True)
class FileSummary:
    path: str
    status: str  # ok | warning | error | invalid
    name: str = ""
    project_number: str | None = None
    programme: str = ""
    total_cost: Decimal | None = None
    net_cost: Decimal | None = None
    support: Decimal | None = None
    support_rate: Decimal | None = None
    own: Decimal | None = None
    own_share: Decimal | None = None
    municipal: Decimal | None = None
    items: tuple[Finding, ...] = ()  # the file's findings (problems, when it is invalid)
    municipalities: tuple[MunicipalAmount, ...] = field(default=(), repr=False)

    @property
    def computed(self) -> bool:
        return self.status != "invalid"


class PathList(Sequence[str]):
    """File paths in one string, in order: a portfolio of 50 000 files takes 1/3 of the
    memory a list of strings takes (and 1/20 of a list of path objects), which matters
    twice over when worker processes are forked with a copy of it. With each path a flag:
    the folder listing said it is a regular file (its reader need not ask again)."""

    def __init__(self, paths: Iterable[str] = (), regular: bytes | bytearray = b"") -> None:
        from array import array

        parts = list(paths)
        self._regular = bytes(regular) or bytes(len(parts))
        if len(self._regular) != len(parts):
            raise ValueError("one flag per path")
        self._text = "\0".join(parts)
        self._ends = array("Q")
        end = -1
        for part in parts:
            end += len(part) + 1
            self._ends.append(end)

    def __len__(self) -> int:
        return len(self._ends)

    def regular(self, start: int, stop: int) -> bytes:
        """The flags of paths ``start:stop``: 1 where the listing said regular file."""
        return self._regular[start:stop]

    def _at(self, i: int) -> str:
        start = self._ends[i - 1] + 1 if i else 0
        return self._text[start : self._ends[i]]

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._at(index)

    def __iter__(self) -> Iterator[str]:
        return (self._at(i) for i in range(len(self)))

    def __repr__(self) -> str:
        return f"PathList({list(self)!r})"


def expand(paths: Iterable[str]) -> tuple[PathList, list[str]]:
    """Files from paths: files, folders (recursively ``*.toml``) and glob patterns.

    Returns the files in a stable order without duplicates, and the arguments that matched
    nothing. Nothing is skipped silently: a ``*.toml`` that is not a regular file (a FIFO,
    a device, a broken link), a folder that cannot be read and a symbolic link to a folder
    (not followed) are returned too, and checking them reports why they were not checked.
    """
    args = list(paths)
    files: list[str] = []
    regular = bytearray()
    missing: list[str] = []
    for arg in args:
        clean = str(Path(arg))  # "./a/" → "a", as the paths are shown
        flags: bytes | bytearray = b""
        if os.path.isdir(clean) and not os.path.islink(clean):
            found, flags = _walk(clean)
        elif os.path.lexists(clean):
            found = [clean]
        elif any(c in arg for c in "*?["):
            found = sorted(
                (
                    str(Path(p))
                    for p in glob.glob(arg, recursive=True)
                    if not os.path.isdir(p) or os.path.islink(p)
                ),
                key=_parts,
            )
        else:
            found = []
        if not found:
            missing.append(arg)
        files.extend(found)
        regular += flags or bytes(len(found))
    if len(args) > 1:  # several folders, files or patterns: a file found twice is one
        seen: set[str] = set()
        unique, unique_regular = [], bytearray()
        for f, flag in zip(files, regular, strict=True):
            key = os.path.abspath(f)
            if key not in seen:
                seen.add(key)
                unique.append(f)
                unique_regular.append(flag)
        files, regular = unique, unique_regular
    return PathList(files, regular), missing


def _parts(path: str) -> list[str]:
    return path.split(os.sep)


def _walk(folder: str) -> tuple[list[str], bytearray]:
    """Every ``*.toml`` under ``folder`` (whatever kind of file it is), every folder that
    could not be read and every symbolic link to a folder, in the order of their path
    components (a folder's files where its name sorts), and for each a flag: 1 for a
    regular file (as the listing tells, without asking the file system again)."""
    found: list[str] = []
    regular = bytearray()

    def visit(path: str) -> None:
        here: list[str] = []  # the paths of this folder's entries that are kept
        folders: set[str] = set()
        odd: set[str] = set()  # kept entries that are not regular files (rare)
        try:
            with os.scandir(path) as it:
                for entry in it:
                    try:
                        real_folder = entry.is_dir(follow_symlinks=False)
                        linked = not real_folder and entry.is_symlink() and entry.is_dir()
                        plain = entry.is_file(follow_symlinks=False)
                    except OSError:
                        real_folder = linked = plain = False
                    if real_folder:
                        folders.add(entry.path)
                        here.append(entry.path)
                    elif linked or entry.name.endswith(".toml"):
                        here.append(entry.path)
                        if not plain:
                            odd.add(entry.path)
        except OSError as exc:
            found.append(exc.filename or path)
            regular.append(0)
            return
        here.sort()  # one folder's entries share their prefix: sorted as their names
        for full in here:
            if full in folders:
                visit(full)
            else:
                found.append(full)
                regular.append(full not in odd)

    visit(folder)
    return found, regular


def check_file(
    path: str | Path,
    rules_dirs: Sequence[Path] = (),
    municipalities: bool = True,
    raw: bytes | None = None,
) -> FileSummary:
    """Compute one file and keep only its summary (with its municipal split if asked).

    ``raw``: the file's bytes when the caller has read them already (the result cache
    keys an entry by the very bytes that were computed)."""
    from .api import calculate, compute_loaded, locate_findings
    from .errors import InputError, UserError

    try:
        if raw is None:
            r = calculate(path, rules_dirs)
        else:
            from .loader import load_bytes

            loaded = load_bytes(raw, str(path), rules_dirs)
            r = locate_findings(compute_loaded(loaded), loaded.text)
    except InputError as exc:
        return FileSummary(str(path), "invalid", items=tuple(exc.problems))
    except UserError as exc:
        found = F.problem(exc.code, params={"detail": str(exc)})
        return FileSummary(str(path), "invalid", items=(found,))
    items = r.findings
    status = (
        "error"
        if r.has_errors
        else "warning"
        if any(f.severity == "warning" for f in r.findings)
        else "ok"
    )
    split = (
        tuple(
            MunicipalAmount(
                m.code,
                m.name_fi,
                m.name_sv,
                tuple(m.by_year.items()),
                tuple((role.role, role.amount) for role in m.roles),
            )
            for m in r.municipalities
        )
        if municipalities
        else ()
    )
    return FileSummary(
        str(path),
        status,
        r.name,
        r.project_number,
        r.programme_id,
        r.total_cost,
        r.net_cost,
        r.funding["support"],
        r.support_rate,
        r.funding["own"],
        r.funding_shares["own"],
        municipal_total(r),
        items,
        split,
    )


def municipal_total(r: Any) -> Decimal:
    """Every municipality's money in a project, whatever its role: the municipal funding
    row (the co-financiers' shares) plus each implementing municipality's own funding, the
    sum ``check --by-municipality`` shows per municipality."""
    implementers = sum(
        (role.amount for m in r.municipalities for role in m.roles if role.role == "implementer"),
        Decimal(0),
    )
    return r.funding["municipal"] + implementers


_DECIMALS = ("total_cost", "net_cost", "support", "support_rate", "own", "own_share", "municipal")


def _finding_to_json(f: Finding) -> list[object]:
    params = [[k, p.kind, p.value] for k, p in f.params]
    return [f.code, f.severity, f.key, params, f.line, f.column, f.hint]


def _finding_from_json(data: list[Any]) -> Finding:
    code, severity, key, params, line, column, hint = data
    kept = tuple((k, Param(kind, value)) for k, kind, value in params)
    return Finding(code, severity, key, kept, line, column, hint)


def summary_to_json(s: FileSummary) -> dict[str, object]:
    """A summary as JSON data, without its path (the same file may be elsewhere later)."""
    return {
        "status": s.status,
        "name": s.name,
        "project_number": s.project_number,
        "programme": s.programme,
        **{k: None if getattr(s, k) is None else str(getattr(s, k)) for k in _DECIMALS},
        "items": [_finding_to_json(f) for f in s.items],
        "municipalities": [
            [
                m.code,
                m.name_fi,
                m.name_sv,
                [[y, str(a)] for y, a in m.by_year],
                [[role, str(a)] for role, a in m.by_role],
            ]
            for m in s.municipalities
        ],
    }


def _head(s: FileSummary) -> tuple[str, str | None, int]:
    """What a quiet check needs of a stored summary: status, number, count of findings."""
    return (s.status, s.project_number, len(s.items))


def _parts_of(sent: tuple[Any, Any]) -> tuple[Any, Callable[[], Any]]:
    head, value = sent
    return head, lambda: value


def _clean_head(head: Any) -> bool:
    return (
        type(head) is tuple
        and len(head) == 3
        and head[0] == "ok"
        and head[2] == 0
        and type(head[1]) in (str, type(None))
    )


def _decoded(head: Any, value: Callable[[], Any], path: str, light: bool) -> FileSummary:
    """A summary from its head and JSON data (decoded only when needed); ``light``: a clean
    file's status and number only (see :meth:`_Cached.lookup`)."""
    if light and _clean_head(head):
        return FileSummary(path, "ok", project_number=head[1])
    return summary_from_json(value(), path)


def summary_from_json(data: dict[str, object], path: str) -> FileSummary:
    """The summary written by :func:`summary_to_json`, for the file at ``path``."""
    d: dict[str, Any] = dict(data)
    decimals: dict[str, Any] = {k: None if d[k] is None else Decimal(d[k]) for k in _DECIMALS}
    return FileSummary(
        path,
        str(d["status"]),
        str(d["name"]),
        d["project_number"],
        str(d["programme"]),
        **decimals,
        items=tuple(_finding_from_json(values) for values in d["items"]),
        municipalities=tuple(
            MunicipalAmount(
                code,
                fi,
                sv,
                tuple((int(y), Decimal(a)) for y, a in years),
                tuple((str(role), Decimal(a)) for role, a in roles),
            )
            for code, fi, sv, years, roles in d["municipalities"]
        ),
    )


Read = tuple[str, bytes] | None  # a file's cache key and bytes, None when not read


class _Cached:
    """Summaries through the result cache (see :mod:`hankelaskuri.cache`)."""

    def __init__(self, folder: str, context: str) -> None:
        from . import cache

        self.cache = cache
        self.store = cache.Store(Path(folder))
        self.context = context
        self._context = context.encode()

    def read(self, path: str | Path, listed_regular: bool = False) -> tuple[str, bytes] | None:
        """The file's key and bytes, or None when it is not a readable regular file of a
        usable size (left to the loader, which says what is wrong with it)."""
        from .files import read_bounded

        try:  # a FIFO or a device is never waited for
            raw = read_bounded(path, READ_LIMIT, listed_regular)
        except OSError:
            return None
        if len(raw) > READ_LIMIT:
            return None
        return self.cache.key(self._context, raw), raw

    def lookup(
        self, paths: Sequence[str | Path], light: bool = False, regular: bytes = b""
    ) -> tuple[list[FileSummary | None], list[Read]]:
        """Each file's summary from the cache (None where it must be computed), and what
        was read of each file, to compute it from. ``light``: a file without findings is
        returned with its status and project number only (all that a quiet check shows
        or counts of it), without decoding its figures. ``regular``: a flag per path, set
        where the folder listing said it is a regular file."""
        flags = regular or bytes(len(paths))
        found = [self.read(p, bool(f)) for p, f in zip(paths, flags, strict=True)]
        stored = self.store.entries([f[0] for f in found if f is not None])
        out: list[FileSummary | None] = []
        for path, f in zip(paths, found, strict=True):
            entry = stored.get(f[0]) if f else None
            if entry is None:
                out.append(None)
                continue
            try:
                out.append(_decoded(entry.head, entry.value, str(path), light))
            except (KeyError, IndexError, TypeError, ValueError, ArithmeticError, EOFError):
                out.append(None)  # a broken entry is recomputed, never trusted
        return out, found

    def compute(
        self,
        files: Sequence[tuple[str | Path, Read]],
        rules_dirs: Sequence[Path],
        municipalities: bool,
    ) -> list[FileSummary]:
        """Compute the files from the very bytes that key them, and store them in one go."""
        out: list[FileSummary] = []
        new: dict[str, FileSummary] = {}
        for path, found in files:
            if found is None:
                out.append(check_file(path, rules_dirs, municipalities))
            elif found[0] in new:  # the same content twice: computed once
                out.append(replace(new[found[0]], path=str(path)))
            else:
                new[found[0]] = check_file(path, rules_dirs, municipalities, found[1])
                out.append(new[found[0]])
        self.store.put_many([(k, summary_to_json(s), _head(s)) for k, s in new.items()])
        return out


def cache_context(rules_dirs: Sequence[Path], municipalities: bool) -> str:
    from . import cache

    return cache.context(rules_dirs, municipalities=municipalities)


def _check_chunk(
    args: tuple[list[tuple[str, Read]], list[str], bool, tuple[str, str] | None],
) -> list[tuple[tuple[str, str | None, int], dict[str, object]]]:
    """A worker's chunk; the summaries go back as their heads and JSON data (plain data
    crosses between processes in a fraction of the time dataclasses take)."""
    items, rules_dirs, municipalities, cached = args
    dirs = [Path(d) for d in rules_dirs]
    files: list[tuple[str | Path, Read]] = list(items)
    if cached is None:
        done = [check_file(p, dirs, municipalities) for p, _ in files]
    else:
        store = _WORKER_STORES.get(cached)
        if store is None:  # one connection per worker process, not one per chunk
            store = _WORKER_STORES[cached] = _Cached(*cached)
        done = store.compute(files, dirs, municipalities)
    return [(_head(s), summary_to_json(s)) for s in done]


# A worker process's cache connections, opened on its first chunk; they close when the
# worker exits (a connection is never carried across fork: the parent closes its own
# before it starts the workers).
_WORKER_STORES: dict[tuple[str, str], _Cached] = {}


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops them and says so once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


# a chunk's paths, its summaries from the cache (None: computed) and the computing worker's
_Waiting = tuple[Sequence["str | Path"], list["FileSummary | None"], "Future[list[Any]] | None"]


def check_files(
    files: Sequence[str | Path],
    rules_dirs: Sequence[Path] = (),
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    municipalities: bool = True,
    cache_dir: Path | None = None,
    light: bool = False,
) -> Iterator[FileSummary]:
    """Summaries in the order of ``files``, one at a time; in parallel when there are many
    files. With ``cache_dir`` unchanged files are read from the result cache and only the
    others are computed (``light``: see :meth:`_Cached.lookup`)."""
    jobs = jobs or os.cpu_count() or 1
    dirs = [str(d) for d in rules_dirs]
    cached = (str(cache_dir), cache_context(rules_dirs, municipalities)) if cache_dir else None
    store = _Cached(*cached) if cached else None
    parallel = jobs > 1 and len(files) >= PARALLEL_FROM
    # Chunks in order; the cache is asked here, only the files it does not know are
    # computed (by the workers when parallel), and at most a few chunks wait at once, so
    # memory stays flat.
    pending: deque[_Waiting] = deque()
    pool: ProcessPoolExecutor | None = None

    def drain() -> Iterator[FileSummary]:
        chunk, found, future = pending.popleft()
        computed = iter(future.result() if future else ())
        done = [
            s if s is not None else _decoded(*_parts_of(next(computed)), str(path), light)
            for path, s in zip(chunk, found, strict=True)
        ]
        if progress:
            progress(len(done))
        yield from done

    try:
        for i in range(0, len(files), CHUNK):
            chunk = files[i : i + CHUNK]
            if store:
                flags = files.regular(i, i + CHUNK) if isinstance(files, PathList) else b""
                found, read = store.lookup(chunk, light, flags)
            else:
                found, read = [None] * len(chunk), [None] * len(chunk)
            misses = [(p, r) for p, s, r in zip(chunk, found, read, strict=True) if s is None]
            future = None
            if misses and not parallel:
                computed = (
                    store.compute(misses, rules_dirs, municipalities)
                    if store
                    else [check_file(p, rules_dirs, municipalities) for p, _ in misses]
                )
                it = iter(computed)
                found = [s if s is not None else next(it) for s in found]
            elif misses:
                if pool is None:
                    from concurrent.futures import ProcessPoolExecutor

                    from . import api  # noqa: F401 - imported once here, inherited by workers

                    if store:
                        store.store.close()  # no database connection across fork
                    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
                # the workers get the bytes that were read and keyed here: each file is
                # read once, and an entry always holds the result of the bytes of its key
                args = ([(str(p), r) for p, r in misses], dirs, municipalities, cached)
                future = pool.submit(_check_chunk, args)
            pending.append((chunk, found, future))
            while pending and (len(pending) > 2 * jobs or pending[0][2] is None):
                yield from drain()
        while pending:
            yield from drain()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if store:
            store.store.close()


MAX_LISTED = 10  # files named in a duplicate group's finding; the rest are counted


def duplicates_of(number: str, paths: Sequence[str]) -> list[Finding]:
    """The findings of a group of files sharing a project number, one per file: the first
    file names the others (at most :data:`MAX_LISTED` and how many more), each other file
    names the first. Output grows with the group, never with its square."""
    first, rest = paths[0], paths[1:]
    listed = ", ".join(rest[:MAX_LISTED])
    if len(rest) > MAX_LISTED:
        listed += f" (+{len(rest) - MAX_LISTED})"
    out = [
        F.finding(
            "duplicate_project_group",
            "error",
            "project.project_number",
            number=number,
            count=len(paths),
            others=listed,
        )
    ]
    out += [
        F.finding(
            "duplicate_project", "error", "project.project_number", number=number, others=first
        )
        for _ in rest
    ]
    return out


def mark_duplicates(summaries: list[FileSummary]) -> list[FileSummary]:
    """Report every file whose project number appears in another file too (each group
    once: see :func:`duplicates_of`)."""
    by_number: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(summaries):
        if s.project_number:
            by_number[s.project_number].append(i)
    out = list(summaries)
    for number, indexes in by_number.items():
        if len(indexes) < 2:
            continue
        items = duplicates_of(number, [summaries[i].path for i in indexes])
        for i, item in zip(indexes, items, strict=True):
            s = out[i]
            out[i] = replace(
                s, items=(*s.items, item), status="error" if s.status != "invalid" else s.status
            )
    return out


def apply_strict(summary: FileSummary) -> FileSummary:
    """``--strict``: warnings count as errors."""
    if summary.status == "warning":
        items = tuple(replace(i, severity="error") for i in summary.items)
        return replace(summary, status="error", items=items)
    return summary


@dataclass(frozen=True)
class PortfolioRow:
    code: str
    name_fi: str
    name_sv: str
    projects: int
    by_year: dict[int, Decimal]
    by_role: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum(self.by_year.values(), Decimal(0))

    def name(self, lang: str) -> str:
        from .municipalities import find, local_name

        found = find(self.code)
        language = found.language if found else "fi"
        return local_name(self.name_fi, self.name_sv, language, lang)


class Portfolio:
    """Each municipality's committed funding per year, summed as summaries come."""

    def __init__(self) -> None:
        self.years: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        self.names: dict[str, tuple[str, str]] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.roles: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))

    def add(self, s: FileSummary) -> None:
        for m in s.municipalities:
            self.names[m.code] = (m.name_fi, m.name_sv)
            self.counts[m.code] += 1
            for year, amount in m.by_year:
                self.years[m.code][year] += amount
            for role, amount in m.by_role:
                self.roles[m.code][role] += amount

    def rows(self) -> list[PortfolioRow]:
        rows = [
            PortfolioRow(
                code,
                *self.names[code],
                self.counts[code],
                dict(sorted(y.items())),
                dict(self.roles[code]),
            )
            for code, y in self.years.items()
        ]
        return sorted(rows, key=lambda r: r.name_fi)


def portfolio(summaries: Iterable[FileSummary]) -> list[PortfolioRow]:
    """Each municipality's committed funding per year, summed over the computed projects."""
    total = Portfolio()
    for s in summaries:
        total.add(s)
    return total.rows()


def array_of(size: int) -> Any:
    """``size`` free slots of an open-addressing table (a power of two)."""
    from array import array

    return array("q", [-1]) * size


_STATUSES = ("ok", "warning", "error", "invalid")
_STATUS_CODE = {status: i for i, status in enumerate(_STATUSES)}


class Tally:
    """What a streamed check keeps instead of every summary: the count of each status,
    the project numbers (for the duplicate check) and the portfolio sums. Per file it keeps
    one status byte and, for a file with a project number, the number's bytes and three
    integers in compact arrays (about 40 bytes a file, not a summary or a path: with
    ``paths``, the list of the files checked in their order, the paths are taken from it).
    Numbers seen twice are found as they come, in an open-addressing table over one array
    (no dictionary of every number, and no sort of them all at the end)."""

    def __init__(
        self,
        strict: bool = False,
        municipalities: bool = False,
        paths: Sequence[str] | None = None,
    ) -> None:
        from array import array

        self.strict = strict
        self.counts: dict[str, int] = defaultdict(int)
        self.portfolio = Portfolio() if municipalities else None
        self._paths: Sequence[str] | None = paths
        self._path_at: Callable[[int], str] | None = (
            None
            if paths is None
            else paths._at
            if isinstance(paths, PathList)
            else paths.__getitem__
        )
        self._own_paths: dict[int, str] = {}  # without ``paths``: numbered files' paths
        self._status = bytearray()  # per file: its index in _STATUSES
        self._numbers = bytearray()  # the project numbers, one after another (UTF-8)
        self._ends = array("L")  # where each number ends in _numbers
        self._files = array("L")  # which file each number is of
        self._slots = array_of(1024)  # number entries by hash; -1: free
        self._later = bytearray()  # per number entry: 1 if its number was seen before
        self._groups: dict[int, list[int]] = {}  # first entry of a number seen twice → all

    def add(self, summary: FileSummary) -> FileSummary:
        """Count one file; returns it as it is to be shown (``--strict`` applied)."""
        s = apply_strict(summary) if self.strict else summary
        index = len(self._status)
        if self._path_at is not None and s.path != self._path_at(index):
            raise ValueError(f"summaries out of order: {s.path} is not {self._path_at(index)}")
        self.counts[s.status] += 1
        self._status.append(_STATUS_CODE[s.status])
        if s.project_number:
            self._numbers += s.project_number.encode("utf-8", "surrogatepass")
            self._ends.append(len(self._numbers))
            self._files.append(index)
            if self._paths is None:
                self._own_paths[index] = s.path
            self._index(len(self._ends) - 1)
        if self.portfolio is not None:
            self.portfolio.add(s)
        return s

    def _number(self, k: int) -> bytes:
        return bytes(self._numbers[self._ends[k - 1] if k else 0 : self._ends[k]])

    def _index(self, k: int) -> None:
        """Put number entry ``k`` in the table, or in its group if its number was seen."""
        if 2 * (k + 1) > len(self._slots):  # keep the table at most half full
            self._slots = array_of(len(self._slots) * 2)
            for j in range(k):
                if not self._later[j]:
                    self._place(j, self._number(j))
        number = self._number(k)
        first = self._place(k, number)
        if first != k:
            self._groups.setdefault(first, [first]).append(k)
            self._later.append(1)
        else:
            self._later.append(0)

    def _place(self, k: int, number: bytes) -> int:
        """The entry in the table with ``number`` (``k`` itself, put there, if none)."""
        slots = self._slots
        mask = len(slots) - 1
        i = hash(number) & mask
        while slots[i] != -1:
            if self._number(slots[i]) == number:
                return slots[i]
            i = (i + 1) & mask
        slots[i] = k
        return k

    def duplicates(self) -> list[FileSummary]:
        """Each file that shares its project number with another, with that finding only
        (groups in the order of their first file, files in their order); the counts are
        updated (such a file has an error)."""
        groups = [self._groups[first] for first in sorted(self._groups)]
        paths: Any = self._paths if self._paths is not None else self._own_paths
        out = []
        for group in groups:
            number = self._number(group[0]).decode("utf-8", "surrogatepass")
            files = [self._files[k] for k in group]
            items = duplicates_of(number, [paths[i] for i in files])
            for i, item in zip(files, items, strict=True):
                status = _STATUSES[self._status[i]]
                if status in ("ok", "warning"):
                    self.counts[status] -= 1
                    self.counts["error"] += 1
                    status = "error"
                out.append(FileSummary(paths[i], status, project_number=number, items=(item,)))
        return out

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def exit_code(self) -> int:
        """0 all clean, 1 an error finding, 2 an unusable file (which wins)."""
        if self.counts["invalid"]:
            return EXIT_INPUT
        return EXIT_FINDINGS if self.counts["error"] else EXIT_OK


def exit_code(summaries: Iterable[FileSummary]) -> int:
    """0 all clean, 1 an error finding, 2 an unusable file (which wins)."""
    code = EXIT_OK
    for s in summaries:
        if s.status == "invalid":
            return EXIT_INPUT
        if s.status == "error":
            code = EXIT_FINDINGS
    return code
