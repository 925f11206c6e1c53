"""A flow in one language: translated models, texts compiled from their translated source, the council.

Each text is looked up by its message context (`planner.i18n.keys`). A translated text
with {{ }} is compiled from the translation itself, in the same sandbox, and cached per
(context, source) in the translator, so one compile serves every session in that
language. A translation that is missing, cannot be compiled, or changes the shape of an
expression is not used: the English is shown instead.
"""

from __future__ import annotations

import copy
from typing import Any
from collections.abc import Mapping

from planner.i18n import keys as k
from planner.i18n import words
from planner.i18n.translator import ENGLISH, Translator
from planner.questions import Choice, QuestionBase
from planner.questions.numbers import with_words

from .expressions import Expression, ExpressionError, compile_expression
from .flow import Flow, StepInfo
from .model import FlowHeader, GlossaryEntry, InfoStep
from .shapes import text_shapes, value_shape

Text = tuple[str, "Expression | None"]  # the words to show (or the source to render) and its compiled form


def translated_text(tr: Translator, context: str, source: str, english: Expression | None) -> Text:
    """The translation of one content text, and its compiled expression if it quotes answers."""
    words = source.strip()
    if tr.is_english:
        return words, english
    key = ("text", context, words)
    if key not in tr.cache:
        tr.cache[key] = _compiled(tr.pgettext(context, words), words, english)
    found: Text = tr.cache[key]
    return found


def _compiled(translation: str, words: str, english: Expression | None) -> Text:
    if translation == words:
        return words, english
    if english is None and "{{" not in translation:
        return translation, None
    shapes = text_shapes(translation)
    if shapes is None or shapes[0] != (text_shapes(words) or ((),))[0]:
        return words, english
    try:
        return translation, compile_expression(translation, "text")
    except ExpressionError:
        return words, english


def header(flow: Flow, tr: Translator) -> FlowHeader:
    """The flow's title, summary and intro in `tr`'s language."""
    if tr.is_english:
        return flow.header
    update = {key: tr.pgettext(k.flow_key(flow.id, key), getattr(flow.header, key).strip())
              for key in k.HEADER_TEXTS if getattr(flow.header, key)}
    return flow.header.model_copy(update=update)


def glossary_entry(entry: GlossaryEntry, tr: Translator) -> GlossaryEntry:
    """A glossary entry with its term and explanation translated (it is still found by its English term)."""
    if tr.is_english:
        return entry
    return entry.model_copy(update={
        "term": tr.pgettext(k.glossary_key(entry.term, "term"), entry.term),
        "explanation": tr.pgettext(k.glossary_key(entry.term, "explanation"), entry.explanation.strip())})


def council(data: Mapping[str, Any], tr: Translator) -> dict[str, Any]:
    """The council's settings with the texts people see translated (numbers and choices as they are)."""
    found = copy.deepcopy(dict(data))
    ident = found.get("id")
    if tr.is_english or not isinstance(ident, str):
        return found
    for path in k.COUNCIL_TEXTS:
        parent, _, key = path.rpartition(".")
        node = found.get(parent) if parent else found
        if isinstance(node, dict) and isinstance(node.get(key), str):
            node[key] = tr.pgettext(k.council_key(ident, path), node[key].strip())
    for path in k.COUNCIL_LISTS:
        parent, _, key = path.rpartition(".")
        holder = found.get(parent) if parent else found
        if isinstance(holder, dict) and isinstance(holder.get(key), list):
            holder[key] = [tr.pgettext(k.council_key(ident, path), i.strip()) if isinstance(i, str) else i
                           for i in holder[key]]
    rates = k.council_key(ident, "hourly_rates.service")
    for rate in found.get("hourly_rates") or []:
        service = rate.get("service") if isinstance(rate, dict) else None
        if isinstance(service, str):
            rate["service"] = tr.pgettext(rates, service.strip())
    return found


