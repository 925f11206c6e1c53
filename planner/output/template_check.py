"""`planner check` for council templates: read, parse, look for unsafe parts, then try them.

Every file in content/councils/ID/templates/ is parsed (a syntax error is reported at its
line), then walked: a look-up of anything but a part of a document, a call of anything but
a macro or the words functions, a filter or test templates cannot use, or a template name
that is neither built in nor the council's own is reported at its file:line, with how to
fix it. A folder with no such problem is then rendered against example documents within
the sandbox's limits, so a template that fails, hangs or grows is found here, not in front
of a person.
"""

from __future__ import annotations

import functools
import typing
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from jinja2 import Environment, TemplateAssertionError, TemplateSyntaxError, meta, nodes
from pydantic import BaseModel

from planner.flows import messages as m
from planner.flows.loader import Content
from planner.flows.problems import Problem, Problems, did_you_mean, display_path

from .documents import DOCUMENTS
from .examples import example_documents
from .formatting import Formatter
from .render import FORMATS, TEMPLATES, Renderer
from .sandbox import (CONTEXT_NAMES, GLOBAL_NAMES, LOOP_METHODS, LOOP_NAMES, MAX_FILE, ContentLoader, TemplateFailed,
                      TemplateSandbox)

SPECIAL_NAMES = frozenset({"loop", "caller", "super", "self", "varargs", "kwargs"})
CALLABLE_NAMES = frozenset(GLOBAL_NAMES) | {"caller", "super", "loop"}
_HINTS = {
    "split": "To go through text line by line, use the lines filter: q.words | lines.",
    "get": "Write mapping[key] instead, and check first with 'if key in mapping'.",
    "still_to_ask_by_section": "Use the by_section filter: doc.still_to_ask | by_section.",
    "strip": "Use the trim filter: value | trim.",
}
_FILTER_METHODS = ("upper", "lower", "title", "capitalize", "replace", "join", "count", "sort")
_LIST_METHODS = ("append", "extend", "insert", "pop", "remove", "update", "setdefault", "clear")
_FIX = {"slow": "Make its loops smaller.", "large": "Make it print less.",
        "deep": "Make the macro call itself fewer times.", "unsafe": "Remove it.", "mistake": "Fix this line."}
_WHAT = {"slow": "it took too long", "large": "it made too much text", "deep": "a macro calls itself too many times"}


def check_council_templates(content: Content, *, only: Path | None = None) -> list[Problem]:
    """Every problem in the content's council templates (or in the one file `only`)."""
    problems: list[Problem] = []
    for folder in sorted((content.root / "councils").glob("*/templates")):
        if not folder.is_dir() or (only is not None and only.resolve().parent != folder.resolve()):
            continue
        found = check_folder(folder, only=only)
        if not any(p.severity == "error" for p in found):
            found += try_folder(folder, content, only=only)
        problems.extend(found)
    return problems


def check_folder(folder: Path, *, only: Path | None = None) -> list[Problem]:
    """Parse and walk every template in one council's folder."""
    env = TemplateSandbox(loader=ContentLoader(folder), finalize=str)
    env.add_filters(Formatter().filters())
    own = {p.name: p for p in sorted(folder.iterdir()) if not p.name.startswith(".")}
    built_in = _built_in_names()
    known = _Known.of([*(_parsed_built_in(name) for name in built_in)])
    parsed: dict[str, nodes.Template] = {}
    problems: list[Problem] = []
    for name, path in own.items():
        if only is not None and path.resolve() != only.resolve():
            continue
        where = Problems(display_path(path))
        source = _read(path, where)
        if source is None:
            problems.extend(where.items)
            continue
        try:
            parsed[name] = env.parse(source, name, str(path))
        except TemplateSyntaxError as exc:
            where.add(exc.lineno, m.TEMPLATE_SYNTAX, problem=exc.message or "it is not a template")
        problems.extend(where.items)
    known = known.with_templates(parsed.values())
    used = {ref for tree in parsed.values() for ref, _ in _references(tree)}
    for name, tree in parsed.items():
        where = Problems(display_path(own[name]))
        _walk(tree, where, env, known, built_in, set(own))
        if name not in built_in and name not in used and not name.endswith(".css"):
            where.add(1, m.TEMPLATE_NOT_USED, severity="warning", name=name,
                      suggest=did_you_mean(name, sorted(built_in)))
        problems.extend(where.items)
    return problems


