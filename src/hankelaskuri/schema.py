"""JSON Schema of the project format, generated from the pydantic models."""

from __future__ import annotations

import json

from .models import ProjectFile


def project_schema() -> str:
    schema = ProjectFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hankelaskuri project"
    return json.dumps(schema, ensure_ascii=False, indent=2)
