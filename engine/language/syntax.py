"""Rule text → AST nodes (engine/language/nodes.py); the lark parser is built once here and its trees never leave."""
from __future__ import annotations

from dataclasses import fields

from decimal import Decimal
from functools import lru_cache
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from engine.language import syntax_errors
from engine.diagnostics import Diagnostic, DiagnosticError, Origin, make
from engine.language.nodes import (All, Binary, Call, Compare, ForAll, If, Index, Key, Level, Logical, Member, Name, Node,
                          Not, Number, Percent, Prefix, Range, Same, Span, String, Unary)
from engine.language.printer import KEYWORDS
from engine.resources import grammar_path

# Full-width (and look-alike) punctuation → ASCII, one character for one so spans stay true.
# Quote characters are deliberately absent: quoted text is read back from the original.
_FULLWIDTH = str.maketrans({
    "（": "(", "）": ")", "［": "[", "］": "]", "：": ":", "，": ",", "．": ".",
    "＋": "+", "－": "-", "−": "-", "＊": "*", "×": "*", "／": "/", "÷": "/",
    "＝": "=", "＜": "<", "＞": ">", "！": "!", "％": "%", "≦": "≤", "≧": "≥",
    **{chr(0xFF10 + d): str(d) for d in range(10)},
})
_COMPARE = {"==": "==", "=": "==", "!=": "!=", "≠": "!=", "<": "<", "<=": "<=", "≤": "<=",
            ">": ">", ">=": ">=", "≥": ">="}
LEVELS = ("类", "款", "项")


def normalise_punctuation(text: str) -> str:
    """Map full-width operators, brackets and digits to ASCII; the result has the same length."""
    return text.translate(_FULLWIDTH)


@lru_cache(maxsize=1)
def _parser() -> Lark:
    # Built once, never mutated; each parse() gets its own parser state, so callers cannot interfere.
    # cache=True keeps the LALR tables in the temp folder keyed by the grammar's hash: start-up drops from
    # ~0.5 s (table construction and regex-collision checks) to a file read.
    return Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                propagate_positions=True, maybe_placeholders=True, cache=True)


def parse(text: str, *, origin: Origin | None = None, line_text: str | None = None) -> Node:
    """Parse one rule expression; raise DiagnosticError (never anything else) when it is not valid."""
    origin = origin or Origin()
    if not isinstance(text, str):
        raise DiagnosticError([make("E121", (0, 0), origin=origin, line_text=line_text,
                                    found=type(text).__name__)])
    try:
        return _parse(text)
    except DiagnosticError as error:
        raise error.located(origin, line_text) from None


@lru_cache(maxsize=8192)
def _parse(text: str) -> Node:
    # Nodes are immutable, so a text parsed once (a rulebook reloaded, an edited rule re-linted) is shared.
    if not text.strip():
        raise DiagnosticError([make("E117", (0, len(text)), source=text)])
    mapped = normalise_punctuation(text)
    try:
        tree = _parser().parse(mapped)  # the fast path; a bad rule is parsed again below to explain it
    except UnexpectedInput:
        tree = _explain_failure(text, mapped)
    builder = _Builder(text)
    try:
        node = builder.transform(tree)
    except RecursionError:
        raise DiagnosticError([make("E120", (0, len(text)), source=text)]) from None
    if builder.errors:
        raise DiagnosticError(builder.errors)
    if _depth(node) > MAX_DEPTH:  # compiling and running recurse per level: refuse here, not with a crash later
        raise DiagnosticError([make("E120", (0, len(text)), source=text)])
    built: Node = node
    return built


MAX_DEPTH = 60  # nesting levels of an expression; the deepest rule of the default rulebook has 9
MAX_DIGITS = 30  # digits of a number or a row selector in a rule (money in 万元 has at most ~15)


