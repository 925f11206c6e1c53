"""Published JSON Schemas of the typed documents (planner/schemas/ in the package)."""

from __future__ import annotations

import json
from typing import Any

from .documents import DOCUMENTS

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://planner.example.org/schemas/"


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one document, with its id and version."""
    model = DOCUMENTS[name][0]
    found = model.model_json_schema(mode="serialization")
    return {"$schema": SCHEMA_DRAFT, "$id": f"{SCHEMA_BASE}{name}.schema.json",
            **{k: v for k, v in found.items() if k not in ("$schema", "$id")}}


def schema_text(name: str) -> str:
    """The schema as the file in planner/schemas/ holds it."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
