"""Findings: every coded message at a place, from the loader, the checks and the batch.

A :class:`Finding` has a stable ``code``, a ``severity`` (error or warning), its parameters
and its location (the TOML key and, once located, the line and column). It stays data all
the way through (loader → engine → batch → cache) and becomes text only where it is shown,
in the reader's language: :meth:`Finding.message` and :meth:`Finding.hint_text` fill the
catalogue's ``msg.<code>`` and ``hint.<hint>`` (see :mod:`hankelaskuri.i18n`). Parameters
keep their kind (money, percent, date, a catalogue term, text) so that each language
formats them its own way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Literal

from . import i18n
from .records import Record

Severity = Literal["error", "warning"]
ParamKind = Literal["money", "percent", "date", "term", "number", "text", "names"]


class Param(Record):
    """A message parameter: its kind and its plain value as text (``"221284.00"``); a
    ``term`` is a catalogue key (``type.int``) shown in the reader's language."""

    kind: ParamKind
    value: str

    def show(self, lang: str) -> str:
        if self.kind == "money":
            return i18n.format_money(Decimal(self.value), lang)
        if self.kind == "percent":
            return i18n.format_percent(Decimal(self.value), lang)
        if self.kind == "date":
            return i18n.format_date(date.fromisoformat(self.value), lang)
        if self.kind == "term":
            return i18n.t(self.value, lang)
        if self.kind == "names":
            shown: dict[str, str] = json.loads(self.value)
            return shown.get(lang) or shown["fi"]
        if self.kind == "number":
            value = Decimal(self.value)
            places = max(0, -int(value.as_tuple().exponent))
            if abs(value) < 10000:  # four digits stay together (a year: 1990)
                return f"{value:f}".replace(".", "." if lang == "en" else ",")
            return i18n.format_number(value, places, lang)
        return self.value


def money(value: Decimal) -> Param:
    return Param("money", f"{value:.2f}")


def number(value: Decimal) -> Param:
    """A plain number, written the reader's way (``1 000 000 000``)."""
    return Param("number", str(value))


def percent(value: Decimal) -> Param:
    return Param("percent", str(value))


def day(value: date) -> Param:
    return Param("date", value.isoformat())


def names(by_lang: Callable[[str], str]) -> Param:
    """A name in the reader's language (a rule's, a municipality's, a list of them):
    ``by_lang`` gives it for ``fi``, ``sv`` and ``en``."""
    shown = {lang: by_lang(lang) for lang in ("fi", "sv", "en")}
    return Param("names", json.dumps(shown, ensure_ascii=False))


def term(key: str) -> Param:
    """A word from the catalogue (``type.int`` → *kokonaisluku* / *heltal* / *integer*)."""
    return Param("term", key)


class Finding(Record):
    """A coded message at a place in a project file."""

    code: str
    severity: Severity
    key: str = ""  # dotted TOML key (``staff[0].amount``); empty for the whole file
    params: tuple[tuple[str, Param], ...] = ()
    line: int | None = None
    column: int | None = None
    hint: str = ""  # a hint's code (``hint.<hint>``), filled with the same parameters

    def _shown(self, lang: str) -> dict[str, str]:
        return {k: p.show(lang) for k, p in self.params}

    def message(self, lang: str = "fi") -> str:
        """The message in ``lang``. A code without a catalogue message (an error the
        program met reading a file) shows its ``detail`` as it was given."""
        params = self._shown(lang)
        if "detail" in params and not i18n.has(f"msg.{self.code}"):
            return params["detail"]
        return i18n.message(self.code, lang, **params)

    def hint_text(self, lang: str = "fi") -> str:
        """The hint in ``lang``; empty when there is none."""
        return i18n.hint(self.hint, lang, **self._shown(lang)) if self.hint else ""

    def located(self, line: int | None, column: int | None = None) -> Finding:
        return replace(self, line=line, column=column)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class Located(Record):
    """A finding in a file other than a project (a rules file) as a parameter of a
    :class:`~hankelaskuri.errors.UserError`: ``file:line:column: message``, the message in
    the reader's language, as the loader shows a project file's problem."""

    path: str
    found: Finding

    def show(self, lang: str) -> str:
        place = [self.path, *(str(n) for n in (self.found.line, self.found.column) if n)]
        key = f"{self.found.key}: " if self.found.key else ""
        return f"{':'.join(place)}: {key}{self.found.message(lang)}"


def finding(code: str, severity: Severity, key: str = "", **params: object) -> Finding:
    """Build a finding; plain parameter values become text parameters."""
    return Finding(code, severity, key, _params(params))


def problem(
    code: str,
    key: str = "",
    params: Mapping[str, object] | None = None,
    hint: str = "",
    line: int | None = None,
    column: int | None = None,
) -> Finding:
    """An error that makes an input file unusable (the loader's findings)."""
    return Finding(code, "error", key, _params(params or {}), line, column, hint)


def _params(params: Mapping[str, object]) -> tuple[tuple[str, Param], ...]:
    return tuple(
        (k, v if isinstance(v, Param) else Param("text", str(v))) for k, v in params.items()
    )
