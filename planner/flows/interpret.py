"""Running expressions and texts straight from their parsed form, without generating Python code.

Jinja2 turns a template into Python source and compiles it (a few milliseconds each); the
engine instead turns the parsed tree, once at load, into a small program of plain tuples
(cheap to keep in the compiled-content cache) and walks it. Each step does exactly what
the code Jinja2 generates would do (`jinja2/compiler.py`, `visit_*`): the same environment
methods (`getitem`, `getattr`, `call`, `call_binop`, `concat_text`, `finalize`, the
filters and tests), the same Python operators, the same constant folding, so values and
errors are the same as Jinja2's own. What cannot be run this way is refused at load.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from keyword import iskeyword
from typing import Any, NoReturn, cast

from jinja2 import Undefined, nodes
from jinja2.compiler import has_safe_repr
from jinja2.nodes import EvalContext, Impossible
from jinja2.runtime import Context, TemplateReference
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import _PassArg

__all__ = ["MAX_NESTING", "Program", "Refused", "build_expression", "build_text"]

MAX_NESTING = 190  # Python refuses code nested 200 deep: Jinja2's code for anything deeper never ran
Node = tuple[Any, ...]  # an instruction: its operation number first, then what it works on

# The operations (the first item of each instruction).
(CONST, NAME, SELF, LIST, TUPLE, DICT, COPY, NO_NAME, FAIL, BINOP, SUB, DIV, FLOORDIV, AND, OR, NOT, NEG, POS, CONCAT,
 COMPARE, GETATTR, GETITEM, SLICE, FILTER, TEST, COND, COND_UNDEFINED, CALL) = range(28)

# How a filter, a test or finalize is given its first argument (as Jinja2's `_PassArg`).
PASS_NOTHING, PASS_CONTEXT, PASS_EVAL_CONTEXT, PASS_ENVIRONMENT = range(4)
_PASS = {None: PASS_NOTHING, _PassArg.context: PASS_CONTEXT, _PassArg.eval_context: PASS_EVAL_CONTEXT,
         _PassArg.environment: PASS_ENVIRONMENT}

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "gteq": operator.ge, "lt": operator.lt,
    "lteq": operator.le, "in": lambda a, b: a in b, "notin": lambda a, b: a not in b}
# Every node kind Jinja2's code generator tries to fold to a constant first (its `@optimizeconst` visitors).
# Concat is not among them: the sandbox's own generator joins text through `concat_text`, unfolded.
_FOLDED = (nodes.BinExpr, nodes.UnaryExpr, nodes.Compare, nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Test,
           nodes.CondExpr, nodes.Call)
# Node kinds whose `as_const` works out every part (else raises Impossible): one part that cannot fold is enough.
_STRICT = (nodes.BinExpr, nodes.UnaryExpr, nodes.Concat, nodes.List, nodes.Tuple, nodes.Dict, nodes.Getattr,
           nodes.Getitem, nodes.Slice, nodes.Filter, nodes.Test)
_BINOPS = {nodes.Sub: SUB, nodes.Div: DIV, nodes.FloorDiv: FLOORDIV, nodes.And: AND, nodes.Or: OR}
_UNOPS = {nodes.Not: NOT, nodes.Neg: NEG, nodes.Pos: POS}


def _pass_of(func: Any) -> int:
    """What Jinja2 passes a filter, test or finalize first (`_PassArg.from_obj`)."""
    return _PASS[getattr(func, "jinja_pass_arg", None)]


class Refused(Exception):
    """The tree holds something that cannot be run here; `problem` says what, plainly."""

    def __init__(self, problem: str, line: int = 1) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


class _Scope:
    """One evaluation: the names it sees, and a Jinja2 context made only when a filter or finalize needs one."""

    __slots__ = ("_context", "_self", "env", "names")

    def __init__(self, env: SandboxedEnvironment, names: dict[str, Any]) -> None:
        self.env = env
        self.names = names
        self._context: Context | None = None
        self._self: TemplateReference | None = None

    def context(self) -> Context:
        if self._context is None:
            self._context = Context(self.env, self.names, None, {})
        return self._context

    def reference(self) -> TemplateReference:
        """What `self` names: one per run, as Jinja2 makes it once at the start of a template."""
        if self._self is None:
            self._self = TemplateReference(self.context())
        return self._self

    def passed(self, how: int) -> Any:
        if how == PASS_CONTEXT:
            return self.context()
        if how == PASS_EVAL_CONTEXT:
            return self.context().eval_ctx
        return self.env


class Program:
    """An expression or a text, ready to run against answers; plain tuples, so it pickles small."""

    __slots__ = ("env", "root", "text")

    def __init__(self, env: SandboxedEnvironment, root: Node | tuple[Any, ...], text: bool) -> None:
        self.env = env
        self.root = root  # an instruction; for a text, a tuple of fixed words and instructions
        self.text = text

    def __call__(self, context: Mapping[str, Any]) -> Any:
        names = context if type(context) is dict else dict(context)
        scope = _Scope(self.env, names)
        if self.text:
            return self._render(scope)
        value = _run(self.root, scope)
        return None if isinstance(value, Undefined) else value  # as Jinja2's `undefined_to_none`

    def _render(self, scope: _Scope) -> str:
        if self.root and type(self.root[0]) is int:  # the whole text fails, as its Jinja2 code never compiled
            _run(self.root, scope)
        finalize = self.env.finalize
        how = _pass_of(finalize) if finalize is not None else PASS_NOTHING
        out = []
        for part in self.root:
            if isinstance(part, str):
                out.append(part)
                continue
            value = _run(part, scope)
            if finalize is not None:
                value = finalize(scope.passed(how), value) if how != PASS_NOTHING else finalize(value)
            out.append(str(value))
        return "".join(out)


def build_expression(env: SandboxedEnvironment, tree: nodes.Expr) -> Program:
    """The program for a condition or derived value (as `Environment.compile_expression` would run it)."""
    builder = _Builder(env)
    try:
        root = builder.build(tree, False, 0)
    except (Refused, RecursionError):
        raise
    except Exception as error:  # Jinja2's constant folding failed, so its code for this never compiles
        root = _failing(error)
    return Program(env, root, text=False)


def build_text(env: SandboxedEnvironment, template: nodes.Template) -> Program:
    """The program for a text: its fixed words and its `{{ }}` parts, each shown through finalize."""
    builder = _Builder(env)
    parts: list[Any] = []
    try:
        for statement in template.body:
            if not isinstance(statement, nodes.Output):
                raise Refused("it has a part that is not words or {{ }}", statement.lineno)
            for child in statement.nodes:
                if isinstance(child, nodes.TemplateData):
                    parts.append(child.data)
                else:
                    parts.append(builder.build(child, False, 2))  # inside `str(finalize(...))`
    except (Refused, RecursionError):
        raise
    except Exception as error:  # as above: the whole text never compiles in Jinja2
        return Program(env, _failing(error), text=True)
    return Program(env, tuple(_joined(parts)), text=True)


def _joined(parts: list[Any]) -> list[Any]:
    out: list[Any] = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        else:
            out.append(part)
    return out


def _failing(error: Exception) -> Node:
    return (FAIL, type(error), error.args)


class _Builder:
    """Turns a parsed tree into instructions, folding constants exactly where Jinja2's compiler does."""

    def __init__(self, env: SandboxedEnvironment) -> None:
        self.env = env
        self.eval_ctx = EvalContext(env, None)
        self.unfoldable: set[int] = set()  # ids of the nodes whose folding was impossible

    def build(self, node: nodes.Node, folded: bool, depth: int) -> Node:
        if depth > MAX_NESTING:
            raise Refused("it is nested too deeply", node.lineno or 1)
        kind = _kind(type(node))
        if not (folded or kind.optimized) or not kind.expression:
            return self._structure(node, kind, folded, depth)[0]
        # Jinja2's optimizer: every part below first (bottom up), then this node as a whole.
        built, stuck = self._structure(node, kind, True, depth)
        if kind.never or stuck:  # `as_const` would surely raise Impossible: skip the exception
            self.unfoldable.add(id(node))
            return built
        try:
            value = cast("nodes.Expr", node).as_const(self.eval_ctx)
        except Impossible:
            self.unfoldable.add(id(node))
            return built
        return _constant(value) if has_safe_repr(value) else built

    def _structure(self, node: Any, kind: _Kind, folded: bool, depth: int) -> tuple[Node, bool]:
        """The instruction for a node, and whether its `as_const` surely fails because a part of it did.

        A strict node's `as_const` works out every part; and, or, if-else and comparisons work out
        their first part (the test of an if-else) first and may stop there, so only that one counts.
        """
        stuck = False
        first = True

        def sub(child: nodes.Node, more: int = 1) -> Node:
            nonlocal stuck, first
            built = self.build(child, folded, depth + more)
            if (first or kind.strict) and id(child) in self.unfoldable:
                stuck = True
            first = False
            return built

        name = kind.name
        if name == "Name":
            if node.ctx != "load":
                raise Refused("it stores a value, which an expression cannot do", node.lineno)
            self._deep_enough(node, depth + 2)  # `(undefined(name=...) if ... else ...)`
            return ((SELF,) if node.name == "self" else (NAME, node.name)), stuck
        if name == "Const":
            return _constant(node.value), stuck
        if name == "Getattr":
            return (GETATTR, sub(node.node), node.attr), stuck
        if name == "Compare":
            return (COMPARE, sub(node.expr), tuple((op.op, sub(op.expr)) for op in node.ops)), stuck
        if name in ("Filter", "Test", "Call"):
            return self._call(node, sub), stuck
        if name == "BinExpr":
            left, right = sub(node.left), sub(node.right)
            if node.operator in self.env.intercepted_binops:
                return (BINOP, node.operator, left, right), stuck
            if type(node) not in _BINOPS:
                raise Refused(f"it uses {node.operator!r} in a way that cannot be worked out", node.lineno)
            return (_BINOPS[type(node)], left, right), stuck
        if name == "UnaryExpr":
            if type(node) not in _UNOPS or node.operator in self.env.intercepted_unops:
                raise Refused(f"it uses {node.operator!r} in a way that cannot be worked out", node.lineno)
            return (_UNOPS[type(node)], sub(node.node)), stuck
        if name == "Concat":
            return (CONCAT, tuple(sub(part, 2) for part in node.nodes)), stuck  # inside `concat_text((...))`
        if name in ("List", "Tuple"):
            return (LIST if name == "List" else TUPLE, tuple(sub(item) for item in node.items)), stuck
        if name == "Dict":
            return (DICT, tuple((sub(pair.key), sub(pair.value)) for pair in node.items)), stuck
        if name == "Getitem":
            if isinstance(node.arg, nodes.Slice):  # slices bypass the environment's getitem, as in Jinja2
                bounds = (node.arg.start, node.arg.stop, node.arg.step)
                # The slice itself never folds (a slice has no safe repr); a bound that cannot fold stops it all.
                return (SLICE, sub(node.node, 0), tuple(None if b is None else sub(b) for b in bounds)), stuck
            return (GETITEM, sub(node.node), sub(node.arg)), stuck
        if name == "CondExpr":
            test = sub(node.test)  # first: Jinja2's `as_const` tries the test first
            then = sub(node.expr1)
            if node.expr2 is None:
                hint = (f"the inline if-expression on line {node.lineno} evaluated to false and no else section "
                        "was defined.")
                self._deep_enough(node, depth + 2)
                return (COND_UNDEFINED, test, then, hint), stuck
            return (COND, test, then, sub(node.expr2)), stuck
        raise Refused(f"it uses a {type(node).__name__.lower()}, which an expression cannot have", node.lineno or 1)

    def _deep_enough(self, node: nodes.Node, depth: int) -> None:
        if depth > MAX_NESTING:
            raise Refused("it is nested too deeply", node.lineno or 1)

    def _call(self, node: nodes.Filter | nodes.Test | nodes.Call, sub: Callable[..., Node]) -> Node:
        keys = tuple(str(cast("nodes.Keyword", keyword).key) for keyword in node.kwargs)
        for n, key in enumerate(keys):  # Python itself refuses Jinja2's code for these
            if key in keys[:n]:
                raise Refused(f"it gives {key!r} more than once", node.lineno)
            if key == "__debug__":
                raise Refused(f"it uses the name {key!r}, which cannot be used", node.lineno)
        workaround = any(iskeyword(key) for key in keys)  # Jinja2 passes these through `**{...}`
        more = 3 if workaround else 1
        target = None if node.node is None else sub(node.node)
        args = tuple(sub(arg) for arg in node.args)
        values = tuple(sub(keyword.value, more) for keyword in node.kwargs)
        dyn_args = None if node.dyn_args is None else sub(node.dyn_args)
        dyn_kwargs = None if node.dyn_kwargs is None else sub(node.dyn_kwargs, more)
        if target is None:
            raise Refused("it has a filter with nothing to work on", node.lineno)
        if isinstance(node, nodes.Call):
            return (CALL, target, args, keys, values, dyn_args, dyn_kwargs, workaround)
        table = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
        if node.name not in table:
            kind = "filter" if isinstance(node, nodes.Filter) else "test"
            raise Refused(f"No {kind} named {node.name!r}", node.lineno)
        how = _pass_of(table[node.name])
        return (FILTER if isinstance(node, nodes.Filter) else TEST, node.name, how, target, args, keys, values,
                dyn_args, dyn_kwargs, workaround)