def _depth(root: Node) -> int:
    """The nesting depth of a node tree, without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        for f in fields(node):
            value = getattr(node, f.name)
            for child in value if isinstance(value, (list, tuple)) else (value,):
                if isinstance(child, Node):
                    stack.append((child, depth + 1))
    return deepest


def _explain_failure(text: str, mapped: str) -> Any:
    """Re-parse token by token, so the diagnostic can say exactly what was acceptable where it failed."""
    interactive = _parser().parse_interactive(mapped)
    tokens: list[Token] = []
    try:
        for token in interactive.iter_parse():
            tokens.append(token)
        return interactive.feed_eof(tokens[-1] if tokens else None)  # type: ignore[no-untyped-call, unused-ignore]
    except UnexpectedToken as error:
        before = tokens[:-1] if tokens and tokens[-1] is error.token else tokens
        diagnostic = syntax_errors.unexpected_token(text, error.token, before, _accepted(before))
        raise DiagnosticError([diagnostic]) from None
    except UnexpectedCharacters as error:
        raise DiagnosticError([syntax_errors.unexpected_character(text, error.pos_in_stream or 0)]) from None
    except UnexpectedInput as error:  # any other lark complaint still becomes a diagnostic
        raise DiagnosticError([make("E101", (0, len(text)), source=text, found=text.strip()[:20],
                                    expected_zh="完整的表达式", expected_en="a complete expression")]) from error


def _accepted(tokens: list[Token]) -> set[str]:
    """The terminals the parser accepts after `tokens` (exact, unlike LALR's merged look-ahead sets)."""
    replay = _parser().parse_interactive("")
    for token in tokens:
        replay.feed_token(token)
    return set(replay.accepts())  # type: ignore[no-untyped-call, unused-ignore]


def _tspan(token: Token) -> Span:
    return (token.start_pos or 0, token.end_pos or 0)


def _span(meta: Any) -> Span:
    return (meta.start_pos, meta.end_pos)


@v_args(meta=True)
class _Builder(Transformer[Token, Node]):
    """Lark tree → nodes. One per parse: it holds the original text and the errors found."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text
        self.errors: list[Diagnostic] = []

    def _error(self, code: str, span: Span, **params: Any) -> None:
        self.errors.append(make(code, span, source=self.text, **params))

    def _unquote(self, token: Token) -> str:
        # read the original text: full-width brackets inside quotes stay verbatim
        return self.text[(token.start_pos or 0) + 1:(token.end_pos or 0) - 1]

    def _word(self, token: Token) -> str:
        """A bare name token; keywords are reserved (the contextual lexer may still hand one over)."""
        if str(token) in KEYWORDS:
            self._error("E123", _tspan(token), found=str(token))
        return str(token)

    def _label(self, token: Token) -> str:
        if token.type == "NAME":
            return self._word(token)
        label = self._unquote(token)
        if not label.strip():
            self._error("E116", _tspan(token))
        return label

    def _digits(self, token: Token) -> str:
        text = str(token)
        if not text.isdigit():
            self._error("E115", _tspan(token), found=self.text[token.start_pos:token.end_pos])
        elif len(text) > MAX_DIGITS:
            self._error("E124", _tspan(token), found=text[:12] + "…", limit=MAX_DIGITS)
        return text

    # --- atoms ------------------------------------------------------------------------------------
    def name(self, meta: Any, children: list[Token]) -> Node:
        return Name(self._word(children[0]), span=_span(meta))

    def quoted_name(self, meta: Any, children: list[Token]) -> Node:
        return Name(self._label(children[0]), quoted=True, span=_span(meta))

    def string(self, meta: Any, children: list[Token]) -> Node:
        return String(self._unquote(children[0]), span=_span(meta))

    def number(self, meta: Any, children: list[Token]) -> Node:
        text = str(children[0])
        if sum(c.isdigit() for c in text) > MAX_DIGITS:
            self._error("E124", _tspan(children[0]), found=text[:12] + "…", limit=MAX_DIGITS)
        return Number(Decimal(text), text, span=_span(meta))

    def percent(self, meta: Any, children: list[Token]) -> Node:
        text = str(children[0])
        return Percent(Decimal(text[:-1]), text, span=_span(meta))

    def paren(self, meta: Any, children: list[Any]) -> Node:
        inner: Node = children[1]  # the inner node keeps its own span
        return inner

    def call(self, meta: Any, children: list[Any]) -> Node:
        func, _, args, _ = children
        return Call(self._word(func), tuple(args or ()), span=_span(meta))

    def args(self, meta: Any, children: list[Any]) -> list[Node]:
        return list(children)

    def arg(self, meta: Any, children: list[Any]) -> Node:
        node: Node = children[0]
        # quoted text directly in argument position is a string ("收入总计{金额}万元"); (「x」) stays a name
        if isinstance(node, Name) and node.quoted and node.span == _span(meta):
            return String(node.name, span=node.span)
        return node

    def member(self, meta: Any, children: list[Any]) -> Node:
        obj, _, (label, quoted) = children
        return Member(obj, label, quoted=quoted, span=_span(meta))

    def label(self, meta: Any, children: list[Token]) -> tuple[str, bool]:
        (token,) = children
        return self._label(token), token.type != "NAME"

    def index(self, meta: Any, children: list[Any]) -> Node:
        obj, _, selector, _ = children
        return Index(obj, selector, span=_span(meta))

    # --- selectors ----------------------------------------------------------------------------------
    def key(self, meta: Any, children: list[Token]) -> Node:
        return Key(self._digits(children[0]), span=_span(meta))

    def quoted_key(self, meta: Any, children: list[Token]) -> Node:
        return Key(self._label(children[0]), quoted=True, span=_span(meta))

    def level(self, meta: Any, children: list[Token]) -> Node:
        (token,) = children
        if str(token) in LEVELS:
            return Level(str(token), span=_span(meta))
        if str(token) in KEYWORDS:
            self._error("E115", _tspan(token), found=str(token))
        return Same(self._word(token), span=_span(meta))  # a loop variable; the compiler checks it is one

    def prefix(self, meta: Any, children: list[Token]) -> Node:
        return Prefix(self._digits(children[0]), span=_span(meta))

    def range(self, meta: Any, children: list[Token]) -> Node:
        low, _, high = children
        return Range(self._digits(low), self._digits(high), span=_span(meta))

    def all(self, meta: Any, children: list[Token]) -> Node:
        return All(span=_span(meta))

    # --- operators ----------------------------------------------------------------------------------
    def neg(self, meta: Any, children: list[Any]) -> Node:
        return Unary("-", children[1], span=_span(meta))

    def binary(self, meta: Any, children: list[Any]) -> Node:
        left, op, right = children
        return Binary(str(op), left, right, span=_span(meta))

    def compare(self, meta: Any, children: list[Any]) -> Node:
        left, op, right = children
        return Compare(_COMPARE[str(op)], left, right, span=_span(meta))

    def not_(self, meta: Any, children: list[Any]) -> Node:
        return Not(children[-1], span=_span(meta))

    def and_(self, meta: Any, children: list[Any]) -> Node:
        return Logical("and", children[0], children[-1], span=_span(meta))

    def or_(self, meta: Any, children: list[Any]) -> Node:
        return Logical("or", children[0], children[-1], span=_span(meta))

    def if_(self, meta: Any, children: list[Any]) -> Node:
        cond, then, otherwise = [c for c in children if not isinstance(c, Token)]
        return If(cond, then, otherwise, span=_span(meta))

    def forall(self, meta: Any, children: list[Any]) -> Node:
        var = next(c for c in children if isinstance(c, Token) and c.type == "NAME")
        domain, body = [c for c in children if not isinstance(c, Token)]
        return ForAll(self._word(var), domain, body, span=_span(meta))
