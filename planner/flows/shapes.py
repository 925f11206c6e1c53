"""What a translation must keep: the shape of every {{ }} expression, glossary link targets, placeholders.

A translator may reword a quoted text's fixed words, and the words inside an
expression that are *shown* (`{{ 'You have a budget.' if stage == 'have' else '' }}`),
but not the names, conditions, compared values or filters. Two expressions have the
same shape when they are equal with every shown text replaced by a stand-in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from collections.abc import Callable

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.parser import Parser

from .links import LINK

_ENV = Environment()
SHOWN = "<shown words>"
_SHOWN_FILTER_ARGS = {"join", "default", "d", "replace"}  # their text arguments end up shown
_BRACES = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


def _shape(node: nodes.Node, shown: bool, texts: list[str]) -> Any:
    """A comparable form of an expression; shown texts are collected into `texts`."""
    if isinstance(node, nodes.Const):
        if isinstance(node.value, str) and shown:
            texts.append(node.value)
            return SHOWN
        return ("const", repr(node.value))
    if isinstance(node, nodes.CondExpr):
        return ("if", _shape(node.test, False, texts), _shape(node.expr1, shown, texts),
                _shape(node.expr2, shown, texts) if node.expr2 is not None else None)
    if isinstance(node, nodes.Concat):
        return ("concat", tuple(_shape(n, shown, texts) for n in node.nodes))
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return ("list", tuple(_shape(n, shown, texts) for n in node.items))
    if isinstance(node, (nodes.Add, nodes.Or, nodes.And)):
        return (type(node).__name__, _shape(node.left, shown, texts), _shape(node.right, shown, texts))
    if isinstance(node, nodes.Getitem):  # {'man': 'a man'}[gender]: what is looked up can be shown words
        return ("getitem", _shape(node.node, shown, texts), _shape(node.arg, False, texts))
    if isinstance(node, nodes.Dict):
        return ("dict", tuple((_shape(p.key, False, texts), _shape(p.value, shown, texts)) for p in node.items))
    if isinstance(node, nodes.Filter):
        args_shown = shown and node.name in _SHOWN_FILTER_ARGS
        return ("filter", node.name, _shape(node.node, shown, texts) if node.node is not None else None,
                tuple(_shape(a, args_shown, texts) for a in node.args),
                tuple((k.key, _shape(k.value, False, texts)) for k in node.kwargs))
    fields = []
    for name, value in node.iter_fields():
        if isinstance(value, nodes.Node):
            fields.append((name, _shape(value, False, texts)))
        elif isinstance(value, list):
            fields.append((name, tuple(_shape(v, False, texts) if isinstance(v, nodes.Node) else repr(v)
                                       for v in value)))
        elif name not in ("ctx",):
            fields.append((name, repr(value)))
    return (type(node).__name__, tuple(fields))


@lru_cache(maxsize=8192)
def text_shapes(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The shapes of a text's {{ }} expressions (sorted) and its shown words; None if unreadable."""
    if "{{" not in text and "{%" not in text:
        return (), ()
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError:
        return None
    shapes: list[str] = []
    texts: list[str] = []
    for output in tree.body:
        if not isinstance(output, nodes.Output):
            return None  # a {% block %}: content texts never have them
        for node in output.nodes:
            if not isinstance(node, nodes.TemplateData):
                shapes.append(repr(_shape(node, True, texts)))
    return tuple(sorted(shapes)), tuple(texts)


_CODED = re.compile(r"[a-z][a-z0-9_]*")


@lru_cache(maxsize=2048)
def value_shape(source: str) -> tuple[str, tuple[str, ...]] | None:
    """The shape of a derived value's expression and the words it can show; None if unreadable."""
    try:
        parser = Parser(_ENV, source, state="variable")
        tree = parser.parse_expression()
        if not parser.stream.eos:
            return None
    except TemplateSyntaxError:
        return None
    texts: list[str] = []
    return repr(_shape(tree, True, texts)), tuple(texts)


def shows_words(source: str) -> bool:
    """Whether a derived value's expression can show words (so it needs translating).

    A bare lower-case identifier such as 'yes' or 'not_decided' is a coded value that
    outputs read, not a word a person reads: translating it would break the code.
    """
    found = value_shape(source)
    return found is not None and any(re.search(r"[^\W\d_]", t) and not _CODED.fullmatch(t) for t in found[1])


def link_targets(text: str, lookup: Callable[[str], str | None] | None = None) -> list[str]:
    """The glossary terms a text links to, sorted (as the glossary spells them, with `lookup`)."""
    found = [(m.group(2) or m.group(1)).strip() for m in LINK.finditer(text)]
    return sorted((lookup(t) or t) if lookup else t for t in found)


def placeholders(text: str) -> list[str]:
    """The `{name}` placeholders of an interface message (the one placeholder syntax), sorted."""
    bare = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)
    return sorted(_BRACES.findall(bare))


def mismatch(source: str, translation: str, *, content: bool, kind: str = "text",
             lookup: Callable[[str], str | None] | None = None, plural: bool = False) -> str | None:
    """What a translation breaks, in plain words, or None when it keeps everything it must."""
    if content and kind == "value":
        want, got = value_shape(source), value_shape(translation)
        if got is None:
            return "its expression cannot be read"
        if want is not None and got[0] != want[0]:
            return "it changes the expression (only the words in quotes that are shown may change)"
        return None
    want_shapes, got_shapes = text_shapes(source), text_shapes(translation)
    if got_shapes is None:
        return "its {{ }} cannot be read"
    if want_shapes is not None and got_shapes[0] != want_shapes[0]:
        return "it drops or changes a {{ }} expression (keep the names, conditions and values as they are)"
    if link_targets(source, lookup) != link_targets(translation, lookup):
        return ("it changes a glossary link: keep each [[term]] target, for example [[your words|"
                + (link_targets(source)[0] if link_targets(source) else "term") + "]]")
    if not content:
        kept, given = set(placeholders(source)), set(placeholders(translation))
        if given - kept:
            return f"it has a placeholder the English does not: {', '.join(sorted(given - kept))}"
        if not plural and given != kept:
            return "it drops a placeholder: keep each {name} as it is"
    return None