class _Kind:
    """What the builder needs to know of a node class, worked out once per class."""

    __slots__ = ("expression", "name", "never", "optimized", "strict")

    def __init__(self, cls: type) -> None:
        self.expression = issubclass(cls, nodes.Expr)
        self.optimized = issubclass(cls, _FOLDED)
        self.never = issubclass(cls, (nodes.Name, nodes.Call))  # `as_const` always raises Impossible
        self.strict = issubclass(cls, _STRICT) and not issubclass(cls, (nodes.And, nodes.Or))
        names = ("Name", "Const", "Getattr", "Compare", "Filter", "Test", "Call", "BinExpr", "UnaryExpr", "Concat",
                 "List", "Tuple", "Dict", "Getitem", "CondExpr")
        self.name = next((n for n in names if issubclass(cls, getattr(nodes, n))), cls.__name__)


_KINDS: dict[type, _Kind] = {}


def _kind(cls: type) -> _Kind:
    found = _KINDS.get(cls)
    if found is None:
        found = _KINDS[cls] = _Kind(cls)
    return found


def _constant(value: Any) -> Node:
    """A folded or written constant, as Python reads it back from the code Jinja2 writes (`repr`, floats by `str`)."""
    if type(value) is float and not math.isfinite(value):
        return (NO_NAME, str(value))  # Jinja2 writes `inf` or `nan`, which Python reads as an unknown name
    if type(value) is list:
        return (LIST, tuple(_constant(item) for item in value))
    if type(value) is tuple:
        return (TUPLE, tuple(_constant(item) for item in value))
    if type(value) is dict:
        return (DICT, tuple((_constant(key), _constant(item)) for key, item in value.items()))
    if type(value) in (set, frozenset):
        return (COPY, value)
    return (CONST, value)


