"""Finding, compiling and loading translation catalogues.

Catalogues are `locales/LANG/LC_MESSAGES/planner.po`: the built-in one beside the
code, and optionally one in a content folder (`CONTENT/locales/...`) that takes
precedence for a council's own wording. `.mo` files are never committed or made by
hand: each `.po` is compiled on first use into a cache folder, again whenever the
`.po` is newer, and kept in memory when the cache cannot be written.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path
from collections.abc import Iterable, Mapping

from . import words
from .translator import ENGLISH, Translator
from .words import BUILTIN_LOCALES

DOMAIN = "planner"
LOG = logging.getLogger("planner.words")
_TOLD: set[str] = set()  # broken words files already logged: once each is enough
SOURCE = "en"


def locales_dir() -> Path:
    """The built-in catalogues: $PLANNER_LOCALES, or `planner/locales/` in the package."""
    return Path(os.environ.get("PLANNER_LOCALES") or BUILTIN_LOCALES)


_LOADED: dict[tuple[str, tuple[Path, ...]], tuple[tuple[int, ...], Translator]] = {}


def cache_dir() -> Path:
    """Where compiled catalogues go: $PLANNER_CACHE, or the user's cache folder."""
    if os.environ.get("PLANNER_CACHE"):
        return Path(os.environ["PLANNER_CACHE"]) / "locales"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("planner", appauthor=False)) / "locales"


def folders_for(content_root: Path | None = None) -> tuple[Path, ...]:
    """The catalogue folders to use, most specific first."""
    found = []
    if content_root is not None and (content_root / "locales").is_dir():
        found.append((content_root / "locales").resolve())
    found.append(locales_dir().resolve())
    return tuple(dict.fromkeys(found))


def po_path(folder: Path, locale: str) -> Path:
    return folder / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(folders: Iterable[Path] | None = None) -> list[str]:
    """English, then every language with a catalogue, in alphabetical order."""
    found = {SOURCE}
    for folder in folders if folders is not None else folders_for():
        if folder.is_dir():
            found |= {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return [SOURCE, *sorted(found - {SOURCE})]


def normalise(locale: str | None) -> str:
    """'cy_GB.UTF-8', 'cy-GB' and 'CY' are all 'cy'; 'C' and 'POSIX' mean English."""
    text = (locale or "").split(".")[0].split("@")[0].replace("-", "_").strip()
    if not text or text.upper() in ("C", "POSIX"):
        return SOURCE
    return text.split("_")[0].lower()


def supported(locale: str | None, folders: Iterable[Path] | None = None) -> str | None:
    """The language to use for `locale`, or None if there is no catalogue for it."""
    language = normalise(locale)
    return language if language in languages(folders) else None


def from_environment(environ: Mapping[str, str] | None = None, folders: Iterable[Path] | None = None) -> str:
    """PLANNER_LANG, then LC_ALL, LC_MESSAGES and LANG; the first supported one, else English."""
    environ = os.environ if environ is None else environ
    for name in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return supported(value, folders) or SOURCE
    return SOURCE


# The built-in languages' names in themselves, so that offering one loads none of Babel's data for it.
OWN_NAMES = {"en": "English", "cy": "Cymraeg"}


def language_name(locale: str) -> str:
    """A language's name in itself: 'English', 'Cymraeg' (any other from Babel's data)."""
    if normalise(locale) in OWN_NAMES:
        return OWN_NAMES[normalise(locale)]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(normalise(locale)).get_display_name(normalise(locale)) or locale
    except (UnknownLocaleError, ValueError):
        return locale
    return name[:1].upper() + name[1:]


def compile_po(po: Path, locale: str) -> bytes:
    """The `.mo` bytes for a `.po` file: translated, non-fuzzy messages only."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compiled(po: Path, locale: str, cache: Path | None = None) -> bytes:
    """The compiled catalogue, from the cache if it is at least as new as the `.po`."""
    cache = cache or cache_dir()
    mo = cache / hashlib.sha256(str(po.resolve()).encode()).hexdigest()[:16] / locale / f"{DOMAIN}.mo"
    try:
        if mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
            return mo.read_bytes()
    except OSError:
        pass
    data = compile_po(po, locale)
    try:
        mo.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=mo.parent, prefix=".planner.mo.")
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, mo)
    except OSError:
        pass  # a cache that cannot be written only costs compiling again next time
    return data


def load(locale: str | None, folders: Iterable[Path] | None = None) -> Translator:
    """The translator for a language: its catalogues chained, then English for anything missing.

    It also carries the words people use in answers in that language (`words.of(translator)`), from the
    same folders. A broken words file is left out (and logged), so that this never fails: it is also how
    a failure is told. `words.check` names such a file and its line, as `planner check` should.
    """
    language = normalise(locale)
    chain = tuple(folders) if folders is not None else folders_for()
    try:
        understood = words.load(language, chain)
    except words.WordsError as error:
        if str(error) not in _TOLD:
            _TOLD.add(str(error))
            LOG.warning("%s", error)
        understood = words.load(language)
    if language == SOURCE:
        if not words.own_words(chain):
            return ENGLISH  # the built-in words, which `words.of` gives any translator without its own
        english = _LOADED[(language, chain)][1] if (language, chain) in _LOADED else Translator(SOURCE)
        english.cache[words.CACHE_KEY] = understood
        _LOADED[(language, chain)] = ((), english)
        return english
    pos = [p for p in (po_path(folder, language) for folder in chain) if p.is_file()]
    stamps = tuple(p.stat().st_mtime_ns for p in pos)
    key = (language, chain)
    if key in _LOADED and _LOADED[key][0] == stamps:
        _LOADED[key][1].cache[words.CACHE_KEY] = understood
        return _LOADED[key][1]
    catalogue: gettext.NullTranslations | None = None
    for po in pos:
        loaded = gettext.GNUTranslations(io.BytesIO(compiled(po, language)))
        if catalogue is None:
            catalogue = loaded
        else:
            catalogue.add_fallback(loaded)
    translator = Translator(language, catalogue)
    translator.cache[words.CACHE_KEY] = understood
    _LOADED[key] = (stamps, translator)
    return translator
