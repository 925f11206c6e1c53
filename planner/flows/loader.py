"""Loading a content folder: read every file, validate it, link the flows, keep every problem."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.i18n.translator import N_, Fault, Translator

from . import messages as m
from .flow import Flow
from .linker import Linker, Shared
from .model import (CodeEntry, CodesFile, Council, CouncilFile, Derived, FlowFile, FlowHeader, GlossaryEntry,
                    GlossaryFile, PlainLanguage, PlainLanguageFile, Section, Step)
from .problems import Problem, Problems, did_you_mean, display_path
from .source import LDict, parse_yaml, read_bytes
from .validation import attach_lines, describe, validate, validate_whole

FLOW_KEYS = ("flow", "derived", "sections")


@dataclass
class Content:
    """Everything loaded from one content folder, with the problems found in it."""

    root: Path
    flows: dict[str, Flow] = field(default_factory=dict)
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    codes: dict[str, CodeEntry] = field(default_factory=dict)
    councils: dict[str, Council] = field(default_factory=dict)
    plain: PlainLanguage = field(default_factory=PlainLanguage)
    plain_path: str = "plain-language.yaml"  # where `plain` came from, for problems about it
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file -> text, for later stages
    translations: list[Any] = field(default_factory=list)  # coverage per language, filled in by `planner check`
    cached: bool = False  # came from the compiled-content cache, not read afresh
    code_kinds: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)  # code -> (kind, where), lazy

    @property
    def listed(self) -> list[str]:
        """The flows known so far only by their headers (lazy loading): none once every flow is built."""
        return [flow_id for flow_id, flow in self.flows.items() if not flow.built]

    def build(self, flow_id: str) -> Flow:
        """The flow with this id, built now if it was only listed; ContentError if it has mistakes.

        KeyError for an id that is not there. A front end that loads lazily calls this when a
        person chooses a flow, and shows ContentError's text (every problem, file:line) if raised.
        """
        flow = self.flows[flow_id]
        flow.ensure_built()
        return flow

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def glossary_lookup(self) -> dict[str, str]:
        """Every spelling of every term (lower case) mapped to the term."""
        lookup: dict[str, str] = {}
        for term, entry in self.glossary.items():
            for word in [term, *entry.synonyms]:
                lookup[word.lower()] = term
        return lookup

    def council(self, council_id: str | None = None) -> Council:
        """The named council, or the only/first one."""
        if council_id:
            return self.councils[council_id]
        return next(iter(self.councils.values()))


def find_root(path: Path) -> Path | None:
    """The content folder a file belongs to (the folder holding `flows/`)."""
    for folder in [path, *path.parents]:
        if (folder / "flows").is_dir() or (folder / "glossary.yaml").is_file():
            return folder
    return None


def shared_for(content: Content) -> Shared:
    """What each flow is checked against: the glossary, and the codes with the values they allow."""
    return Shared(content.glossary_lookup(), {code: entry.values for code, entry in content.codes.items()})


# The same words as the front ends use for a whole folder (already translated), here naming one flow file.
FLOW_BROKEN = N_("The content in {root} has mistakes, so it cannot be used until they are fixed:")


class ContentError(Fault):
    """A flow built when first used (lazy loading) has mistakes: `problems` says each, file:line."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        super().__init__(FLOW_BROKEN, root=path)
        self.problems = problems

    def text(self, tr: Translator) -> str:
        """The message in `tr`'s language, then every problem, one a line."""
        return "\n".join([super().text(tr), *(str(p) for p in self.problems)])

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *(str(p) for p in self.problems)])