# ----------------------------------------------------------------------------------------- running


def _run(node: Node, scope: _Scope) -> Any:
    return _RUN[node[0]](node, scope)


def _const(node: Node, scope: _Scope) -> Any:
    return node[1]


def _name(node: Node, scope: _Scope) -> Any:
    try:
        return scope.names[node[1]]
    except KeyError:
        return scope.env.undefined(name=node[1])


def _self(node: Node, scope: _Scope) -> Any:
    return scope.reference()


def _list(node: Node, scope: _Scope) -> Any:
    return [_RUN[item[0]](item, scope) for item in node[1]]


def _tuple(node: Node, scope: _Scope) -> Any:
    return tuple(_RUN[item[0]](item, scope) for item in node[1])


def _dict(node: Node, scope: _Scope) -> Any:
    # As CPython builds `{k: v, ...}`: up to 15 pairs are all worked out before any is put in (an unhashable
    # key fails after every value); longer displays are built in parts, some pair by pair.
    pairs = node[1]
    result: dict[Any, Any] = {}
    for start, end, one_by_one in _dict_chunks(len(pairs)):
        if one_by_one:
            for key, value in pairs[start:end]:
                k = _RUN[key[0]](key, scope)
                result[k] = _RUN[value[0]](value, scope)
        else:
            done = [(_RUN[key[0]](key, scope), _RUN[value[0]](value, scope)) for key, value in pairs[start:end]]
            for k, v in done:
                result[k] = v
    return result


