"""Text that a terminal or a word processor must not break: amounts with no-break spaces.

Kept apart from :mod:`hankelaskuri.render.sheet` so that plain output (``hanke check``
into a pipe) does not load the table layout."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..i18n import format_number

NBSP = "\u00a0"


def amount(value: Decimal, lang: str, places: int = 2) -> str:
    """``1 234 567,89`` with no-break spaces between the digit groups."""
    return format_number(value, places, lang).replace(" ", NBSP)


_INSIDE_AMOUNT = re.compile(r"(?<=\d) (?=\d{3}(?:\D|$))|(?<=\d) (?=[€%])")


def keep_whole(text: str) -> str:
    """Message text with the spaces inside its amounts (``221 284,00 €``, ``80 %``) made
    no-break, so a terminal that wraps the message never splits an amount."""
    return _INSIDE_AMOUNT.sub(NBSP, text)


_WORD = re.compile(r"[^ ]+")  # words are parted by plain spaces only


def wrap_whole(text: Any, width: int, hanging: int = 0) -> Any:
    """A :class:`rich.text.Text` broken into lines of at most ``width`` cells at plain
    spaces only, its styles kept; each line a break makes is indented by ``hanging``.
    Rich breaks a line at any white space, the no-break spaces of :func:`keep_whole`
    included (``100,00`` / ``%`` at the end of a finding); a text already broken here
    fits, so rich breaks it no further. A word longer than the width stays whole on a line
    of its own (rich folds it)."""
    from rich.cells import cell_len
    from rich.text import Text

    hanging = hanging if width - hanging >= 20 else 0  # a narrow column: no indent
    plain = text.plain
    lines: list[tuple[int, int, int]] = []  # start, end, indent
    start = 0
    for paragraph in plain.split("\n"):
        end = start + len(paragraph)
        words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(paragraph)]
        first, last = start, words[0][1] if words else start  # leading spaces stay
        indent = 0
        for word_start, word_end in words[1:]:
            if indent + cell_len(plain[first:word_end]) <= width:
                last = word_end
            else:
                lines.append((first, last, indent))
                first, last, indent = word_start, word_end, hanging
        lines.append((first, last, indent))
        start = end + 1
    return Text("\n").join(Text(" " * i) + text[a:b] for a, b, i in lines)


class Whole:
    """A rich renderable: ``text`` wrapped to the room it is given by :func:`wrap_whole`
    (printed with ``soft_wrap``, it is left on one line as rich would leave it)."""

    def __init__(self, text: Any, hanging: int = 0) -> None:
        self.text = text
        self.hanging = hanging

    def __rich_console__(self, console: Any, options: Any) -> Any:
        if options.no_wrap:
            yield self.text
        else:
            yield wrap_whole(self.text, options.max_width, self.hanging)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.text)
