"""Exceptions. Findings about a project are data (see ``findings``); these are for when the
program cannot go on."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding, Param


# Exit codes of the ``hanke`` command, the one place they are defined.
EXIT_OK = 0  # clean (warnings at most)
EXIT_FINDINGS = 1  # a finding of severity error
EXIT_INPUT = 2  # unusable input: a file that cannot be read or validated, a bad option
EXIT_INTERNAL = 3  # a program error
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it


class HankelaskuriError(Exception):
    """Root of hankelaskuri's exceptions."""


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
        shown = {k: shown_in(v, lang) for k, v in self.params.items()}
        return i18n.t(self.key, lang, **shown)


def shown_in(value: object, lang: str) -> object:
    """A message parameter in the reader's language: a catalogue term (:func:`os_reason`),
    a located finding (``findings.Located``) or another error is shown in ``lang``,
    anything else as it is."""
    if isinstance(value, UserError):
        return value.text(lang)
    show = getattr(value, "show", None)
    return show(lang) if callable(show) else value


# What the operating system said, in the reader's words (``os_error.<name>`` in the
# catalogue): the one place an OSError becomes text a person reads.
_OS_REASONS = {
    errno.ENOENT: "enoent",
    errno.EEXIST: "eexist",
    errno.EACCES: "eacces",
    errno.EPERM: "eacces",
    errno.ENOTDIR: "enotdir",
    errno.EISDIR: "eisdir",
    errno.ENOSPC: "enospc",
    errno.EDQUOT: "enospc",
    errno.EROFS: "erofs",
    errno.ENAMETOOLONG: "enametoolong",
    errno.ELOOP: "eloop",
    errno.EIO: "eio",
    errno.EBUSY: "ebusy",
    errno.EMFILE: "emfile",
    errno.ENFILE: "emfile",
}


def os_reason(exc: OSError) -> Param:
    """Why an operating-system call failed, as a catalogue term shown in the reader's
    language; an error without a text of its own is named by its symbol (``EXDEV``), never
    by the system's English sentence."""
    from .findings import Param, term

    name = _OS_REASONS.get(exc.errno or 0)
    if name is not None:
        return term(f"os_error.{name}")
    return Param("text", errno.errorcode.get(exc.errno or 0, "") or type(exc).__name__)


@dataclass
class InputError(HankelaskuriError):
    """A project file that cannot be used: every problem found in it, all at once."""

    path: str
    problems: list[Finding] = field(default_factory=list)  # each an error, with its place
    source_lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.path}: {self.count} problem(s)"

    @property
    def count(self) -> int:
        """Every problem found, also those counted in a last ``more_problems`` entry."""
        return sum(
            int(dict(p.params)["count"].value) if p.code == "more_problems" else 1
            for p in self.problems
        )
