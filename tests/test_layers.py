"""Layers are one-way: a module never imports a module of a higher layer, not even inside a function.

The layers, lowest first (each may import itself and anything before it):

    paths, text            where things live; cleaning typed text
    i18n                   translators, catalogues, message contexts, joining lists
    questions              the question kinds
    flows                  content: reading YAML, problems, links, model, loader, engine, translation coverage
    store                  sessions saved in SQLite
    output                 documents built from sessions
    script                 answer scripts for `planner run`
    ui                     the TUI and line mode
    commands               the subcommands
    check                  `planner check`
    cli                    the command line
    __main__               `python -m planner`
"""

from __future__ import annotations

import ast
from pathlib import Path

import planner

LAYERS = ("paths", "text", "i18n", "questions", "flows", "store", "output", "script", "ui", "commands", "check", "cli",
          "__main__")
# Modules in one layer never import each other across the pair (they are peers, not a stack).
PEERS = ({"paths", "text"},)
PACKAGE = Path(planner.__file__).parent


def _part(module: str) -> str:
    """The layer a dotted module name belongs to ('planner.flows.loader' -> 'flows')."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module(path: Path) -> tuple[str, str]:
    """The module's dotted name, and the package its relative imports start from."""
    parts = ("planner", *path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), ".".join(parts[:-1])
    return ".".join(parts), ".".join(parts[:-1])


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every planner module `path` imports, at any depth, with its line."""
    return _imports_in(path.read_text(encoding="utf-8"), _module(path)[1])


def _imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """Every planner module a module of `package` imports, at any depth, with its line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names if target == "planner"]
    return [(line, name) for line, name in found if name == "planner" or name.startswith("planner.")]


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "content" not in p.relative_to(PACKAGE).parts[:1])


def test_every_module_is_in_a_layer() -> None:
    unknown = {_part(_module(p)[0]) for p in _sources()} - set(LAYERS) - {"planner"}
    assert not unknown, f"add these to LAYERS in the right place: {sorted(unknown)}"


def test_no_layer_imports_a_higher_one() -> None:
    wrong = []
    for path in _sources():
        here = _part(_module(path)[0])
        for line, name in _imports(path):
            there = _part(name)
            if there == "planner" or here == "planner" or there == here:
                continue
            if LAYERS.index(there) > LAYERS.index(here) or any({here, there} <= peers for peers in PEERS):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} ({here}) imports {name} ({there})")
    assert not wrong, "a lower layer imports a higher one:\n" + "\n".join(wrong)


def test_the_checker_sees_imports_inside_functions() -> None:
    """A lazy import is still an import: the walk finds it, relative or not."""
    source = "def f():\n    from ..flows import messages\n    import planner.store.linking\n    return messages\n"
    assert _imports_in(source, "planner.i18n") == [(2, "planner.flows"), (3, "planner.store.linking")]


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The planner modules `path` imports when it runs (at any depth; not those only for the type checker)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = [ast.Pass()]
    here, package = _module(path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            # `from . import messages` imports a module; `from .base import Choice` imports from one
            names = [f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target for a in node.names]
        else:
            continue
        found |= {name for name in names if name in modules}
    return found - {here}


def test_no_two_modules_need_each_other() -> None:
    """A cycle, even one hidden by an import inside a function, means two modules do one job between them."""
    modules = {_module(p)[0] for p in _sources()}
    graph = {_module(p)[0]: _runtime_imports(p, modules) for p in _sources()}
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(graph.get(module, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "modules that import each other:\n" + "\n".join(cycles)