class Localised:
    """One flow as seen in one language."""

    def __init__(self, flow: Flow, tr: Translator = ENGLISH) -> None:
        self.flow = flow
        self.tr = tr
        self._models: dict[str, Any] = {}

    def header(self) -> FlowHeader:
        return header(self.flow, self.tr)

    def model(self, step: StepInfo) -> InfoStep | QuestionBase:
        """The step's model with every text and label translated, reading answers in the language's words
        (the English model in English, unless the content has words of its own)."""
        if isinstance(step.model, InfoStep) or (self.tr.is_english and words.of(self.tr) is words.default()):
            return step.model
        if step.id not in self._models:
            self._models[step.id] = self._question(step.model, k.step_prefix(self.flow.id, step.id), step.id)
        model: InfoStep | QuestionBase = self._models[step.id]
        return model

    def text(self, step: StepInfo, key: str, field: str | None = None) -> Text:
        """A text of a step (or of one field of a list question), ready to show or render."""
        fields: list[QuestionBase] = getattr(step.model, "fields", [])  # only a list question has fields
        model = step.model if field is None else next(f for f in fields if f.id == field)
        source = getattr(model, key, None)
        english = step.texts.get(key if field is None else f"{field}.{key}")
        if not isinstance(source, str) or not source.strip():
            return "", None
        if self.tr.is_english:
            return source.strip(), english
        return translated_text(self.tr, k.step_key(self.flow.id, step.id, key, field), source, english)

    def section_text(self, number: int, key: str) -> Text:
        section = self.flow.sections[number]
        source = getattr(section, key)
        if not source:
            return "", None
        english = self.flow.texts.get(f"section:{section.id}:{key}")
        return translated_text(self.tr, k.section_key(self.flow.id, section.id, key), source, english)

    def derived(self, name: str) -> Expression:
        """A derived value's expression, compiled from its translation when it shows words."""
        english = self.flow.derived_exprs[name]
        if self.tr.is_english:
            return english
        key = ("derived", self.flow.id, name, english.source)
        if key not in self.tr.cache:
            translation = self.tr.pgettext(k.derived_key(self.flow.id, name), english.source)
            found = english
            shape = value_shape(translation)
            if translation != english.source and shape is not None and shape[0] == (value_shape(english.source)
                                                                                    or ("",))[0]:
                try:
                    found = compile_expression(translation, "value")
                except ExpressionError:
                    found = english
            self.tr.cache[key] = found
        compiled: Expression = self.tr.cache[key]
        return compiled

    def council(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return council(data, self.tr) if not self.tr.is_english else dict(data)

    def _question(self, model: Any, prefix: str, step_id: str) -> Any:
        tr = self.tr
        update: dict[str, Any] = {}
        for key in k.TEXT_KEYS:
            value = getattr(model, key, None)
            if isinstance(value, str) and value.strip():
                update[key] = tr.pgettext(f"{prefix}:{key}", value.strip())
        for key in k.LABEL_KEYS:
            value = getattr(model, key, None)
            if isinstance(value, str) and value.strip():
                own = key in model.model_fields_set  # a default label is interface wording
                update[key] = tr.pgettext(f"{prefix}:{key}", value.strip()) if own else tr.gettext(value)
        for kind in k.CHOICE_LISTS:
            choices = getattr(model, kind, None)
            if isinstance(choices, list) and all(isinstance(c, Choice) for c in choices):
                update[kind] = [self._choice(c, prefix, kind) for c in choices]
        if getattr(model, "fields", None):
            update["fields"] = [self._question(f, k.step_prefix(self.flow.id, step_id, f.id), step_id)
                                for f in model.fields]
        return with_words(model.model_copy(update=update), words.of(tr))

    def _choice(self, choice: Choice, prefix: str, kind: str) -> Choice:
        update = {"label": self.tr.pgettext(k.choice_key(prefix, kind, choice.value, "label"), choice.label.strip())}
        if choice.hint:
            update["hint"] = self.tr.pgettext(k.choice_key(prefix, kind, choice.value, "hint"), choice.hint.strip())
        return choice.model_copy(update=update)