def _dict_chunks(count: int) -> list[tuple[int, int, bool]]:
    """The parts CPython 3.11's compiler builds a dict display of `count` pairs in (compiler_dict/compiler_subdict)."""
    chunks, elements = [], 0
    for i in range(count):
        if elements * 2 > 30:
            chunks.append((i - elements, i + 1, True))
            elements = 0
        else:
            elements += 1
    if elements:
        chunks.append((count - elements, count, elements * 2 > 30))
    return chunks


def _copy(node: Node, scope: _Scope) -> Any:
    return type(node[1])(node[1])


def _no_name(node: Node, scope: _Scope) -> NoReturn:
    raise NameError(f"name {node[1]!r} is not defined")


def _fail(node: Node, scope: _Scope) -> NoReturn:
    raise node[1](*node[2])


def _binop(node: Node, scope: _Scope) -> Any:
    left = _RUN[node[2][0]](node[2], scope)
    return scope.env.call_binop(None, node[1], left, _RUN[node[3][0]](node[3], scope))  # type: ignore[arg-type]


def _sub(node: Node, scope: _Scope) -> Any:
    return _RUN[node[1][0]](node[1], scope) - _RUN[node[2][0]](node[2], scope)


def _div(node: Node, scope: _Scope) -> Any:
    return _RUN[node[1][0]](node[1], scope) / _RUN[node[2][0]](node[2], scope)


