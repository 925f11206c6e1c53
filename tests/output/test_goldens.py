"""Every persona of every flow with documents, in every format, compared with its golden file.

To regenerate after a deliberate change: `PLANNER_UPDATE_GOLDENS=1 python -m pytest tests/output`,
then read the differences (`git diff tests/output/golden`) before committing them.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from planner.output.documents import build_documents
from planner.output.render import Renderer
from planner.output.schema import schema
from planner.output.write import render_all

from .helpers import GOLDEN, TODAY, UPDATE, persona_files, play

PERSONAS = persona_files()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, dict[str, str]]:
    """Each persona played once, and every file it produces."""
    found = {}
    renderer = Renderer()
    for path in PERSONAS:
        session, record = play(path, tmp_path_factory.mktemp("data"))
        documents = build_documents(session, record, today=TODAY)
        found[path] = render_all(documents, renderer)
    return found


def golden_folder(path: Path) -> Path:
    return GOLDEN / path.parent.name / path.stem


@pytest.mark.parametrize("path", PERSONAS, ids=[f"{p.parent.name}/{p.stem}" for p in PERSONAS])
def test_outputs_match_their_golden_files(path: Path, rendered: dict[Path, dict[str, str]]) -> None:
    files = rendered[path]
    folder = golden_folder(path)
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    missing = [name for name in files if not (folder / name).is_file()]
    assert not missing, (f"No golden files for {path.name}: {missing}. Run PLANNER_UPDATE_GOLDENS=1 python -m pytest "
                         "tests/output, then read them before committing.")
    assert sorted(p.name for p in folder.iterdir()) == sorted(files), "golden files that no output makes any more"
    for name, text in files.items():
        assert text == (folder / name).read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("path", PERSONAS, ids=[f"{p.parent.name}/{p.stem}" for p in PERSONAS])
def test_json_validates_against_the_published_schema(path: Path, rendered: dict[Path, dict[str, str]]) -> None:
    for name, text in rendered[path].items():
        if name.endswith(".json"):
            document = name.removesuffix(".json")
            validator = jsonschema.Draft202012Validator(schema(document), format_checker=jsonschema.FormatChecker())
            errors = sorted(validator.iter_errors(json.loads(text)), key=str)
            assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_there_is_a_golden_folder_for_every_persona_and_no_other() -> None:
    folders = {p.relative_to(GOLDEN) for p in GOLDEN.glob("*/*") if p.is_dir()}
    assert folders == {golden_folder(p).relative_to(GOLDEN) for p in PERSONAS} or UPDATE
