"""The ``hanke`` command. Thin: parse options, call one use case of
:mod:`hankelaskuri.app`, pick a renderer, map errors to exit codes (``errors.EXIT_*``: 0
clean, 1 error findings, 2 unusable input, 3 internal error). Questions to the user
(``init`` on a terminal) are asked here; their checks and defaults live in ``app``.

Heavy modules (the engine's renderers, openpyxl, document libraries) are imported inside
the commands that use them, so ``hanke budget`` starts fast. Annotations are evaluated as the functions are defined
(no ``from __future__ import annotations``): typer reads every command's signature at each
start, and evaluating some four hundred annotation strings there was 4 % of ``budget``.
"""

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .cliui import Abort, HankeCommand, HankeGroup, current
from .errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED

# hankelaskuri uses no pydantic plugins; skipping their discovery (an entry-point scan of
# every installed package) saves start-up time.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _typer() -> typer.Typer:
    return typer.Typer(
        name="hanke",
        cls=HankeGroup,
        help="cli.app.help",  # help texts are catalogue keys, shown in the chosen language
        context_settings={"help_option_names": ["-h", "--help"]},
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )


app = _typer()


class Lang(StrEnum):
    fi = "fi"
    sv = "sv"
    en = "en"


class Format(StrEnum):
    text = "text"
    json = "json"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"


LangOpt = Annotated[
    Lang | None, typer.Option("--lang", "-l", help="cli.opt.lang", case_sensitive=False)
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="cli.opt.format")]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="cli.opt.rules", metavar="cli.metavar.folder"),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="cli.opt.debug")]
FileArg = Annotated[Path, typer.Argument(help="cli.arg.project_file", metavar="cli.metavar.file")]
ForceOpt = Annotated[bool, typer.Option("--force", help="cli.opt.force")]


def _lang(lang: Lang | None) -> str:
    """``--lang``, else the language chosen for this run (HANKE_LANG, the locale)."""
    return lang.value if lang else current()


def _tell_written(path: Path | str) -> None:
    """The path of a file written, on stderr as it is: never read as markup (a folder
    named ``a[/b]`` made rich fail after the file was written)."""
    typer.echo(str(path), err=True)


def _console(stderr: bool = False, plain: bool = False) -> Any:
    from .cliui import make_console

    return make_console(stderr, plain)


@contextmanager
def _errors(lang: str, debug: bool) -> Iterator[None]:
    """Map every exception to a message and an exit code; no traceback unless --debug."""
    from .errors import InputError, UserError

    try:
        yield
    except typer.Exit:
        raise
    except InputError as exc:
        from .render.terminal import render_input_error

        render_input_error(exc, _console(stderr=True), lang)
        raise typer.Exit(EXIT_INPUT) from None
    except UserError as exc:
        from .cliui import echo_error

        echo_error(exc.text(lang), exc.code)
        raise typer.Exit(EXIT_INPUT) from None
    except KeyboardInterrupt:
        _interrupted(lang)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Abort:  # a question left unanswered (end of input): said where the command ends
        raise
    except Exception as exc:  # noqa: BLE001 - the CLI boundary catches everything
        from .cliui import echo_error
        from .i18n import t

        if debug:
            import traceback

            traceback.print_exc()
        echo_error(t("msg.internal_error", lang, error=f"{type(exc).__name__}: {exc}"), "internal")
        raise typer.Exit(EXIT_INTERNAL) from None


def _interrupted(lang: str) -> None:
    """Ctrl-C: a second one no longer interrupts the clean-up, objects half-way through a
    write are dropped silently (their temporary files vanish with them), and say so."""
    import signal

    from .i18n import message

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.unraisablehook = lambda _: None
    sys.stderr.write(message("interrupted", lang) + "\n")


