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

# Each rule value as resolved for a day and a name: (param, value, use, out of date), keyed
# by (id(param), day, name). Rules are read once and used for many projects, so this is
# work that depends only on the rules; the param is kept in the entry so its id is never
# reused while the entry lives.
_RESOLVED: dict[tuple[int, date, str], tuple[Param, Any, RuleUse, bool]] = {}


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
        key = (id(param), self.day, name)
        hit = _RESOLVED.get(key)
        if hit is None:
            entry, out_of_date = param.resolve(self.day)
            use = RuleUse(
                name,
                str(entry.value),
                entry.since,
                entry.until,
                entry.source,
                entry.status,
                entry.note,
            )
            if len(_RESOLVED) > 100_000:
                _RESOLVED.clear()
            hit = _RESOLVED[key] = (param, entry.value, use, out_of_date)
        _, value, use, out_of_date = hit
        if out_of_date:
            if optional:
                return None
            self.out_of_date.append(name)
        if name not in self.used:
            self.used[name] = use
        return value

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
