"""Validating located YAML data against the content model, with catalogue messages."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import messages as m
from .problems import Problems, did_you_mean
from .source import LDict, LList, line_of

T = TypeVar("T")

_TYPE_WORDS = {
    "string": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list (lines starting with '-')",
    "dict": "a block of 'key: value' lines",
    "model": "a block of 'key: value' lines",
}


def validate(adapter: TypeAdapter[T], data: Any, problems: Problems, base: tuple[Any, ...] = (),
             root: Any = None) -> T | None:
    """Validate `data` (found at `base` inside `root`); report every error, return the model or None."""
    root = data if root is None else root
    try:
        value = adapter.validate_python(data)
    except ValidationError as error:
        errors = error.errors()
        for item in errors:
            report(item, base, root, problems)
        if not all(e["type"] == "extra_forbidden" for e in errors):
            return None
        # Only unknown keys: check the rest as if they were not there, so later stages still run.
        try:
            value = adapter.validate_python(_without(data, [tuple(e["loc"]) for e in errors]))
        except ValidationError:
            return None
    attach_lines(value, data)
    return value


def _without(data: Any, locs: list[tuple[Any, ...]]) -> Any:
    """A copy of located data with the keys at `locs` removed (union tags skipped)."""
    import copy

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


def report(item: Any, base: tuple[Any, ...], root: Any, problems: Problems) -> None:
    """Turn one pydantic error into a catalogue message at the right line."""
    loc = _data_path(root, base + tuple(item["loc"]))
    kind = item["type"]
    key = str(loc[-1]) if loc and not isinstance(loc[-1], int) else "this item"
    parent = loc[:-1] if loc and not isinstance(loc[-1], int) else loc
    where = describe(root, parent)
    line = line_of(root, loc)
    ctx = item.get("ctx") or {}
    if kind == "missing":
        problems.add(line_of(root, parent), m.MISSING_KEY, where=where, key=key)
    elif kind == "extra_forbidden":
        problems.add(line, m.UNKNOWN_KEY, where=where, key=key, suggest=did_you_mean(key, _allowed_keys(item)))
    elif kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
        problems.add(line_of(root, loc + ("kind",)), m.UNKNOWN_KIND, where=describe(root, loc), kind=ctx.get("tag"),
                     suggest=did_you_mean(ctx.get("tag", ""), tags), kinds=", ".join(t for t in tags if t != "info"))
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
        rule = f"at least {ctx.get('min_length')} items" if kind == "too_short" else f"at most {ctx.get('max_length')} items"
        problems.add(line, m.NOT_IN_RANGE, where=where, key=key, rule=rule)
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        words = {"greater_than_equal": "or more", "less_than_equal": "or less", "greater_than": "more than", "less_than": "less than"}
        limit = next(iter(ctx.values()), "")
        rule = f"{limit} {words[kind]}" if kind.endswith("equal") else f"{words[kind]} {limit}"
        problems.add(line, m.NOT_IN_RANGE, where=where, key=key, rule=rule)
    elif kind == "string_pattern_mismatch":
        if key == "id":
            problems.add(line, m.BAD_ID, id=item["input"])
        else:
            problems.add(line, m.NOT_IN_RANGE, where=where, key=key, rule="written like 24.50")
    else:
        expected = next((w for k, w in _TYPE_WORDS.items() if kind.startswith(k)), "something else")
        problems.add(line, m.WRONG_TYPE, where=where, key=key, expected=expected)


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
            where = f"{name} '{ident}'" if ident is not None and not isinstance(ident, (dict, list)) else f"{name} {step + 1}"
        elif isinstance(step, str) and isinstance(node, dict):
            where = {"flow": "the flow header", "council": "the council", "plain_language": "plain_language"}.get(step, f"'{step}'")
        parent_key = step
    return where


def _allowed_keys(item: Any) -> list[str]:
    return list(item.get("ctx", {}).get("allowed", [])) or list(_ALL_KEYS)


def attach_lines(model: Any, data: Any) -> None:
    """Copy each located mapping's line onto the model built from it."""
    if isinstance(model, BaseModel) and isinstance(data, LDict):
        model._line = data.line  # type: ignore[attr-defined]
        model._key_lines = data.key_lines  # type: ignore[attr-defined]
        for name, info in type(model).model_fields.items():
            key = info.alias or name
            if key in data:
                attach_lines(getattr(model, name), data[key])
    elif isinstance(model, list) and isinstance(data, LList):
        for sub_model, sub_data in zip(model, data):
            attach_lines(sub_model, sub_data)


def _keys_of(annotation: Any, seen: set[Any]) -> set[str]:
    keys: set[str] = set()
    if annotation in seen:
        return keys
    seen.add(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            keys.add(info.alias or name)
            keys |= _keys_of(info.annotation, seen)
        return keys
    for arg in typing.get_args(annotation):
        keys |= _keys_of(arg, seen)
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            keys |= _keys_of(arg, seen)
    return keys


def _all_keys() -> set[str]:
    from .model import CodesFile, CouncilFile, FlowFile, GlossaryFile, PlainLanguageFile

    keys: set[str] = set()
    for model in (FlowFile, GlossaryFile, CodesFile, PlainLanguageFile, CouncilFile):
        keys |= _keys_of(model, set())
    return keys


_ALL_KEYS: set[str] = set()


def prepare() -> None:
    """Work out every key the model knows, for 'did you mean' hints (once)."""
    if not _ALL_KEYS:
        _ALL_KEYS.update(_all_keys())
