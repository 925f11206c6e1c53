"""Validating located YAML data against the content model, with catalogue messages."""

from __future__ import annotations

import copy
import functools
import types
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from planner.questions import ContentModelBase

from . import messages as m
from .model import Step
from .problems import Problems, did_you_mean
from .source import LDict, LList, line_of

_TYPE_WORDS = {
    "string": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list (lines starting with '-')",
    "dict": "a block of 'key: value' lines",
    "model": "a block of 'key: value' lines",
}
_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}


def validate(model: Any, data: Any, problems: Problems, base: tuple[Any, ...] = (), root: Any = None) -> Any:
    """Validate `data` (found at `base` inside `root`) as `model`; report every error, return the model or None."""
    found = _ADAPTERS.get(id(model))  # by id: hashing an Annotated type is slow, and models are never freed
    if found is None:
        found = _ADAPTERS[id(model)] = (model, TypeAdapter(model))
    adapter = found[1]
    root = data if root is None else root
    try:
        value = adapter.validator.validate_python(data)
    except ValidationError as error:
        errors = error.errors()
        for item in errors:
            report(item, base, root, problems, model)
        if not all(e["type"] == "extra_forbidden" for e in errors):
            return None
        # Only unknown keys: check the rest as if they were not there, so later stages still run.
        try:
            value = adapter.validate_python(_without(data, [tuple(e["loc"]) for e in errors]))
        except ValidationError:
            return None
    attach_lines(value, data)
    return value


def validate_whole(model: Any, data: Any) -> Any:
    """`data` as `model` with its lines when it is valid as it stands, else None (nothing is reported).

    The quick way for a file with no mistakes: one call instead of one for each of its parts.
    Whoever gets None validates the parts one by one with `validate`, which says what is wrong.
    """
    found = _ADAPTERS.get(id(model))
    if found is None:
        found = _ADAPTERS[id(model)] = (model, TypeAdapter(model))
    try:
        value = found[1].validator.validate_python(data)
    except ValidationError:
        return None
    attach_lines(value, data)
    return value


def _without(data: Any, locs: list[tuple[Any, ...]]) -> Any:
    """A copy of located data with the keys at `locs` removed (union tags skipped)."""
    clean = copy.deepcopy(data)
    for loc in locs:
        path = _data_path(clean, loc)
        node = clean
        for step in path[:-1]:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return clean


def report(item: Any, base: tuple[Any, ...], root: Any, problems: Problems, model: Any = None) -> None:
    """Turn one pydantic error into a catalogue message at the right line."""
    loc = _data_path(root, base + tuple(item["loc"]))
    kind = item["type"]
    # A bad item of a list of words (periods: [week, fortnight]) is named by the list's key.
    named = max((i for i, step in enumerate(loc) if not isinstance(step, int)), default=-1)
    key = str(loc[named]) if named >= 0 else "this file"
    parent = loc[:named] if named >= 0 else ()
    in_list = named < len(loc) - 1
    where = describe(root, parent)
    line = line_of(root, loc)
    ctx = item.get("ctx") or {}
    if kind == "missing":
        problems.add(line_of(root, parent), m.MISSING_KEY, where=where, key=key)
    elif kind == "extra_forbidden":
        allowed = _allowed_keys(model, tuple(item["loc"])[:-1])
        problems.add(line, m.UNKNOWN_KEY, where=where, key=key, suggest=did_you_mean(key, allowed))
    elif kind == "union_tag_invalid":
        _report_kind(root, loc, ctx, problems)
    elif kind == "union_tag_not_found":
        problems.add(line, m.MISSING_KEY, where=describe(root, loc), key="kind")
    elif kind == "literal_error":
        problems.add(line, m.BAD_VALUE, where=where, key=key, value=_show(item["input"]),
                     allowed=str(ctx.get("expected", "")).replace("'", ""))
    elif kind == "too_short" and key == "choices":
        problems.add(line, m.NO_CHOICES, where=where)
    elif kind == "too_short" and key == "steps":
        problems.add(line, m.EMPTY_SECTION, where=where)
    elif kind in ("too_short", "too_long"):
        _report_length(kind, key, where, line, ctx, problems)
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        words = {"greater_than_equal": "or more", "less_than_equal": "or less", "greater_than": "more than",
                 "less_than": "less than"}
        limit = next(iter(ctx.values()), "")
        rule = f"{limit} {words[kind]}" if kind.endswith("equal") else f"{words[kind]} {limit}"
        problems.add(line, m.NOT_IN_RANGE, where=where, key=key, rule=rule)
    elif kind == "string_pattern_mismatch":
        if key == "id" and where in _DASHED_IDS:
            problems.add(line, m.BAD_DASHED_ID, id=item["input"], what=_DASHED_IDS[where])
        elif key == "id":
            problems.add(line, m.BAD_ID, id=item["input"])
        else:
            problems.add(line, m.NOT_IN_RANGE, where=where, key=key, rule="written like 24.50")
    else:
        expected = next((w for k, w in _TYPE_WORDS.items() if kind.startswith(k)), "something else")
        if in_list:
            expected = f"a list in which each item is {expected}"
        problems.add(line, m.WRONG_TYPE, where=where, key=key, expected=expected)


