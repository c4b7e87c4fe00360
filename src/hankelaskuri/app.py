"""Use cases: what each ``hanke`` command does, below the command line.

The command line (:mod:`hankelaskuri.cli`) parses options, asks questions when it may,
calls one function here, hands the answer to one renderer and sets the exit code. Here the
options are checked, defaults chosen, files planned and the core called
(:mod:`hankelaskuri.api`: load → validate → compute). Every refusal is a
:class:`~hankelaskuri.errors.UserError` with a catalogue code, raised before anything is
written.

Heavy modules (renderers, document and workbook libraries) are imported inside the
functions that need them, so ``hanke budget`` starts fast.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import findings as F
from .errors import UserError, os_reason
from .findings import term
from .municipalities import document_lang
from .records import Record

if TYPE_CHECKING:
    from .cashflow import CashFlow
    from .diff import Diff
    from .result import Result
    from .rules import Programme

DOCUMENT_KINDS = ("docx", "pdf", "md")


# -- budget, export, cashflow, diff ------------------------------------------------------------
def budget(file: Path, rules: Sequence[Path] = ()) -> Result:
    """``hanke budget``: the project's result."""
    from .api import calculate

    return calculate(file, rules)


def export(file: Path, output: Path, lang: str, force: bool, rules: Sequence[Path] = ()) -> Result:
    """``hanke export``: the workbook (with its cash-flow sheet) written to ``output``; the
    result it shows."""
    from .render.xlsx_import import import_openpyxl

    with _without_gc():
        import_openpyxl()  # before anything imports openpyxl: without numpy and Pillow
        from .api import cash_flow
        from .loader import read_text
        from .output import check_target
        from .render.excel import export as write_xlsx

        check_target(output, force, [file], term("output_name.workbook"))
        result, flow = cash_flow(file, rules)
        write_xlsx(result, output, lang, force, flow, source=read_text(file))
    return result


