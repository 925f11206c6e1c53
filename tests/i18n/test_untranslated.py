"""Every message a person reads goes through the translator: a scan of the source for words that do not.

Words reach people through a few doors: `say`/`ask`/`fail`/`notify`/`update`/`write`, widgets (Static, Label,
Button...), dialogs (Message, Confirm) and errors raised for people (CommandError, StoreError, OutputError,
SaveFailed, Fault). What is handed to one of them must not be English written in the code: not a string
literal, an f-string with words in it, a `.format()` of one, nor a name bound to one. A catalogue message
marked with N_ (or translated on the spot with _/gettext) is fine, and so is anything computed (a name, an
answer, a path). Then every N_ message must be in planner.pot and translated into Welsh.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from planner.i18n.catalogues import locales_dir, po_path

PACKAGE = Path(__file__).resolve().parents[2] / "planner"
WORDS = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")  # `{name}` is filled in, not read
SAYING = {"say", "ask", "fail", "notify", "update", "write", "announce", "tell"}  # methods or functions
WIDGETS = {"Static", "Label", "Button", "Markdown", "Input", "Checkbox", "RadioButton", "Option", "Select",
           "Switch", "Link", "Collapsible", "TabPane", "Tab", "Confirm", "Sorry"}
WIDGET_WORDS = {"placeholder", "tooltip", "title", "label", "prompt", "message", "description"}
ERRORS = {"CommandError", "StoreError", "OutputError", "SaveFailed", "Fault", "SessionInUse",
          "DecryptFailed", "WriteFailed", "TemplateFailed", "ScriptError"}
MARKS = {"N_", "_", "gettext", "ngettext", "pgettext", "npgettext", "text"}  # calls whose result is translated
EXTRACTED = {"N_": (0,), "_": (0,), "gettext": (0,), "ngettext": (0, 1), "pgettext": (1,), "npgettext": (1, 2)}
# Words that are rightly the same in every language: the program's own name before a message, and the
# language switch, written in both languages for someone who cannot read the one on screen.
SAME_IN_EVERY_LANGUAGE = {"planner: ", "planner", "Language / Iaith"}


@dataclass(frozen=True)
class Gap:
    path: str
    line: int
    sink: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.sink}() is given English that is not translated: {self.text!r}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_plain(node: ast.expr | None) -> bool:
    """A string written in the code, with words in it, not marked for translation."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value not in SAME_IN_EVERY_LANGUAGE and bool(WORDS.search(PLACEHOLDER.sub("", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(_is_plain(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_plain(node.left) or _is_plain(node.right)
    return False