def _report_kind(root: Any, loc: tuple[Any, ...], ctx: dict[str, Any], problems: Problems) -> None:
    """A `kind` that is not allowed here: unknown, or a kind that cannot be a field of a list."""
    tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
    given = ctx.get("tag")
    line = line_of(root, (*loc, "kind"))
    fields_of = loc[:-2] if len(loc) >= 2 and loc[-2] == "fields" else None
    if fields_of is not None and isinstance(given, str) and given in _step_kinds():
        problems.add(line, m.BAD_LIST_FIELD, where=describe(root, fields_of), kind=given, kinds=", ".join(tags))
        return
    problems.add(line, m.UNKNOWN_KIND, where=describe(root, loc), kind=given,
                 suggest=did_you_mean(given or "", tags), kinds=", ".join(t for t in tags if t != "info"))


def _report_length(kind: str, key: str, where: str, line: int, ctx: dict[str, Any], problems: Problems) -> None:
    noun = _NOUNS.get(key, "item")
    actual = int(ctx.get("actual_length") or 0)
    if kind == "too_short":
        least = int(ctx.get("min_length") or 0)
        needed = least - actual
        problems.add(line, m.TOO_FEW_ITEMS, where=where, key=key, count=_count(actual, noun), least=_count(least, noun),
                     add=_count(needed, noun) if actual == 0 else _count(needed, f"more {noun}"))
    else:
        most = int(ctx.get("max_length") or 0)
        problems.add(line, m.TOO_MANY_ITEMS, where=where, key=key, count=_count(actual, noun), most=_count(most, noun),
                     remove=_count(actual - most, noun))


_DASHED_IDS = {"the flow header": "flow", "the council": "council"}  # ids that may also use '-'
_NOUNS = {"fields": "field", "rows": "row", "scale": "point", "points": "point", "periods": "period",
          "choices": "choice", "sections": "section", "steps": "step", "jargon": "word", "synonyms": "synonym"}


def _count(n: int, noun: str) -> str:
    if n == 0:
        return f"no {noun}s"
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else "empty" if value is None else str(value)


