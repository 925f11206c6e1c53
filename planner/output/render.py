"""Rendering typed documents with Jinja2: Markdown, plain text, accessible HTML, and JSON.

Templates live in `planner/output/templates/` as `NAME.FORMAT.j2`. A council can
override any of them, or one block of one, by putting a file of the same name in
`content/councils/ID/templates/`; an override can extend the built-in one as
`{% extends "default:support-plan.html.j2" %}` (Datasette's ChoiceLoader and
PrefixLoader). Templates are content: they run in the locked-down sandbox of
`planner.output.sandbox`, see the document as plain data, are limited in time and
size, and any failure is one `TemplateFailed` naming the file; a typo fails loudly
(StrictUndefined) rather than printing nothing.

Templates are compiled once per process: one environment per templates folder is kept
(see `environment`), whatever the format or the language, so a template every format shares
(`support-plan.j2`, `parts.j2`) is compiled once, not once per format; Jinja's bytecode cache
keeps them compiled on disk between runs (`planner.output.cache`). The format, the words and
the locale of one rendering reach the templates only while it runs (`_Words`): each printed
value is escaped for the format being rendered then, and nothing of one person's language or
council is left behind for the next.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Literal
from collections.abc import Callable

from jinja2 import ChoiceLoader, PrefixLoader, pass_eval_context
from jinja2.nodes import EvalContext

from planner.i18n.translator import ENGLISH, Translator, fill

from .documents.base import Document
from .cache import bytecode_cache
from .formatting import Formatter
from .safety import finalize_html, finalize_markdown, finalize_text, tidy, tighten_lists, wrap
from .sandbox import ContentLoader, TemplateFailed, TemplateSandbox, failure

__all__ = ["FORMATS", "Format", "Renderer", "TemplateFailed", "to_json"]

Format = Literal["md", "txt", "html"]
FORMATS: tuple[Format, ...] = ("md", "txt", "html")
TEMPLATES = Path(__file__).parent / "templates"
_FINALIZE: dict[str, Callable[[Any], Any]] = {"md": finalize_markdown, "txt": finalize_text, "html": finalize_html}
MOST_KEPT = 16  # environments kept at once: one for each of many councils' templates


class Renderer:
    """Renders documents for one council's templates, one locale and one language's words.

    Templates say `_("words")`, `_("Call {name}.", name=...)` and `ngettext(one, many, n)`
    (with `{num}`); what comes back is plain text, escaped for its format like any value.
    """

    def __init__(self, *, council_templates: Path | None = None, locale: str = "en_GB",
                 translator: Translator = ENGLISH) -> None:
        self.council_templates = council_templates if council_templates and council_templates.is_dir() else None
        self.locale = locale
        self.translator = translator
        self.formatter = Formatter(locale, translator=translator)

    @property
    def folders(self) -> list[Path]:
        """Where templates come from: the council's folder (if any), then the built-in one."""
        return [self.council_templates, TEMPLATES] if self.council_templates else [TEMPLATES]

    def environment(self) -> TemplateSandbox:
        """The environment of this renderer's templates, for every format (kept for the process)."""
        return environment(self.council_templates)

    def render(self, document: Document, fmt: Format, *, large_print: bool | None = None) -> str:
        """The document in one format; plain text is wrapped for printing.

        Raises:
            TemplateFailed: a template is unsafe, too slow, too large or has a mistake (the message names it).
        """
        name = document.about.document
        data = document.model_dump()
        large = document.about.large_print if large_print is None else large_print
        env = self.environment()
        env.start_clock()
        template = None
        words = _WORDS.use(self.translator, self.formatter, fmt)
        try:
            template = env.get_template(f"{name}.{fmt}.j2")
            text = template.render(doc=data, about=data["about"], fmt=fmt, macros=f"macros.{fmt}.j2",
                                   large_print=large, lang=self.locale.replace("_", "-"))
        except Exception as exc:  # every fault of a template is told the same plain way
            first = Path(template.filename) if template is not None and template.filename else None
            raise failure(exc, self.folders, self.translator, first=first) from exc
        finally:
            _WORDS.restore(words)
            env.stop_clock()
        if fmt == "txt":
            return tidy(wrap(tighten_lists(text)))
        return tidy(tighten_lists(text) if fmt == "md" else text)


_Before = tuple[Translator | None, Formatter | None, Callable[[Any], Any] | None]


