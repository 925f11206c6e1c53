"""The published JSON Schemas: up to date in schemas/, printed by `planner schema`, and valid."""

from __future__ import annotations

import jsonschema
import pytest

from planner.output.documents import DOCUMENTS
from planner.output.schema import schema, schema_text
from tests.conftest import ROOT, Planner

SCHEMAS = ROOT / "planner" / "schemas"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_schema_in_the_repository_is_up_to_date(name: str) -> None:
    published = SCHEMAS / f"{name}.schema.json"
    assert published.is_file(), f"Write it: planner schema {name} > planner/schemas/{name}.schema.json"
    assert published.read_text(encoding="utf-8") == schema_text(name), \
        f"planner/schemas/{name}.schema.json is out of date: planner schema {name} > planner/schemas/{name}.schema.json"
    jsonschema.Draft202012Validator.check_schema(schema(name))


def test_the_carer_assessment_schema_has_its_version_codes_and_indication() -> None:
    found = schema("carer-assessment")
    assert found["$id"].endswith("carer-assessment.schema.json")
    assert found["properties"]["schema_version"]["const"] == 1
    for key in ("respondent", "going_on", "health", "work_and_learning", "outcomes", "support", "consent",
                "indication"):
        assert key in found["properties"]
    assert found["$defs"]["CarerOutcome"]["properties"]["code"]["pattern"] == "^C[1-8]$"
    assert {"willing_now", "willing_in_six_months", "able_now", "able_in_six_months"} <= set(
        found["$defs"]["GoingOn"]["properties"])


def test_planner_schema_prints_it(planner_main: Planner) -> None:
    done = planner_main("schema", "carer-assessment")
    assert done.returncode == 0, done.stderr
    assert done.stdout == schema_text("carer-assessment")
