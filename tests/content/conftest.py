"""Fixtures for the content-language tests; the helpers themselves are in content_support.py."""

from __future__ import annotations

import shutil
from pathlib import Path
from collections.abc import Callable

import pytest

from content_support import BROKEN
from planner.flows import Content, load_content


@pytest.fixture
def content_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the broken folder's shared files with an empty flows/ folder; the working folder."""
    root = tmp_path / "content"
    shutil.copytree(BROKEN, root, ignore=shutil.ignore_patterns("flows", "README.md"))
    (root / "flows").mkdir()
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def load_flow(content_root: Path) -> Callable[..., Content]:
    """Write one flow file (text or bytes) into the temporary content folder and load just that file."""

    def load(text: str | bytes, name: str = "test.yaml") -> Content:
        path = content_root / "flows" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return load_content(content_root, only=[path])

    return load
