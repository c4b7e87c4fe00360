"""Exceptions. Findings about a project are data (see ``findings``); these are for when the
program cannot go on."""

from __future__ import annotations

from dataclasses import dataclass, field


class HankelaskuriError(Exception):
    """Root of hankelaskuri's exceptions."""


@dataclass
class Problem:
    """One problem in an input file, located as precisely as we can."""

    code: str
    params: dict[str, str] = field(default_factory=dict)
    key: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""

    def message(self, lang: str = "fi") -> str:
        from . import i18n

        return i18n.message(self.code, lang, **i18n.localize_params(self.params, lang))

    def hint_text(self, lang: str = "fi") -> str:
        from . import i18n

        params = i18n.localize_params(self.params, lang)
        return i18n.hint(self.hint, lang, **params) if self.hint else ""


class InternalError(HankelaskuriError):
    """A guarantee of the calculation broken: a program error, never the user's."""


class UserError(HankelaskuriError):
    """Something the user can fix (a missing file, a broken rules folder).

    Raised with a stable ``code`` and the parameters of its catalogue text
    (``msg.<code>``, or ``key``), it speaks every language: ``UserError(code="output_folder",
    path=str(folder))``. A literal ``message`` is shown as it is (older call sites)."""

    def __init__(
        self, message: str = "", code: str = "user_error", *, key: str = "", **params: object
    ) -> None:
        super().__init__(message or code)
        self.code = code
        self.key = key or f"msg.{code}"
        self.params = params
        self.literal = message if not params and not key else ""

    def text(self, lang: str = "fi") -> str:
        from . import i18n

        if self.literal or not i18n.has(self.key, lang):
            return self.literal or str(self)
        return i18n.t(self.key, lang, **self.params)


@dataclass
class InputError(HankelaskuriError):
    """A project file that cannot be used: every problem found in it, all at once."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.path}: {len(self.problems)} problem(s)"
