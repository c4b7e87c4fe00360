"""Batch check: many project files through the same engine as ``hanke budget``.

Each file is loaded, validated and computed by :func:`hankelaskuri.api.calculate`; only a
small :class:`FileSummary` is kept per file, so memory does not grow with the size of the
results. Large batches are spread over the machine's cores. Checks that need several files
(the same project number twice) and the portfolio sum per municipality work on summaries.
"""

from __future__ import annotations

import glob
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from . import i18n

PARALLEL_FROM = 200  # below this many files one process is quicker than starting workers
CHUNK = 64


@dataclass(frozen=True)
class Item:
    """One finding or problem of a file, already rendered in the chosen language."""

    code: str
    severity: str  # error | warning
    message: str
    key: str
    line: int | None
    column: int | None = None
    hint: str = ""


@dataclass(frozen=True)
class MunicipalAmount:
    code: str
    name_fi: str
    name_sv: str
    by_year: tuple[tuple[int, Decimal], ...]


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
    items: tuple[Item, ...] = ()
    municipalities: tuple[MunicipalAmount, ...] = field(default=(), repr=False)

    @property
    def computed(self) -> bool:
        return self.status != "invalid"


def expand(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files from paths: files, folders (recursively ``*.toml``) and glob patterns.

    Returns the files in a stable order without duplicates, and the arguments that matched
    nothing.
    """
    files: list[Path] = []
    missing: list[str] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.toml") if p.is_file())
        elif path.is_file():
            found = [path]
        elif any(c in arg for c in "*?["):
            found = sorted(Path(p) for p in glob.glob(arg, recursive=True) if Path(p).is_file())
        else:
            found = []
        if not found:
            missing.append(arg)
        files.extend(found)
    seen: set[str] = set()
    unique = []
    for f in files:
        key = os.path.abspath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def check_file(
    path: Path, lang: str = "fi", rules_dirs: Sequence[Path] = (), municipalities: bool = True
) -> FileSummary:
    """Compute one file and keep only its summary (with its municipal split if asked)."""
    from .api import calculate
    from .errors import InputError, UserError

    try:
        r = calculate(path, rules_dirs)
    except InputError as exc:
        items = tuple(
            Item(p.code, "error", p.message(lang), p.key, p.line, p.column, p.hint_text(lang))
            for p in exc.problems
        )
        return FileSummary(str(path), "invalid", items=items)
    except UserError as exc:
        return FileSummary(
            str(path), "invalid", items=(Item(exc.code, "error", str(exc), "", None),)
        )
    items = tuple(Item(f.code, f.severity, f.message(lang), f.key, f.line) for f in r.findings)
    status = (
        "error"
        if r.has_errors
        else "warning"
        if any(f.severity == "warning" for f in r.findings)
        else "ok"
    )
    split = (
        tuple(
            MunicipalAmount(m.code, m.name_fi, m.name_sv, tuple(m.by_year.items()))
            for m in r.municipal_shares
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
        (r.funding["own"] / r.net_cost).quantize(Decimal("0.0001")) if r.net_cost else Decimal(0),
        r.funding["municipal"],
        items,
        split,
    )


def _check_chunk(args: tuple[list[str], str, list[str], bool]) -> list[FileSummary]:
    paths, lang, rules_dirs, municipalities = args
    dirs = [Path(d) for d in rules_dirs]
    return [check_file(Path(p), lang, dirs, municipalities) for p in paths]


def check_files(
    files: Sequence[Path],
    lang: str = "fi",
    rules_dirs: Sequence[Path] = (),
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    municipalities: bool = True,
) -> Iterator[FileSummary]:
    """Summaries in the order of ``files``; in parallel when there are many files."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < PARALLEL_FROM:
        for path in files:
            summary = check_file(path, lang, rules_dirs, municipalities)
            if progress:
                progress(1)
            yield summary
        return
    from . import api  # noqa: F401 - imported once here, inherited by forked workers

    chunks = [
        ([str(p) for p in files[i : i + CHUNK]], lang, [str(d) for d in rules_dirs], municipalities)
        for i in range(0, len(files), CHUNK)
    ]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch in pool.map(_check_chunk, chunks):
            if progress:
                progress(len(batch))
            yield from batch


def mark_duplicates(summaries: list[FileSummary], lang: str = "fi") -> list[FileSummary]:
    """Report every file whose project number appears in another file too."""
    by_number: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(summaries):
        if s.project_number:
            by_number[s.project_number].append(i)
    out = list(summaries)
    for number, indexes in by_number.items():
        if len(indexes) < 2:
            continue
        for i in indexes:
            others = ", ".join(summaries[j].path for j in indexes if j != i)
            item = Item(
                "duplicate_project",
                "error",
                i18n.message("duplicate_project", lang, number=number, others=others),
                "project.project_number",
                None,
            )
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

    @property
    def total(self) -> Decimal:
        return sum(self.by_year.values(), Decimal(0))

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi


def portfolio(summaries: Iterable[FileSummary]) -> list[PortfolioRow]:
    """Each municipality's committed funding per year, summed over the computed projects."""
    years: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    names: dict[str, tuple[str, str]] = {}
    counts: dict[str, int] = defaultdict(int)
    for s in summaries:
        for m in s.municipalities:
            names[m.code] = (m.name_fi, m.name_sv)
            counts[m.code] += 1
            for year, amount in m.by_year:
                years[m.code][year] += amount
    rows = [
        PortfolioRow(code, *names[code], counts[code], dict(sorted(years[code].items())))
        for code in years
    ]
    return sorted(rows, key=lambda r: r.name_fi)


def exit_code(summaries: Iterable[FileSummary]) -> int:
    """0 all clean, 1 an error finding, 2 an unusable file (which wins)."""
    code = 0
    for s in summaries:
        if s.status == "invalid":
            return 2
        if s.status == "error":
            code = 1
    return code
