"""The library's front door: load a project file, compute it, locate its findings.

``calculate(path)`` is what every command uses (budget, check, export, attachment), so a
project is always computed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import compute
from .loader import Loaded, load
from .municipalities import find as find_municipality
from .result import Result
from .rules import load_defaults
from .sourcemap import SourceMap

if TYPE_CHECKING:
    from .cashflow import CashFlow
    from .diff import Diff


def calculate(path: str | Path, rules_dirs: Iterable[Path] = ()) -> Result:
    """Load, validate and compute ``path``; raises ``InputError`` for unusable input."""
    loaded = load(path, rules_dirs)
    return locate_findings(compute_loaded(loaded), loaded.text)


def cash_flow(path: str | Path, rules_dirs: Iterable[Path] = ()) -> tuple[Result, CashFlow]:
    """The project's result and its cash flow (``hanke cashflow``)."""
    from .cashflow import compute as compute_cash_flow

    loaded = load(path, rules_dirs)
    result = locate_findings(compute_loaded(loaded), loaded.text)
    info = loaded.project.project
    flow = compute_cash_flow(
        result, loaded.programme, loaded.project.cashflow, info.reference_date or info.start
    )
    return result, flow


def compare_files(
    old: str | Path, new: str | Path, rules_dirs: Iterable[Path] = ()
) -> tuple[Result, Result, Diff]:
    """The approved and the revised version and their comparison (``hanke diff``); the
    revised version's programme gives the change rules."""
    from .diff import compare

    rules_dirs = list(rules_dirs)
    old_loaded = load(old, rules_dirs)
    new_loaded = load(new, rules_dirs)
    old_result = locate_findings(compute_loaded(old_loaded), old_loaded.text)
    new_result = locate_findings(compute_loaded(new_loaded), new_loaded.text)
    info = new_loaded.project.project
    found = compare(old_result, new_result, new_loaded.programme, info.reference_date or info.start)
    return old_result, new_result, found


def compute_loaded(loaded: Loaded) -> Result:
    """Compute a loaded project (the engine gets the bundled municipalities to look up)."""
    return compute(
        loaded.project, loaded.programme, loaded.members, load_defaults(), find_municipality
    )


def locate_findings(result: Result, text: str) -> Result:
    """Give each finding the line of its key (only files with findings pay for this)."""
    if not result.findings:
        return result
    source = SourceMap(text)
    located = []
    for f in result.findings:
        pos = source.locate(f.key)
        located.append(f.located(pos[0] if pos else None))
    return result.with_findings(tuple(located))
