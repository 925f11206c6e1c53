"""The Jinja2 sandbox that expressions run in, and the limits that keep it small and quick.

Answers, derived values and council settings reach expressions as plain data: text,
numbers, yes/no, lists and mappings. So the sandbox allows item-style access only
(`rent.amount`, `council.contact.phone`, `helpers[0]`) and no attribute access at all:
no method of text, lists or mappings can be reached, and nothing can be called.
Operators and filters that can make huge values are checked before they run.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator, Mapping
from typing import Any, TypeGuard
from collections.abc import Callable

from jinja2 import ChainableUndefined, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import do_join
from jinja2.nodes import Concat, EvalContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from planner.i18n.lists import and_join
from planner.i18n.translator import ENGLISH

MAX_TEXT = 100_000  # characters in any text or list built by an expression, and in any shown text
MAX_BITS = 400  # a little over 10**120: far beyond any count or amount of money
MAX_POWER = 64
ALLOWED_FILTERS = ["abs", "capitalize", "count", "d", "default", "first", "float", "int", "join", "last", "length",
                   "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace", "round", "select",
                   "selectattr", "sort", "string", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount"]


def size(value: Any, limit: int = MAX_TEXT) -> int:
    """Roughly how many characters `value` takes when shown; stops counting past `limit`."""
    if isinstance(value, str):
        return len(value)
    if _is_int(value):
        return value.bit_length() // 3 + 1
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        total = len(value)
        for item in value:
            total += size(item, limit - total)
            if total > limit:
                break
        return total
    return 24  # a float, yes/no or nothing: never longer than this


def shown(value: Any, join: Callable[[list[str]], str] | None = None) -> str:
    """A value as quoted in text: plain data only, never a Python object, a function or its address.

    `join` says a list in the conversation's language ('a, b and c' in English).
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (str, int, float)):
        text = str(value)
    elif isinstance(value, (list, tuple)):
        items = [i for i in (shown(item, join) for item in value) if i]
        text = (join or functools.partial(and_join, tr=ENGLISH))(items)
    elif isinstance(value, Mapping) and type(value).__str__ is not dict.__str__:
        text = str(value)  # an answer with its own wording, such as money: '£120.00 a week'
    else:  # nothing, a mapping without its own wording, or anything else
        return ""
    return text if len(text) <= MAX_TEXT else ""


def as_text(value: Any) -> str:
    """A value joined into text by `~`, `join` or `string`: words and numbers as Jinja2 writes them, never a repr."""
    return str(value) if isinstance(value, (str, int, float)) else shown(value)


def _check_size(value: Any, limit: int = MAX_TEXT) -> Any:
    if size(value, limit) > limit:
        raise SecurityError("the value would be too large")
    return value


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _mul(left: Any, right: Any, limit: int = MAX_TEXT) -> Any:
    if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_BITS:
        raise SecurityError("the number would be too large")
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                and size(sequence, limit) * max(count, 0) > limit:
            raise SecurityError("the value would be too large")
    return operator.mul(left, right)


def _pow(left: Any, right: Any, limit: int = MAX_TEXT) -> Any:
    if isinstance(right, (int, float)) and abs(right) > MAX_POWER:
        raise SecurityError("the power is too large")
    if _is_int(left) and _is_int(right) and left.bit_length() * max(right, 0) > MAX_BITS:
        raise SecurityError("the number would be too large")
    return operator.pow(left, right)


def _add(left: Any, right: Any, limit: int = MAX_TEXT) -> Any:
    if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        _check_size([left, right], limit)
    return operator.add(left, right)


def _mod(left: Any, right: Any, limit: int = MAX_TEXT) -> Any:
    if isinstance(left, str):  # '%99999999s' % x would make a huge text
        raise SecurityError("text cannot be formatted with %")
    return operator.mod(left, right)


_BINOPS: dict[str, Callable[[Any, Any, int], Any]] = {"*": _mul, "**": _pow, "+": _add, "%": _mod}


