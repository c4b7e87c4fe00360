"""Test helper: the whole :class:`~hankelaskuri.result.Result` as JSON and back, losslessly.

``hanke budget --format json`` prints a reader's view of the result; this module keeps
everything, so a result can be stored, sent to another process or compared later and read
back equal to the original. Encoding follows the dataclasses' type hints: Decimal and
dates as strings, mappings as lists of pairs (their keys may be years), tuples as lists.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any

from hankelaskuri.result import Result


def encode(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: encode(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return [[encode(k), encode(v)] for k, v in obj.items()]
    if isinstance(obj, frozenset | set):
        return sorted(encode(x) for x in obj)
    if isinstance(obj, tuple | list):
        return [encode(x) for x in obj]
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    import hankelaskuri.findings as findings_module
    import hankelaskuri.result as result_module

    namespace = {**vars(result_module), **vars(findings_module)}
    return typing.get_type_hints(cls, globalns=namespace)


def decode(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in args if a is not type(None)]
        return decode(options[0], data)
    if origin is typing.Literal:
        return data
    if is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: decode(hints[f.name], data[f.name]) for f in fields(tp)})
    if origin in (Mapping, dict, typing.Mapping) or tp is Mapping:
        key_type, value_type = args
        return MappingProxyType({decode(key_type, k): decode(value_type, v) for k, v in data})
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], x) for x in data)
        return tuple(decode(a, x) for a, x in zip(args, data, strict=True))
    if origin is frozenset:
        return frozenset(decode(args[0], x) for x in data)
    if tp is Decimal:
        return Decimal(data)
    if tp is date:
        return date.fromisoformat(data)
    if tp in (int, str, bool):
        return tp(data)
    return data


def dumps(result: Result) -> str:
    return json.dumps(encode(result), ensure_ascii=False)


def loads(text: str) -> Result:
    return decode(Result, json.loads(text))
