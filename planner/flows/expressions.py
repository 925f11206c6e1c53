"""Safe expressions: conditions, derived values and text that quotes answers.

Everything is Jinja2 in an immutable sandbox with an allow-list of filters, compiled
once when content loads. Evaluating never raises: a failure means "not answered".
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Literal

from jinja2 import ChainableUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

Kind = Literal["condition", "value", "text"]
MAX_SEQUENCE = 10_000
MAX_POWER = 64
MAX_NUMBER = 10**100
ALLOWED_FILTERS = (
    "abs capitalize count d default first float int join last length list lower map max min "
    "reject rejectattr replace round select selectattr sort string sum title trim truncate unique upper wordcount"
).split()


def _natural_join(items: list[Any]) -> str:
    words = [str(i) for i in items if i not in (None, "")]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


class _Env(ImmutableSandboxedEnvironment):
    """The sandbox, with limits on operators that could make huge values."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if (isinstance(right, (int, float)) and abs(right) > MAX_POWER) or (
                isinstance(left, (int, float)) and abs(left) > MAX_NUMBER
            ):
                raise SecurityError("power too large")
            return operator.pow(left, right)
        sizes = [len(x) for x in (left, right) if isinstance(x, (str, list, tuple))]
        counts = [x for x in (left, right) if isinstance(x, int)]
        if sizes and counts and sizes[0] * max(counts[0], 0) > MAX_SEQUENCE:
            raise SecurityError("result too large")
        return operator.mul(left, right)


def _make_env() -> _Env:
    env = _Env(undefined=ChainableUndefined, autoescape=False, finalize=_finalize)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in ALLOWED_FILTERS}
    return env


def _finalize(value: Any) -> Any:
    if value is None or isinstance(value, ChainableUndefined):
        return ""
    if isinstance(value, (list, tuple)):
        return _natural_join(list(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


ENV = _make_env()


@dataclass(frozen=True)
class Compare:
    """A comparison of an answer (or a part of one) with a fixed value: `x == 'yes'`, `'a' in x`."""

    name: str
    part: str | None
    value: Any


@dataclass
class Analysis:
    """What an expression refers to, for load-time checks."""

    names: set[str] = field(default_factory=set)
    parts: set[tuple[str, str]] = field(default_factory=set)
    compares: list[Compare] = field(default_factory=list)
    filters: set[str] = field(default_factory=set)
    private: set[str] = field(default_factory=set)
    bare: set[str] = field(default_factory=set)  # names used without a part, e.g. `status` alone


@dataclass(frozen=True)
class Expression:
    """A compiled expression or text, ready to evaluate against answers."""

    source: str
    kind: Kind
    run: Callable[[dict[str, Any]], Any]
    analysis: Analysis


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
        elif isinstance(node, nodes.Compare):
            _collect_compares(node, found)
    parted = {name for name, _ in found.parts}
    for node in every:
        if isinstance(node, nodes.Name) and node.name in ("status", "council", "item") and node.name not in parted:
            found.bare.add(node.name)
    return found


def _collect_compares(node: nodes.Compare, found: Analysis) -> None:
    left = node.expr
    for operand in node.ops:
        right = operand.expr
        if operand.op in ("eq", "ne"):
            for a, b in ((left, right), (right, left)):
                target = _target(a)
                if target and isinstance(b, nodes.Const) and b.value is not None:
                    found.compares.append(Compare(target[0], target[1], b.value))
        elif operand.op in ("in", "notin"):
            target = _target(right)
            if target and isinstance(left, nodes.Const):
                found.compares.append(Compare(target[0], target[1], left.value))
            if isinstance(right, (nodes.List, nodes.Tuple)) and (target := _target(left)):
                for item in right.items:
                    if isinstance(item, nodes.Const):
                        found.compares.append(Compare(target[0], target[1], item.value))
        left = right


@lru_cache(maxsize=4096)
def compile_expression(source: str, kind: Kind) -> Expression:
    """Compile a condition, a derived value or a text, or raise `ExpressionError`."""
    try:
        if kind == "text":
            if "{%" in source:
                raise ExpressionError("BLOCK")
            tree: nodes.Node = ENV.parse(source)
            template = ENV.from_string(tree)
            return Expression(source, kind, lambda ctx: template.render(ctx), analyse(tree))
        parser = Parser(ENV, source, state="variable")
        tree = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("there is more text after the expression", parser.stream.current.lineno)
        compiled = ENV.compile_expression(source, undefined_to_none=True)
        return Expression(source, kind, lambda ctx: compiled(**ctx), analyse(tree))
    except TemplateSyntaxError as error:
        raise ExpressionError(_plain_syntax(error), error.lineno or 1) from None
    except RecursionError:
        raise ExpressionError("it is nested too deeply") from None


def _plain_syntax(error: TemplateSyntaxError) -> str:
    text = str(error.message or "it is not a complete expression").rstrip(".")
    if text.startswith("No filter named"):
        return text
    if "end of template" in text:
        return "it ends too soon"
    return text.replace("expected token", "expected")


def evaluate(expression: Expression, context: dict[str, Any]) -> Any:
    """The value of a condition or derived value, or `None` when it cannot be worked out."""
    try:
        value = expression.run(context)
    except Exception:  # any failure at run time means "not answered", never a crash
        return None
    return None if isinstance(value, ChainableUndefined) else value


def holds(expression: Expression | None, context: dict[str, Any]) -> bool:
    """Whether a condition is true; a missing condition always holds."""
    return True if expression is None else bool(evaluate(expression, context))


def render(expression: Expression, context: dict[str, Any]) -> str:
    """Text with answers quoted in it; parts that cannot be worked out are left out."""
    try:
        return str(expression.run(context))
    except Exception:
        return _render_leniently(expression, context)


def _render_leniently(expression: Expression, context: dict[str, Any]) -> str:
    # Render each {{ }} on its own so one failing part does not lose the whole sentence.
    out = []
    for chunk in _split_text(expression.source):
        if chunk.startswith("{{"):
            try:
                out.append(str(ENV.from_string(chunk).render(context)))
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
