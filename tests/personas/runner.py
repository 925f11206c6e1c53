"""Play a persona file against the engine and a real store, and check what it expects.

A persona is a YAML file (see README.md in this folder). The playing itself is
`planner.commands.personas`, which `planner check --personas` uses too; here each persona
is played in a fresh store, and a restart closes and opens the store again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands import personas
from planner.commands.personas import Played, check, entries
from planner.flows.answers import Participant
from planner.flows.loader import Content, load_content
from planner.paths import BUILTIN_CONTENT
from planner.store import SessionStore
from planner.store.opening import Opened, resume, start

__all__ = ["PERSONAS", "PersonaPlayer", "Played", "_entries", "check", "content_at"]

PERSONAS = Path(__file__).parent
_CONTENT: dict[Path, Content] = {}


def content_at(root: Path | None) -> Content:
    root = root or BUILTIN_CONTENT
    if root not in _CONTENT:
        content = load_content(root)
        assert not [p for p in content.problems if p.severity == "error"], content.problems
        _CONTENT[root] = content
    return _CONTENT[root]


class StoreBackend:
    """Sessions in a real SQLite store; a restart closes everything and opens the session again."""

    def __init__(self, data: Path) -> None:
        self.store = SessionStore.in_folder(data)

    def start(self, content: Content, flow_id: str, participants: list[Participant],
              council_id: str | None) -> Opened:
        return start(self.store, content, flow_id, participants=participants, council_id=council_id)

    def restart(self, opening: Any, content: Content) -> Opened:
        record_id = opening.record.id
        opening.close()
        self.store.close()
        self.store = SessionStore(self.store.path)
        record = self.store.get(record_id)
        assert record is not None
        return resume(self.store, content, record)


class PersonaPlayer(personas.PersonaPlayer):
    """Plays one persona file in a fresh store."""

    def __init__(self, path: Path, data: Path) -> None:
        self.stored = StoreBackend(data)
        super().__init__(path, self.stored, content_at)

    @property
    def store(self) -> SessionStore:
        return self.stored.store

    def close(self, played: Played) -> None:
        played.opened.close()
        self.store.close()


def _entries(path: Path, given: Any) -> list[Any]:
    return entries(path, given)
