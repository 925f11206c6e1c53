"""Rendering typed documents with Jinja2: Markdown, plain text, accessible HTML, and JSON.

Templates live in `planner/output/templates/` as `NAME.FORMAT.j2`. A council can
override any of them, or one block of one, by putting a file of the same name in
`content/councils/ID/templates/`; an override can extend the built-in one as
`{% extends "default:support-plan.html.j2" %}` (Datasette's ChoiceLoader and
PrefixLoader). Templates are content: they run in the locked-down sandbox of
`planner.output.sandbox`, see the document as plain data, are limited in time and
size, and any failure is one `TemplateFailed` naming the file; a typo fails loudly
(StrictUndefined) rather than printing nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal
from collections.abc import Callable

from jinja2 import ChoiceLoader, PrefixLoader

from planner.i18n.translator import ENGLISH, Translator, fill

from .documents.base import Document
from .formatting import Formatter
from .safety import finalize_html, finalize_markdown, finalize_text, tidy, tighten_lists, wrap
from .sandbox import ContentLoader, TemplateFailed, TemplateSandbox, failure

__all__ = ["FORMATS", "Format", "Renderer", "TemplateFailed", "to_json"]

Format = Literal["md", "txt", "html"]
FORMATS: tuple[Format, ...] = ("md", "txt", "html")
TEMPLATES = Path(__file__).parent / "templates"
_FINALIZE: dict[str, Callable[[Any], Any]] = {"md": finalize_markdown, "txt": finalize_text, "html": finalize_html}


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
        self._environments: dict[str, TemplateSandbox] = {}

    @property
    def folders(self) -> list[Path]:
        """Where templates come from: the council's folder (if any), then the built-in one."""
        return [self.council_templates, TEMPLATES] if self.council_templates else [TEMPLATES]

    def environment(self, fmt: Format) -> TemplateSandbox:
        """One environment per format: each escapes what it prints in its own way."""
        if fmt not in self._environments:
            built_in = ContentLoader(TEMPLATES)
            loaders: list[Any] = [ContentLoader(self.council_templates)] if self.council_templates else []
            loaders += [PrefixLoader({"default": built_in}, delimiter=":"), built_in]
            env = TemplateSandbox(loader=ChoiceLoader(loaders), finalize=_FINALIZE[fmt])
            callables = _callables(self.translator)
            gettext, ngettext, pgettext, npgettext = callables
            env.install_gettext_callables(gettext, ngettext, newstyle=False, pgettext=pgettext,
                                          npgettext=npgettext)
            env.allow_callables(*callables)
            env.add_filters(self.formatter.filters())
            self._environments[fmt] = env
        return self._environments[fmt]

    def render(self, document: Document, fmt: Format, *, large_print: bool | None = None) -> str:
        """The document in one format; plain text is wrapped for printing.

        Raises:
            TemplateFailed: a template is unsafe, too slow, too large or has a mistake (the message names it).
        """
        name = document.about.document
        data = document.model_dump()
        large = document.about.large_print if large_print is None else large_print
        env = self.environment(fmt)
        env.start_clock()
        template = None
        try:
            template = env.get_template(f"{name}.{fmt}.j2")
            text = template.render(doc=data, about=data["about"], fmt=fmt, macros=f"macros.{fmt}.j2",
                                   large_print=large, lang=self.locale.replace("_", "-"))
        except Exception as exc:  # every fault of a template is told the same plain way
            first = Path(template.filename) if template is not None and template.filename else None
            raise failure(exc, self.folders, self.translator, first=first) from exc
        finally:
            env.stop_clock()
        if fmt == "txt":
            return tidy(wrap(tighten_lists(text)))
        return tidy(tighten_lists(text) if fmt == "md" else text)


def _filled(text: str, english: str, params: dict[str, Any]) -> str:
    """`text` with its `{name}` placeholders filled in (as everywhere else); the English if a translation's
    placeholders do not fit."""
    return fill(text, english, params) if params else text


def _callables(tr: Translator) -> tuple[Callable[..., str], ...]:
    """gettext, ngettext, pgettext and npgettext for templates, returning plain text (never markup)."""
    catalogue = tr.catalogue

    def gettext(message: str, **params: Any) -> str:
        return _filled(catalogue.gettext(message), message, params)

    def ngettext(singular: str, plural: str, num: int, **params: Any) -> str:
        chosen = singular if num == 1 else plural
        return _filled(catalogue.ngettext(singular, plural, num), chosen, {"num": num, **params})

    def pgettext(context: str, message: str, **params: Any) -> str:
        return _filled(catalogue.pgettext(context, message), message, params)

    def npgettext(context: str, singular: str, plural: str, num: int, **params: Any) -> str:
        return _filled(catalogue.npgettext(context, singular, plural, num), singular if num == 1 else plural,
                       {"num": num, **params})

    return gettext, ngettext, pgettext, npgettext


def to_json(document: Document) -> str:
    """The typed document as JSON, exactly as its published schema describes it."""
    return json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
