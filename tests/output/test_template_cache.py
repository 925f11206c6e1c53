"""Templates are compiled once per process and kept compiled on disk, with nothing of one rendering left for the next.

Compiling is counted by a spy on the sandbox's compile step that still compiles (a template
loaded from the disk cache is not compiled again). Nothing here measures time.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.flows.loader import Content
from planner.i18n.catalogues import load
from planner.output import cache, render
from planner.output.documents import Document, build_documents
from planner.output.render import FORMATS, Renderer
from planner.output.sandbox import TemplateSandbox

from .helpers import TODAY
from .sessions import filled


@pytest.fixture(scope="module")
def sheet(content: Content) -> Document:
    session, record = filled(content, "budget-check", lambda _: "Fine")
    return build_documents(session, record, today=TODAY)["budget-sheet"]


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates compiled while a test runs."""
    names: list[str] = []
    real: Callable[..., Any] = TemplateSandbox._compile

    def counting(self: TemplateSandbox, source: str, filename: str) -> Any:
        names.append(filename)
        return real(self, source, filename)

    monkeypatch.setattr(TemplateSandbox, "_compile", counting)
    yield names


def every_format(renderer: Renderer, document: Document) -> dict[str, str]:
    return {fmt: renderer.render(document, fmt) for fmt in FORMATS}


def override(folder: Path, words: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "budget-sheet.j2").write_text(
        '{% extends "default:budget-sheet.j2" %}\n'
        f'{{% block questions %}}{{{{ m.p("{words}") }}}}{{{{ super() }}}}{{% endblock %}}\n')
    return folder


def test_a_second_rendering_compiles_no_template(sheet: Document, compiled: list[str]) -> None:
    first = every_format(Renderer(), sheet)
    compiled.clear()
    again = every_format(Renderer(), sheet)  # a new renderer, as each set of documents makes
    assert compiled == []
    assert again == first


def test_compiled_templates_are_kept_on_disk_for_the_next_run(sheet: Document, compiled: list[str],
                                                              tmp_path: Path) -> None:
    render.forget_templates()  # as a new process starts
    first = every_format(Renderer(), sheet)
    assert compiled, "the templates were compiled the first time"
    kept = tmp_path / "cache"  # $PLANNER_CACHE in every test
    files = [p for p in kept.rglob("*") if p.is_file()]
    assert files and all(not p.stat().st_mode & 0o077 for p in [*files, *(p.parent for p in files)])
    compiled.clear()
    render.forget_templates()
    assert every_format(Renderer(), sheet) == first
    assert compiled == []  # read back compiled, not compiled again


def test_each_council_gets_its_own_templates(sheet: Document, compiled: list[str], tmp_path: Path) -> None:
    north = override(tmp_path / "north" / "templates", "Ring the North money line.")
    south = override(tmp_path / "south" / "templates", "Ring the South money line.")
    for turn in range(2):
        if turn:
            compiled.clear()
        said = {name: every_format(Renderer(council_templates=folder), sheet)
                for name, folder in (("north", north), ("south", south), ("none", None))}
        for fmt in FORMATS:
            assert "North money line" in said["north"][fmt] and "South" not in said["north"][fmt]
            assert "South money line" in said["south"][fmt] and "North" not in said["south"][fmt]
            assert "money line" not in said["none"][fmt]
    assert compiled == []  # the second time round, each council's templates were already compiled


def test_a_council_template_changed_on_disk_is_used(sheet: Document, tmp_path: Path) -> None:
    folder = override(tmp_path / "templates", "Ring the old line.")
    assert "Ring the old line." in Renderer(council_templates=folder).render(sheet, "txt")
    (folder / "budget-sheet.j2").write_text('{% extends "default:budget-sheet.j2" %}\n'
                                            '{% block questions %}{{ m.p("Ring the new line.") }}{% endblock %}\n')
    os.utime(folder / "budget-sheet.j2", (1, 1))  # a different time, even on a coarse clock
    text = Renderer(council_templates=folder).render(sheet, "txt")
    assert "Ring the new line." in text and "old line" not in text


def test_two_languages_in_one_process_each_get_their_own_words(sheet: Document, compiled: list[str]) -> None:
    welsh = Renderer(locale="cy", translator=load("cy"))
    english = every_format(Renderer(), sheet)
    cymraeg = every_format(welsh, sheet)
    assert english != cymraeg
    assert "Ways to hold a budget" in english["txt"] and "Ways to hold a budget" not in cymraeg["txt"]
    compiled.clear()
    assert every_format(Renderer(), sheet) == english
    assert every_format(Renderer(locale="cy", translator=load("cy")), sheet) == cymraeg
    assert compiled == []


def test_renderings_in_two_threads_at_once_keep_their_own_language(sheet: Document) -> None:
    expected = {"en": Renderer().render(sheet, "html"),
                "cy": Renderer(locale="cy", translator=load("cy")).render(sheet, "html")}
    found: dict[str, list[str]] = {"en": [], "cy": []}

    def renders(language: str) -> None:
        renderer = Renderer(locale="cy", translator=load("cy")) if language == "cy" else Renderer()
        for _ in range(15):
            found[language].append(renderer.render(sheet, "html"))

    threads = [threading.Thread(target=renders, args=(language,)) for language in expected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {language: [page] * 15 for language, page in expected.items()}


@pytest.mark.parametrize("spoil", ["world-writable", "group-readable", "not-ours", "a-link"])
def test_a_cache_folder_others_can_use_is_not_used(spoil: str, tmp_path: Path, sheet: Document,
                                                    compiled: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "shared-cache"
    monkeypatch.setenv("PLANNER_CACHE", str(base))
    assert cache.bytecode_folder() is not None  # made owner-only
    folder = cache.bytecode_folder()
    assert folder is not None
    if spoil == "world-writable":
        os.chmod(base, 0o777)
    elif spoil == "group-readable":
        os.chmod(folder, 0o750)
    elif spoil == "not-ours":
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to someone else")
        os.chown(folder, 65534, 65534)
    else:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        folder.rmdir()
        folder.symlink_to(elsewhere)
    assert cache.bytecode_folder() is None
    render.forget_templates()
    assert render.environment().bytecode_cache is None
    Renderer().render(sheet, "md")
    assert [p for p in (tmp_path / "elsewhere", folder) if p.is_dir() for p in p.iterdir()] == []  # none written...
    compiled.clear()
    render.forget_templates()
    Renderer().render(sheet, "md")
    assert compiled  # ...nor read: compiled in memory again
    render.forget_templates()  # the next test makes its own


def test_a_new_cache_folder_is_made_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "new" / "cache"))
    folder = cache.bytecode_folder()
    assert folder is not None and folder.is_dir()
    for each in (folder, folder.parent):
        assert stat.S_IMODE(each.stat().st_mode) == 0o700 and each.stat().st_uid == os.getuid()