@contextmanager
def _without_gc() -> Iterator[None]:
    """No cyclic garbage collection for a while: a workbook keeps nearly every object made
    for it until it is written, so the collector's passes over them free almost nothing
    (about 5 % of ``hanke export``). Collection resumes after, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_workbook(
    workbook: Path, output: Path, lang: str, force: bool, rules: Sequence[Path] = ()
) -> Path:
    """``hanke import``: an exported workbook, edited, back to a project file at ``output``."""
    from .importer import write_project

    return write_project(workbook, output, lang, force, rules)


def cash_flow(
    file: Path, partner: str | None, rules: Sequence[Path] = ()
) -> tuple[Result, CashFlow]:
    """``hanke cashflow``: the result and its cash flow (``partner``: must be one)."""
    from .api import cash_flow as compute_flow

    result, flow = compute_flow(file, rules)
    if partner is not None and flow.partner(partner) is None:
        ids = ", ".join(f.partner or "" for f in flow.partners)
        raise UserError(code="unknown_partner", key="msg.not_a_partner", value=partner, names=ids)
    return result, flow


def diff(old: Path, new: Path, rules: Sequence[Path] = ()) -> Diff:
    """``hanke diff``: what changed between two versions of a project."""
    from .api import compare_files

    return compare_files(old, new, rules)[2]


# -- attachments -------------------------------------------------------------------------------
class DocumentJob(Record):
    """One document to write: where, in which format, and how to build it."""

    target: Path
    kind: str  # docx | pdf | md
    build: Callable[[], Any]  # → render.attachment.Document

    def write(self, fh: BinaryIO) -> None:
        from .render.document import WRITERS

        WRITERS[self.kind](self.build(), fh)


def attachments(
    file: Path,
    *,
    municipality: str | None,
    all_: bool,
    output: Path | None,
    outdir: Path | None,
    kind: str | None,
    lang: str | None,
    body: str | None,
    force: bool,
    rules: Sequence[Path] = (),
    since: Path | None = None,
) -> list[DocumentJob]:
    """``hanke attachment``: the council attachments to write, each target checked.

    One municipality (``municipality``, to ``output``: a file or a folder) or every one
    (``all_``, into ``outdir``); ``lang`` overrides each municipality's own language. With
    ``since`` the supplementary attachments for commitments raised since that version.
    """
    if since is not None:
        return _supplementary(
            file, since, municipality, all_, output, outdir, kind, lang, body, force, rules
        )
    from .municipalities import find
    from .output import check_target
    from .render import attachment as att
    from .render.cashflow import attachment_blocks

    result, flow = cash_flow(file, None, rules)
    extras = [attachment_blocks(flow)]  # an implementing municipality's pre-financing need
    if result.has_errors:  # a council must not commit to figures that break the rules
        raise UserError(code="attachment_with_errors", file=str(file))
    if not result.municipalities:
        raise UserError(code="no_municipalities", key="msg.no_municipalities")
    _one_or_all(municipality, all_, output, outdir)
    cache: dict[tuple[str, str], Any] = {}

    def builder(share: Any, doc_lang: str) -> Callable[[], Any]:
        def build() -> Any:  # docx and pdf of one municipality share one document
            key = (share.code, doc_lang)
            if key not in cache:
                cache[key] = att.build(result, share, doc_lang, body, extras)
            return cache[key]

        return build

    jobs = []
    examples: dict[Path, str | None] = {}  # the example name for a folder given as the target
    if municipality is not None:
        found = find(municipality)
        share = next(
            (m for m in result.municipalities if found is not None and m.code == found.code),
            None,
        )
        if share is None:
            import difflib

            taking_part = [m.name_fi for m in result.municipalities]
            taking_part += [m.name_sv for m in result.municipalities if m.name_sv != m.name_fi]
            close = difflib.get_close_matches(municipality.title(), taking_part, 1, 0.6)
            raise UserError(
                code="unknown_municipality",
                key="msg.not_participating_guess" if close else "msg.not_participating",
                value=municipality,
                names=F.names(lambda lang: ", ".join(m.name(lang) for m in result.municipalities)),
                suggestion=close[0] if close else "",
            )
        doc_lang = lang or document_lang(share.language)
        given = output.suffix.lstrip(".").lower() if output and not output.is_dir() else ""
        chosen = kind or given or "docx"
        if chosen not in DOCUMENT_KINDS:
            raise UserError(code="usage", key="msg.unknown_format", path=str(output))
        name = Path(f"{att.file_stem(share, doc_lang, result.name)}.{chosen}")
        if outdir is not None:  # -d: its own name in that folder
            output = _folder(outdir)
        target = output / name if output and output.is_dir() else output or name
        jobs.append(DocumentJob(target, chosen, builder(share, doc_lang)))
        examples[target] = name.name if target == output else None  # else its own name
    else:
        folder = _folder(outdir or Path("."))
        for share in result.municipalities:
            doc_lang = lang or document_lang(share.language)
            for each in [kind] if kind else ["docx", "pdf"]:
                target = folder / f"{att.file_stem(share, doc_lang, result.name)}.{each}"
                jobs.append(DocumentJob(target, each, builder(share, doc_lang)))
    for job in jobs:
        check_target(job.target, force, [file], examples.get(job.target))
    return jobs


def _one_or_all(
    municipality: str | None, all_: bool, output: Path | None, outdir: Path | None
) -> None:
    if all_ == (municipality is not None):
        raise UserError(code="usage", key="msg.municipality_or_all")
    if output is not None and outdir is not None:  # one file, or a folder: not both
        raise UserError(code="usage", key="msg.output_or_dir", path=str(output), folder=str(outdir))
    if all_ and output is not None:  # -o names one file: --all writes into a folder (-d)
        raise UserError(code="usage", key="msg.all_needs_dir", path=str(output))


def _folder(folder: Path) -> Path:
    from .output import make_folder

    try:
        make_folder(folder)
    except OSError as exc:
        raise UserError(
            code="output_folder", key="msg.folder_not_made", path=str(folder), error=os_reason(exc)
        ) from None
    return folder


def _supplementary(
    file: Path,
    since: Path,
    municipality: str | None,
    all_: bool,
    output: Path | None,
    outdir: Path | None,
    kind: str | None,
    lang: str | None,
    body: str | None,
    force: bool,
    rules: Sequence[Path],
) -> list[DocumentJob]:
    """Supplementary attachments for the commitments raised since ``since``."""
    from .api import compare_files
    from .municipalities import find
    from .output import check_target
    from .render import supplementary as sup

    old, new, found = compare_files(since, file, rules)
    raised = found.raised
    _one_or_all(municipality, all_, output, outdir)
    if municipality is not None:
        hit = find(municipality)
        raised = tuple(c for c in raised if hit is not None and c.code == hit.code)
        if not raised:
            names = F.names(lambda lang: ", ".join(c.name(lang) for c in found.raised) or "-")
            raise UserError(code="commitment_not_raised", value=municipality, names=names)

    def builder(c: Any, doc_lang: str) -> Callable[[], Any]:
        return lambda: sup.build(found, old, new, c, doc_lang, body)

    jobs = []
    examples: dict[Path, str | None] = {}  # the example name for a folder given as the target
    for c in raised:
        doc_lang = lang or document_lang(c.language)
        if municipality is not None and output is not None:
            chosen = kind or output.suffix.lstrip(".").lower()
            jobs.append(DocumentJob(output, chosen, builder(c, doc_lang)))
            examples[output] = f"{sup.file_stem(c, doc_lang)}.{chosen}"
            continue
        folder = _folder(outdir or Path("."))  # made as for the attachments themselves
        for each in [kind] if kind else ["docx", "pdf"]:
            target = folder / f"{sup.file_stem(c, doc_lang)}.{each}"
            jobs.append(DocumentJob(target, each, builder(c, doc_lang)))
    for job in jobs:
        if job.kind not in DOCUMENT_KINDS:
            raise UserError(code="usage", key="msg.unknown_format", path=str(job.target))
        check_target(job.target, force, [file, since], examples.get(job.target))
    return jobs


# -- fmt, scenario, rules ----------------------------------------------------------------------
def format_files(files: Iterable[Path], check_only: bool, rules: Sequence[Path] = ()) -> list[Path]:
    """``hanke fmt``: the files not in the canonical layout, rewritten unless ``check_only``.
    Only valid files are rewritten, and never one whose comments would be lost."""
    from . import authoring
    from .loader import load, parse_toml
    from .output import rewrite

    changed = []
    for file in files:
        loaded = load(file, rules)
        text = authoring.canonical(loaded.text, parse_toml(str(file), loaded.text))
        if text != loaded.text:
            changed.append(file)
            if not check_only:
                rewrite(file, text.encode("utf-8"))
    return changed


def municipality_counts(spec: str, pool: int) -> list[int]:
    """``--municipalities 5..9`` or ``5,7``: counts from 1 to ``pool`` (members and
    candidates in the file)."""
    try:
        if ".." in spec:
            low, high = sorted(int(x) for x in spec.split(".."))  # 5..3 is 3..5
            counts = list(range(low, high + 1))
        else:  # a count given twice is one column
            counts = list(dict.fromkeys(int(x) for x in spec.split(",")))
    except ValueError:
        raise UserError(code="usage", key="msg.municipalities_option", value=spec) from None
    if not counts or min(counts) < 1 or max(counts) > pool:
        raise UserError(code="usage", key="msg.municipalities_pool", value=spec, pool=pool)
    return counts


def scenario(
    file: Path,
    municipalities: str | None,
    assignments: Sequence[str],
    rules: Sequence[Path] = (),
) -> tuple[dict[str, Any], list[tuple[tuple[tuple[str, Any], ...], Result]]]:
    """``hanke scenario``: the project's data as written, and each variant of it
    (what was set: municipality counts, ``--set`` values) with its result. The renderer
    names the variants in the user's language from what was set."""
    from . import authoring
    from .api import compute_loaded, locate_findings
    from .loader import load, load_text, parse_toml

    base = load(file, rules)
    counts: list[int] = []
    if municipalities:
        m = base.project.municipal
        pool = len(m.members) + len(m.candidates) if m else 0
        counts = municipality_counts(municipalities, pool)
    try:
        changes = [authoring.parse_assignment(a) for a in assignments]
    except ValueError as exc:
        raise UserError(code="usage", key="msg.set_option", value=str(exc)) from None
    results = []
    raw = parse_toml(str(file), base.text)
    try:
        every = authoring.variants(raw, counts, changes)
    except authoring.SetPathError as exc:
        given = next(
            (a for a in assignments if a.partition("=")[0].strip().startswith(exc.path)), exc.path
        )
        raise UserError(code="usage", key="msg.set_key", value=given, setting=exc.path) from None
    for parts, data in every:
        text = authoring.format_project(data)
        name = "; ".join(f"{k}={v}" for k, v in parts) or "base"
        loaded = load_text(text, f"{file} [{name}]", rules)
        results.append((parts, locate_findings(compute_loaded(loaded), text)))
    return raw, results