def _data_path(root: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union tags pydantic puts into locations ('single_choice'), keeping real keys."""
    node, path = root, []
    for step in loc:
        if isinstance(node, dict) and isinstance(step, str) and step not in node:
            if isinstance(node, dict) and node.get("kind") == step:
                continue
            path.append(step)
            node = None
            continue
        path.append(step)
        try:
            node = node[step] if node is not None else None
        except (KeyError, IndexError, TypeError):
            node = None
    return tuple(path)


def describe(root: Any, loc: tuple[Any, ...]) -> str:
    """Name the piece of content at `loc` the way an author thinks of it."""
    node, where = root, "this file"
    parent_key = None
    for step in loc:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and isinstance(node, dict):
            ident = node.get("id") or node.get("term") or node.get("code") or node.get("value")
            name = {"sections": "section", "steps": "step", "fields": "field", "derived": "derived value",
                    "glossary": "glossary entry", "codes": "code entry", "choices": "choice", "points": "point",
                    "rows": "row", "scale": "scale point", "hourly_rates": "hourly rate"}.get(str(parent_key), "item")
            if name == "step" and isinstance(node, dict) and node.get("kind") not in (None, "info"):
                name = "question"
            named = ident is not None and not isinstance(ident, (dict, list))
            where = f"{name} '{ident}'" if named else f"{name} {step + 1}"
        elif isinstance(step, str) and isinstance(node, dict):
            where = {"flow": "the flow header", "council": "the council",
                     "plain_language": "plain_language"}.get(step, f"'{step}'")
        parent_key = step
    return where


def _allowed_keys(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys the model at `loc` (a pydantic location, union tags included) accepts."""
    found = _model_at(model, loc)
    if found is None:
        return []
    return [info.alias or name for name, info in found.model_fields.items()]


def _options(annotation: Any) -> list[Any]:
    """The types an annotation may be: Annotated and unions unwrapped."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _options(arg)]
    return [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _model_at(annotation: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follow a pydantic error location through fields, list items and union tags to a model."""
    node = annotation
    for step in loc:
        options = _options(node)
        tagged = [o for o in options if _is_model(o) and isinstance(step, str) and step in _tags(o)]
        if tagged:
            node = tagged[0]
            continue
        node = None
        for option in options:
            if _is_model(option) and isinstance(step, str):
                field = next((f for n, f in option.model_fields.items() if step in (n, f.alias)), None)
                if field is not None:
                    node = field.annotation
                    break
            elif typing.get_origin(option) is list and isinstance(step, int):
                node = typing.get_args(option)[0]
                break
        if node is None:
            return None
    models = [o for o in _options(node) if _is_model(o)]
    return models[0] if len(models) == 1 else None


def _tags(model: type[BaseModel]) -> tuple[Any, ...]:
    """The `kind` values a model of a tagged union answers to."""
    field = model.model_fields.get("kind")
    return typing.get_args(field.annotation) if field is not None else ()


@functools.cache
def _step_kinds() -> frozenset[str]:
    return frozenset(tag for option in _options(Step) if _is_model(option) for tag in _tags(option))


def attach_lines(model: Any, data: Any) -> None:
    """Copy each located mapping's line onto the model built from it (into its store of private values)."""
    if isinstance(data, LDict) and isinstance(model, ContentModelBase):
        item_lines: dict[str, list[int]] = {}
        _set_private(model, {"_line": data.line, "_key_lines": data.key_lines, "_item_lines": item_lines})
        names = _field_names(type(model))
        fields = model.__dict__
        for key, value in data.items():
            if type(value) is LDict:
                name = names.get(key)
                if name is not None:
                    attach_lines(fields[name], value)
            elif type(value) is LList:
                name = names.get(key)
                if name is not None:
                    item_lines[key] = value.item_lines
                    attach_lines(fields[name], value)
    elif isinstance(data, LList) and isinstance(model, list):
        for sub_model, sub_data in zip(model, data, strict=False):  # a list may have failed items left out
            if type(sub_data) is LDict:
                attach_lines(sub_model, sub_data)


def _set_private(model: Any, private: dict[str, Any]) -> None:
    object.__setattr__(model, "__pydantic_private__", private)  # pydantic's own hook is slow at this count


@functools.cache
def _field_names(model: type[BaseModel]) -> dict[str, str]:
    """A model's field names by the key written in content (its alias, where it has one)."""
    return {info.alias or name: name for name, info in model.model_fields.items()}
