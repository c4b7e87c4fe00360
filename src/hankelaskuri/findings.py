"""Findings: what the rule checks say about a valid project, collected as data.

A finding has a stable ``code``, a ``severity`` (error or warning), its parameters, and the
TOML key (and, once located, the line) it concerns. Its message is rendered in any of the
supported languages from the catalogue in :mod:`hankelaskuri.i18n`; parameters keep their
kind (money, percent, date, text) so each language formats them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from . import i18n

Severity = Literal["error", "warning"]
ParamKind = Literal["money", "percent", "date", "text"]


@dataclass(frozen=True)
class Param:
    """A message parameter: its kind and its plain value as text (``"221284.00"``)."""

    kind: ParamKind
    value: str

    def show(self, lang: str) -> str:
        if self.kind == "money":
            return i18n.format_money(Decimal(self.value), lang)
        if self.kind == "percent":
            return i18n.format_percent(Decimal(self.value), lang)
        if self.kind == "date":
            return i18n.format_date(date.fromisoformat(self.value), lang)
        return self.value


def money(value: Decimal) -> Param:
    return Param("money", f"{value:.2f}")


def percent(value: Decimal) -> Param:
    return Param("percent", str(value))


def day(value: date) -> Param:
    return Param("date", value.isoformat())


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    key: str
    params: tuple[tuple[str, Param], ...] = ()
    line: int | None = None

    def message(self, lang: str = "fi") -> str:
        return i18n.message(self.code, lang, **{k: p.show(lang) for k, p in self.params})

    def located(self, line: int | None) -> Finding:
        return replace(self, line=line)


def finding(code: str, severity: Severity, key: str, **params: object) -> Finding:
    """Build a finding; plain values become text parameters."""
    items = tuple(
        (k, v if isinstance(v, Param) else Param("text", str(v))) for k, v in params.items()
    )
    return Finding(code, severity, key, items)