def programmes(rules: Sequence[Path] = ()) -> list[Programme]:
    """``hanke rules``: every programme."""
    from .rules import load_all

    return load_all(rules)


def programme(programme_id: str, rules: Sequence[Path] = ()) -> Programme:
    """One programme's rules; an unknown id is refused."""
    from .rules import load_programme

    found = load_programme(programme_id, rules)
    if found is None:
        raise UserError(code="unknown_programme", value=programme_id)
    return found


def programme_ids(rules: Sequence[Path] = ()) -> list[str]:
    from .rules import programme_ids as ids

    return ids(rules)


# -- init --------------------------------------------------------------------------------------
class NewProject(Record):
    """What ``hanke init`` asks; the text fields as the user typed them."""

    programme: str
    measure: str
    name: str
    start: str
    end: str
    implementer: str
    business_id: str | None = None
    authority: str | None = None
    municipalities: tuple[str, ...] = ()


def init_defaults(found: Programme, today: date, lang: str = "fi") -> NewProject:
    """The answers taken when none is given: the programme's first measure, a two-year
    project starting on the first day of next month."""
    from .i18n import t

    first = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    end = date.fromordinal(date(first.year + 2, first.month, 1).toordinal() - 1)
    return NewProject(
        programme=found.id,
        measure=next(iter(found.measures)),
        name=t("init.default_name", lang),
        start=first.isoformat(),
        end=end.isoformat(),
        implementer=t("init.default_implementer", lang),
    )