def try_folder(folder: Path, content: Content, *, only: Path | None = None) -> list[Problem]:
    """Render example documents with the council's templates; a failure is a problem at its file:line."""
    council_id = folder.parent.name
    renderer = Renderer(council_templates=folder)
    own = {p.name for p in folder.iterdir()}
    per_document = {f"{name}{part}" for name in DOCUMENTS for part in (".j2", *(f".{fmt}.j2" for fmt in FORMATS))}
    if own <= per_document:  # only documents' own templates: try just those documents
        wanted = {(name, fmt) for name in DOCUMENTS for fmt in FORMATS if {f"{name}.j2", f"{name}.{fmt}.j2"} & own}
    else:  # shared ones too (macros, layouts, parts): try everything
        wanted = {(name, fmt) for name in DOCUMENTS for fmt in FORMATS}
    problems: list[Problem] = []
    seen: set[tuple[str, int]] = set()
    failed_before: set[tuple[str, str]] = set()  # a template that failed once is not waited for again
    for document in example_documents(content, council_id):
        for fmt in FORMATS:
            if (document.about.document, fmt) in failed_before or (document.about.document, fmt) not in wanted:
                continue
            try:
                renderer.render(document, fmt)
            except TemplateFailed as failed:
                failed_before.add((document.about.document, fmt))
                if (failed.path, failed.line) in seen:
                    continue
                seen.add((failed.path, failed.line))
                if only is not None and Path(failed.path).resolve() != only.resolve():
                    continue
                problem = _WHAT.get(failed.kind, failed.detail)
                message = m.TEMPLATE_FAILED.format(document=document.about.document, problem=problem,
                                                   fix=_FIX[failed.kind])
                problems.append(Problem(failed.path, failed.line, message, "error", m.code_of(m.TEMPLATE_FAILED)))
    return problems


def _read(path: Path, where: Problems) -> str | None:
    try:
        if not path.is_file():
            where.add(0, m.TEMPLATE_UNREADABLE, error="it is not a plain file")
            return None
        if not path.resolve().is_relative_to(path.parent.resolve()):
            where.add(0, m.TEMPLATE_UNREADABLE, error="it is a link to a file outside the templates folder")
            return None
        if path.stat().st_size > MAX_FILE:
            where.add(0, m.FILE_TOO_LARGE, size=path.stat().st_size, limit=MAX_FILE)
            return None
        data = path.read_bytes()
    except OSError as exc:
        where.add(0, m.TEMPLATE_UNREADABLE, error=exc.strerror or type(exc).__name__)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where.add(0, m.NOT_UTF8, byte=exc.start)
        return None


@functools.cache
def _built_in_names() -> frozenset[str]:
    return frozenset(p.name for p in TEMPLATES.iterdir() if p.is_file())


@functools.cache
def _parsed_built_in(name: str) -> nodes.Template:
    env = TemplateSandbox(loader=ContentLoader(TEMPLATES), finalize=str)
    return env.parse((TEMPLATES / name).read_text(encoding="utf-8"), name, str(TEMPLATES / name))


@functools.cache
def document_parts() -> frozenset[str]:
    """The name of every part of every document, at any depth."""
    names: set[str] = set()
    seen: set[type] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for field_name, info in model.model_fields.items():
            names.add(field_name)
            for inner in _models_in(info.annotation):
                visit(inner)

    for model, _, _ in DOCUMENTS.values():
        visit(model)
    return frozenset(names)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


class _Known:
    """Names a template may use: document parts, macros and what templates set at their top, blocks."""

    def __init__(self, exports: set[str], top: set[str], blocks: set[str], keys: set[str]) -> None:
        self.exports, self.top, self.blocks, self.keys = exports, top, blocks, keys

    @classmethod
    def of(cls, trees: list[nodes.Template]) -> _Known:
        known = cls(set(), set(), set(), set())
        return known.with_templates(trees)

    def with_templates(self, trees: Any) -> _Known:
        exports, top, blocks, keys = set(self.exports), set(self.top), set(self.blocks), set(self.keys)
        for tree in trees:
            for node in tree.body:
                if isinstance(node, nodes.Macro):
                    exports.add(node.name)
                elif isinstance(node, nodes.Assign | nodes.AssignBlock):
                    names = _targets(node.target)
                    exports |= names
                    top |= names
                elif isinstance(node, nodes.Import):
                    top.add(node.target)
                elif isinstance(node, nodes.FromImport):
                    top |= {n if isinstance(n, str) else n[1] for n in node.names}
            for node in tree.find_all(nodes.Assign):  # names set in blocks are seen by the blocks of children
                top |= _targets(node.target)
            blocks |= {b.name for b in tree.find_all(nodes.Block)}
            keys |= {str(p.key.value) for p in tree.find_all(nodes.Pair) if isinstance(p.key, nodes.Const)}
            keys |= {r.attr for r in tree.find_all(nodes.NSRef)}
            keys |= {k.key for c in tree.find_all(nodes.Call) for k in c.kwargs
                     if isinstance(c.node, nodes.Name) and c.node.name == "namespace"}
        return _Known(exports, top, blocks, keys)

    def attributes(self) -> frozenset[str]:
        return document_parts() | self.exports | self.blocks | self.keys | LOOP_NAMES | {"super"}


class _Anything(dict[str, Any]):
    """Every filter or test name, so that names can be tracked in a template whose filters are wrong."""

    def get(self, key: str, default: Any = None) -> Any:
        return str

    def __contains__(self, key: object) -> bool:
        return True


