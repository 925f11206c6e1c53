"""A Translator: one language's catalogue, handed explicitly to whatever shows words.

Nothing is installed globally: the session, the renderer and each front end hold the
translator for the language they speak. A message missing from the catalogue, or a
translation that cannot be filled in, comes out in English.
"""

from __future__ import annotations

import gettext as _gettext
import string
from typing import Any


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it where it is shown."""
    return message


class _Placeholders(string.Formatter):
    """`str.format` for words from a catalogue: `{name}` only. A translation is content, and `.attr`,
    `[key]`, `!r` and `:width` would let it reach Python objects (the environment, the key) or grow huge."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return super().get_field(field_name, args, kwargs)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:
            raise ValueError("no conversions")
        return value

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec:
            raise ValueError("no format specs")
        return format(value)


_PLACEHOLDERS = _Placeholders()


def fill(text: str, english: str, params: dict[str, Any]) -> str:
    """`text` with its {placeholders} filled in; English if the translation's cannot be.

    The one placeholder syntax for translators, in Python and in templates alike: `{name}`.
    """
    for candidate in (text, english):
        try:
            return _PLACEHOLDERS.vformat(candidate, (), params)
        except (KeyError, IndexError, ValueError, AttributeError):
            continue
    return english


class Translator:
    """gettext, ngettext and pgettext for one locale (English when there is no catalogue).

    With keyword arguments the message is filled in with `str.format`; `ngettext` always
    offers the count as `{n}`.
    """

    def __init__(self, locale: str = "en", catalogue: _gettext.NullTranslations | None = None) -> None:
        self.locale = locale
        self.catalogue = catalogue or _gettext.NullTranslations()
        self.cache: dict[Any, Any] = {}  # translated content compiled for this language, by source

    @property
    def language(self) -> str:
        """The language part of the locale: 'cy' for 'cy_GB'."""
        return self.locale.split("_")[0]

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def gettext(self, message: str, **params: Any) -> str:
        text = self.catalogue.gettext(message)
        return fill(text, message, params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = self.catalogue.ngettext(singular, plural, n)
        return fill(text, singular if n == 1 else plural, {"n": n, **params})

    def pgettext(self, context: str, message: str, **params: Any) -> str:
        text = self.catalogue.pgettext(context, message)
        return fill(text, message, params) if params else text

    def npgettext(self, context: str, singular: str, plural: str, n: int, **params: Any) -> str:
        text = self.catalogue.npgettext(context, singular, plural, n)
        return fill(text, singular if n == 1 else plural, {"n": n, **params})

    def __repr__(self) -> str:
        return f"Translator({self.locale!r})"


ENGLISH = Translator("en")


VERBATIM = "{text}"
"""A Message or Fault of words that are already final (such as a located content problem): not translated."""


class Message:
    """Words to show later, in whatever language the front end speaks: a catalogue message id (marked
    with N_ where it is defined) and its parameters. A parameter that is itself a Message is translated too;
    any other is shown as it is (a path, a code). `str()` is the English, for logs."""

    def __init__(self, message: str, /, **params: Any) -> None:
        self.message = message
        self.params = params

    def text(self, tr: Translator) -> str:
        """The words in `tr`'s language, filled in."""
        params = {name: value.text(tr) if isinstance(value, Message) else value for name, value in self.params.items()}
        return tr.gettext(self.message, **params)

    def __str__(self) -> str:
        return self.text(ENGLISH)

    def __repr__(self) -> str:
        return f"Message({self.message!r}, **{self.params!r})"


class Fault(Exception):
    """An error a person reads, raised below the front ends, which do not know the language yet: it holds a
    catalogue message id and parameters (see Message); a front end shows `error.text(tr)`; `str(error)` is
    the English, for logs."""

    def __init__(self, message: str | Message, /, **params: Any) -> None:
        said = message if isinstance(message, Message) else Message(message, **params)
        super().__init__(str(said))
        self.said = said

    @property
    def message(self) -> str:
        """The catalogue message id."""
        return self.said.message

    @property
    def params(self) -> dict[str, Any]:
        return self.said.params

    def text(self, tr: Translator) -> str:
        """The message in `tr`'s language."""
        return self.said.text(tr)