def _floordiv(node: Node, scope: _Scope) -> Any:
    return _RUN[node[1][0]](node[1], scope) // _RUN[node[2][0]](node[2], scope)


def _and(node: Node, scope: _Scope) -> Any:
    return _RUN[node[1][0]](node[1], scope) and _RUN[node[2][0]](node[2], scope)


def _or(node: Node, scope: _Scope) -> Any:
    return _RUN[node[1][0]](node[1], scope) or _RUN[node[2][0]](node[2], scope)


def _not(node: Node, scope: _Scope) -> Any:
    return not _RUN[node[1][0]](node[1], scope)


def _neg(node: Node, scope: _Scope) -> Any:
    return -_RUN[node[1][0]](node[1], scope)


def _pos(node: Node, scope: _Scope) -> Any:
    return +_RUN[node[1][0]](node[1], scope)


def _concat(node: Node, scope: _Scope) -> Any:
    return scope.env.concat_text(tuple(_RUN[part[0]](part, scope) for part in node[1]))  # type: ignore[attr-defined]


def _compare(node: Node, scope: _Scope) -> Any:
    # As Python's chained comparison: each operand worked out once, stopping at the first false result.
    left = _RUN[node[1][0]](node[1], scope)
    result: Any = True
    for op, operand in node[2]:
        right = _RUN[operand[0]](operand, scope)
        result = _COMPARE[op](left, right)
        if not result:
            return result
        left = right
    return result