def load_content(root: Path, only: list[Path] | None = None, *, cache: bool = True, lazy: bool = False) -> Content:
    """Load a content folder. With `only`, link just those flow files (the rest is still read).

    A whole folder comes from the compiled-content cache when every file is as it was (see
    cache.py); `cache=False` always reads afresh.

    With `lazy`, each flow whose header reads cleanly is listed by that header and built (read,
    validated, linked, checked against the codes of the flows built before it) the first time it
    is used, each from its own cache entry when it has one; its problems are added to `problems`
    then, and a flow with mistakes raises ContentError (see `Content.build`). Everything else
    (the glossary, codes, councils, headers, flows whose header has mistakes) is read at once.
    """
    if lazy and only is None:
        return _load_lazy(root, cache)
    if only is not None or not cache:
        return _load(root, only)
    from . import cache as store

    key = store.content_key(root)
    if key is not None:
        found = store.read(root, key)
        if isinstance(found, Content):
            found.root, found.cached = root, True
            return found
    content = _load(root, None)
    if key is not None:
        store.write(root, key, content)
    return content


def _load(root: Path, only: list[Path] | None) -> Content:
    content = Content(root=root)
    _load_shared(content)
    shared = shared_for(content)
    flow_files = sorted(root.glob("flows/*.yaml")) + sorted(root.glob("flows/*.yml"))
    if only is not None:
        wanted = {p.resolve() for p in only}
        flow_files = [p for p in flow_files if p.resolve() in wanted] + [
            p for p in only if p.resolve() not in {f.resolve() for f in flow_files}]
    elif not flow_files:
        content.problems.append(Problem(display_path(root), 0, m.NO_FLOWS.format(path=display_path(root)),
                                        code="NO_FLOWS"))
    origins: dict[str, str] = {}
    for path in flow_files:
        _add(content, load_flow_file(path, shared, content), origins)
    if only is None:
        _check_links_to(content)
    _check_code_kinds(content)
    return content


def _check_links_to(content: Content) -> None:
    """A flow that links to another names one that is here, and not itself."""
    for flow in content.flows.values():
        target = flow.header.links_to
        if target is not None and (target not in content.flows or target == flow.id):
            others = sorted(f for f in content.flows if f != flow.id)
            content.problems.append(Problem(flow.path, flow.header.line_of("links_to"), m.UNKNOWN_LINKED_FLOW.format(
                flow=target, suggest=did_you_mean(target, others), flows=", ".join(others) or "none"),
                code="UNKNOWN_LINKED_FLOW"))


def _check_code_kinds(content: Content) -> None:
    """One code holds one kind of answer in every flow (a list of choices in one, words in another would not do)."""
    first: dict[str, tuple[str, str]] = {}  # code -> (kind, where)
    for flow in content.flows.values():
        content.problems.extend(_code_kind_problems(flow, first))


def _code_kind_problems(flow: Flow, first: dict[str, tuple[str, str]]) -> list[Problem]:
    """The codes of `flow` that hold another kind of answer than in the flows before it (noted in `first`)."""
    found = []
    for step in flow.steps:
        model = step.model
        for question in [model, *(model.__dict__.get("fields") or [])]:  # not getattr: slow on pydantic models
            code = question.__dict__.get("code")
            if not code:
                continue
            where = f"{flow.path}:{question.line_of('code')}"
            kind, other = first.setdefault(code, (question.kind, where))
            if kind != question.kind:
                found.append(Problem(flow.path, question.line_of("code"), m.CODE_KIND_DIFFERS.format(
                    code=code, kind=question.kind.replace("_", " "), other_kind=kind.replace("_", " "),
                    other=other),
                    code="CODE_KIND_DIFFERS"))
    return found


def _add(content: Content, flow: Flow | None, origins: dict[str, str]) -> bool:
    """Add a loaded flow to `content`; a second flow with the same id is a problem instead (False)."""
    if flow is None:
        return False
    if flow.id in content.flows:
        content.problems.append(Problem(flow.path, flow.header.line, m.DUPLICATE_FLOW.format(
            id=flow.id, other=origins[flow.id]), code="DUPLICATE_FLOW"))
        return False
    content.flows[flow.id] = flow
    origins[flow.id] = flow.path
    return True


