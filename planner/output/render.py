"""Rendering typed documents with Jinja2: Markdown, plain text, accessible HTML, and JSON.

Templates live in `planner/output/templates/` as `NAME.FORMAT.j2`. A council can
override any of them, or one block of one, by putting a file of the same name in
`content/councils/ID/templates/`; an override can extend the built-in one as
`{% extends "default:support-plan.html.j2" %}` (Datasette's ChoiceLoader and
PrefixLoader). Templates run in Jinja's sandbox with StrictUndefined: they are
content, and a typo must fail loudly, not print nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Literal

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from planner.i18n.translator import ENGLISH, Translator

from .documents.base import Document
from .formatting import Formatter
from .safety import finalize_html, finalize_markdown, finalize_text, tidy, tighten_lists, wrap

Format = Literal["md", "txt", "html"]
FORMATS: tuple[Format, ...] = ("md", "txt", "html")
TEMPLATES = Path(__file__).parent / "templates"
_FINALIZE: dict[str, Callable[[Any], Any]] = {"md": finalize_markdown, "txt": finalize_text, "html": finalize_html}


class Renderer:
    """Renders documents for one council's templates, one locale and one language's words.

    Templates say `_("words")`, `_("Call %(name)s.", name=...)` and `ngettext(one, many, n)`
    (with `%(num)d`); what comes back is plain text, escaped for its format like any value.
    """

    def __init__(self, *, council_templates: Path | None = None, locale: str = "en_GB",
                 translator: Translator = ENGLISH) -> None:
        self.council_templates = council_templates if council_templates and council_templates.is_dir() else None
        self.locale = locale
        self.translator = translator
        self.formatter = Formatter(locale, translator=translator)
        self._environments: dict[str, SandboxedEnvironment] = {}

    def environment(self, fmt: Format) -> SandboxedEnvironment:
        """One environment per format: each escapes what it prints in its own way."""
        if fmt not in self._environments:
            built_in = FileSystemLoader(TEMPLATES)
            loaders: list[Any] = [FileSystemLoader(self.council_templates)] if self.council_templates else []
            loaders += [PrefixLoader({"default": built_in}, delimiter=":"), built_in]
            env = SandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=True,
                                                undefined=StrictUndefined, finalize=_FINALIZE[fmt], trim_blocks=True,
                                                lstrip_blocks=True, keep_trailing_newline=True,
                                                extensions=["jinja2.ext.i18n"])
            gettext, ngettext, pgettext, npgettext = _callables(self.translator)
            env.install_gettext_callables(gettext, ngettext, newstyle=False, pgettext=pgettext,  # type: ignore
                                          npgettext=npgettext)
            env.filters.update(self.formatter.filters())
            self._environments[fmt] = env
        return self._environments[fmt]

    def render(self, document: Document, fmt: Format, *, large_print: bool | None = None) -> str:
        """The document in one format; plain text is wrapped for printing."""
        name = document.about.document
        template = self.environment(fmt).get_template(f"{name}.{fmt}.j2")
        large = document.about.large_print if large_print is None else large_print
        text = template.render(doc=document, about=document.about, fmt=fmt, macros=f"macros.{fmt}.j2",
                               large_print=large, lang=self.locale.replace("_", "-"))
        if fmt == "txt":
            return tidy(wrap(tighten_lists(text)))
        return tidy(tighten_lists(text) if fmt == "md" else text)


def _filled(text: str, english: str, params: dict[str, Any]) -> str:
    """`text % params`; the English if a translation's placeholders do not fit."""
    if not params:
        return text
    for candidate in (text, english):
        try:
            return candidate % params
        except (KeyError, ValueError, TypeError):
            continue
    return english


def _callables(tr: Translator) -> tuple[Callable[..., str], ...]:
    """gettext, ngettext, pgettext and npgettext for templates, returning plain text (never markup)."""
    catalogue = tr.catalogue

    def gettext(message: str, **params: Any) -> str:
        return _filled(catalogue.gettext(message), message, params)

    def ngettext(singular: str, plural: str, num: int, **params: Any) -> str:
        return _filled(catalogue.ngettext(singular, plural, num), singular if num == 1 else plural, {"num": num, **params})

    def pgettext(context: str, message: str, **params: Any) -> str:
        return _filled(catalogue.pgettext(context, message), message, params)

    def npgettext(context: str, singular: str, plural: str, num: int, **params: Any) -> str:
        return _filled(catalogue.npgettext(context, singular, plural, num), singular if num == 1 else plural,
                       {"num": num, **params})

    return gettext, ngettext, pgettext, npgettext


def to_json(document: Document) -> str:
    """The typed document as JSON, exactly as its published schema describes it."""
    return json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