@app.command(cls=HankeCommand, help="cli.budget.help")
def budget(
    file: FileArg,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.text,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use

        result = use.budget(file, rules or [])
        if fmt is Format.json:
            from .render.json import dumps

            sys.stdout.write(dumps(result, ui) + "\n")
        else:
            from .render.terminal import render_budget

            render_budget(result, _console(), ui, str(file))
        if result.has_errors:
            raise typer.Exit(EXIT_FINDINGS)


@app.command(cls=HankeCommand, help="cli.check.help")
def check(
    paths: Annotated[
        list[str], typer.Argument(help="cli.check.arg.paths", metavar="cli.metavar.path")
    ],
    lang: LangOpt = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="cli.opt.format")
    ] = CheckFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="cli.check.opt.quiet")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="cli.check.opt.strict")] = False,
    by_municipality: Annotated[
        bool, typer.Option("--by-municipality", help="cli.check.opt.by_municipality")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="cli.check.opt.jobs")] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="cli.check.opt.no_cache")] = False,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    gc.enable()  # a long run (see main)
    ui = _lang(lang)
    with _errors(ui, debug):
        import time

        from . import batch
        from .errors import UserError
        from .render import check as out

        files, missing = batch.expand(paths)
        if missing and not files:
            raise UserError(code="no_files", paths=", ".join(missing))
        start = time.perf_counter()
        from .cache import default_dir

        cache_dir = None if no_cache else default_dir()
        # a quiet text check shows nothing of a clean file: its figures are not decoded
        light = fmt is CheckFormat.text and quiet and not by_municipality
        summaries = _run_batch(files, rules or [], jobs or None, by_municipality, cache_dir, light)
        if fmt is CheckFormat.text:
            # streamed: each file is shown as it comes and only counts are kept
            tally = batch.Tally(strict, by_municipality, files)
            console = _console(plain=not by_municipality)  # a table needs rich
            shown = out.Lines(console, ui)
            for s in summaries:
                s = tally.add(s)
                if not (quiet and s.status == "ok"):
                    shown.line(s)
            for s in tally.duplicates():
                shown.line(s, head=False)
            out.counts_line(tally.counts, tally.total, console, ui)
            if tally.portfolio is not None:
                out.portfolio_table(tally.portfolio.rows(), console, ui)
            code = tally.exit_code()
        else:
            listed = batch.mark_duplicates(list(summaries))
            if strict:
                listed = [batch.apply_strict(s) for s in listed]
            rows = batch.portfolio(listed) if by_municipality else None
            if fmt is CheckFormat.json:
                sys.stdout.write(out.to_json(listed, rows, ui) + "\n")
            else:
                seconds = time.perf_counter() - start
                sys.stdout.write(out.to_junit(listed, ui, seconds) + "\n")
            code = batch.exit_code(listed)
        for arg in missing:
            from .cliui import echo_error
            from .i18n import message

            echo_error(f"{arg}: {message('file_not_found', ui)}", "file_not_found")
        if missing:
            code = max(code, EXIT_INPUT)
        if code:
            raise typer.Exit(code)


def _run_batch(
    files: Sequence[str],
    rules: list[Path],
    jobs: int | None,
    municipalities: bool,
    cache_dir: Path | None,
    light: bool = False,
) -> Iterator[Any]:
    """Summaries one by one; a progress bar on stderr when it is a terminal and the run is
    long."""
    from . import batch

    if not sys.stderr.isatty() or len(files) < 50:
        yield from batch.check_files(
            files, rules, jobs, municipalities=municipalities, cache_dir=cache_dir, light=light
        )
        return
    from rich.progress import Progress

    with Progress(console=_console(stderr=True), transient=True) as progress:
        task = progress.add_task("hanke check", total=len(files))
        yield from batch.check_files(
            files,
            rules,
            jobs,
            progress=lambda n: progress.advance(task, n),
            municipalities=municipalities,
            cache_dir=cache_dir,
            light=light,
        )


@app.command(cls=HankeCommand, help="cli.export.help")
def export(
    file: FileArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="cli.export.opt.output", metavar="cli.metavar.file"),
    ],
    lang: LangOpt = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use

        result = use.export(file, output, ui, force, rules or [])
        _tell_written(output)
        if result.has_errors:
            raise typer.Exit(EXIT_FINDINGS)