def _getattr(node: Node, scope: _Scope) -> Any:
    return scope.env.getattr(_RUN[node[1][0]](node[1], scope), node[2])


def _getitem(node: Node, scope: _Scope) -> Any:
    obj = _RUN[node[1][0]](node[1], scope)
    return scope.env.getitem(obj, _RUN[node[2][0]](node[2], scope))


def _slice(node: Node, scope: _Scope) -> Any:
    obj = _RUN[node[1][0]](node[1], scope)
    start, stop, step = (None if b is None else _RUN[b[0]](b, scope) for b in node[2])
    return obj[start:stop:step]


def _arguments(node: Node, first: int, scope: _Scope, positional: list[Any]) -> dict[str, Any]:
    """Arguments in the order Python works out Jinja2's call: positional, `*`, keywords, then `**`."""
    args, keys, values, dyn_args, dyn_kwargs, workaround = node[first:first + 6]
    positional.extend(_RUN[arg[0]](arg, scope) for arg in args)
    if dyn_args is not None:
        positional.extend(_RUN[dyn_args[0]](dyn_args, scope))
    named = {key: _RUN[value[0]](value, scope) for key, value in zip(keys, values, strict=True)}
    if dyn_kwargs is None:
        return named
    more = _RUN[dyn_kwargs[0]](dyn_kwargs, scope)
    return dict(named, **more) if workaround else _merged(named, more)


def _merged(named: dict[str, Any], more: Any) -> dict[str, Any]:
    def take(**kwargs: Any) -> dict[str, Any]:
        return kwargs

    return take(**named, **more)  # Python's own checks: a mapping, names as text, no name twice


def _filter(node: Node, scope: _Scope) -> Any:
    func = scope.env.filters[node[1]]
    positional = [] if node[2] == PASS_NOTHING else [scope.passed(node[2])]
    positional.append(_RUN[node[3][0]](node[3], scope))
    named = _arguments(node, 4, scope, positional)
    return func(*positional, **named)


def _test(node: Node, scope: _Scope) -> Any:
    func = cast("Callable[..., Any]", scope.env.tests[node[1]])
    positional = [] if node[2] == PASS_NOTHING else [scope.passed(node[2])]
    positional.append(_RUN[node[3][0]](node[3], scope))
    named = _arguments(node, 4, scope, positional)
    return func(*positional, **named)


def _call(node: Node, scope: _Scope) -> Any:
    positional = [_RUN[node[1][0]](node[1], scope)]
    named = _arguments(node, 2, scope, positional)
    return scope.env.call(scope.context(), *positional, **named)


def _cond(node: Node, scope: _Scope) -> Any:
    if _RUN[node[1][0]](node[1], scope):
        return _RUN[node[2][0]](node[2], scope)
    return _RUN[node[3][0]](node[3], scope)


def _cond_undefined(node: Node, scope: _Scope) -> Any:
    if _RUN[node[1][0]](node[1], scope):
        return _RUN[node[2][0]](node[2], scope)
    return Undefined(node[3])  # Jinja2's `cond_expr_undefined`: the plain Undefined, not the environment's


_RUN: tuple[Callable[[Node, _Scope], Any], ...] = (
    _const, _name, _self, _list, _tuple, _dict, _copy, _no_name, _fail, _binop, _sub, _div, _floordiv, _and, _or, _not,
    _neg, _pos, _concat, _compare, _getattr, _getitem, _slice, _filter, _test, _cond, _cond_undefined, _call)
