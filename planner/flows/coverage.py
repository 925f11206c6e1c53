"""Translation coverage and mistakes, for `planner check`.

Coverage counts the content's own texts (extracted afresh, so a catalogue that has
not caught up with the content shows it); mistakes are translations that would break
a quoted answer, a glossary link or a placeholder. Missing strings are never
mistakes: they are shown in English.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from planner.i18n import keys
from planner.i18n.catalogues import SOURCE, folders_for, languages, po_path

from . import messages as m
from .extract import content_messages
from .problems import Problem, display_path
from .shapes import mismatch
from .source import NotOrdinaryFile, read_limited

PO_LIMIT = 20_000_000  # a translation file may be much larger than a content file


@dataclass
class Entry:
    """One message of a catalogue: its English (a pair for plurals), translation(s), fuzzy, and where."""

    source: Any
    string: Any
    fuzzy: bool
    path: str
    line: int

    @property
    def translated(self) -> bool:
        forms = self.string if isinstance(self.string, (list, tuple)) else [self.string]
        return bool(forms) and all(forms)


@dataclass
class Coverage:
    """How much of one language is translated."""

    locale: str
    total: int = 0
    translated: int = 0
    fuzzy: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    flow_strings_translated: int = 0  # of the content's flows (not the glossary or councils)
    interface_total: int = 0
    interface_translated: int = 0
    catalogues: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return int(100 * self.translated / self.total) if self.total else 100

    def line(self) -> str:
        """'cy: 412 of 430 content strings translated (96%), 3 fuzzy; 250 of 260 interface strings.'"""
        return (f"{self.locale}: {self.translated} of {self.total} content strings translated ({self.percent}%), "
                f"{len(self.fuzzy)} fuzzy; {self.interface_translated} of {self.interface_total} interface strings.")

    def as_dict(self) -> dict[str, Any]:
        return {"locale": self.locale, "catalogues": self.catalogues, "content_strings": self.total,
                "translated": self.translated, "percent": self.percent, "fuzzy": self.fuzzy, "missing": self.missing,
                "interface_strings": self.interface_total, "interface_translated": self.interface_translated}


def read_catalogue(po: Path, locale: str) -> tuple[dict[tuple[str | None, str], Entry], Problem | None]:
    """A `.po` file's messages by (context, msgid), or the problem reading it."""
    from babel.messages.pofile import PoFileError, read_po

    shown = display_path(po)
    try:  # never a plain open: a pipe would wait for ever, a link to /dev/zero never end
        data = read_limited(po, PO_LIMIT)
        if len(data) > PO_LIMIT:
            raise ValueError(f"it is more than {PO_LIMIT} bytes")
        catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except NotOrdinaryFile as error:
        return {}, Problem(shown, 0, m.NOT_ORDINARY_FILE.format(kind=error.kind), code=m.code_of(m.NOT_ORDINARY_FILE))
    except (OSError, PoFileError, ValueError) as error:
        return {}, Problem(shown, getattr(error, "lineno", 0) or 0, m.PO_UNREADABLE.format(error=error),
                           code=m.code_of(m.PO_UNREADABLE))
    found = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        found[(message.context, msgid)] = Entry(message.id, message.string, message.fuzzy, shown, message.lineno or 0)
    return found, None


def check_translations(content_root: Path, lookup: Callable[[str], str | None],
                       folders: Iterable[Path] | None = None) -> tuple[list[Coverage], list[Problem]]:
    """Coverage for every language, and every translation that breaks what it must keep."""
    chain = tuple(folders) if folders is not None else folders_for(content_root)
    wanted = content_messages(content_root)
    relevant: set[tuple[str | None, str]] = {(message.context, message.text) for _, message in wanted}
    results, problems = [], []
    for locale in languages(chain):
        if locale == SOURCE:
            continue
        merged: dict[tuple[str | None, str], Entry] = {}
        coverage = Coverage(locale)
        for folder in reversed(chain):  # the most specific catalogue wins
            po = po_path(folder, locale)
            if not po.exists() and not po.is_symlink():
                continue
            entries, problem = read_catalogue(po, locale)
            coverage.catalogues.insert(0, display_path(po))
            problems += [problem] if problem else _mistakes(entries, locale, lookup, relevant)
            merged.update(entries)
        _count(coverage, merged, wanted, content_root)
        results.append(coverage)
    return results, problems


def _count(coverage: Coverage, merged: dict[tuple[str | None, str], Entry],
           wanted: list[tuple[Path, Any]], root: Path) -> None:
    seen = set()
    shown: dict[Path, str] = {}  # each file's display path, worked out once (it resolves the path)
    for path, message in wanted:
        key = (message.context, message.text)
        if key in seen:
            continue
        seen.add(key)
        coverage.total += 1
        entry = merged.get(key)
        if path not in shown:
            shown[path] = display_path(path)
        where = {"context": message.context, "msgid": message.text, "where": f"{shown[path]}:{message.line}"}
        if entry is not None and entry.translated and not entry.fuzzy:
            coverage.translated += 1
            coverage.flow_strings_translated += not message.context.startswith(("glossary:", "council:"))
        elif entry is not None and entry.fuzzy:
            coverage.fuzzy.append(where)
        else:
            coverage.missing.append(where)
    for (context, _), entry in merged.items():
        if not keys.is_content(context):
            coverage.interface_total += 1
            coverage.interface_translated += entry.translated and not entry.fuzzy


def _mistakes(entries: dict[tuple[str | None, str], Entry], locale: str, lookup: Callable[[str], str | None],
              relevant: set[tuple[str | None, str]]) -> list[Problem]:
    """Broken translations of the interface, and of this content's own texts (others may not apply to it)."""
    found = []
    for (context, msgid), entry in entries.items():
        content = keys.is_content(context)
        if not entry.translated or (content and (context, msgid) not in relevant):
            continue
        kind = "value" if context and ":derived:" in context else "text"
        source = entry.source
        plural = isinstance(source, (list, tuple))
        english = " ".join(source) if plural else source
        forms = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
        for form in forms:
            reason = mismatch(english, form, content=content, kind=kind, lookup=lookup, plural=plural)
            if reason:
                found.append(Problem(entry.path, entry.line, m.TRANSLATION_BROKEN.format(
                    locale=locale, what=context or _short(msgid), reason=reason), code=m.code_of(m.TRANSLATION_BROKEN)))
                break
    return found


def _short(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:50]}…'" if len(text) > 50 else f"'{text}'"
