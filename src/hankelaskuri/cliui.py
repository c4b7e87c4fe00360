"""The command line's own words in the chosen language: help pages, usage errors, the
language choice itself.

Help texts in :mod:`.cli` are catalogue keys (``cli.budget.help``); the help page is laid
out here with the command-line library's formatter and every word comes from the
catalogue. Usage errors (a missing argument, an unknown option) are read from the
exception's fields, not from its English text, and shown as
``message [code]``. The language is ``--lang``, else ``HANKE_LANG``, else the locale
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else Finnish.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import IO, Any, cast

import typer
from typer.core import TyperCommand, TyperGroup

from .i18n import LANGS, t

try:  # newer typer carries its own copy of click
    from typer._click import exceptions as _exceptions  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - older typer on click
    from click import exceptions as _exceptions  # type: ignore[no-redef]

ClickException = _exceptions.ClickException
Abort = getattr(_exceptions, "Abort", None) or typer.Abort

EXIT_USAGE = 2


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def choose_lang(argv: Sequence[str] = (), env: Mapping[str, str] | None = None) -> str:
    """``--lang X`` / ``-l X`` / ``--lang=X`` in ``argv``, else ``HANKE_LANG``, else the
    locale's language if it is fi, sv or en, else Finnish."""
    env = os.environ if env is None else env
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg in ("--lang", "-l") and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-l") and len(arg) > 2 and not arg.startswith("--"):
            value = arg[2:]
        if value is not None and value.lower() in LANGS:
            return value.lower()
    chosen = env.get("HANKE_LANG", "").strip().lower()[:2]
    if chosen in LANGS:
        return chosen
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in LANGS else "fi"
    return "fi"


_current = {"lang": "fi"}


def current() -> str:
    """The language chosen for this run of the command."""
    return _current["lang"]


def _text(key: str | None, lang: str) -> str:
    return t(key, lang) if key else ""


def _metavar(param: Any, lang: str) -> str:
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.metavar:
        return _text(param.metavar, lang)
    choices = _choices(param)
    if choices:
        return "|".join(choices)
    desc = getattr(param, "type_descriptor", None)
    if getattr(desc, "annotation", None) is int or getattr(param, "type", None) is int:
        return t("cli.metavar.number", lang)
    if getattr(getattr(param, "type", None), "name", "") == "integer":
        return t("cli.metavar.number", lang)
    return t("cli.metavar.text", lang)


def _choices(param: Any) -> list[str]:
    """The allowed values of a choice parameter (typer's own descriptor, or click's)."""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and getattr(desc, "is_choice", False):
        found = list(desc.choices or ())
    else:
        found = list(getattr(getattr(param, "type", None), "choices", None) or ())
    return [str(getattr(c, "value", c)) for c in found]


def _default(param: Any, lang: str) -> str:
    default = param.default
    if getattr(param, "is_flag", False) or default in (None, "", 0, (), []) or callable(default):
        return ""
    value = getattr(default, "value", default)
    return t("cli.default", lang, value=value)


def _usage_pieces(command: Any, lang: str) -> str:
    pieces = [t("cli.usage.options", lang)]
    if hasattr(command, "list_commands"):
        pieces.append(t("cli.usage.command", lang))
    for param in command.params:
        if _is_argument(param):
            name = _metavar(param, lang) or param.name.upper()
            if param.nargs != 1:
                name += "..."
            pieces.append(name if param.required else f"[{name}]")
    return " ".join(pieces)


def format_help(command: Any, ctx: Any, formatter: Any) -> None:
    lang = current()
    formatter.write_usage(ctx.command_path, _usage_pieces(command, lang), t("cli.usage", lang))
    formatter.write_paragraph()
    with formatter.indentation():
        formatter.write_text(_text(command.help, lang))
    example = t(f"{command.help.rsplit('.', 1)[0]}.example", lang) if command.help else ""
    if example and not example.endswith(".example"):
        with formatter.section(t("cli.heading.example", lang)):
            for line in example.splitlines():
                formatter.write(f"{' ' * formatter.current_indent}{line}\n")
    arguments = []
    options = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if _is_argument(param):
            arguments.append(
                (_metavar(param, lang) or param.name.upper(), _param_help(param, lang))
            )
        else:
            names = sorted(param.opts, key=len)
            shown = ", ".join(names)
            metavar = _metavar(param, lang)
            options.append((f"{shown} {metavar}".strip(), _param_help(param, lang)))
    if arguments:
        with formatter.section(t("cli.heading.arguments", lang)):
            formatter.write_dl(arguments)
    if options:
        with formatter.section(t("cli.heading.options", lang)):
            formatter.write_dl(options)
    if hasattr(command, "list_commands"):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, _text(sub.help, lang)))
        with formatter.section(t("cli.heading.commands", lang)):
            formatter.write_dl(rows)


