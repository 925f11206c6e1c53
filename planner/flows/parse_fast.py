"""A quick parser for the plain Jinja2 expressions and texts that content uses.

Jinja2's own lexer and parser are general and slow to start: most of the time spent building a
flow went on them. This module reads the common subset (names, parts, literals, lists, dicts,
operators, filters, tests, `a if b else c`, and texts of plain words with `{{ }}` parts) and makes
exactly the tree Jinja2 makes: the same node types, fields and line numbers. It follows Jinja2's
parser step by step. Anything outside the subset, and every mistake, gives None, and the caller
asks Jinja2 itself, so every error message and every edge case stays Jinja2's own.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from jinja2 import Environment, nodes

__all__ = ["parse_expression", "parse_text"]

_TOKEN = re.compile(r"""
    [ \t\n]*
    (?:
        (?P<end>-?\}\})
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<num>[0-9]+(?:\.[0-9]+)?)
      | (?P<str>'[^'\\]*(?:\\.[^'\\]*)*'|"[^"\\]*(?:\\.[^"\\]*)*")
      | (?P<op>//|\*\*|==|!=|>=|<=|[-+*/%~\[\](){}><=.:|,])
      | (?P<ws>\Z)
    )
""", re.S | re.X)

_OPS = {"+": "add", "-": "sub", "/": "div", "//": "floordiv", "*": "mul", "%": "mod", "**": "pow", "~": "tilde",
        "[": "lbracket", "]": "rbracket", "(": "lparen", ")": "rparen", "{": "lbrace", "}": "rbrace", "==": "eq",
        "!=": "ne", ">": "gt", ">=": "gteq", "<": "lt", "<=": "lteq", "=": "assign", ".": "dot", ":": "colon",
        "|": "pipe", ",": "comma"}
_CLOSE = {"(": ")", "[": "]", "{": "}"}
_COMPARE = frozenset(("eq", "ne", "lt", "lteq", "gt", "gteq"))
_MATH: dict[str, type[nodes.BinExpr]] = {"add": nodes.Add, "sub": nodes.Sub, "mul": nodes.Mul, "div": nodes.Div,
                                         "floordiv": nodes.FloorDiv, "mod": nodes.Mod}
_AFTER_NUMBER = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")
_TEST_ARG = frozenset(("name", "string", "integer", "float", "lparen", "lbracket", "lbrace"))

Token = tuple[str, Any, int]  # type, value, line
_N = TypeVar("_N", bound=nodes.Node)


def _new(cls: type[_N], lineno: int | None, env: Environment | None, fields: tuple[Any, ...]) -> _N:
    node = object.__new__(cls)
    attributes = node.__dict__
    attributes.update(zip(cls.fields, fields, strict=True))
    attributes["lineno"] = lineno
    attributes["environment"] = env
    return node


class _Decline(Exception):
    """Outside the subset, or a mistake: Jinja2 itself is to read it."""


def usable(env: Environment) -> bool:
    """Whether `env` reads templates the way this module assumes (Jinja2's default syntax)."""
    return (type(env).preprocess is Environment.preprocess and type(env)._tokenize is Environment._tokenize
            and type(env)._parse is Environment._parse and not env.extensions
            and (env.block_start_string, env.variable_start_string, env.variable_end_string,
                 env.comment_start_string) == ("{%", "{{", "}}", "{#")
            and env.line_statement_prefix is None and env.line_comment_prefix is None
            and not env.keep_trailing_newline and env.newline_sequence == "\n")


def _tokens(source: str, pos: int, line: int, out: list[Token]) -> tuple[int, int]:
    """Read tokens from `pos` up to a `}}` outside brackets or the end; the position and line reached."""
    stack: list[str] = []
    end = len(source)
    match = _TOKEN.match
    lines = "\n" in source
    counted = pos  # newlines before here are in `line`
    append = out.append
    while True:
        found = match(source, pos)
        if found is None:
            raise _Decline
        kind = found.lastgroup or "ws"  # every alternative is a named group
        start = found.start(kind)
        if lines:
            line += source.count("\n", counted, start)
            counted = start
        if kind == "name":
            append(("name", found.group(kind), line))
        elif kind == "op":
            text = found.group(kind)
            if text in _CLOSE:
                stack.append(_CLOSE[text])
            elif text in (")", "]", "}") and (not stack or stack.pop() != text):
                raise _Decline
            append((_OPS[text], text, line))
        elif kind == "str":
            text = found.group(kind)
            if "\r" in text:
                raise _Decline
            append(("string", text[1:-1].encode("ascii", "backslashreplace").decode("unicode-escape"), line))
        elif kind == "num":
            text = found.group(kind)
            after = found.end()
            if after < end and source[after] in _AFTER_NUMBER:
                raise _Decline
            if "." in text:
                if source[start - 1] == ".":
                    raise _Decline
                append(("float", float(text), line))
            elif len(text) > 1 and text[0] == "0":
                raise _Decline
            else:
                append(("integer", int(text), line))
        elif kind == "end":
            if stack:  # inside brackets `}}` is two closing braces (and `-}}` a minus first)
                if source[start] == "-" or stack[-1] != "}":
                    raise _Decline
                stack.pop()
                append(("rbrace", "}", line))
                pos = start + 1
                continue
            if source[start] == "-":
                raise _Decline
            return start, line
        else:  # the end of the source
            if stack:
                raise _Decline
            return end, line
        pos = found.end()


class _Parser:
    """Jinja2's expression parser (jinja2/parser.py), over a list of tokens, for the subset only."""

    def __init__(self, tokens: list[Token], env: Environment | None) -> None:
        self.tokens = tokens
        self.at = 0
        self.cur = tokens[0]
        self.env = env  # a template's nodes know their environment; a lone expression's do not

    def new(self, cls: type[_N], lineno: int | None, *fields: Any) -> _N:
        """`cls(*fields, lineno=lineno)` with `environment` set, as Jinja2 leaves it, without Node.__init__'s checks."""
        return _new(cls, lineno, self.env, fields)

    def next(self) -> Token:
        token = self.cur
        if self.at < len(self.tokens) - 1:
            self.at += 1
            self.cur = self.tokens[self.at]
        return token

    def look(self) -> Token:
        return self.tokens[min(self.at + 1, len(self.tokens) - 1)]

    def is_name(self, value: str) -> bool:
        return self.cur[0] == "name" and self.cur[1] == value

    def skip_name(self, value: str) -> bool:
        if self.cur[0] == "name" and self.cur[1] == value:
            self.next()
            return True
        return False

    def expect(self, kind: str) -> Token:
        if self.cur[0] != kind:
            raise _Decline
        return self.next()

    def expression(self) -> nodes.Expr:
        lineno = self.cur[2]
        expr1 = self.parse_or()
        while self.skip_name("if"):
            expr2 = self.parse_or()
            expr3 = self.expression() if self.skip_name("else") else None
            expr1 = self.new(nodes.CondExpr, lineno, expr2, expr1, expr3)
            lineno = self.cur[2]
        return expr1

    def parse_or(self) -> nodes.Expr:
        lineno = self.cur[2]
        left = self.parse_and()
        while self.skip_name("or"):
            left = self.new(nodes.Or, lineno, left, self.parse_and())
            lineno = self.cur[2]
        return left

    def parse_and(self) -> nodes.Expr:
        lineno = self.cur[2]
        left = self.parse_not()
        while self.skip_name("and"):
            left = self.new(nodes.And, lineno, left, self.parse_not())
            lineno = self.cur[2]
        return left

    def parse_not(self) -> nodes.Expr:
        if self.is_name("not"):
            lineno = self.next()[2]
            return self.new(nodes.Not, lineno, self.parse_not())
        return self.parse_compare()

    def parse_compare(self) -> nodes.Expr:
        lineno = self.cur[2]
        expr = self.parse_math1()
        ops = []
        while True:
            kind = self.cur[0]
            if kind in _COMPARE:
                self.next()
                ops.append(self.new(nodes.Operand, None, kind, self.parse_math1()))
            elif self.skip_name("in"):
                ops.append(self.new(nodes.Operand, None, "in", self.parse_math1()))
            elif self.is_name("not") and self.look()[:2] == ("name", "in"):
                self.next()
                self.next()
                ops.append(self.new(nodes.Operand, None, "notin", self.parse_math1()))
            else:
                break
            lineno = self.cur[2]
        if not ops:
            return expr
        return self.new(nodes.Compare, lineno, expr, ops)

    def parse_math1(self) -> nodes.Expr:
        lineno = self.cur[2]
        left = self.parse_concat()
        while self.cur[0] in ("add", "sub"):
            cls = _MATH[self.next()[0]]
            left = self.new(cls, lineno, left, self.parse_concat())
            lineno = self.cur[2]
        return left

    def parse_concat(self) -> nodes.Expr:
        lineno = self.cur[2]
        args = [self.parse_math2()]
        while self.cur[0] == "tilde":
            self.next()
            args.append(self.parse_math2())
        if len(args) == 1:
            return args[0]
        return self.new(nodes.Concat, lineno, args)

    def parse_math2(self) -> nodes.Expr:
        lineno = self.cur[2]
        left = self.parse_pow()
        while self.cur[0] in ("mul", "div", "floordiv", "mod"):
            cls = _MATH[self.next()[0]]
            left = self.new(cls, lineno, left, self.parse_pow())
            lineno = self.cur[2]
        return left

    def parse_pow(self) -> nodes.Expr:
        lineno = self.cur[2]
        left = self.parse_unary()
        while self.cur[0] == "pow":
            self.next()
            left = self.new(nodes.Pow, lineno, left, self.parse_unary())
            lineno = self.cur[2]
        return left

    def parse_unary(self, with_filter: bool = True) -> nodes.Expr:
        kind, _, lineno = self.cur
        node: nodes.Expr
        if kind == "sub":
            self.next()
            node = self.new(nodes.Neg, lineno, self.parse_unary(False))
        elif kind == "add":
            self.next()
            node = self.new(nodes.Pos, lineno, self.parse_unary(False))
        else:
            node = self.parse_primary()
        node = self.parse_postfix(node)
        if with_filter:
            node = self.parse_filter_expr(node)
        return node

    def parse_primary(self) -> nodes.Expr:
        kind, value, lineno = self.cur
        if kind == "name":
            self.next()
            if value in ("true", "false", "True", "False"):
                return self.new(nodes.Const, lineno, value in ("true", "True"))
            if value in ("none", "None"):
                return self.new(nodes.Const, lineno, None)
            return self.new(nodes.Name, lineno, value, "load")
        if kind == "string":
            self.next()
            buf = [value]
            while self.cur[0] == "string":
                buf.append(self.next()[1])
            return self.new(nodes.Const, lineno, "".join(buf))
        if kind in ("integer", "float"):
            self.next()
            return self.new(nodes.Const, lineno, value)
        if kind == "lparen":
            self.next()
            node = self.parse_parenthesised()
            self.expect("rparen")
            return node
        if kind == "lbracket":
            return self.parse_list()
        if kind == "lbrace":
            return self.parse_dict()
        raise _Decline

    def parse_parenthesised(self) -> nodes.Expr:
        lineno = self.cur[2]
        args: list[nodes.Expr] = []
        is_tuple = False
        while True:
            if args:
                self.expect("comma")
            if self.cur[0] == "rparen":
                break
            args.append(self.expression())
            if self.cur[0] != "comma":
                break
            is_tuple = True
            lineno = self.cur[2]
        if not is_tuple and args:
            return args[0]
        return self.new(nodes.Tuple, lineno, args, "load")

    def parse_list(self) -> nodes.List:
        token = self.expect("lbracket")
        items: list[nodes.Expr] = []
        while self.cur[0] != "rbracket":
            if items:
                self.expect("comma")
            if self.cur[0] == "rbracket":
                break
            items.append(self.expression())
        self.expect("rbracket")
        return self.new(nodes.List, token[2], items)

    def parse_dict(self) -> nodes.Dict:
        token = self.expect("lbrace")
        items: list[nodes.Pair] = []
        while self.cur[0] != "rbrace":
            if items:
                self.expect("comma")
            if self.cur[0] == "rbrace":
                break
            key = self.expression()
            self.expect("colon")
            value = self.expression()
            items.append(self.new(nodes.Pair, key.lineno, key, value))
        self.expect("rbrace")
        return self.new(nodes.Dict, token[2], items)

    def parse_postfix(self, node: nodes.Expr) -> nodes.Expr:
        while True:
            kind = self.cur[0]
            if kind == "dot":
                token = self.next()
                attr = self.next()
                if attr[0] == "name":
                    node = self.new(nodes.Getattr, token[2], node, attr[1], "load")
                elif attr[0] == "integer":
                    node = self.new(nodes.Getitem, token[2], node, self.new(nodes.Const, attr[2], attr[1]), "load")
                else:
                    raise _Decline
            elif kind == "lbracket":
                token = self.next()
                if self.cur[0] in ("colon", "rbracket"):
                    raise _Decline  # a slice, or nothing
                arg = self.expression()
                if self.cur[0] != "rbracket":
                    raise _Decline  # a slice or several subscripts
                self.next()
                node = self.new(nodes.Getitem, token[2], node, arg, "load")
            elif kind == "lparen":
                raise _Decline  # a call: the sandbox refuses these, in Jinja2's words
            else:
                return node

    def parse_filter_expr(self, node: nodes.Expr) -> nodes.Expr:
        while True:
            kind = self.cur[0]
            if kind == "pipe":
                node = self.parse_filter(node)
            elif kind == "name" and self.cur[1] == "is":
                node = self.parse_test(node)
            elif kind == "lparen":
                raise _Decline
            else:
                return node

    def parse_filter(self, node: nodes.Expr) -> nodes.Expr:
        while self.cur[0] == "pipe":
            self.next()
            token = self.expect("name")
            if self.cur[0] == "dot":
                raise _Decline
            args: list[nodes.Expr] = []
            kwargs: list[nodes.Keyword] = []
            if self.cur[0] == "lparen":
                args, kwargs = self.parse_call_args()
            node = self.new(nodes.Filter, token[2], node, token[1], args, kwargs, None, None)
        return node

    def parse_test(self, node: nodes.Expr) -> nodes.Expr:
        token = self.next()
        negated = self.skip_name("not")
        name = self.expect("name")[1]
        if self.cur[0] == "dot":
            raise _Decline
        args: list[nodes.Expr] = []
        kwargs: list[nodes.Keyword] = []
        kind, value, _ = self.cur
        if kind == "lparen":
            args, kwargs = self.parse_call_args()
        elif kind in _TEST_ARG and not (kind == "name" and value in ("else", "or", "and")):
            if kind == "name" and value == "is":
                raise _Decline
            args = [self.parse_postfix(self.parse_primary())]
        test: nodes.Expr = self.new(nodes.Test, token[2], node, name, args, kwargs, None, None)
        if negated:
            test = self.new(nodes.Not, token[2], test)
        return test

    def parse_call_args(self) -> tuple[list[nodes.Expr], list[nodes.Keyword]]:
        self.expect("lparen")
        args: list[nodes.Expr] = []
        kwargs: list[nodes.Keyword] = []
        require_comma = False
        while self.cur[0] != "rparen":
            if require_comma:
                self.expect("comma")
                if self.cur[0] == "rparen":
                    break
            if self.cur[0] in ("mul", "pow"):
                raise _Decline
            if self.cur[0] == "name" and self.look()[0] == "assign":
                key = self.next()[1]
                self.next()
                value = self.expression()
                kwargs.append(self.new(nodes.Keyword, value.lineno, key, value))
            else:
                if kwargs:
                    raise _Decline
                args.append(self.expression())
            require_comma = True
        self.expect("rparen")
        return args, kwargs


def parse_expression(source: str) -> nodes.Expr | None:
    """`Parser(env, source, state="variable").parse_expression()` for a whole source, or None."""
    if "\r" in source or "{%" in source or "{#" in source:
        return None
    if source.endswith("\n"):
        source = source[:-1]  # as Jinja2 does without keep_trailing_newline
    tokens: list[Token] = []
    try:
        pos, _ = _tokens(source, 0, 1, tokens)
        if pos < len(source) or not tokens:
            return None
        tokens.append(("eof", "", tokens[-1][2]))
        parser = _Parser(tokens, None)
        tree = parser.expression()
        if parser.cur[0] != "eof":
            return None
        return tree
    except (_Decline, RecursionError, ValueError, UnicodeError):
        return None


def parse_text(env: Environment, source: str) -> nodes.Template | None:
    """`env.parse(source)` for text with plain `{{ expression }}` parts, or None."""
    if "\r" in source or "{%" in source or "{#" in source or "{{-" in source or "{{+" in source:
        return None
    if source.endswith("\n"):
        source = source[:-1]
    body: list[nodes.Node] = []
    line = 1
    pos = 0
    end = len(source)
    try:
        while pos < end:
            start = source.find("{{", pos)
            if start < 0:
                start = end
            if start > pos:
                data = source[pos:start]
                body.append(_new(nodes.TemplateData, line, env, (data,)))
                line += data.count("\n")
            if start == end:
                break
            tokens: list[Token] = []
            pos, line = _tokens(source, start + 2, line, tokens)
            if pos >= end or not tokens:
                return None
            tokens.append(("variable_end", "}}", line))
            parser = _Parser(tokens, env)
            body.append(parser.expression())
            if parser.cur[0] != "variable_end":
                return None
            pos += 2
    except (_Decline, RecursionError, ValueError, UnicodeError):
        return None
    return _new(nodes.Template, 1, env, ([_new(nodes.Output, body[0].lineno, env, (body,))] if body else [],))