def _plain_names(tree: ast.Module) -> set[str]:
    """Names bound, at the top of the module or of a class, to plain English (or a dict or tuple of it)."""
    found: set[str] = set()
    bodies: list[list[ast.stmt]] = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for statement in body:
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                targets, value = [statement.target], statement.value
            if value is None:
                continue
            plain = _is_plain(value)
            if isinstance(value, ast.Dict):
                plain = any(_is_plain(v) for v in value.values)
            for target in targets:
                if isinstance(target, ast.Name) and plain and target.id.isupper():
                    found.add(target.id)
    return found


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, plain: set[str]) -> None:
        self.path = path
        self.plain = plain
        self.gaps: list[Gap] = []

    def untranslated(self, node: ast.expr) -> bool:
        if _is_plain(node):
            return True
        if isinstance(node, ast.JoinedStr):
            return any(self.untranslated(part.value) for part in node.values if isinstance(part, ast.FormattedValue))
        if isinstance(node, ast.Name | ast.Attribute):
            return _name(node) in self.plain
        if isinstance(node, ast.Subscript):
            return self.untranslated(node.value)
        if isinstance(node, ast.IfExp):
            return self.untranslated(node.body) or self.untranslated(node.orelse)
        if isinstance(node, ast.BoolOp):
            return any(self.untranslated(v) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.untranslated(node.left) or self.untranslated(node.right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
            if node.func.attr == "join":
                return any(self.untranslated(a) for a in node.args)
            return self.untranslated(node.func.value)
        if isinstance(node, ast.List | ast.Tuple):
            return any(self.untranslated(e) for e in node.elts)
        return False

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if not any(_name(base).endswith("Generator") for base in node.bases):  # Jinja's: it writes Python, not words
            self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        sink = _name(node.func)
        said: list[ast.expr] = []
        if (sink in SAYING and not (sink == "write" and isinstance(node.func, ast.Name))) or sink in ERRORS:
            said = node.args[:1]
        elif sink in WIDGETS or sink == "Message":  # a dialog's title and lines, or a catalogue message
            said = list(node.args) + [k.value for k in node.keywords if k.arg in WIDGET_WORDS]
        for argument in said:
            if self.untranslated(argument):
                self.gaps.append(Gap(self.path, node.lineno, sink, ast.unparse(argument)[:90]))
        self.generic_visit(node)


def gaps(package: Path = PACKAGE) -> list[Gap]:
    """Every place English written in the code is handed to a person without the translator."""
    found: list[Gap] = []
    for source in sorted(package.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        scanner = _Scanner(str(source.relative_to(package.parent)), _plain_names(tree))
        scanner.visit(tree)
        found += scanner.gaps
    return found


def marked_messages(package: Path = PACKAGE) -> Iterator[tuple[str, int, str]]:
    """(file, line, message) for every literal message marked for the catalogue in Python."""
    for source in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
                for index in EXTRACTED.get(_name(node.func), ()):
                    if index < len(node.args):
                        argument = node.args[index]
                        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                            yield str(source.relative_to(package.parent)), node.lineno, argument.value


def test_no_english_reaches_a_person_without_the_translator() -> None:
    found = gaps()
    assert not found, "\n".join(map(str, found))


def test_every_marked_message_is_in_the_template_and_translated_into_welsh() -> None:
    with (locales_dir() / "planner.pot").open("rb") as file:
        template = {one for m in read_po(file) if m.id for one in ((m.id,) if isinstance(m.id, str) else m.id)}
    with po_path(locales_dir(), "cy").open("rb") as file:
        welsh = {one: m for m in read_po(file, locale="cy") if m.id
                 for one in ((m.id,) if isinstance(m.id, str) else m.id)}
    missing = [f"{path}:{line}: {message!r}" for path, line, message in marked_messages() if message not in template]
    assert not missing, "not in planner.pot (run the extract in README's Languages section):\n" + "\n".join(missing)

    def translated(message: str) -> bool:
        entry = welsh.get(message)
        if entry is None or entry.fuzzy:
            return False
        return all(entry.string) if isinstance(entry.string, tuple) else bool(entry.string)

    untranslated = sorted({f"{path}:{line}: {message!r}" for path, line, message in marked_messages()
                           if not translated(message)})
    assert not untranslated, "no Welsh for:\n" + "\n".join(untranslated)


def test_the_scan_finds_each_way_english_can_slip_through(tmp_path: Path) -> None:
    package = tmp_path / "planner"
    package.mkdir()
    (package / "bits.py").write_text(
        'from planner.i18n.translator import N_\n'
        'PLAIN = "Nothing was saved."\n'
        'MARKED = N_("Everything is saved.")\n'
        'class Box:\n'
        '    PROMPT = "Choose a passphrase: "\n'
        'def show(line, tr, name, error):\n'
        '    line.say("Hello there")\n'
        '    line.say(f"Deleted {name} for good")\n'
        '    line.say(PLAIN)\n'
        '    line.say(PLAIN.format(x=1))\n'
        '    line.ask(Box.PROMPT)\n'
        '    raise StoreError("The disk is full")\n'
        '    yield Static("Welcome")\n'
        '    yield Input(placeholder="Type here")\n'
        '    line.say(tr.gettext(MARKED))\n'
        '    line.say(f"  {name}: {error}")\n'
        '    line.say(error.text(tr))\n'
        '    raise StoreError(MARKED, path=name)\n'
        '    yield Static(tr.gettext("Welcome"))\n'
        '    raise CommandError(f"{error}\\n{PLAIN}")\n'
        '    raise StoreError("{text}", text=name)\n')
    found = [(gap.line, gap.sink) for gap in gaps(package)]
    assert found == [(7, "say"), (8, "say"), (9, "say"), (10, "say"), (11, "ask"), (12, "StoreError"),
                     (13, "Static"), (14, "Input"), (20, "CommandError")]
