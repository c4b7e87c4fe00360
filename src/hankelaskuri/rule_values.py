"""Rule values on a project's reference date, each use recorded with its source.

The calculation and the checks read every rule value through :class:`RuleValues`, so the
result can list exactly the values used (the rules sheet) and say when one was not in force.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .result import RuleUse
from .rules import Param


class RuleValues:
    """Rule values on ``day``; records each use and any value not in force on that day."""

    def __init__(self, day: date) -> None:
        self.day = day
        self.used: dict[str, RuleUse] = {}
        self.out_of_date: list[str] = []

    def get(self, name: str, param: Param | None, optional: bool = False) -> Any:
        """The value of ``param`` (named ``name`` in the listing), ``None`` if absent. An
        ``optional`` value (a cap a call set) that is not in force is no value at all; any
        other value not in force is used and reported."""
        if param is None:
            return None
        if optional and param.resolve(self.day)[1]:
            return None
        entry, out_of_date = param.resolve(self.day)
        if out_of_date:
            self.out_of_date.append(name)
        if name not in self.used:
            self.used[name] = RuleUse(
                name,
                str(entry.value),
                entry.since,
                entry.until,
                entry.source,
                entry.status,
                entry.note,
            )
        return entry.value

    def dec(
        self,
        name: str,
        param: Param | None,
        default: Decimal | None = None,
        optional: bool = False,
    ) -> Decimal | None:
        """A numeric value as ``Decimal`` (``default`` when the rule is absent)."""
        value = self.get(name, param, optional)
        return default if value is None else Decimal(value)
