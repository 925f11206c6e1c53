"""The sandbox that document templates run in, built-in and council-written alike.

A document reaches its template as plain data (`model_dump`): text, numbers, dates,
money, yes/no, lists and mappings. As for expressions (planner/flows/sandbox.py),
`a.b` and `a["b"]` look an item up and nothing else: no method of a document, of
text, lists or mappings can be reached, so data cannot turn into code. The only
other things a template can touch are Jinja's own: macros and `caller()`, blocks
and `super()`, `loop`, `namespace()`, and the words `_()` and `ngettext()`.

Limits: a value built by a template is at most `MAX_TEXT` characters, a page at
most `MAX_OUTPUT`, and one rendering at most `TIME_LIMIT` seconds of this thread's
time; every loop step, look-up and call checks the clock, so nothing hangs.
"""

from __future__ import annotations

import os
import re
import stat
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from collections.abc import Callable

from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, nodes
from jinja2.compiler import Frame
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.ext import _gettext_alias
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference, Undefined, markup_join, str_join
from jinja2.utils import Namespace

from planner.flows.problems import display_path
from planner.flows.sandbox import _BINOPS, Sandbox, _check_size, _checked, _Generator, limited_filters
from planner.i18n.translator import ENGLISH, N_, Translator
from planner.text import clean_text

MAX_TEXT = 1_000_000  # characters in any value a template builds (a long answer is up to 100,000)
MAX_OUTPUT = 5_000_000  # characters in one document in one format (20 answers of 100,000 fit, escaped)
MAX_RANGE = 10_000  # numbers in one range()
MAX_FILE = 512 * 1024  # bytes in one template file
TIME_LIMIT = 2.0  # seconds of this thread's time for one document in one format
LOOP_NAMES = frozenset(["index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
                        "previtem", "nextitem", "cycle", "changed"])
LOOP_METHODS = frozenset({"cycle", "changed"})
CONTEXT_NAMES = ("doc", "about", "fmt", "macros", "large_print", "lang")
TEST_NAMES = ("defined", "undefined", "none", "boolean", "false", "true", "integer", "float", "number", "string",
              "mapping", "iterable", "sequence", "odd", "even", "divisibleby", "eq", "equalto", "ne", "lt", "gt", "le",
              "ge", "in", "sameas")
GLOBAL_NAMES = ("_", "gettext", "ngettext", "pgettext", "npgettext", "namespace", "range")
_WIDE_FORMAT = re.compile(r"%(\([^)]*\))?[-+ #0]*[\d*.]")


class TemplateLimit(SecurityError):
    """A template went past a limit on time or size."""


class TemplateTooSlow(TemplateLimit):
    """A template ran for longer than its time limit."""


class TemplateTooLarge(TemplateLimit):
    """A template made a value or a page larger than its limit."""


