"""Linking a flow's parts: ids, positions, expressions, glossary links and codes.

Each check reports into `Problems` and carries on, so an author sees every mistake at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast
from collections.abc import Iterable

from planner.i18n.keys import LABEL_KEYS, TEXT_KEYS
from planner.questions import QuestionBase, entry_of, kind_of
from planner.questions.base import ID_PATTERN

from . import messages as m
from .answers import CONDITION_STATUSES
from .condition_checks import check_expression
from .expressions import ALLOWED_FILTERS, Expression, ExpressionError, compile_expression
from .flow import Flow, StepInfo
from .model import Council, Derived, FlowHeader, InfoStep, Section
from .problems import Problems, did_you_mean
from .links import LINK

STATUSES = list(CONDITION_STATUSES)
RESERVED = {"status", "council", "item", "true", "false", "none", "and", "or", "not", "in", "is", "if", "else", "loop",
            "self"}
CHOICE_LISTS = {"choices": "choice", "points": "point", "rows": "row", "scale": "scale point"}

COUNCIL_FIELDS = list(Council.model_fields)


def _field(model: Any, key: str) -> Any:
    """A model's field, or None when its kind has no such field.

    Read from the model's fields directly: getattr on a missing name goes through pydantic's
    slow fallback and an exception, which adds up over every key of 10,000 questions.
    """
    return model.__dict__.get(key)


def _linked(text: str) -> bool:
    """Whether a text may hold a glossary link, or a broken one: most hold none, and are not searched."""
    return "[[" in text or "]]" in text


def _marked(text: str) -> bool:
    """Whether a text needs linking at all: a glossary link (or a broken one), or an expression."""
    return "[[" in text or "]]" in text or "{{" in text or "{%" in text


@dataclass
class Shared:
    """What every flow is checked against: glossary words and known codes."""

    glossary_terms: dict[str, str] = field(default_factory=dict)  # any spelling, lower case -> term
    codes: dict[str, list[str]] = field(default_factory=dict)  # code -> the values it allows ([] for any)


@dataclass
class _Scope:
    """Where an expression sits: what it may refer to."""

    where: str
    line: int
    position: int  # questions at this index or later are "asked later"
    item_fields: dict[str, QuestionBase] | None = None


class Linker:
    """Builds a `Flow` from validated parts, reporting every problem it finds."""

    def __init__(self, path: str, problems: Problems, shared: Shared, invalid_ids: set[str]) -> None:
        self.path = path
        self.problems = problems
        self.shared = shared
        self.invalid_ids = invalid_ids
        self.positions: dict[str, int] = {}
        self.questions: dict[str, QuestionBase] = {}
        self.derived: dict[str, Derived] = {}
        self.derived_exprs: dict[str, Expression] = {}
        self.derived_needs: dict[str, set[str]] = {}

    def link(self, header: FlowHeader, derived: list[Derived], sections: list[Section], digest: str) -> Flow:
        steps = self._place(sections)
        self._check_ids(sections, steps, derived)
        self._check_kinds(steps)
        self._link_derived(derived)
        texts = self._link_steps(sections, steps)
        self._link_header(header)
        self._check_codes(steps, derived)
        order = self._derived_order()
        flow = Flow(header, sections, steps, self.derived, self.derived_exprs, order, self.path, digest)
        flow.texts = texts
        return flow

    # -- places and ids -------------------------------------------------------------

    def _place(self, sections: list[Section]) -> list[StepInfo]:
        # An empty `steps:` is reported by the loader, which still sees steps that failed validation.
        steps: list[StepInfo] = []
        for number, section in enumerate(sections):
            for model in section.steps:
                steps.append(StepInfo(len(steps), number, model))
        return steps

    def _check_ids(self, sections: list[Section], steps: list[StepInfo], derived: list[Derived]) -> None:
        section_lines: dict[str, int] = {}
        for section in sections:
            self._check_id(section.id, section.line, section_lines)
        lines: dict[str, int] = {}
        for step in steps:
            if self._check_id(step.id, step.model.line, lines):
                self.positions.setdefault(step.id, step.index)
                if not isinstance(step.model, InfoStep):
                    self.questions.setdefault(step.id, step.model)
            if isinstance(step.model, QuestionBase):
                field_lines: dict[str, int] = {}
                for sub in kind_of(step.model).fields(step.model):
                    self._check_id(sub.id, sub.line, field_lines)
        for item in derived:
            if self._check_id(item.id, item.line, lines):
                self.derived[item.id] = item

    def _check_id(self, ident: str, line: int, seen: dict[str, int]) -> bool:
        if not ID_PATTERN.fullmatch(ident):
            self.problems.add(line, m.BAD_ID, id=ident)
            return False
        if ident in RESERVED:
            self.problems.add(line, m.RESERVED_ID, id=ident)
            return False
        if ident in seen:
            self.problems.add(line, m.DUPLICATE_ID, id=ident, first=seen[ident])
            return False
        seen[ident] = line
        return True

    def _check_kinds(self, steps: list[StepInfo]) -> None:
        for step in steps:
            if not isinstance(step.model, QuestionBase):
                continue
            for model in [step.model, *kind_of(step.model).fields(step.model)]:
                where = f"question '{model.id}'"
                for template, params in kind_of(model).check(model):
                    self.problems.add(model.line, template, where=where, **params)

    # -- derived values ---------------------------------------------------------------

    def _link_derived(self, derived: list[Derived]) -> None:
        for item in self.derived.values():
            expr = self._compile(item.value, "value", f"derived value '{item.id}'", item.line_of("value"))
            if expr is not None:
                self.derived_exprs[item.id] = expr
        uses = {d: {n for n in e.analysis.names if n in self.derived} for d, e in self.derived_exprs.items()}
        for start in sorted(uses):
            chain = self._cycle(start, uses, [start])
            if chain:
                self.problems.add(self.derived[start].line, m.DERIVED_CYCLE, id=start, chain=" -> ".join(chain))
                for name in chain:
                    uses[name] = set()
        for ident in self.derived_exprs:
            self.derived_needs[ident] = self._questions_needed(ident, uses, set())
        for ident, expr in self.derived_exprs.items():
            item = self.derived[ident]
            self._check_refs(expr, _Scope(f"derived value '{ident}'", item.line_of("value"), position=10**9))

    def _cycle(self, node: str, uses: dict[str, set[str]], path: list[str]) -> list[str] | None:
        for nxt in sorted(uses.get(node, ())):
            if nxt == path[0]:
                return [*path, nxt]
            if nxt not in path:
                found = self._cycle(nxt, uses, [*path, nxt])
                if found:
                    return found
        return None

    def _questions_needed(self, ident: str, uses: dict[str, set[str]], seen: set[str]) -> set[str]:
        seen.add(ident)
        expr = self.derived_exprs[ident]
        needed = {n for n in expr.analysis.names if n in self.questions}
        needed |= {part for name, part in expr.analysis.parts if name == "status" and part in self.questions}
        for other in uses.get(ident, ()):
            if other not in seen and other in self.derived_exprs:
                needed |= self._questions_needed(other, uses, seen)
        return needed

    def _derived_order(self) -> list[str]:
        order: list[str] = []

        def visit(name: str, trail: set[str]) -> None:
            if name in order or name in trail or name not in self.derived_exprs:
                return
            for dep in sorted(n for n in self.derived_exprs[name].analysis.names if n in self.derived):
                visit(dep, trail | {name})
            order.append(name)

        for name in self.derived_exprs:
            visit(name, set())
        return order

    # -- steps ---------------------------------------------------------------------------

    def _link_steps(self, sections: list[Section], steps: list[StepInfo]) -> dict[str, Expression]:
        flow_texts: dict[str, Expression] = {}
        by_section: dict[int, list[StepInfo]] = {}
        for step in steps:
            by_section.setdefault(step.section, []).append(step)
        for number, section in enumerate(sections):
            members = by_section.get(number, [])
            first = members[0].index if members else len(steps)
            after = members[-1].index + 1 if members else len(steps)
            where = f"section '{section.id}'"
            section_when = None
            if section.when:
                line = section.line_of("when")
                section_when = self._compile(section.when, "condition", where, line)
                if section_when:
                    self._check_refs(section_when, _Scope(where, line, first))
            for key, position in (("intro", first), ("summary", after)):
                text = getattr(section, key)
                if text:
                    expr = self._text(text, _Scope(where, section.line_of(key), position))
                    if expr:
                        flow_texts[f"section:{section.id}:{key}"] = expr
            for step in members:
                self._link_step(step, section_when)
        return flow_texts

    def _link_header(self, header: FlowHeader) -> None:
        # Shown before any question, as written: only glossary links mean anything here.
        for key in ("summary", "intro"):
            text = getattr(header, key)
            if text:
                self._check_links(text, _Scope("the flow header", header.line_of(key), 0))

    def _link_step(self, step: StepInfo, section_when: Expression | None) -> None:
        model = step.model
        values = model.__dict__  # read directly: see _field
        question = step.is_question
        where = f"question '{values['id']}'" if question else f"step '{values['id']}'"
        when = values["when"]
        if when:
            scope = _Scope(where, model.line_of("when"), step.index)
            expr = self._compile(when, "condition", where, scope.line)
            if expr:
                self._check_refs(expr, scope)
                step.conditions = (section_when, expr) if section_when else (expr,)
            elif section_when:
                step.conditions = (section_when,)
        elif section_when:
            step.conditions = (section_when,)
        for key in TEXT_KEYS:
            text = values.get(key)
            if text and _marked(text):
                own = _Scope(where, model.line_of(key), step.index + 1 if key == "ack" else step.index)
                expr = self._text(text, own)
                if expr:
                    step.texts[key] = expr
        self._check_labels(model, where)
        if question:
            fields = kind_of(cast("QuestionBase", model)).fields(model)
            for number, sub in enumerate(fields):
                self._link_field(step, sub, {f.id: f for f in fields[:number]})

    def _link_field(self, step: StepInfo, sub: QuestionBase, earlier: dict[str, QuestionBase]) -> None:
        scope = _Scope(f"field '{sub.id}' of question '{step.id}'", sub.line_of("when"), step.index, earlier)
        if sub.when:
            expr = self._compile(sub.when, "condition", scope.where, scope.line)
            if expr:
                self._check_refs(expr, scope)
                step.field_conditions[sub.id] = expr
        for key in TEXT_KEYS:
            text = _field(sub, key)
            if text and _marked(text):
                expr = self._text(text, _Scope(scope.where, sub.line_of(key), scope.position, earlier))
                if expr:
                    step.texts[f"{sub.id}.{key}"] = expr
        self._check_labels(sub, scope.where)

    def _check_labels(self, model: Any, where: str) -> None:
        """Glossary links in the words shown with a question: its labels and its choices."""
        values = model.__dict__
        for key in LABEL_KEYS:
            text = values.get(key)
            if isinstance(text, str) and _linked(text):
                self._check_links(text, _Scope(where, model.line_of(key), 0))
        for key, noun in CHOICE_LISTS.items():
            choices = values.get(key)
            for choice in choices if isinstance(choices, list) else []:
                for part in ("label", "hint"):
                    text = choice.__dict__[part]
                    if text and _linked(text):
                        scope = _Scope(f"{noun} '{choice.value}' of {where}", choice.line_of(part), 0)
                        self._check_links(text, scope)

    def _text(self, text: str, scope: _Scope) -> Expression | None:
        self._check_links(text, scope)
        if "{{" not in text and "{%" not in text:
            return None
        expr = self._compile(text, "text", scope.where, scope.line)
        if expr:
            self._check_refs(expr, scope)
        return expr

    def _compile(self, source: str, kind: Any, where: str, line: int) -> Expression | None:
        try:
            return compile_expression(source, kind)
        except ExpressionError as error:
            if error.problem == "BLOCK":
                self.problems.add(line, m.TEXT_BLOCK_NOT_ALLOWED, where=where)
            elif error.problem.startswith("No filter named"):
                name = error.problem.split("'")[1] if "'" in error.problem else error.problem
                self.problems.add(line, m.UNKNOWN_FILTER, where=where, name=name,
                                  suggest=did_you_mean(name, ALLOWED_FILTERS))
            else:
                self.problems.add(line, m.EXPR_SYNTAX, where=where, problem=error.problem)
            return None

    # -- references -----------------------------------------------------------------------

    def _check_refs(self, expr: Expression, scope: _Scope) -> None:
        found = expr.analysis
        for name in sorted(found.private):
            self.problems.add(scope.line, m.PRIVATE_NAME, where=scope.where, name=name)
        if found.private:
            return
        for name in sorted(found.names):
            self._check_name(name, scope)
        for name, part in sorted(found.parts):
            self._check_part(name, part, scope)
        if "status" in found.bare:
            example = next(iter(self.questions), "question_id")
            self.problems.add(scope.line, m.STATUS_NEEDS_NAME, where=scope.where, example=example)
        for compare in found.compares:
            self._check_compare(compare.name, compare.part, compare.value, scope, compare.op)
        check_expression(expr, scope.where, scope.line, self.questions, self.problems)

    def _check_name(self, name: str, scope: _Scope) -> None:
        if name in ("status", "council") or name in self.invalid_ids:
            return
        if name == "item":
            if scope.item_fields is None:
                self.problems.add(scope.line, m.ITEM_OUTSIDE_LIST, where=scope.where)
            return
        if name in self.questions or (name in self.positions and name not in self.derived):
            self._check_position(name, scope)
        elif name in self.derived:
            for needed in sorted(self.derived_needs.get(name, ())):
                if self._check_position(needed, scope):
                    break
        else:
            options = list(self.questions) + list(self.derived)
            self.problems.add(scope.line, m.UNKNOWN_NAME, where=scope.where, name=name,
                              suggest=did_you_mean(name, options))

    def _check_position(self, name: str, scope: _Scope) -> bool:
        position = self.positions.get(name)
        if position is not None and position >= scope.position:
            line = self.questions[name].line if name in self.questions else 0
            self.problems.add(scope.line, m.ASKED_LATER, where=scope.where, name=name, later=line)
            return True
        return False

    def _check_part(self, name: str, part: str, scope: _Scope) -> None:
        if name == "status":
            if part in self.invalid_ids:
                return
            if part not in self.questions:
                self.problems.add(scope.line, m.UNKNOWN_STATUS_NAME, where=scope.where, name=part,
                                  suggest=did_you_mean(part, self.questions))
            else:
                self._check_position(part, scope)
        elif name == "council":
            if part not in COUNCIL_FIELDS:
                self.problems.add(scope.line, m.UNKNOWN_COUNCIL_FIELD, where=scope.where, name=part,
                                  suggest=did_you_mean(part, COUNCIL_FIELDS))
        elif name == "item":
            if scope.item_fields is not None and part not in scope.item_fields:
                self.problems.add(scope.line, m.UNKNOWN_ITEM_FIELD, where=scope.where, name=part,
                                  suggest=did_you_mean(part, scope.item_fields))
        elif name in self.questions:
            question = self.questions[name]
            parts = kind_of(question).parts(question) or []
            if part not in parts:
                shown = ", ".join(f"{name}.{p}" for p in parts) if parts else f"'{name}' on its own"
                self.problems.add(scope.line, m.UNKNOWN_PART, where=scope.where, name=name, part=part,
                                  kind=question.kind.replace("_", " "), parts=shown)

    def _check_compare(self, name: str, part: str | None, value: Any, scope: _Scope, op: str = "eq") -> None:
        allowed: list[Any] | None = None
        if name == "status" and part is not None:
            allowed = STATUSES
        elif name == "item" and part and scope.item_fields and part in scope.item_fields:
            allowed = self._values(scope.item_fields[part])
        elif name in self.questions:
            question = self.questions[name]
            allowed = self._values(question) if part is None else entry_of(question).part_values(question, part)
        if allowed is None or (op in ("gt", "gteq", "lt", "lteq") and allowed != ["a number"]):
            return  # '<' and '>' are only checked for numbers: choice values may be ordered words
        if allowed == ["a number"]:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return
        elif isinstance(value, str) and value in allowed:
            return
        elif isinstance(value, (list, tuple)) and all(isinstance(v, str) and v in allowed for v in value):
            return  # a multi-choice answer compared with a list of its values
        target = f"{name}.{part}" if part else name
        shown = "a number" if allowed == ["a number"] else ", ".join(f"'{v}'" for v in allowed)
        self.problems.add(scope.line, m.IMPOSSIBLE_VALUE, where=scope.where, name=target,
                          value=repr(value) if not isinstance(value, bool) else str(value).lower(), allowed=shown)

    @staticmethod
    def _values(question: QuestionBase) -> list[Any] | None:
        return entry_of(question).comparable(question)

    # -- glossary and codes -------------------------------------------------------------

    def _check_links(self, text: str, scope: _Scope) -> None:
        if not _linked(text):
            return
        for match in LINK.finditer(text):
            term = (match.group(2) or match.group(1)).strip()
            if term.lower() not in self.shared.glossary_terms:
                self.problems.add(scope.line, m.UNKNOWN_GLOSSARY_TERM, where=scope.where, term=term,
                                  suggest=did_you_mean(term.lower(), self.shared.glossary_terms))
        leftover = LINK.sub("", text)
        if "[[" in leftover or "]]" in leftover:
            start = leftover.find("[[") if "[[" in leftover else max(0, leftover.find("]]") - 20)
            self.problems.add(scope.line, m.BAD_GLOSSARY_LINK, where=scope.where, text=leftover[start:start + 30])

    def _check_codes(self, steps: list[StepInfo], derived: Iterable[Derived]) -> None:
        seen: dict[str, int] = {}
        carriers: list[Any] = []
        for step in steps:
            if step.is_question:
                carriers.append(step.model)
                carriers.extend(_field(step.model, "fields") or [])
        carriers.extend(derived)
        for item in carriers:
            code = getattr(item, "code", None)
            if not code:
                continue
            kind = "derived value" if isinstance(item, Derived) else "question"
            if code not in self.shared.codes:
                self.problems.add(item.line_of("code"), m.UNKNOWN_CODE, where=f"{kind} '{item.id}'", code=code,
                                  suggest=did_you_mean(code, self.shared.codes))
            elif code in seen:
                self.problems.add(item.line_of("code"), m.DUPLICATE_CODE, code=code, first=seen[code])
            else:
                seen[code] = item.line_of("code")
                self._check_code_values(item, code)

    def _check_code_values(self, item: Any, code: str) -> None:
        """Each choice of a coded question is one of the values its code allows."""
        allowed = self.shared.codes.get(code)
        choices = getattr(item, "choices", None)
        if not allowed or not isinstance(choices, list):
            return
        for index, choice in enumerate(choices):
            if choice.value not in allowed:
                self.problems.add(item.line_of_item("choices", index), m.CODE_VALUE_NOT_ALLOWED,
                                  where=f"question '{item.id}'", value=choice.value, code=code,
                                  allowed=", ".join(f"'{v}'" for v in allowed),
                                  suggest=did_you_mean(choice.value, allowed))