_PERMISSIVE = Environment(extensions=["jinja2.ext.i18n"])
_PERMISSIVE.filters = _Anything()
_PERMISSIVE.tests = _Anything()
_PERMISSIVE.globals.clear()


def _targets(target: nodes.Node) -> set[str]:
    """The names a `{% set %}` assigns to."""
    if isinstance(target, nodes.Name):
        return {target.name}
    return {n.name for n in target.find_all(nodes.Name)}


def _references(tree: nodes.Template) -> Iterator[tuple[str, int]]:
    """Constant template names used by extends, include, import and from ... import."""
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        if not isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
            continue  # never: find_all gives only these, but types them all as one base class
        target = node.template
        values = target.items if isinstance(target, nodes.List | nodes.Tuple) else [target]
        for value in values:
            if isinstance(value, nodes.Const) and isinstance(value.value, str):
                yield value.value, node.lineno


def _walk(tree: nodes.Template, where: Problems, env: TemplateSandbox, known: _Known, built_in: frozenset[str],
          own: set[str]) -> None:
    attributes = known.attributes()
    flagged: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else _const_key(node) if isinstance(node, nodes.Getitem) \
            else None
        if name is None:
            continue
        if name.startswith("_"):
            where.add(node.lineno, m.TEMPLATE_PRIVATE_NAME, name=name)
            flagged.add(id(node))
        elif name not in attributes:
            method = hasattr(BaseModel, name) and name not in _HINTS
            where.add(node.lineno, m.TEMPLATE_UNKNOWN_PART, name=name, fix=_hint(name),
                      suggest="" if method else did_you_mean(name, sorted(attributes)))
            flagged.add(id(node))
    for call in tree.find_all(nodes.Call):
        callee = call.node
        if id(callee) in flagged:
            continue
        if isinstance(callee, nodes.Name):
            if callee.name in CALLABLE_NAMES or callee.name in known.exports or callee.name not in CONTEXT_NAMES:
                continue
            name = callee.name
        elif isinstance(callee, nodes.Getattr):
            on_a_name = isinstance(callee.node, nodes.Name) and callee.node.name not in CONTEXT_NAMES
            if on_a_name and callee.attr in known.exports | known.blocks | LOOP_METHODS | {"super"}:
                continue
            name = callee.attr
        else:
            name = ""
        where.add(call.lineno, m.TEMPLATE_CALL_NOT_ALLOWED, name=f"'{name}'" if name else "this")
    allowed_names = set(CONTEXT_NAMES) | set(GLOBAL_NAMES) | SPECIAL_NAMES | known.top | known.exports
    tracker = meta.TrackingCodeGenerator(_PERMISSIVE)
    try:
        tracker.visit(tree)
        undeclared = set(tracker.undeclared_identifiers) - allowed_names
    except TemplateAssertionError:
        undeclared = set()
    for node in tree.find_all(nodes.Name):
        if node.name in undeclared and node.ctx == "load":
            undeclared.discard(node.name)  # once for each name, at its first use
            if node.name.startswith("_"):
                where.add(node.lineno, m.TEMPLATE_PRIVATE_NAME, name=node.name)
            else:
                where.add(node.lineno, m.TEMPLATE_UNKNOWN_NAME, name=node.name,
                          suggest=did_you_mean(node.name, sorted(allowed_names)))
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            where.add(node.lineno, m.TEMPLATE_UNKNOWN_FILTER, name=node.name,
                      suggest=did_you_mean(node.name, sorted(env.filters)), filters=", ".join(sorted(env.filters)))
    for node in tree.find_all(nodes.Test):
        if node.name not in env.tests:
            where.add(node.lineno, m.TEMPLATE_UNKNOWN_TEST, name=node.name,
                      suggest=did_you_mean(node.name, sorted(env.tests)), tests=", ".join(sorted(env.tests)))
    for name, line in _references(tree):
        plain = name.removeprefix("default:")
        if plain not in built_in and (name.startswith("default:") or plain not in own):
            where.add(line, m.TEMPLATE_NOT_FOUND, name=name,
                      suggest=did_you_mean(name, sorted(built_in | own | {f"default:{b}" for b in built_in})))


def _const_key(node: nodes.Getitem) -> str | None:
    arg = node.arg
    return arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None


def _hint(name: str) -> str:
    if hasattr(BaseModel, name) and name not in _HINTS:
        return "It is a method of the document, and templates cannot use methods. Use a part, such as doc.about.title."
    if name in _HINTS:
        return _HINTS[name]
    if name in _FILTER_METHODS:
        return f"Use the {name} filter instead: value | {name}."
    if name in _LIST_METHODS:
        return "To build a list, use namespace(): {% set ns.rows = ns.rows + [row] %}."
    return "Use a part of the document, such as doc.about.title, or a filter."