def _param_help(param: Any, lang: str) -> str:
    if param.name == "help":
        return t("cli.opt.help", lang)
    text = _text(getattr(param, "help", None), lang)
    default = _default(param, lang)
    return f"{text}  {default}".strip() if default else text


class HankeCommand(TyperCommand):
    """A command whose help page speaks the chosen language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_help(self, ctx, formatter)


class HankeGroup(TyperGroup):
    """The ``hanke`` command: chooses the language, then runs the command; usage errors
    are shown in that language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_help(self, ctx, formatter)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        _current["lang"] = lang = choose_lang(argv)
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except ClickException as exc:
            code = show_usage_error(exc, lang)
        except Abort:
            sys.stderr.write(t("cli.aborted", lang) + "\n")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def show_usage_error(exc: Any, lang: str) -> int:
    """Print a usage error as ``usage line``, ``message [code]``, ``how to get help``."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        sys.stdout.write(ctx.get_help() + "\n")
        return 0
    message, code = usage_message(exc, lang)
    out = []
    if ctx is not None:
        command = ctx.command
        out.append(f"{t('cli.usage', lang)}{ctx.command_path} {_usage_pieces(command, lang)}")
    out.append(f"{message} [{code}]")
    if ctx is not None:
        out.append(t("cli.try_help", lang, command=f"{ctx.command_path} --help"))
    sys.stderr.write("\n".join(out) + "\n")
    return getattr(exc, "exit_code", EXIT_USAGE) or EXIT_USAGE


def _param_name(param: Any, lang: str) -> str:
    if param is None:
        return ""
    if _is_argument(param):
        return _metavar(param, lang) or param.name.upper()
    return " / ".join(sorted(param.opts, key=len, reverse=True))


def usage_message(exc: Any, lang: str) -> tuple[str, str]:
    """The message and the stable code of a usage error, from its fields."""
    E = _exceptions
    if isinstance(exc, E.MissingParameter):
        name = _param_name(exc.param, lang)
        if _is_argument(exc.param):
            return t("cli.error.missing_argument", lang, name=name), "missing_argument"
        return t("cli.error.missing_option", lang, name=name), "missing_option"
    if isinstance(exc, E.NoSuchOption):
        text = t("cli.error.no_such_option", lang, name=exc.option_name)
        close = difflib.get_close_matches(exc.option_name, exc.possibilities or [], 1)
        if close:
            text += " " + t("hint.did_you_mean", lang, suggestion=close[0])
        return text, "no_such_option"
    if isinstance(exc, E.BadOptionUsage):
        return t("cli.error.option_needs_value", lang, name=exc.option_name), "option_needs_value"
    if isinstance(exc, E.BadParameter):
        name = _param_name(exc.param, lang)
        value = _quoted(exc.message)
        text = t("cli.error.bad_value", lang, name=name, value=value)
        choices = _choices(exc.param) if exc.param is not None else []
        if choices:
            text += " " + t("hint.allowed", lang, allowed=", ".join(choices))
        return text, "bad_value"
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if message.startswith("Got unexpected extra argument"):
        extra = message.partition("(")[2].rstrip(")")
        return t("cli.error.extra_argument", lang, value=extra), "extra_argument"
    if message.startswith("No such command"):
        name = _quoted(message)
        text = t("cli.error.no_such_command", lang, name=name)
        ctx = getattr(exc, "ctx", None)
        if ctx is not None and hasattr(ctx.command, "list_commands"):
            close = difflib.get_close_matches(name, ctx.command.list_commands(ctx), 1)
            if close:
                text += " " + t("hint.did_you_mean", lang, suggestion=close[0])
        return text, "no_such_command"
    return message, "usage"


def _quoted(message: str) -> str:
    """The first quoted value in a library message (``'abc' is not …`` → ``abc``)."""
    for quote in ("'", '"'):
        first, sep, rest = message.partition(quote)
        if sep and quote in rest:
            return rest.split(quote, 1)[0]
    return message


def echo_error(text: str, code: str) -> None:
    """A command's own error: the message, then its code in brackets. On a terminal each
    line is wrapped between words (amounts kept whole), its continuation indented, so a
    long message (an import's problems, one a line) reads as the terminal is wide."""
    text = f"{text} [{code}]"
    if sys.stderr.isatty():
        import shutil
        import textwrap

        from .render.nobreak import keep_whole

        width = max(shutil.get_terminal_size().columns - 1, 40)
        text = "\n".join(
            textwrap.fill(
                keep_whole(line),
                width,
                subsequent_indent="  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            for line in text.split("\n")
        )
    typer.echo(text, err=True)


class _NoTrailingSpaces:
    """A text stream that drops the spaces at the end of each line (tables pad their
    cells), for output that goes to a file or a pipe."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


PIPE_WIDTH = 140  # not a terminal: wide enough for a seven-year table, unless COLUMNS says


class PlainConsole:
    """What ``hanke check`` needs of a console when its output is not a terminal: the
    width, the stream without trailing spaces, and ``print`` for a line of plain text.
    It does not load rich's console (a tenth of the start-up of a check that finds every
    file in the cache); a line longer than the width is printed by a rich console on the
    same stream (:func:`rich_console`), wrapped exactly as before."""

    is_terminal = False

    def __init__(self, stream: Any, width: int) -> None:
        self.file = _NoTrailingSpaces(stream)
        self.width = width
        self._rich: Any = None

    def print(self, *objects: Any, **options: Any) -> None:
        text = " ".join(o for o in objects if isinstance(o, str))
        simple = all(isinstance(o, str) for o in objects)
        if simple and len(text) <= self.width and all(ord(c) < 0x1100 for c in text):
            self.file.write(text + "\n")
            return
        if self._rich is None:
            self._rich = rich_console(file=cast(IO[str], self.file), width=self.width)
        self._rich.print(*objects, **options)


def rich_console(**options: Any) -> Any:
    """A rich console that shows every string as it is: no console markup (a project named
    ``Kylähanke [vaihe 2]`` lost its ``[vaihe 2]``, ``[/b]`` was an internal error, ``[red]``
    coloured and ``[link=…]`` made a terminal hyperlink), no ``:emoji:`` codes, no
    highlighting of numbers. This holds for whatever is printed on it: ``print`` of a
    string, table titles, captions, headings and cells. Our own styling is given as
    :class:`rich.text.Text` styles, never as markup in a string."""
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False, **options)


def pipe_width() -> int:
    """The width of output that does not go to a terminal: ``COLUMNS`` if set; else the
    width of the terminal the command was typed in (stdin or stderr still on it), where a
    pipe into ``less`` or ``tail`` shows it (the 140 columns of a seven-year table wrapped
    there and parted amounts); else :data:`PIPE_WIDTH` (a file, another program)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stderr, sys.stdin):
        try:
            if stream is not None and stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError):
            continue
    return PIPE_WIDTH


def make_console(stderr: bool = False, plain: bool = False) -> Any:
    """A console for the command's output. On a terminal, its width; otherwise
    ``COLUMNS`` or 140 columns, and no trailing spaces. Messages on stderr are never
    wrapped: ``file:line:column`` stays on one line. ``plain``: text lines only will be
    printed (see :class:`PlainConsole`)."""
    stream = sys.stderr if stderr else sys.stdout
    if plain and not stream.isatty():
        return PlainConsole(stream, pipe_width())
    if stream.isatty():
        return rich_console(stderr=stderr, soft_wrap=stderr)
    return rich_console(
        file=cast(IO[str], _NoTrailingSpaces(stream)), soft_wrap=stderr, width=pipe_width()
    )