class Period(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


@app.command(cls=HankeCommand, help="cli.cashflow.help")
def cashflow(
    file: FileArg,
    by: Annotated[Period, typer.Option("--by", help="cli.cashflow.opt.by")] = Period.month,
    partner: Annotated[
        str | None,
        typer.Option(
            "--partner", "-p", help="cli.cashflow.opt.partner", metavar="cli.metavar.partner"
        ),
    ] = None,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.text,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use
        from .render import cashflow as out

        result, flow = use.cash_flow(file, partner, rules or [])

        if fmt is Format.json:
            sys.stdout.write(out.to_json(flow, result, ui) + "\n")
        else:
            out.render(flow, _console(), ui, by.value, partner)
        if result.has_errors:
            raise typer.Exit(EXIT_FINDINGS)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@app.command("diff", cls=HankeCommand, help="cli.diff.help")
def diff_cmd(
    old: Annotated[Path, typer.Argument(help="cli.diff.arg.old", metavar="cli.metavar.old")],
    new: Annotated[Path, typer.Argument(help="cli.diff.arg.new", metavar="cli.metavar.new")],
    lang: LangOpt = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="cli.opt.format")] = (
        DiffFormat.text
    ),
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use
        from .render import diff as out

        found = use.diff(old, new, rules or [])
        if fmt is DiffFormat.json:
            sys.stdout.write(out.to_json(found, ui) + "\n")
        elif fmt is DiffFormat.md:
            sys.stdout.write(out.to_markdown(found, ui))
        else:
            out.render(found, _console(), ui, (old, new))
        if found.needs_approval:
            raise typer.Exit(EXIT_FINDINGS)


@app.command("import", cls=HankeCommand, help="cli.import.help")
def import_(
    workbook: Annotated[
        Path, typer.Argument(help="cli.import.arg.workbook", metavar="cli.metavar.file")
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="cli.import.opt.output", metavar="cli.metavar.file"),
    ],
    lang: LangOpt = None,
    force: ForceOpt = False,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use

        use.import_workbook(workbook, output, ui, force, rules or [])
        _tell_written(output)


class DocFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    md = "md"


@app.command(cls=HankeCommand, help="cli.attachment.help")
def attachment(
    file: FileArg,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            "-m",
            help="cli.attachment.opt.municipality",
            metavar="cli.metavar.municipality",
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="cli.attachment.opt.all")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="cli.attachment.opt.output", metavar="cli.metavar.file"
        ),
    ] = None,
    outdir: Annotated[
        Path | None,
        typer.Option("--dir", "-d", help="cli.attachment.opt.dir", metavar="cli.metavar.folder"),
    ] = None,
    fmt: Annotated[
        DocFormat | None,
        typer.Option("--format", "-f", help="cli.attachment.opt.format"),
    ] = None,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", "-l", help="cli.attachment.opt.lang", case_sensitive=False),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option("--body", help="cli.attachment.opt.body", metavar="cli.metavar.text"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="cli.attachment.opt.force")] = False,
    since: Annotated[
        Path | None,
        typer.Option("--since", help="cli.attachment.opt.since", metavar="cli.metavar.file"),
    ] = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use
        from .output import new_folders

        with new_folders():  # a -d folder made here goes again if nothing is written
            jobs = use.attachments(
                file,
                municipality=municipality,
                all_=all_,
                output=output,
                outdir=outdir,
                kind=fmt.value if fmt else None,
                lang=lang.value if lang else None,
                body=body,
                force=force,
                rules=rules or [],
                since=since,
            )
            _write_documents(jobs, force, ui)


def _write_documents(jobs: list[Any], force: bool, ui: str) -> None:
    """One document written in place; several rendered first and named all at once (a
    progress bar when stderr is a terminal), so a batch appears whole or not at all."""
    from .i18n import t
    from .output import write_atomic, write_batch

    if not jobs:
        _console(stderr=True).print(t("cli.attachment.none_raised", ui), highlight=False)
        return
    if len(jobs) == 1:
        written = [write_atomic(jobs[0].target, jobs[0].write, force)]
    else:
        from .render.pool import rendered

        # the workers start first (before the progress bar's thread), rendering meanwhile
        with (
            rendered(jobs) as writers,
            _progress(t("cli.progress.attachments", ui), len(jobs)) as done,
        ):

            def step(render: Callable[[Any], None]) -> Callable[[Any], None]:
                def write(fh: Any) -> None:
                    render(fh)
                    done()

                return write

            batch = [(job.target, step(w)) for job, w in zip(jobs, writers, strict=True)]
            written = write_batch(batch, force)
    for target in written:
        _tell_written(target)


