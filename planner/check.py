"""`planner check`: load and lint content, check its translations, print every problem, exit 1 if any."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from .flows import Content, find_root, load_content
from .flows.coverage import check_translations
from .flows.lint import lint
from .flows.problems import Problem, display_path
from .i18n import words
from .i18n.translator import ENGLISH, N_, Translator

ALL_CLEAR = N_("All clear: {flows} and {questions} in {where}.")
FOUND = N_("{errors} and {warnings}.")
TRANSLATIONS = N_("Translations (missing words are shown in English; --format json lists them):")


def check_paths(paths: list[Path], *, errors_only: bool = False, personas: Path | None = None) -> list[Content]:
    """Load (and unless `errors_only`, lint) each path: a content folder or a flow file in one.

    A whole folder also has its translations and council templates checked: mistakes
    become problems, and coverage is kept in `content.translations`. A council template
    file (`councils/ID/templates/NAME.j2`) is checked on its own, within its content.
    With `personas`, every persona file in that folder is played against the content that
    loaded without errors: a step that fails and a condition that fails are problems too.
    """
    results = []
    for path in paths:
        if path.is_dir() and (path / "flows").is_dir():
            content = load_content(path)
            _translations(content)
            _templates(content)
        elif path.suffix == ".j2" and path.parent.name == "templates" and path.parent.parent.parent.name == "councils":
            content = load_content(path.parent.parent.parent.parent)
            content.problems = []
            _templates(content, only=path)
            results.append(content)
            continue
        else:
            root = find_root(path.parent) or path.parent
            content = load_content(root, only=[path])
        if not errors_only and content.ok:
            lint(content)
        results.append(content)
    if personas is not None:
        played = next((c for c in results if c.ok and c.flows), None)
        if played is None:
            results[-1].problems.append(Problem(display_path(personas), 0, NOTHING_TO_PLAY, code="NOTHING_TO_PLAY"))
        else:
            played.problems.extend(persona_problems(personas, played))
    return results


NO_PERSONAS = "There are no persona files here. Give a folder that holds persona files (*.yaml)."
NOTHING_TO_PLAY = "The personas were not played, because the content has mistakes. Fix those first."


def persona_problems(folder: Path, content: Content) -> list[Problem]:
    """Play every persona file under `folder` against `content` (in memory): what fails, as problems."""
    from .commands.personas import MemoryBackend, check_personas, persona_files
    from .store.opening import map_answers

    if not folder.is_dir() or not persona_files(folder):
        return [Problem(display_path(folder), 0, NO_PERSONAS, code="NO_PERSONAS")]
    return check_personas(folder, content, MemoryBackend(map_answers), load_content)


def _templates(content: Content, only: Path | None = None) -> None:
    if only is None and not any(content.root.glob("councils/*/templates")):
        return  # nothing to check: the output stack need not even be imported
    from .output.template_check import check_council_templates

    content.problems.extend(check_council_templates(content, only=only))


def _translations(content: Content) -> None:
    glossary = content.glossary_lookup()
    coverage, problems = check_translations(content.root, lambda term: glossary.get(term.lower()))
    own = (content.root / "locales").is_dir()
    content.translations = [c for c in coverage if own or c.flow_strings_translated]
    content.problems.extend(problems)
    if own:
        content.problems.extend(_words_problem(error) for error in words.check([content.root / "locales"]))


WORDS_BROKEN = "The words file cannot be used: {problem}. Fix this line, or take the file away."


def _words_problem(error: words.WordsError) -> Problem:
    problem = error.params["problem"].text(ENGLISH)
    return Problem(display_path(error.path), error.line, WORDS_BROKEN.format(problem=problem), code="WORDS_BROKEN")


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.severity != "error"))


def report(contents: list[Content], fmt: str, out: TextIO, tr: Translator = ENGLISH) -> int:
    """Print the problems (and translation coverage) with the summary in `tr`'s language; return the exit code
    (0 clean, 1 problems)."""
    problems = _sorted([p for c in contents for p in c.problems])
    coverage = [t for c in contents for t in c.translations]
    if fmt == "json":
        data = {
            "ok": not problems,
            "errors": sum(p.severity == "error" for p in problems),
            "warnings": sum(p.severity == "warning" for p in problems),
            "problems": [p.as_dict() for p in problems],
            "flows": [{"id": f.id, "version": f.version, "path": f.path, "questions": len(f.questions())}
                      for c in contents for f in c.flows.values()],
        }
        if coverage:
            data["translations"] = [t.as_dict() for t in coverage]
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 1 if problems else 0
    for problem in problems:
        out.write(f"{problem}\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    flows = sum(len(c.flows) for c in contents)
    questions = sum(len(f.questions()) for c in contents for f in c.flows.values())
    if problems:
        counted = {"errors": tr.ngettext("{n} error", "{n} errors", errors),
                   "warnings": tr.ngettext("{n} warning", "{n} warnings", warnings)}
        out.write("\n" + tr.gettext(FOUND, **counted) + "\n")
    else:
        where = ", ".join(display_path(c.root) for c in contents)
        counted = {"flows": tr.ngettext("{n} flow", "{n} flows", flows),
                   "questions": tr.ngettext("{n} question", "{n} questions", questions)}
        out.write(tr.gettext(ALL_CLEAR, where=where, **counted) + "\n")
    if coverage:
        out.write(tr.gettext(TRANSLATIONS) + "\n")
        for item in coverage:
            out.write(f"  {item.line()}\n")
    return 1 if problems else 0