class _Generator(CodeGenerator):
    """Compiles `a ~ b` through the environment, so joined text is size-checked too."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.concat_text((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(ImmutableSandboxedEnvironment):
    """Item access to plain data only, nothing callable, and limits on what can grow."""

    code_generator_class = _Generator
    intercepted_binops = frozenset(_BINOPS)
    max_text = MAX_TEXT

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return False

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self.getitem(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, ChainableUndefined):
            return obj
        if isinstance(argument, str) and argument.startswith("_"):
            return self.undefined(obj=obj, name=argument)
        if isinstance(obj, Mapping):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=argument)
        if isinstance(obj, (str, list, tuple)) and isinstance(argument, (int, slice)) \
                and not isinstance(argument, bool):
            try:
                return obj[argument]
            except (IndexError, ValueError):
                return self.undefined(obj=obj, name=str(argument))
        return self.undefined(obj=obj, name=str(argument))

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        raise SecurityError("nothing can be called in an expression")

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        return _BINOPS[operator_name](left, right, self.max_text)

    @staticmethod
    def concat_text(parts: tuple[Any, ...]) -> str:
        _check_size(list(parts))
        return "".join(as_text(part) for part in parts)


def _replacer(limit: int) -> Callable[..., str]:
    def replace(value: Any, old: Any, new: Any, count: Any = None) -> str:
        text, old, new = str(value), str(old), str(new)
        times = text.count(old) if count is None or count < 0 else min(text.count(old), count)
        if len(text) + times * (len(new) - len(old)) > limit:
            raise SecurityError("the text would be too large")
        return text.replace(old, new, -1 if count is None else count)

    return replace


def _joiner(limit: int) -> Callable[..., str]:
    @pass_eval_context
    def join(eval_ctx: EvalContext, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value)
        if size(items, limit) + len(str(d)) * max(len(items) - 1, 0) > limit:
            raise SecurityError("the text would be too large")
        shown = items if attribute is not None else [as_text(item) for item in items]
        return str(do_join(eval_ctx, shown, d, attribute))

    return join


def _checked(original: Callable[..., Any], limit: int = MAX_TEXT) -> Callable[..., Any]:
    """A filter whose result is refused when it is too large (its input is already limited)."""

    @functools.wraps(original)
    def run(*args: Any, **kwargs: Any) -> Any:
        return _check_size(original(*args, **kwargs), limit)

    return run


TEXT_FILTERS = ("capitalize", "lower", "replace", "title", "trim", "truncate", "upper", "wordcount")


def _on_words(original: Callable[..., Any]) -> Callable[..., Any]:
    """A filter of text given a list (or what `map` and `select` make) works on its words, 'a, b and c', never on
    Python's own writing of the object ('<generator object ... at 0x...>', "['a', 'b']")."""
    takes_context = getattr(original, "jinja_pass_arg", None) is not None

    @functools.wraps(original)
    def run(*args: Any, **kwargs: Any) -> Any:
        at = 1 if takes_context else 0
        value = args[at]
        if not isinstance(value, (str, int, float, Mapping)):
            value = as_text(list(value) if isinstance(value, Iterator) else value)
        return original(*args[:at], value, *args[at + 1:], **kwargs)

    return run


def limited_filters(env: Sandbox) -> dict[str, Callable[..., Any]]:
    """The allowed built-in filters, those that can grow a value checked against `env.max_text`."""
    filters = {name: env.filters[name] for name in ALLOWED_FILTERS}
    for name in ("sum", "list", "truncate"):
        filters[name] = _checked(filters[name], env.max_text)
    filters.update(join=_joiner(env.max_text), replace=_replacer(env.max_text), string=as_text)
    for name in TEXT_FILTERS:
        filters[name] = _on_words(filters[name])
    return filters


def make_sandbox(finalize: Callable[[Any], Any]) -> Sandbox:
    """The environment every expression is compiled in."""
    env = Sandbox(undefined=ChainableUndefined, autoescape=False, finalize=finalize)
    env.globals.clear()
    env.filters = limited_filters(env)
    return env
