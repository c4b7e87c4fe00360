"""JSON Schema of the project format, generated from the pydantic models, with every
object's and key's title and description in the reader's language.

The structure (types, enums, bounds, ``additionalProperties``) is pydantic's, unchanged;
only the ``title`` and ``description`` strings come from the message catalogue, so an
editor's completion and hover help speak the language of ``hanke schema --lang``:

- a model (a table of the file): ``schema.<Model>`` (title) and ``schema.<Model>.help``;
- a key: ``schema.<Model>.<key>`` and ``.help``, else the shared ``schema.common.<key>``
  (``partner``, ``by_year`` … mean the same in every table);
- a key whose value is one table (``project``, ``funding``, ``cashflow.contributions`` …)
  takes that table's texts: one concept, one text.
"""

from __future__ import annotations

import json
from typing import Any

from .i18n import has, t
from .models import ProjectFile

ROOT = "ProjectFile"


def project_schema(lang: str = "fi") -> str:
    schema = ProjectFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _describe(schema, ROOT, lang)
    for name, model in schema.get("$defs", {}).items():
        _describe(model, name, lang)
    return json.dumps(schema, ensure_ascii=False, indent=2)


def text_keys(model: str, key: str | None, target: str | None = None) -> str:
    """The catalogue key of a model's texts (``key`` None) or of one of its keys;
    ``target`` is the model a key's value is, if it is one table."""
    if key is None or target is not None:
        return f"schema.{target or model}"
    own = f"schema.{model}.{key}"
    return own if has(own) else f"schema.common.{key}"


def _describe(node: dict[str, Any], model: str, lang: str) -> None:
    _texts(node, text_keys(model, None), lang)
    for key, prop in node.get("properties", {}).items():
        _texts(prop, text_keys(model, key, _single_model(prop)), lang)


def _texts(node: dict[str, Any], key: str, lang: str) -> None:
    node["title"] = t(key, lang)
    node["description"] = t(f"{key}.help", lang)


def _single_model(prop: dict[str, Any]) -> str | None:
    """The model a key's value is (``$ref``, or ``$ref`` or null), if it is one table."""
    refs = [prop] if "$ref" in prop else [p for p in prop.get("anyOf", ()) if "$ref" in p]
    others = [p for p in prop.get("anyOf", ()) if "$ref" not in p and p != {"type": "null"}]
    if len(refs) == 1 and not others:
        return str(refs[0]["$ref"]).rsplit("/", 1)[-1]
    return None