# -- lazy loading --------------------------------------------------------------------------------


def _load_lazy(root: Path, cache: bool) -> Content:
    """Content whose flows are listed by their headers and built when first used (see load_content)."""
    store: Any = None
    key = None
    if cache:
        from . import cache as store

        key = store.content_key(root)
        if key is not None:
            found = store.read(root / "flows", key)  # named apart from the whole content's entry
            if isinstance(found, Content):
                found.root, found.cached = root, True
                return found
    content = Content(root=root)
    _load_shared(content)
    shared = shared_for(content)
    flow_files = sorted(root.glob("flows/*.yaml")) + sorted(root.glob("flows/*.yml"))
    if not flow_files:
        content.problems.append(Problem(display_path(root), 0, m.NO_FLOWS.format(path=display_path(root)),
                                        code="NO_FLOWS"))
    origins: dict[str, str] = {}
    for path in flow_files:
        header = _read_header(path)
        if header is not None and header.id not in content.flows:
            content.flows[header.id] = Flow.listed(header, display_path(path), _Pending(content, path, key))
            origins[header.id] = display_path(path)
            continue
        # A header with mistakes, or a second flow with the same id: read it all now, as without `lazy`.
        flow = load_flow_file(path, shared, content)
        if flow is not None and _add(content, flow, origins):
            content.problems.extend(_code_kind_problems(flow, content.code_kinds))
    _check_links_to(content)
    if key is not None:
        store.write(root / "flows", key, content)
    return content


_TOP_KEY = re.compile(r"[^\s#]")  # a line that starts a new top-level key (or anything else at the margin)


def _read_header(path: Path) -> FlowHeader | None:
    """The `flow:` header of a flow file, read on its own; None when it has any mistake or the file any doubt.

    Only a header written first in the file (after blank lines and comments) is read this way, so its
    lines are the file's own. Anything else is for the whole reading to say.
    """
    problems = Problems(display_path(path))
    text = read_bytes(path, problems)
    if text is None:
        return None
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if _TOP_KEY.match(line)), None)
    if start is None or not re.match(r"flow:(\s|$)", lines[start]):
        return None
    end = next((n for n in range(start + 1, len(lines)) if _TOP_KEY.match(lines[n])), len(lines))
    data = parse_yaml("".join(lines[:end]), problems)
    if problems.items or not isinstance(data, LDict) or list(data) != ["flow"] or not isinstance(data["flow"], LDict):
        return None
    header = validate(FlowHeader, data["flow"], problems, ("flow",), data)
    return header if isinstance(header, FlowHeader) and not problems.items else None


@dataclass(repr=False, eq=False)
class _Pending:
    """Builds a listed flow of `content` from `path` when it is first used (see Flow.listed)."""

    content: Content
    path: Path
    key: bytes | None  # the content's cache key; None: no cache

    def build(self, flow: Flow) -> None:
        content = self.content
        found = self._cached()
        if found is None:
            scratch = Content(root=content.root)
            built = load_flow_file(self.path, shared_for(content), scratch)
            found = (built, scratch.problems, scratch.texts.get(str(self.path)))
            if self.key is not None:
                from . import cache as store

                store.write(self.path, self.key, found)
        built, problems, text = found
        if text is not None:
            content.texts[str(self.path)] = text
        if built is not None and built.id == flow.id:
            problems = problems + _code_kind_problems(built, content.code_kinds)
        content.problems.extend(problems)
        if built is None or built.id != flow.id or any(p.severity == "error" for p in problems):
            error = ContentError(flow.path, [p for p in problems if p.severity == "error"])
            flow.__dict__["_builder"] = _Broken(error)
            if content.flows.get(flow.id) is flow:
                del content.flows[flow.id]  # as a flow with mistakes is never there when loaded at once
            raise error
        flow.__dict__.clear()
        flow.__dict__.update(built.__dict__)

    def _cached(self) -> tuple[Flow | None, list[Problem], str | None] | None:
        if self.key is None:
            return None
        from . import cache as store

        found = store.read(self.path, self.key)
        if (isinstance(found, tuple) and len(found) == 3 and (found[0] is None or isinstance(found[0], Flow))
                and isinstance(found[1], list) and (found[2] is None or isinstance(found[2], str))):
            return found
        return None


