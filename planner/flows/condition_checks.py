"""Faults in conditions, values and texts that can be seen when content loads, so they never fail in a conversation.

Each would otherwise raise while a conversation runs: calling something, dividing by
zero, a part made only of fixed values that always fails, and comparing an answer that
is words with a number.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jinja2 import nodes

from planner.questions import QuestionBase, entry_of

from .expressions import ENV, Expression, Failed, reason_for
from .problems import Problem, Problems

CALL = ("{where} calls '{name}', but nothing can be called in an expression. "
        "Use a filter instead, such as 'name | upper'.")
DIVIDE_BY_ZERO = "{where} divides by zero, which always fails. Divide by another number, or take that part out."
ALWAYS_FAILS = "{where} has a part that always fails ({reason}). Rewrite that part."
WORDS_AS_NUMBER = ("{where} compares '{name}' with the number {value}, but a {kind} answer is words, so this always "
                   "fails. Compare it with words in quotes, such as '{name} == \"yes\"'.")
ORDERING = {"gt", "gteq", "lt", "lteq"}
DIVIDING = (nodes.Div, nodes.FloorDiv, nodes.Mod)
NAMING = {"UNKNOWN_NAME", "UNKNOWN_PART", "UNKNOWN_COUNCIL_FIELD", "UNKNOWN_STATUS_NAME", "UNKNOWN_ITEM_FIELD",
          "ITEM_OUTSIDE_LIST"}


def check_expression(expression: Expression, where: str, line: int, questions: Mapping[str, QuestionBase],
                     problems: Problems) -> None:
    """Report every fault in one compiled expression that would make it fail whatever the answers.

    Run after the linker's own checks: a call of a name or part the linker already says is
    not there is not said twice.
    """
    key = (expression.source, expression.kind)
    found = _FIXED.get(key, _NOT_YET)
    if found is _NOT_YET:
        if len(_FIXED) >= 4096:
            _FIXED.clear()
        found = _FIXED[key] = _fixed_faults(expression)
    if found is None:
        return
    faults, compares = found
    faults = faults + tuple(fault for compare in compares for fault in _words_as_numbers(compare, questions))
    named = bool(faults) and any(p.line == line and p.code in NAMING and p.message.startswith(where)
                                 for p in problems.items)
    for message, code in faults:
        if not (named and code == "CALL_NOT_ALLOWED"):
            problems.extend([Problem(problems.path, line, message.format(where=where), code=code)])


_Found = tuple[tuple[tuple[str, str], ...], tuple[nodes.Compare, ...]] | None
_NOT_YET: Any = object()
_FIXED: dict[tuple[str, str], _Found] = {}  # by source and kind: a flow says one condition many times


def clear_cache() -> None:
    """Forget the faults found so far (for measuring loading from nothing)."""
    _FIXED.clear()


def _fixed_faults(expression: Expression) -> _Found:
    """The faults of an expression that do not depend on the questions, and its comparisons."""
    tree = expression.tree if expression.tree is not None else _tree(expression.source, expression.kind)
    if tree is None:
        return None
    walk = _Walk()
    walk.scan(tree)
    return tuple(_faults(tree, walk)), tuple(walk.compares)


class _Walk:
    """One walk over a tree: its calls, divisions and comparisons in order, and which parts hold a name or call."""

    def __init__(self) -> None:
        self.calls: list[nodes.Call] = []
        self.divisions: list[nodes.BinExpr] = []
        self.compares: list[nodes.Compare] = []
        self.named: set[int] = set()  # ids of the nodes with a name somewhere in them (or that are one)
        self.calling: set[int] = set()  # ids of the nodes with a call below them

    def scan(self, node: nodes.Node) -> tuple[bool, bool]:
        """Record what is below `node` (not `node` itself, as find_all); whether it holds a name, a call."""
        named = calling = False
        for child in _children(node):
            if isinstance(child, nodes.Call):
                self.calls.append(child)
                calling = True
            elif isinstance(child, DIVIDING):
                self.divisions.append(child)
            elif isinstance(child, nodes.Compare):
                self.compares.append(child)
            child_named, child_calling = self.scan(child)
            named = named or child_named or isinstance(child, nodes.Name)
            calling = calling or child_calling
        if named:
            self.named.add(id(node))
        if calling:
            self.calling.add(id(node))
        return named, calling

    def fixed(self, node: nodes.Node) -> bool:
        """Whether a part is made of fixed values only: no answer, setting or item can change it."""
        return isinstance(node, nodes.Expr) and not isinstance(node, nodes.Name) and id(node) not in self.named

    def fixed_parts(self, tree: nodes.Node) -> Iterator[nodes.Node]:
        """The largest parts made of fixed values only, but not plain constants or lists of them."""
        for child in _children(tree):
            if isinstance(child, nodes.Const):
                continue
            if self.fixed(child) and not isinstance(child, nodes.Literal):
                yield child
            else:
                yield from self.fixed_parts(child)


def _children(node: nodes.Node) -> list[nodes.Node]:
    """The nodes right below `node`, in order: as its iter_child_nodes(), without the layers of generators."""
    found: list[nodes.Node] = []
    for name in node.fields:
        item = node.__dict__.get(name)
        if isinstance(item, list):
            found.extend(child for child in item if isinstance(child, nodes.Node))
        elif isinstance(item, nodes.Node):
            found.append(item)
    return found


def _faults(tree: nodes.Node, walk: _Walk) -> Iterator[tuple[str, str]]:
    for call in walk.calls:
        yield CALL.replace("{name}", _callee(call.node)), "CALL_NOT_ALLOWED"
    for division in walk.divisions:
        divisor = _value(division.right) if walk.fixed(division.right) else None
        if divisor in ("0", "0.0", "-0.0") or (isinstance(divisor, (int, float)) and not isinstance(divisor, bool)
                                                and divisor == 0):
            yield DIVIDE_BY_ZERO, "DIVIDE_BY_ZERO"
    for part in walk.fixed_parts(tree):
        if id(part) in walk.calling:
            continue  # said above
        result = _value(part)
        if isinstance(result, Failed) and result.reason != reason_for(ZeroDivisionError()):  # said above
            yield ALWAYS_FAILS.replace("{reason}", result.reason), "ALWAYS_FAILS"


def _tree(source: str, kind: str) -> nodes.Node | None:
    try:
        if kind == "text":
            return ENV.parse(source)
        return ENV.parse("{{ " + source + " }}")  # the same tree as the expression, in an output
    except Exception:  # it compiled once already; anything odd now is for the linker to say
        return None


def _words_as_numbers(node: nodes.Compare, questions: Mapping[str, QuestionBase]) -> Iterator[tuple[str, str]]:
    left = node.expr
    for operand in node.ops:
        right = operand.expr
        if operand.op in ORDERING:
            for side, other in ((left, right), (right, left)):
                question = questions.get(side.name) if isinstance(side, nodes.Name) else None
                if (question is not None and entry_of(question).words and isinstance(other, nodes.Const)
                        and isinstance(other.value, (int, float)) and not isinstance(other.value, bool)):
                    kind = question.kind.replace("_", " ")
                    message = WORDS_AS_NUMBER.replace("{name}", question.id).replace("{kind}", kind)
                    yield message.replace("{value}", str(other.value)), "WORDS_AS_NUMBER"
        left = right


def _callee(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_callee(node.node)}.{node.attr}"
    return "something"


def _value(node: nodes.Node) -> object:
    """A part made of fixed values: a constant as it is, anything else as the words it comes out as.

    `Failed` when working it out (in the same sandbox) fails.
    """
    if isinstance(node, nodes.Const):
        return node.value
    template = nodes.Template([nodes.Output([node])], lineno=1)
    template.set_environment(ENV)
    try:
        return ENV.from_string(template).render()
    except Exception as error:
        return Failed(reason_for(error))