@contextmanager
def _progress(title: str, total: int) -> Iterator[Callable[[], None]]:
    """A step counter: a progress bar on stderr when it is a terminal (elsewhere the bar
    would show nothing, not worth loading and drawing)."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(console=_console(stderr=True), transient=True) as progress:
        task = progress.add_task(title, total=total)
        yield lambda: progress.advance(task)


@app.command(cls=HankeCommand, help="cli.fmt.help")
def fmt(
    files: Annotated[
        list[Path], typer.Argument(help="cli.fmt.arg.files", metavar="cli.metavar.file")
    ],
    check_only: Annotated[bool, typer.Option("--check", help="cli.fmt.opt.check")] = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use

        changed = use.format_files(files, check_only, rules or [])
        from .i18n import t

        key = "cli.fmt.would_change" if check_only else "cli.fmt.written"
        for file in changed:
            typer.echo(t(key, ui, path=str(file)), err=True)
        if check_only and changed:
            raise typer.Exit(EXIT_FINDINGS)


@app.command(cls=HankeCommand, help="cli.init.help")
def init(
    output: Annotated[
        Path, typer.Argument(help="cli.init.arg.output", metavar="cli.metavar.file")
    ] = Path("hanke.toml"),
    programme: Annotated[
        str,
        typer.Option(
            "--programme", "-p", help="cli.init.opt.programme", metavar="cli.metavar.programme"
        ),
    ] = "",
    measure: Annotated[
        str | None,
        typer.Option("--measure", help="cli.init.opt.measure", metavar="cli.metavar.measure"),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="cli.init.opt.name", metavar="cli.metavar.text")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="cli.init.opt.start", metavar="cli.metavar.date")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="cli.init.opt.end", metavar="cli.metavar.date")
    ] = None,
    implementer: Annotated[
        str | None,
        typer.Option("--implementer", help="cli.init.opt.implementer", metavar="cli.metavar.name"),
    ] = None,
    business_id: Annotated[
        str | None,
        typer.Option(
            "--business-id", help="cli.init.opt.business_id", metavar="cli.metavar.business_id"
        ),
    ] = None,
    authority: Annotated[
        str | None,
        typer.Option("--authority", help="cli.init.opt.authority", metavar="cli.metavar.name"),
    ] = None,
    municipality: Annotated[
        list[str] | None,
        typer.Option(
            "--municipality",
            "-m",
            help="cli.init.opt.municipality",
            metavar="cli.metavar.municipality",
        ),
    ] = None,
    force: ForceOpt = False,
    ask_all: Annotated[bool, typer.Option("--ask", help="cli.init.opt.ask")] = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from datetime import date

        from . import app as use
        from . import interview as iv
        from .authoring import PROJECT_NAME
        from .errors import UserError
        from .i18n import t
        from .output import check_target

        check_target(output, force, name=PROJECT_NAME)
        ask = ask_all or sys.stdin.isatty()
        say = lambda text: typer.echo(text, err=True)  # noqa: E731
        programmes = [(p.id, p.name.get(ui)) for p in use.programmes(rules or [])]
        if programme:
            programme = iv.choose(programme, programmes, t("label.programme", ui))
        elif ask:
            say(t("init.programmes", ui) + "\n" + iv.options_text(programmes))
            programme = iv.ask(
                iv.question("programme", ui),
                lambda a: iv.choose(a, programmes, t("label.programme", ui)),
                ui,
            )
        else:
            raise UserError(
                code="usage",
                key="msg.programme_required",
                programmes=", ".join(p for p, _ in programmes),
            )
        found = use.programme(programme, rules or [])
        measures = [(m, found.measures[m].name.get(ui)) for m in found.measures]
        given = use.init_defaults(found, date.today(), ui)
        if measure:
            measure = iv.choose(measure, measures, t("label.measure", ui))
        elif ask:
            say(t("init.measures", ui) + "\n" + iv.options_text(measures))
            measure = iv.ask(
                iv.question("measure", ui),
                lambda a: iv.choose(a, measures, t("label.measure", ui)),
                ui,
                default="1",
            )
        start_day = iv.day(start) if start else None
        if ask:  # ask what the options did not say, each answer checked and asked again
            name = name or iv.ask(iv.question("name", ui), iv.not_empty, ui)
            start_day = start_day or iv.ask(
                iv.question("start", ui), iv.day, ui, default=_fi_date(given.start)
            )
            first = start_day
            assert first is not None  # asked until given
            end = end or iv.ask(
                iv.question("end", ui),
                lambda a: iv.end_after(first)(a).isoformat(),
                ui,
                default=_fi_date(given.end),
            )
            implementer = implementer or iv.ask(iv.question("implementer", ui), iv.not_empty, ui)
            if business_id is None:
                business_id = iv.ask(iv.question("business_id", ui), iv.business_id, ui, default="")
            if not municipality:
                municipality = list(
                    iv.ask(iv.question("municipalities", ui), iv.municipality_names, ui, default="")
                )
        start_day = start_day or date.fromisoformat(given.start)
        end_text = iv.end_after(start_day)(end).isoformat() if end else given.end
        new = use.NewProject(
            found.id,
            measure or given.measure,
            name or given.name,
            start_day.isoformat(),
            end_text,
            implementer or given.implementer,
            iv.business_id(business_id or ""),
            authority,
            iv.municipality_names(",".join(municipality or ())),
        )
        use.create_project(output, new, force, rules or [], ui)
        typer.echo(t("init.written", ui, path=str(output)), err=True)


def _fi_date(iso: str) -> str:
    from datetime import date

    d = date.fromisoformat(iso)
    return f"{d.day}.{d.month}.{d.year}"


@app.command(cls=HankeCommand, help="cli.scenario.help")
def scenario(
    file: FileArg,
    municipalities: Annotated[
        str | None,
        typer.Option(
            "--municipalities", help="cli.scenario.opt.municipalities", metavar="cli.metavar.counts"
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="cli.scenario.opt.set", metavar="cli.metavar.assignment"),
    ] = None,
    lang: LangOpt = None,
    fmt_: FormatOpt = Format.text,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use
        from .render import scenario as out

        raw, variants = use.scenario(file, municipalities, set_ or [], rules or [])
        results = [(out.variant_label(parts, raw, ui), result) for parts, result in variants]
        if fmt_ is Format.json:
            sys.stdout.write(out.to_json(results, ui) + "\n")
        else:
            out.table(results, _console(), ui)
        if any(r.has_errors for _, r in results):
            raise typer.Exit(EXIT_FINDINGS)


@app.command("rules", cls=HankeCommand, help="cli.rules.help")
def rules_cmd(
    programme: Annotated[
        str | None, typer.Argument(help="cli.rules.arg.programme", metavar="cli.metavar.programme")
    ] = None,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.text,
    rules: RulesOpt = None,
    debug: DebugOpt = False,
) -> None:
    ui = _lang(lang)
    with _errors(ui, debug):
        from . import app as use
        from .render import rules as render_rules

        if programme is None:
            programmes = use.programmes(rules or [])
            if fmt is Format.json:
                sys.stdout.write(render_rules.list_json(programmes, ui) + "\n")
            else:
                render_rules.list_table(programmes, _console(), ui)
            return
        found = use.programme(programme, rules or [])
        if fmt is Format.json:
            sys.stdout.write(render_rules.one_json(found, ui) + "\n")
        else:
            render_rules.one_table(found, _console(), ui)


@app.command(cls=HankeCommand, help="cli.schema.help")
def schema(lang: LangOpt = None) -> None:
    from .schema import project_schema

    sys.stdout.write(project_schema(_lang(lang)) + "\n")


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"hankelaskuri {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="cli.opt.version")
    ] = False,
    lang: LangOpt = None,  # chosen from the command line before parsing (cliui.choose_lang)
) -> None:
    """The ``hanke`` command group (its help is ``cli.app.help``); ``--lang`` before the
    command or beside ``-h`` is the language of every command."""


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    # One command and out: the cyclic garbage collector's passes over everything imported
    # and built free nothing (3 % of ``hanke budget``). ``check``, which may run through
    # tens of thousands of files, turns it back on, as does the rendering of several
    # attachments (their layout trees are cyclic) for its own duration (render/pool).
    gc.disable()
    try:
        _for_command(sys.argv[1:] if argv is None else argv)(args=argv)
    finally:
        # and out without the interpreter's last collections over everything left
        gc.freeze()
    return None


def _for_command(args: Sequence[str]) -> typer.Typer:
    """``app``, or when the command line names one of its commands, an app with that
    command alone (and the group's own options): typer makes the parameters of every
    command it has at each start, reading each one's signature (some 3 % of ``hanke
    budget``), and a run uses one. Anything else (help, no command, a misspelt one) is
    given the whole app, which lists and suggests the commands."""
    name = _command_named(args)
    chosen = [
        c
        for c in app.registered_commands
        if name is not None
        and (c.name or getattr(c.callback, "__name__", "").lower().replace("_", "-")) == name
    ]
    if len(chosen) != 1:
        return app
    one = _typer()
    one.registered_callback = app.registered_callback
    one.registered_commands = chosen
    return one


def _command_named(args: Sequence[str]) -> str | None:
    """The command's name: the first argument that is not ``--lang X`` (``-l X``,
    ``--lang=X``, ``-lX``); ``None`` if another option comes first."""
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("--lang", "-l"):
            rest = rest[1:]
        elif not arg.startswith(("--lang=", "-l")):
            return None if arg.startswith("-") else arg
    return None


if __name__ == "__main__":  # pragma: no cover
    main()