class _TemplateGenerator(_Generator):
    """Loops step through `environment.steps`, and `~` is size-checked but joins as Jinja does."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        self.__dict__.setdefault("ticked", set()).add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        ticked = self.__dict__.get("ticked")
        if ticked and id(node) in ticked:
            ticked.discard(id(node))
            self.write("environment.steps(")
            super().visit(node, *args, **kwargs)
            self.write(")")
            return None
        return super().visit(node, *args, **kwargs)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_parts((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


class TemplateSandbox(Sandbox):
    """Jinja's immutable sandbox with item look-ups only, a short list of callables, and limits."""

    code_generator_class = _TemplateGenerator
    max_text = MAX_TEXT
    install_gettext_callables: Callable[..., None]  # added to each environment by jinja2's i18n extension

    def __init__(self, *, loader: BaseLoader, finalize: Callable[..., Any], time_limit: float = TIME_LIMIT,
                 max_output: int = MAX_OUTPUT) -> None:
        # Not `optimized`: folding constants while compiling makes compiling a template a quarter slower, and
        # saves next to nothing when it runs (every value a document prints comes from the document).
        super().__init__(loader=loader, autoescape=True, undefined=StrictUndefined, finalize=finalize,
                         trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                         extensions=["jinja2.ext.i18n"], optimized=False)
        self.time_limit = time_limit
        self.max_output = max_output
        self._clock = threading.local()
        self._callables: list[Callable[..., Any]] = []
        i18n = {name: self.globals[name] for name in ("_",) if name in self.globals}
        self.globals.clear()
        self.globals.update(i18n, namespace=Namespace, range=safe_range)
        self.filters = limited_filters(self)
        self.filters.update(lines=_checked(lines, self.max_text), by_section=by_section)
        self.tests = {name: self.tests[name] for name in TEST_NAMES if name in self.tests}

    def allow_callables(self, *functions: Callable[..., Any]) -> None:
        """Let templates call these (the words functions and such), and nothing else new."""
        self._callables.extend(functions)

    def add_filters(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        """Add the project's own filters (money, dates...): they take data and give text."""
        self.filters.update(filters)

    # The clock

    def start_clock(self) -> None:
        self._clock.deadline = time.thread_time() + self.time_limit

    def stop_clock(self) -> None:
        self._clock.deadline = None

    def tick(self) -> None:
        deadline = getattr(self._clock, "deadline", None)
        if deadline is not None and time.thread_time() > deadline:
            raise TemplateTooSlow("the template took too long")

    def steps(self, iterable: Any) -> Iterator[Any]:
        """Each item of a loop, checking the clock first (a loop that does nothing still takes time)."""
        if isinstance(iterable, Undefined):
            iterable = iter(iterable)
        for item in iterable:
            self.tick()
            yield item

    # Look-ups

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        if isinstance(attribute, str) and attribute.startswith("_"):
            raise SecurityError(f"names that start with _ cannot be used ('{attribute}')")
        if isinstance(obj, Undefined):
            return getattr(obj, attribute)
        if isinstance(obj, LoopContext):
            if attribute in LOOP_NAMES:
                return getattr(obj, attribute)
            return self.undefined(obj=obj, name=attribute, hint=f"loop has no '{attribute}'")
        if isinstance(obj, Namespace):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                return self.undefined(obj=obj, name=attribute, hint=f"the namespace has no '{attribute}'")
        if isinstance(obj, TemplateReference):
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute, hint=f"there is no block called '{attribute}'")
        if isinstance(obj, BlockReference) and attribute == "super":
            return obj.super
        if isinstance(obj, TemplateModule):
            if attribute in vars(obj):
                return vars(obj)[attribute]
            return self.undefined(obj=obj, name=attribute, hint=f"there is no macro called '{attribute}'")
        return self.getitem(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        if isinstance(argument, str) and argument.startswith("_"):
            raise SecurityError(f"names that start with _ cannot be used ('{argument}')")
        if isinstance(obj, Undefined):
            return obj[argument]
        if isinstance(obj, Mapping):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=argument,
                                      hint=f"there is nothing called '{argument}' here" if isinstance(argument, str)
                                      else f"there is nothing at {argument!r} here")
        index = isinstance(argument, (int, slice)) and not isinstance(argument, bool)
        if isinstance(obj, (str, list, tuple)) and index:
            try:
                return obj[argument]
            except (IndexError, ValueError):
                return self.undefined(obj=obj, name=str(argument), hint=f"there is nothing at {argument} here")
        return self.undefined(obj=obj, name=str(argument))

    # Calls

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        if not __self.may_call(__obj):
            raise SecurityError(f"{_called(__obj)} cannot be called")
        if isinstance(__obj, LoopContext) and args:
            args = (__self.steps(args[0]), *args[1:])
        return __context.call(__obj, *args, **kwargs)

    def may_call(self, obj: Any) -> bool:
        if isinstance(obj, (Macro, BlockReference, LoopContext, Undefined)):
            return True  # calling an undefined name fails with its own message
        if obj is Namespace or obj is safe_range or obj is _gettext_alias or any(obj is f for f in self._callables):
            return True
        owner = getattr(obj, "__self__", None)
        return isinstance(owner, LoopContext) and getattr(obj, "__name__", "") in LOOP_METHODS

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator_name == "%" and isinstance(left, str):
            return _check_size(format_text(left, right), self.max_text)
        return _BINOPS[operator_name](left, right, self.max_text)

    # Joining

    def concat_parts(self, parts: tuple[Any, ...], autoescape: bool) -> str:
        _check_size(list(parts), self.max_text)
        return markup_join(parts) if autoescape else str_join(parts)

    def output_buffer(self) -> OutputBuffer:
        """Where a macro, `caller()` or `{% set %}` block collects its text, refused when it grows too large."""
        return OutputBuffer(self.max_output)

    def concat(self, parts: Iterable[Any]) -> str:
        """Every piece of output joined, refused as soon as there is too much of it."""
        kept: list[str] = []
        total = 0
        for part in parts:
            total += len(part)
            if total > self.max_output:
                raise TemplateTooLarge("the template made too much text")
            kept.append(part)
        return "".join(kept)


class OutputBuffer(list[Any]):
    """A list of pieces of text that counts their length as they come."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.total = 0

    def _count(self, item: Any) -> None:
        self.total += len(item) if isinstance(item, str) else 0
        if self.total > self.limit:
            raise TemplateTooLarge("the template made too much text")

    def append(self, item: Any) -> None:
        self._count(item)
        super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        items = tuple(items)
        for item in items:
            self._count(item)
        super().extend(items)


def _called(obj: Any) -> str:
    name = getattr(obj, "__name__", None)
    return f"'{name}'" if isinstance(name, str) and not name.startswith("_") else "this"


def format_text(text: str, params: Any) -> str:
    """`text % params` for words with placeholders, refusing widths ('%99999999s') that make huge text."""
    if _WIDE_FORMAT.search(text.replace("%%", "")):
        raise SecurityError("text cannot be formatted with a width")
    formatted: str = text % params
    return formatted


def safe_range(*args: int) -> range:
    """range(), at most `MAX_RANGE` numbers long."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateTooLarge(f"range() can give at most {MAX_RANGE} numbers")
    return numbers