class _Words(threading.local):
    """The translator, formatter and format of the rendering running in this thread, if any.

    Environments are shared by every rendering, so their words functions, filters and the
    escaping of what is printed ask here each time; `use` and `restore` surround one rendering.
    """

    translator: Translator | None = None
    formatter: Formatter | None = None
    finalize: Callable[[Any], Any] | None = None

    def use(self, translator: Translator, formatter: Formatter, fmt: Format) -> _Before:
        before = self.translator, self.formatter, self.finalize
        self.translator, self.formatter, self.finalize = translator, formatter, _FINALIZE[fmt]
        return before

    def restore(self, before: _Before) -> None:
        self.translator, self.formatter, self.finalize = before

    def now(self) -> tuple[Translator, Formatter]:
        if self.translator is None or self.formatter is None:
            raise RuntimeError("templates are only rendered through Renderer.render")
        return self.translator, self.formatter


_WORDS = _Words()
_KEPT: OrderedDict[Path | None, TemplateSandbox] = OrderedDict()
_KEEPING = threading.Lock()


@pass_eval_context
def _finalize(context: EvalContext, value: Any) -> Any:
    """Each printed value, made safe for the format being rendered now.

    It asks for its context, so Jinja never runs it while compiling (on a constant): compiled code is the
    same for every format, and what is printed is escaped at the time of rendering only.
    """
    finalize = _WORDS.finalize
    if finalize is None:
        raise RuntimeError("templates are only rendered through Renderer.render")
    return finalize(value)


def environment(council_templates: Path | None = None) -> TemplateSandbox:
    """The one environment of this process for a council's templates folder (or none), for every format.

    Jinja keeps each template compiled in its environment, and notices when a file changes.
    """
    key = folder = council_templates.resolve() if council_templates else None
    with _KEEPING:
        env = _KEPT.get(key)
        if env is None:
            env = _KEPT[key] = _new_environment(folder)
            while len(_KEPT) > MOST_KEPT:
                _KEPT.popitem(last=False)
        else:
            _KEPT.move_to_end(key)
        return env


def forget_templates() -> None:
    """Drop every kept environment, as a new process would start (for tests and `planner check`)."""
    with _KEEPING:
        _KEPT.clear()


def _new_environment(council_templates: Path | None) -> TemplateSandbox:
    built_in = ContentLoader(TEMPLATES)
    loaders: list[Any] = [ContentLoader(council_templates)] if council_templates else []
    loaders += [PrefixLoader({"default": built_in}, delimiter=":"), built_in]
    env = TemplateSandbox(loader=ChoiceLoader(loaders), finalize=_finalize)
    env.bytecode_cache = bytecode_cache()
    callables = _callables()
    gettext, ngettext, pgettext, npgettext = callables
    env.install_gettext_callables(gettext, ngettext, newstyle=False, pgettext=pgettext, npgettext=npgettext)
    env.allow_callables(*callables)
    env.add_filters(_filters())
    return env


def _filters() -> dict[str, Callable[..., str]]:
    """The formatter's filters, each asking for the formatter of the rendering running now."""
    def current(name: str) -> Callable[..., str]:
        def call(*args: Any, **kwargs: Any) -> str:
            method: Callable[..., str] = getattr(_WORDS.now()[1], name)
            return method(*args, **kwargs)
        call.__name__ = name
        return call

    return {name: current(function.__name__) if getattr(function, "__self__", None) is not None else function
            for name, function in Formatter().filters().items()}


def _filled(text: str, english: str, params: dict[str, Any]) -> str:
    """`text` with its `{name}` placeholders filled in (as everywhere else); the English if a translation's
    placeholders do not fit."""
    return fill(text, english, params) if params else text


def _callables() -> tuple[Callable[..., str], ...]:
    """gettext, ngettext, pgettext and npgettext for templates, in the language of the rendering running now,
    returning plain text (never markup)."""

    def gettext(message: str, **params: Any) -> str:
        return _filled(_WORDS.now()[0].catalogue.gettext(message), message, params)

    def ngettext(singular: str, plural: str, num: int, **params: Any) -> str:
        chosen = singular if num == 1 else plural
        return _filled(_WORDS.now()[0].catalogue.ngettext(singular, plural, num), chosen, {"num": num, **params})

    def pgettext(context: str, message: str, **params: Any) -> str:
        return _filled(_WORDS.now()[0].catalogue.pgettext(context, message), message, params)

    def npgettext(context: str, singular: str, plural: str, num: int, **params: Any) -> str:
        return _filled(_WORDS.now()[0].catalogue.npgettext(context, singular, plural, num),
                       singular if num == 1 else plural, {"num": num, **params})

    return gettext, ngettext, pgettext, npgettext


def to_json(document: Document) -> str:
    """The typed document as JSON, exactly as its published schema describes it."""
    return json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
