"""Text that a terminal or a word processor must not break: amounts with no-break spaces.

Kept apart from :mod:`hankelaskuri.render.sheet` so that plain output (``hanke check``
into a pipe) does not load the table layout."""

from __future__ import annotations

import re
from decimal import Decimal

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