@dataclass(repr=False, eq=False)
class _Broken:
    """A listed flow that was found to have mistakes: each use says them again."""

    error: ContentError

    def build(self, flow: Flow) -> None:
        raise self.error


def _read(path: Path, content: Content) -> tuple[Any, Problems]:
    problems = Problems(display_path(path))
    text = read_bytes(path, problems)
    data = None
    if text is not None:
        content.texts[str(path)] = text
        data = parse_yaml(text, problems)
    return data, problems


def _expect_mapping(data: Any, keys: tuple[str, ...], problems: Problems) -> bool:
    if data is None and problems.items:
        return False
    if not isinstance(data, LDict) or not any(k in data for k in keys):
        problems.add(getattr(data, "line", 1), m.NOT_A_CONTENT_FILE, expected=" or ".join(f"'{k}:'" for k in keys))
        return False
    for key in data:
        if key not in keys:
            problems.add(data.key_lines[key], m.UNKNOWN_KEY, where="this file", key=key,
                         suggest=did_you_mean(key, keys))
    return True


def _load_shared(content: Content) -> None:
    root = content.root
    files: list[tuple[Path, Any, str]] = [(root / "glossary.yaml", GlossaryFile, "glossary"),
                                          (root / "plain-language.yaml", PlainLanguageFile, "plain_language")]
    files += [(p, CodesFile, "codes") for p in sorted(root.glob("codes/*.yaml"))]
    councils = sorted(root.glob("councils/*/council.yaml"))
    files += [(p, CouncilFile, "council") for p in councils]
    code_origin: dict[str, str] = {}
    for path, model, key in files:
        if not path.exists() and not path.is_symlink():  # a pipe or a broken link is said, not skipped
            continue
        data, problems = _read(path, content)
        if _expect_mapping(data, (key,), problems):
            parsed = validate(model, data, problems)
            if isinstance(parsed, GlossaryFile):
                _add_glossary(parsed.glossary, content, problems)
            elif isinstance(parsed, CodesFile):
                for entry in parsed.codes:
                    if entry.code in content.codes:
                        problems.add(entry.line, m.DUPLICATE_CODE_ENTRY, code=entry.code, first=code_origin[entry.code])
                    content.codes[entry.code] = entry
                    code_origin.setdefault(entry.code, f"{problems.path}:{entry.line}")
            elif isinstance(parsed, PlainLanguageFile):
                content.plain = parsed.plain_language
                content.plain_path = problems.path
            elif isinstance(parsed, CouncilFile):
                content.councils[parsed.council.id] = parsed.council
        content.problems.extend(problems.items)
    if not councils and (root / "flows").is_dir():
        content.problems.append(Problem(display_path(root), 0, m.NO_COUNCIL.format(path=display_path(root)),
                                        code="NO_COUNCIL"))


def _add_glossary(entries: list[GlossaryEntry], content: Content, problems: Problems) -> None:
    first: dict[str, int] = {}
    for entry in entries:
        key = entry.term.lower()
        if key in first:
            problems.add(entry.line, m.DUPLICATE_TERM, term=entry.term, first=first[key])
            continue
        first[key] = entry.line
        content.glossary[entry.term] = entry


def load_flow_file(path: Path, shared: Shared, content: Content | None = None) -> Flow | None:
    """Read, validate and link one flow file; problems go into `content.problems`."""
    content = content or Content(root=path.parent)
    data, problems = _read(path, content)
    flow = None
    if _expect_mapping(data, FLOW_KEYS, problems):
        flow = _build_flow(path, data, shared, problems)
    content.problems.extend(problems.items)
    return flow if flow is not None and not problems.has_errors else None


