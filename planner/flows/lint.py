"""Plain-language and reachability checks for content that has loaded cleanly."""

from __future__ import annotations

import itertools
import re
from typing import Any
from collections.abc import Iterator

from planner.questions import QuestionBase, QuestionKind, entry_of, kind_of

from . import messages as m
from .expressions import evaluate, holds
from .flow import Flow, StepInfo
from .linker import STATUSES, _field
from .links import LINK, plain
from .loader import Content
from .model import InfoStep
from .problems import Problems
from .readability import score_below

MIN_WORDS_FOR_EASE = 8
MAX_COMBINATIONS = 20_000
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def lint(content: Content) -> None:
    """Add plain-language and reachability warnings to `content.problems`."""
    lookup = content.glossary_lookup()
    problems = Problems(content.plain_path)
    for index, word in enumerate(content.plain.jargon):
        if word.lower() not in lookup:
            problems.add(content.plain.line_of_item("jargon", index), m.JARGON_NOT_IN_GLOSSARY, severity="warning",
                         word=word)
    content.problems.extend(problems.items)
    for flow in content.flows.values():
        problems = Problems(flow.path)
        for where, line, key, text in _texts(flow):
            _check_text(where, line, key, text, content, lookup, problems)
        _check_reachable(flow, content, problems)
        _check_planner_only(flow, problems)
        content.problems.extend(problems.items)


def _texts(flow: Flow) -> Iterator[tuple[str, int, str, str]]:
    header = flow.header
    for key in ("intro", "summary"):
        if getattr(header, key):
            yield "the flow header", header.line_of(key), key, getattr(header, key)
    for section in flow.sections:
        for key in ("intro", "summary"):
            if getattr(section, key):
                yield f"section '{section.id}'", section.line_of(key), key, getattr(section, key)
    for step in flow.steps:
        models = [step.model] + (kind_of(step.model).fields(step.model) if isinstance(step.model, QuestionBase) else [])
        for model in models:
            where = f"step '{model.id}'" if isinstance(model, InfoStep) else f"question '{model.id}'"
            for key in ("prompt", "hint", "why", "ack", "text"):
                text = _field(model, key)
                if text:
                    yield where, model.line_of(key), key, text


def plain_words(text: str) -> str:
    """Text as a reader sees it: links shown as their words, quoted answers as a name."""
    text = plain(text)
    return re.sub(r"\{\{.*?\}\}", "Sam", text, flags=re.S)


def _check_text(where: str, line: int, key: str, text: str, content: Content, lookup: dict[str, str],
                problems: Problems) -> None:
    plain = plain_words(text)
    limit = content.plain.max_sentence_words
    for sentence in _SENTENCE_END.split(plain):
        words = sentence.split()
        if len(words) > limit:
            problems.add(line, m.LONG_SENTENCE, severity="warning", where=f"{where} ({key})", words=len(words),
                         limit=limit, start=" ".join(words[:6]))
    if key in ("prompt", "hint", "why", "text") and len(plain.split()) >= MIN_WORDS_FOR_EASE:
        score = score_below(plain, content.plain.min_reading_ease)
        if score is not None:
            problems.add(line, m.HARD_TO_READ, severity="warning", where=f"{where} ({key})", score=round(score),
                         limit=round(content.plain.min_reading_ease))
    linked = {(match.group(2) or match.group(1)).strip().lower() for match in LINK.finditer(text)}
    linked_terms = {lookup.get(word, word) for word in linked}
    unlinked = re.sub(r"\{\{.*?\}\}", " ", LINK.sub(" ", text), flags=re.S).lower()
    for word in content.plain.jargon:
        term = lookup.get(word.lower(), word)
        if term in linked_terms:
            continue
        if re.search(r"(?<![\w-])" + re.escape(word.lower()) + r"(?![\w-])", unlinked):
            problems.add(line, m.UNLINKED_JARGON, severity="warning", where=f"{where} ({key})", word=word, term=term)


def _domain(question: QuestionBase, constants: list[Any]) -> list[Any]:
    return entry_of(question).sample_values(question, constants)