def lines(text: Any) -> list[str]:
    """Text split into its lines: `q.words | lines`."""
    return str(text).split("\n")


def by_section(items: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[Any]]]:
    """Questions still to ask, grouped by their section in order: `doc.still_to_ask | by_section`."""
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(str(item["section"]), []).append(item)
    return list(groups.items())


class TemplateUnreadable(TemplateError):
    """A template file that must not be read: not a plain file, a link out of its folder, or too big."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(why)
        self.name = display_path(path)


class ContentLoader(FileSystemLoader):
    """Templates from one folder: plain files only (never a pipe, a device or a link out of the folder), not too big."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            path = Path(folder, *template.split("/"))
            try:
                info = os.stat(path)
            except (OSError, ValueError):
                continue
            if not stat.S_ISREG(info.st_mode):
                raise TemplateUnreadable(path, "it is not a plain file")
            if not path.resolve().is_relative_to(Path(folder).resolve()):
                raise TemplateUnreadable(path, "it leads out of the templates folder")
            if info.st_size > MAX_FILE:
                raise TemplateUnreadable(path, f"it is larger than {MAX_FILE} bytes")
            break
        return super().get_source(environment, template)


SLOW = N_("The template {where} took too long, so it was stopped. Make its loops smaller.")
LARGE = N_("The template {where} made too much text, so it was stopped. Make it print less.")
DEEP = N_("The template {where} calls a macro inside itself too many times. Make it call itself fewer times.")
UNSAFE = N_("The template {where} uses something templates may not use: {detail}. "
            "Run 'planner check' to see what to change.")
MISTAKE = N_("The template {where} has a mistake: {detail}. Run 'planner check' to see what to change.")
WHERE = N_("{file}, line {line}")
_MESSAGES = {"slow": SLOW, "large": LARGE, "deep": DEEP, "unsafe": UNSAFE, "mistake": MISTAKE}


class TemplateFailed(Exception):
    """A document's template could not be used: unsafe, too slow, too large, or with a mistake.

    `str()` is one plain sentence naming the template file (and line), ready to show;
    `path`, `line`, `kind` ("slow", "large", "deep", "unsafe" or "mistake") and `detail` are for
    `planner check`. The original error is the `__cause__`.
    """

    def __init__(self, message: str, *, path: str, line: int, kind: str, detail: str) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.kind = kind
        self.detail = detail


def failure(exc: BaseException, folders: Iterable[Path], tr: Translator = ENGLISH, *,
            first: Path | None = None) -> TemplateFailed:
    """The plain `TemplateFailed` for an error raised while loading or rendering templates from `folders`.

    `first` is the template that was asked for, named when the error cannot be placed in a file
    (such as a document that grew too large as a whole).
    """
    path, line = _where(exc, [Path(f) for f in folders])
    if path == "?" and first is not None:
        path = display_path(first)
    kind, detail = _kind(exc)
    where = tr.gettext(WHERE, file=path, line=line) if line else path
    message = tr.gettext(_MESSAGES[kind], where=where, detail=detail)
    return TemplateFailed(message, path=path, line=line, kind=kind, detail=detail)


def _kind(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, TemplateTooSlow):
        return "slow", str(exc)
    if isinstance(exc, TemplateLimit):
        return "large", str(exc)
    if isinstance(exc, RecursionError):
        return "deep", "a macro calls itself too many times"
    if isinstance(exc, MemoryError):
        return "large", "the template made too much"
    if isinstance(exc, SecurityError):
        return "unsafe", _short(exc.message or str(exc))
    if isinstance(exc, TemplateSyntaxError):
        return "mistake", _short(exc.message or str(exc))
    if isinstance(exc, TemplateNotFound):
        return "mistake", _short(exc.message or f"there is no template called '{exc.name}'")
    if isinstance(exc, (UndefinedError, TemplateError)):
        return "mistake", _short(exc.message or str(exc))
    return "mistake", _short(str(exc) or type(exc).__name__)


def _short(text: str) -> str:
    text = clean_text(str(text))
    return text if len(text) <= 200 else text[:199] + "…"


def _where(exc: BaseException, folders: list[Path]) -> tuple[str, int]:
    """The template file and line the error happened in: the innermost template frame."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return display_path(Path(exc.filename)), exc.lineno
    found: tuple[str, int] | None = None
    tb = exc.__traceback__
    resolved = [f.resolve() for f in folders]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename and not filename.startswith("<"):
            try:
                place = Path(filename).resolve()
            except OSError:
                place = None
            if place is not None and any(place.is_relative_to(folder) for folder in resolved):
                found = (display_path(place), tb.tb_lineno)
        tb = tb.tb_next
    if found:
        return found
    name = getattr(exc, "name", None)
    return (str(name) if name else "?"), 0