def _build_flow(path: Path, data: LDict, shared: Shared, problems: Problems) -> Flow | None:
    digest = hashlib.sha256(repr(data).encode()).hexdigest()[:16]
    whole = validate_whole(FlowFile, data)
    if whole is not None and all(section.steps for section in whole.sections):  # as it stands: no mistake to say
        return Linker(problems.path, problems, shared, set()).link(whole.flow, whole.derived, whole.sections, digest)
    for key in ("flow", "sections"):
        if key not in data:
            problems.add(data.line, m.MISSING_KEY, where="this file", key=key)
    header = validate(FlowHeader, data.get("flow"), problems, ("flow",), data) if "flow" in data else None
    derived: list[Derived] = []
    invalid_ids: set[str] = set()
    for index, raw in enumerate(_as_list(data, "derived", problems)):
        item = validate(Derived, raw, problems, ("derived", index), data)
        if item is not None:
            derived.append(item)
        elif isinstance(raw, dict) and isinstance(raw.get("id"), str):
            invalid_ids.add(raw["id"])
    sections: list[Section] = []
    if "sections" in data and data["sections"] in (None, []):
        problems.add(data.key_lines["sections"], m.TOO_FEW_ITEMS, key="sections", where="this file",
                     count="no sections", least="1 section", add="1 section")
    for index, raw in enumerate(_as_list(data, "sections", problems)):
        section = _build_section(raw, ("sections", index), data, problems, invalid_ids)
        if section is not None:
            sections.append(section)
    if header is None:  # still link the rest, so its mistakes are reported now too
        header = _stand_in_header(data.get("flow"))
    return Linker(problems.path, problems, shared, invalid_ids).link(header, derived, sections, digest)


def _stand_in_header(raw: Any) -> FlowHeader:
    """A header for linking a flow whose own header is invalid; its usable texts are kept."""
    texts = {k: raw.get(k) if isinstance(raw, dict) and isinstance(raw.get(k), str) else None
             for k in ("summary", "intro")}
    header = FlowHeader.model_construct(id="", title="", for_="person", version=1, **texts)
    attach_lines(header, raw)
    return header


def _as_list(data: LDict, key: str, problems: Problems) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(data.key_lines.get(key, 0), m.WRONG_TYPE, key=key, where="this file",
                     expected="a list (lines starting with '-')")
        return []
    return value


def _build_section(raw: Any, base: tuple[Any, ...], root: LDict, problems: Problems,
                   invalid_ids: set[str]) -> Section | None:
    if not isinstance(raw, LDict):
        validate(Section, raw, problems, base, root)
        return None
    head = LDict({k: v for k, v in raw.items() if k != "steps"})
    head.line, head.key_lines = raw.line, raw.key_lines
    head["steps"] = []
    section = validate(Section, head, problems, base, root)
    steps = raw.get("steps")
    if "steps" not in raw:
        problems.add(raw.line, m.MISSING_KEY, where=describe(root, base), key="steps")
    elif steps is not None and not isinstance(steps, list):
        problems.add(raw.key_lines["steps"], m.WRONG_TYPE, key="steps", where=describe(root, base),
                     expected="a list (lines starting with '-')")
        steps = []
    elif not steps:
        problems.add(raw.line, m.EMPTY_SECTION, where=describe(root, base))
    for index, raw_step in enumerate(steps or []):
        step = validate(Step, raw_step, problems, (*base, "steps", index), root)
        if step is not None and section is not None:
            section.steps.append(step)
        elif isinstance(raw_step, dict) and isinstance(raw_step.get("id"), str):
            invalid_ids.add(raw_step["id"])
    return section if isinstance(section, Section) else None