def _check_reachable(flow: Flow, content: Content, problems: Problems) -> None:
    council = next(iter(content.councils.values()), None)
    council_data = council.model_dump() if council else {}
    for step in flow.steps:
        if step.conditions and not _plainly_reachable(flow, step) and _reachable(flow, step, council_data) is False:
            where = f"step '{step.id}'" if not step.is_question else f"question '{step.id}'"
            problems.add(step.model.line_of("when"), m.UNREACHABLE, severity="warning", where=where)


def _check_planner_only(flow: Flow, problems: Problems) -> None:
    """A planner's or the council's decision is said to be one: asked in the planner's voice."""
    for step in flow.steps:
        model = step.model
        if getattr(model, "planner_only", False) and getattr(model, "voice", "any") != "planner":
            problems.add(model.line_of("planner_only"), m.PLANNER_ONLY_VOICE, severity="warning",
                         where=f"question '{step.id}'")


_PLAIN_CONDITION = re.compile(r"""\s*([a-z][a-z0-9_]*)\s*==\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*""")


def _plainly_reachable(flow: Flow, step: StepInfo) -> bool:
    """Conditions that each compare a different earlier answer with one of its own values can all be met.

    Most conditions are like this (`gate == 'yes'`), and seeing so needs no evaluating.
    """
    used: set[str] = set()
    for condition in step.conditions:
        found = _PLAIN_CONDITION.fullmatch(condition.source) if condition.kind == "condition" else None
        if found is None:
            return False
        name, value = found.group(1), found.group(2) if found.group(2) is not None else found.group(3)
        info = flow.by_id.get(name)
        if info is None or not info.is_question or name in used or name in flow.derived_exprs or (
                info.kind is None or type(info.kind).for_expressions is not QuestionKind.for_expressions):
            return False  # conditions see this answer as something other than its stored value
        used.add(name)
        if value not in (_domain(flow.question(name), [value])):
            return False
    return True


def _reachable(flow: Flow, step: StepInfo, council: dict[str, Any]) -> bool | None:
    """True or False by trying every combination of the answers involved; None if too many.

    Each try sees only what the step's conditions use (its answers, statuses and derived
    values), so the work grows with the conditions, not with the length of the flow.
    """
    names: set[str] = set()
    statuses: set[str] = set()
    constants: list[Any] = []
    pending = [e.analysis for e in step.conditions]
    seen_derived: set[str] = set()
    while pending:
        analysis = pending.pop()
        constants += [c.value for c in analysis.compares]
        for name in analysis.names:
            if name in flow.derived_exprs and name not in seen_derived:
                seen_derived.add(name)
                pending.append(flow.derived_exprs[name].analysis)
            elif name in flow.by_id and flow.by_id[name].is_question:
                names.add(name)
        statuses |= {part for name, part in analysis.parts if name == "status" and part in flow.by_id}
    questions = sorted(names)
    domains = [_domain(flow.question(q), constants) for q in questions]
    status_list = sorted(statuses)
    total = 1
    for domain in domains:
        total *= len(domain)
    total *= len(STATUSES) ** len(status_list)
    if total > MAX_COMBINATIONS:
        return None
    derived = [name for name in flow.derived_order if name in seen_derived]
    for values in itertools.product(*domains):
        answers = {q: v for q, v in zip(questions, values, strict=True) if v is not None}
        for chosen in itertools.product(STATUSES, repeat=len(status_list)):
            context = _context(flow, questions, answers, dict(zip(status_list, chosen, strict=True)), council,
                               derived)
            if all(holds(c, context) for c in step.conditions):
                return True
    return False


def _context(flow: Flow, questions: list[str], answers: dict[str, Any], statuses: dict[str, str],
             council: dict[str, Any], derived: list[str]) -> dict[str, Any]:
    """What expression_context would give, for just the names that the conditions use."""
    context: dict[str, Any] = {"council": dict(council)}
    for name in questions:
        info = flow.by_id[name]
        value = answers.get(name)
        if value is not None and info.kind is not None:
            value = info.kind.for_expressions(info.model, value)
        context[name] = value
    context["status"] = statuses
    for name in derived:
        context[name] = evaluate(flow.derived_exprs[name], context)
    return context