def create_project(
    output: Path, new: NewProject, force: bool, rules: Sequence[Path] = (), lang: str = "fi"
) -> Path:
    """``hanke init``: a small valid project file at ``output``, the answers checked."""
    from . import authoring
    from . import interview as iv
    from .i18n import t
    from .output import write_atomic

    found = programme(new.programme, rules)
    measure = iv.choose(
        new.measure,
        [(m, found.measures[m].name.get(lang)) for m in found.measures],
        t("label.measure", lang),
    )
    start = iv.day(new.start)
    end = iv.end_after(start)(new.end)
    business = iv.business_id(new.business_id or "")
    members = iv.municipality_names(",".join(new.municipalities))
    data, comments = authoring.starter(
        found,
        measure,
        new.name,
        start,
        end,
        new.implementer,
        business,
        new.authority,
        list(members),
        lang,
    )
    header = [
        "# " + line
        for line in t(
            "init.header",
            lang,
            name=new.name,
            programme=found.name.get(lang),
            measure=measure,
            file=output.name,
        ).splitlines()
    ]
    text = authoring.format_project(data, header, comments)

    def write(fh: BinaryIO) -> None:
        fh.write(text.encode("utf-8"))

    return write_atomic(output, write, force, name=authoring.PROJECT_NAME)
