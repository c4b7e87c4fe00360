"""``hanke init`` answers: each one checked as it is given, in the user's language.

The same checks serve the options (``--start 1.12.2026``: a wrong one is refused with the
same message) and the questions (a wrong answer is explained and asked again). Finnish
dates (``1.12.2026``) are accepted beside ISO dates; programmes and measures are offered by
their names, numbered, and can be answered with the number, the id or the name; a merged
municipality is named with what it merged into.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from . import municipalities as muni
from .errors import UserError
from .i18n import t

T = TypeVar("T")


class Wrong(UserError):
    """An answer that cannot be used; its text says why and what would do."""


def _wrong(code: str, key: str = "", **params: object) -> Wrong:
    extra: dict[str, Any] = dict(params)
    return Wrong(code=code, key=key or f"msg.{code}", **extra)


def choose(text: str, options: Sequence[tuple[str, str]], what: str) -> str:
    """An id from ``options`` (id, name): by number, id or name (any case, or a unique
    beginning of the name)."""
    answer = text.strip()
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1][0]
    folded = answer.casefold()
    for key, name in options:
        if folded in (key.casefold(), name.casefold()):
            return key
    for found in (
        [k for k, n in options if folded and n.casefold().startswith(folded)],
        [k for k, n in options if folded and k.casefold().startswith(folded)],
        [k for k, n in options if folded and (folded in n.casefold() or folded in k.casefold())],
    ):
        if len(found) == 1:  # a unique beginning or part of a name or id: "jtf", "leader"
            return found[0]
    names = [name for _, name in options] + [key for key, _ in options]
    close = difflib.get_close_matches(answer, names, 1, 0.6)
    raise _wrong(
        "unknown_choice",
        what=what,
        value=answer,
        count=len(options),
        suggestion=close[0] if close else "",
        key="msg.unknown_choice_guess" if close else "msg.unknown_choice",
    )


def not_empty(text: str) -> str:
    if not text.strip():
        raise _wrong("empty_answer")
    return text.strip()


def day(text: str) -> date:
    """``2026-01-01`` or the Finnish ``1.1.2026``."""
    answer = text.strip()
    try:
        if "." in answer:
            d, m, y = (int(part) for part in answer.split("."))
            return date(y, m, d)
        return date.fromisoformat(answer)
    except ValueError:
        raise _wrong("bad_date_answer", value=answer) from None


def end_after(start: date) -> Callable[[str], date]:
    def check(text: str) -> date:
        end = day(text)
        if end < start:
            raise _wrong("end_before_start_answer", start=start.isoformat(), end=end.isoformat())
        return end

    return check


def business_id(text: str) -> str | None:
    from .models import business_id_valid

    answer = text.strip()
    if not answer:
        return None
    if not business_id_valid(answer):
        raise _wrong("business_id_invalid", value=answer)
    return answer


def municipality_names(text: str) -> tuple[str, ...]:
    """Comma-separated municipalities, each one known (a merged one named with what it
    merged into, a misspelt one with the closest name)."""
    names = []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        found = muni.find(name)
        if found is not None:
            names.append(found.name_fi)
            continue
        successor = muni.merged(name)
        if successor is not None:
            raise _wrong(
                "unknown_municipality",
                key="hint.merged_municipality",
                value=name,
                suggestion=successor[0],
                year=successor[1],
            )
        close = muni.suggest(name)
        raise _wrong(
            "unknown_municipality",
            key="msg.unknown_municipality_guess" if close else "msg.unknown_municipality",
            value=name,
            suggestion=close or "",
        )
    return tuple(names)


def ask(
    question: str,
    check: Callable[[str], T],
    lang: str,
    default: str | None = None,
    prompt: Callable[..., str] | None = None,
    say: Callable[[str], Any] | None = None,
) -> T:
    """Ask until the answer passes ``check``; a wrong answer is explained first."""
    import typer

    prompt = prompt or typer.prompt
    while True:
        kwargs: dict[str, Any] = {"default": default} if default is not None else {}
        if default == "":
            kwargs["show_default"] = False
        answer = prompt(question, **kwargs)
        try:
            return check(str(answer))
        except Wrong as exc:
            if say is None:  # on a terminal wrapped between words, as every error is
                from .cliui import echo_error

                echo_error(f"  {exc.text(lang)}", exc.code)
            else:
                say(f"  {exc.text(lang)} [{exc.code}]")


def options_text(options: Sequence[tuple[str, str]]) -> str:
    """``  1) Name [id]`` lines for a question. On a terminal a long line is wrapped
    between words under its name, so an id stays whole (``[eafrd-`` / ``2023-2027]``)."""
    lines = [f"  {i}) {name} [{key}]" for i, (key, name) in enumerate(options, 1)]
    import sys

    if not sys.stderr.isatty():
        return "\n".join(lines)
    import shutil
    import textwrap

    width = max(shutil.get_terminal_size().columns - 1, 40)
    return "\n".join(
        textwrap.fill(
            line,
            width,
            subsequent_indent=" " * (line.index(")") + 2),
            break_long_words=False,
            break_on_hyphens=False,
        )
        for line in lines
    )


def language_of(lang: str) -> str:
    return lang if lang in ("fi", "sv", "en") else "fi"


def question(key: str, lang: str) -> str:
    return t(f"init.ask.{key}", language_of(lang))
