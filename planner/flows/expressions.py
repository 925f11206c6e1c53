"""Safe expressions: conditions, derived values and text that quotes answers.

Everything is Jinja2 syntax in an immutable sandbox with an allow-list of filters, parsed
and checked once when content loads, then run straight from the parsed form
(`interpret.py`): no Python code is generated. Evaluating never raises. An error because an answer it uses is
missing means "not answered"; an error with every answer there is a fault (`Failed`), which
the engine records and never lets hide a question silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, cast
from collections.abc import Callable, Mapping

from jinja2 import ChainableUndefined, TemplateSyntaxError, UndefinedError, nodes, pass_context
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser

from .interpret import Program, Refused, build_expression, build_text
from .parse_fast import parse_expression, parse_text, usable
from .sandbox import ALLOWED_FILTERS, MAX_TEXT, make_sandbox, shown, size

Kind = Literal["condition", "value", "text"]
__all__ = ["ALLOWED_FILTERS", "Analysis", "Compare", "Expression", "ExpressionError", "Failed", "compile_expression",
           "evaluate", "holds", "outcome", "render"]


LIST_JOIN = "_join_"  # a text's context may carry how to join a list in its language (never nameable in content)


UNLINKED = {"[[": "[\u2060[", "]]": "]\u2060]"}  # a word joiner: looks the same, but is never a glossary link


@pass_context
def _finalize(context: Any, value: Any) -> str:
    """A value quoted in a text, as words: what a person typed never becomes a glossary link."""
    try:
        words = shown(value, context.get(LIST_JOIN))
    except ValueError:  # an integer too long to write out
        return ""
    for link, unlinked in UNLINKED.items():
        words = words.replace(link, unlinked)
    return words


ENV = make_sandbox(cast("Callable[[Any], Any]", _finalize))  # pass_context: Jinja2 passes the context first
_FAST = usable(ENV)  # the quick parser makes Jinja2's own trees for ENV's (default) syntax


@dataclass(frozen=True)
class Compare:
    """A comparison of an answer (or a part of one) with a fixed value: `x == 'yes'`, `'a' in x`."""

    name: str
    part: str | None
    value: Any
    op: str = "eq"  # the Jinja2 operator: eq, ne, in, notin, gt, gteq, lt, lteq


@dataclass
class Analysis:
    """What an expression refers to, for load-time checks."""

    names: set[str] = field(default_factory=set)
    parts: set[tuple[str, str]] = field(default_factory=set)
    compares: list[Compare] = field(default_factory=list)
    filters: set[str] = field(default_factory=set)
    tests: set[str] = field(default_factory=set)
    private: set[str] = field(default_factory=set)
    bare: set[str] = field(default_factory=set)  # names used without a part, e.g. `status` alone


@dataclass(frozen=True)
class Expression:
    """A compiled expression or text, ready to evaluate against answers."""

    source: str
    kind: Kind
    run: Callable[[dict[str, Any]], Any]
    analysis: Analysis
    tree: nodes.Node | None = field(default=None, compare=False, repr=False)  # as parsed, for load-time checks

    def __reduce__(self) -> tuple[Any, ...]:
        # For the compiled-content cache: the program is plain tuples; the parsed tree is left behind.
        program = cast("Program", self.run)
        return _restore, (self.source, self.kind, self.analysis, program.root)


def _restore(source: str, kind: Kind, analysis: Analysis, root: tuple[Any, ...]) -> Expression:
    return Expression(source, kind, Program(ENV, root, kind == "text"), analysis)


class ExpressionError(Exception):
    """The source cannot be compiled; `problem` is a plain description."""

    def __init__(self, problem: str, line: int = 1) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def _target(node: nodes.Node) -> tuple[str, str | None] | None:
    if isinstance(node, nodes.Name):
        return node.name, None
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return node.node.name, node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and isinstance(node.arg, nodes.Const):
        return node.node.name, str(node.arg.value)
    return None


def analyse(tree: nodes.Node) -> Analysis:
    """Collect the names, parts, comparisons and filters an expression uses."""
    found = Analysis()
    every = [tree, *tree.find_all(nodes.Node)]  # find_all skips the root, which may be a lone name
    for node in every:
        if isinstance(node, nodes.Name) and node.ctx == "load":
            found.names.add(node.name)
        elif isinstance(node, (nodes.Getattr, nodes.Getitem)):
            target = _target(node)
            attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if isinstance(attr, str) and attr.startswith("_"):
                found.private.add(attr)
            if target and target[1] is not None:
                found.parts.add((target[0], target[1]))
        elif isinstance(node, nodes.Filter):
            found.filters.add(node.name)
        elif isinstance(node, nodes.Test):
            found.tests.add(node.name)
        elif isinstance(node, nodes.Compare):
            _collect_compares(node, found)
    parted = {name for name, _ in found.parts}
    for node in every:
        if isinstance(node, nodes.Name) and node.name in ("status", "council", "item") and node.name not in parted:
            found.bare.add(node.name)
    return found


def _constant(node: nodes.Node) -> nodes.Const | None:
    """A fixed value, with `-5` (parsed as minus 5) as the constant -5."""
    if isinstance(node, nodes.Const):
        return node
    if isinstance(node, (nodes.Neg, nodes.Pos)) and isinstance(node.node, nodes.Const):
        value = node.node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return nodes.Const(-value if isinstance(node, nodes.Neg) else value)
    return None


def _collect_compares(node: nodes.Compare, found: Analysis) -> None:
    left = node.expr
    for operand in node.ops:
        right = operand.expr
        if operand.op in ("eq", "ne", "gt", "gteq", "lt", "lteq"):
            for a, b in ((left, right), (right, left)):
                target, const = _target(a), _constant(b)
                if target and const is not None and const.value is not None:
                    found.compares.append(Compare(target[0], target[1], const.value, operand.op))
        elif operand.op in ("in", "notin"):
            target, const = _target(right), _constant(left)
            if target and const is not None:
                found.compares.append(Compare(target[0], target[1], const.value, operand.op))
            if isinstance(right, (nodes.List, nodes.Tuple)) and (target := _target(left)):
                for item in right.items:
                    if (const := _constant(item)) is not None:
                        found.compares.append(Compare(target[0], target[1], const.value, operand.op))
        left = right


@lru_cache(maxsize=4096)
def compile_expression(source: str, kind: Kind) -> Expression:
    """Compile a condition, a derived value or a text, or raise `ExpressionError`."""
    try:
        if kind == "text":
            if "{%" in source:
                raise ExpressionError("BLOCK")
            template = parse_text(ENV, source) if _FAST else None
            if template is None:
                template = ENV.parse(source)
            analysis = analyse(template)
            _check_names(analysis)
            return Expression(source, kind, build_text(ENV, template), analysis, template)
        tree = parse_expression(source) if _FAST else None
        if tree is None:
            parser = Parser(ENV, source, state="variable")
            tree = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError("there is more text after the expression", parser.stream.current.lineno)
        analysis = analyse(tree)
        _check_names(analysis)
        return Expression(source, kind, build_expression(ENV, tree), analysis,
                          nodes.Template([nodes.Output([tree])], lineno=1))
    except TemplateSyntaxError as error:
        raise ExpressionError(_plain_syntax(error), error.lineno or 1) from None
    except Refused as error:
        raise ExpressionError(error.problem, error.line) from None
    except RecursionError:
        raise ExpressionError("it is nested too deeply") from None


def _check_names(analysis: Analysis) -> None:
    """Filters and tests that do not exist."""
    for name in sorted(analysis.filters):
        if name not in ENV.filters:
            raise ExpressionError(f"No filter named {name!r}")
    for name in sorted(analysis.tests):
        if name not in ENV.tests:
            raise ExpressionError(f"No test named {name!r}")


def _plain_syntax(error: TemplateSyntaxError) -> str:
    text = str(error.message or "it is not a complete expression").rstrip(".")
    if text.startswith("No filter named"):
        return text
    if "end of template" in text:
        return "it ends too soon"
    return text.replace("expected token", "expected")


@dataclass(frozen=True)
class Failed:
    """An expression stopped with an error although every answer it uses was there: a fault in the content.

    `reason` is a short plain description that never holds an answer's value.
    """

    reason: str


def outcome(expression: Expression, context: dict[str, Any]) -> Any:
    """The value of a condition or derived value: `None` when an answer it needs is missing, `Failed` on a fault."""
    try:
        value = expression.run(context)
    except UndefinedError:  # only missing data is undefined: unknown names are refused at load
        return None
    except Exception as error:  # never a crash: the caller decides what a fault means
        return None if missing(expression, context) else Failed(reason_for(error))
    if isinstance(value, ChainableUndefined) or callable(value) or size(value) > MAX_TEXT:
        return None
    return value


def evaluate(expression: Expression, context: dict[str, Any]) -> Any:
    """The value of a condition or derived value, or `None` when it cannot be worked out."""
    value = outcome(expression, context)
    return None if isinstance(value, Failed) else value


def holds(expression: Expression | None, context: dict[str, Any]) -> bool:
    """Whether a condition is true; a missing condition always holds; a fault counts as false (for lint only)."""
    return True if expression is None else bool(evaluate(expression, context))


def missing(expression: Expression, context: dict[str, Any]) -> bool:
    """Whether a name or part the expression uses has no value now (a question not answered, say)."""
    return any(name != "status" and _absent(context.get(name)) for name in expression.analysis.names)


def _absent(value: Any, depth: int = 0) -> bool:
    """Nothing, or a list or mapping with nothing somewhere inside (a list item with a field not answered)."""
    if value is None or isinstance(value, ChainableUndefined):
        return True
    if depth < 3 and isinstance(value, (list, tuple)):
        return any(_absent(item, depth + 1) for item in value)
    if depth < 3 and isinstance(value, Mapping):
        return any(_absent(item, depth + 1) for item in value.values())
    return False


def reason_for(error: BaseException) -> str:
    """A short plain reason for a fault; never the error's own text, which may quote an answer."""
    if isinstance(error, ZeroDivisionError):
        return "it divides by zero"
    if isinstance(error, SecurityError):
        return "it does something an expression cannot do, such as calling a function or making a huge value"
    if isinstance(error, UndefinedError):
        return "it uses something that is not there"
    if isinstance(error, TypeError):
        return "it compares or combines two kinds of value that do not go together, such as a number and words"
    if isinstance(error, (ValueError, OverflowError)):
        return "a value could not be turned into a number"
    return f"it stopped with an error ({type(error).__name__})"


def render(expression: Expression, context: dict[str, Any]) -> str:
    """Text with answers quoted in it; parts that cannot be worked out are left out."""
    try:
        text = str(expression.run(context))
    except Exception:
        text = _render_leniently(expression, context)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _render_leniently(expression: Expression, context: dict[str, Any]) -> str:
    # Render each {{ }} on its own so one failing part does not lose the whole sentence.
    out = []
    for chunk in _split_text(expression.source):
        if chunk.startswith("{{"):
            try:
                out.append(str(compile_expression(chunk, "text").run(context)))
            except Exception:
                continue
        else:
            out.append(chunk)
    return " ".join("".join(out).split(" ")).replace("  ", " ")


def _split_text(source: str) -> list[str]:
    parts, rest = [], source
    while "{{" in rest:
        before, _, after = rest.partition("{{")
        inner, _, rest = after.partition("}}")
        parts += [before, "{{" + inner + "}}"]
    parts.append(rest)
    return parts
