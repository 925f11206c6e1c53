"""Every persona file under tests/personas, played against the engine and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.personas.runner import PERSONAS, PersonaPlayer, check

FILES = sorted(PERSONAS.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PERSONAS)) for p in FILES])
def test_persona(path: Path, tmp_path: Path) -> None:
    player = PersonaPlayer(path, tmp_path)
    played = player.play()
    try:
        if player.spec.get("expect"):
            check(played, player.spec["expect"], path.name)
    finally:
        player.close(played)


def test_there_are_personas_for_every_shipped_flow() -> None:
    import yaml

    flows = {yaml.safe_load(p.read_text())["flow"] for p in FILES}
    assert {"support-plan", "carer-assessment", "budget-check", "visit"} <= flows
