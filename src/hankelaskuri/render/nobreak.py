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


def wrap_whole(text: Any, width: int) -> Any:
    """A :class:`rich.text.Text` broken into lines of at most ``width`` cells at plain
    spaces only, its styles kept. Rich breaks a line at any white space, the no-break
    spaces of :func:`keep_whole` included (``100,00`` / ``%`` at the end of a finding);
    a text already broken here fits, so rich breaks it no further. A word longer than
    the width stays whole on a line of its own (rich folds it)."""
    from rich.cells import cell_len
    from rich.text import Text

    plain = text.plain
    lines: list[tuple[int, int]] = []
    start = 0
    for paragraph in plain.split("\n"):
        end = start + len(paragraph)
        words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(paragraph)]
        first, last = start, words[0][1] if words else start  # leading spaces stay
        for word_start, word_end in words[1:]:
            if cell_len(plain[first:word_end]) <= width:
                last = word_end
            else:
                lines.append((first, last))
                first, last = word_start, word_end
        lines.append((first, last))
        start = end + 1
    return Text("\n").join(text[a:b] for a, b in lines)


class Whole:
    """A rich renderable: ``text`` wrapped to the room it is given by :func:`wrap_whole`
    (printed with ``soft_wrap``, it is left on one line as rich would leave it)."""

    def __init__(self, text: Any) -> None:
        self.text = text

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield self.text if options.no_wrap else wrap_whole(self.text, options.max_width)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.text)
