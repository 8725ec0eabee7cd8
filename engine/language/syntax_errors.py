"""Lark's syntax errors → friendly diagnostics: what was found, what is missing, said in words."""
from __future__ import annotations

from lark import Token

from engine.diagnostics import Diagnostic, make
from engine.language.nodes import Span
from engine.language.printer import KEYWORDS

_KEYWORDS = {"IF_ZH", "IF_EN", "THEN_ZH", "THEN_EN", "ELSE_ZH", "ELSE_EN", "FORALL_ZH", "FORALL_EN",
             "IN_ZH", "IN_EN", "AND_ZH", "AND_EN", "OR_ZH", "OR_EN", "NOT_ZH", "NOT_EN"}
_QUOTED = {"CJK_QUOTED", "DQ_STRING", "CQ_STRING"}
# tokens that start an expression and cannot continue one (so "found one" means "an operator is missing")
_OPERAND = {"NAME", "NUMBER", "PERCENT", "LPAR", "IF_ZH", "IF_EN", "FORALL_ZH", "FORALL_EN"} | _QUOTED
# PERCENT is acceptable exactly where an expression may start
_EXPRESSION = "PERCENT"
_ARITH = {"PLUS", "MINUS", "STAR", "SLASH"}
_LOGIC = {"AND_ZH", "AND_EN", "OR_ZH", "OR_EN", "NOT_ZH", "NOT_EN"}
# a comparison chain stops looking back at these
_CLAUSE = _LOGIC | {"IF_ZH", "IF_EN", "THEN_ZH", "THEN_EN", "ELSE_ZH", "ELSE_EN", "COLON", "COMMA",
                    "LPAR", "LSQB", "IN_ZH", "IN_EN"}
_CLOSERS = {"RPAR": "LPAR", "RSQB": "LSQB"}

# expected terminals → words, in the order they are listed
_WORDS: list[tuple[frozenset[str], str, str]] = [
    (frozenset({"COMP_OP"}), "比较运算符", "a comparison operator"),
    (frozenset(_ARITH), "运算符", "an operator"),
    (frozenset({"AND_ZH", "AND_EN", "OR_ZH", "OR_EN"}), "「且」「或」", "and/or"),
    (frozenset({"RPAR"}), "右括号「)」", "')'"),
    (frozenset({"RSQB"}), "右方括号「]」", "']'"),
    (frozenset({"COMMA"}), "逗号「,」", "','"),
    (frozenset({"THEN_ZH", "THEN_EN"}), "「则」", "'then' (则)"),
    (frozenset({"ELSE_ZH", "ELSE_EN"}), "「否则」", "'else' (否则)"),
    (frozenset({"IN_ZH", "IN_EN"}), "「属于」", "'in' (属于)"),
    (frozenset({"COLON"}), "冒号「:」", "':'"),
    (frozenset({"DOTDOT"}), "「..」", "'..'"),
    (frozenset({"STAR"}), "「*」", "'*'"),
    (frozenset({"DOT"}), "「.」", "'.'"),
    (frozenset({"LSQB"}), "「[」", "'['"),
]
_NEEDED_KEYWORD = [
    ({"THEN_ZH", "THEN_EN"}, "则", "如果 条件 则 值 否则 值"),
    ({"ELSE_ZH", "ELSE_EN"}, "否则", "如果 条件 则 值 否则 值"),
    ({"IN_ZH", "IN_EN"}, "属于", "每个 r 属于 公开05[*]: 条件"),
    ({"COLON"}, ":", "每个 r 属于 公开05[*]: 条件"),
]


def _join(words: list[str], lang: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    glue, last = ("、", "或") if lang == "zh" else (", ", " or ")
    return glue.join(words[:-1]) + last + words[-1]


def describe(expected: set[str]) -> tuple[str, str]:
    """The expected terminals in words (zh, en)."""
    zh: list[str] = []
    en: list[str] = []
    if _EXPRESSION in expected:
        zh.append("表达式")
        en.append("an expression")
    elif expected >= {"NUMBER", "STAR"}:
        zh.append("选择器")
        en.append("a selector")
    elif "NAME" in expected:
        zh.append("名称")
        en.append("a name")
    elif "NUMBER" in expected:
        zh.append("数字")
        en.append("a number")
    for terminals, word_zh, word_en in _WORDS:
        if zh and zh[0] == "表达式" and terminals == frozenset(_ARITH):
            continue  # the - there is a unary minus, part of "an expression"
        if expected & terminals and not (zh and zh[0] == "选择器" and terminals == {"STAR"}):
            zh.append(word_zh)
            en.append(word_en)
    if "$END" in expected and not zh:
        zh.append("结尾")
        en.append("the end")
    return _join(zh, "zh") or "完整的表达式", _join(en, "en") or "a complete expression"


def _open_brackets(tokens: list[Token]) -> list[Token]:
    stack: list[Token] = []
    for token in tokens:
        if token.type in ("LPAR", "LSQB"):
            stack.append(token)
        elif token.type in _CLOSERS and stack and stack[-1].type == _CLOSERS[token.type]:
            stack.pop()
    return stack


def _chained(tokens: list[Token]) -> bool:
    """Is there already a comparison in the clause that the last token ends?"""
    depth = 0
    for token in reversed(tokens):
        if token.type in _CLOSERS:
            depth += 1
        elif token.type in ("LPAR", "LSQB"):
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and token.type in _CLAUSE:
            return False
        elif depth == 0 and token.type == "COMP_OP":
            return True
    return False


# multi-character keywords that are almost never part of a label: 每个r属于公开05 is a glued keyword
_GLUED = ("每个", "如果", "属于", "否则")


def _misused_keyword(text: str, tokens: list[Token]) -> Diagnostic | None:
    """A keyword read as a name (每个 属于 …) or glued to one (每个r属于公开05) explains most errors around it."""
    for token in reversed(tokens):
        if token.type != "NAME":
            continue
        word = str(token)
        if word in KEYWORDS:
            return make("E123", _span(token), source=text, found=text[token.start_pos:token.end_pos])
        glued = next((k for k in _GLUED if k in word), None)
        if glued is not None:
            return make("E122", _span(token), source=text, found=text[token.start_pos:token.end_pos],
                        keyword=glued)
    return None


def _span(token: Token) -> Span:
    return (token.start_pos or 0, token.end_pos or 0)


def _after(text: str, prev: Token, found_span: Span, expected: set[str]) -> Diagnostic:
    """Something that needs a following expression (or name) is not followed by one."""
    word = text[prev.start_pos:prev.end_pos]
    zh, en = describe(expected)
    if prev.type == "DOT":
        return make("E114", found_span, source=text)
    if prev.type in ("FORALL_ZH", "FORALL_EN"):
        return make("E119", found_span, source=text, token=word)
    if prev.type == "COMP_OP":
        return make("E108", found_span, source=text, token=word)
    if prev.type in _ARITH:
        return make("E109", found_span, source=text, token=word)
    if prev.type in _LOGIC:
        return make("E110", found_span, source=text, token=word)
    return make("E118", found_span, source=text, token=word, expected_zh=zh, expected_en=en)


def unexpected_token(text: str, found: Token, before: list[Token], expected: set[str]) -> Diagnostic:
    """`before`: the tokens read before `found`; `expected`: the terminals the parser accepts there."""
    prev = before[-1] if before else None
    misused = _misused_keyword(text, before + ([] if found.type == "$END" else [found]))
    if misused is not None:
        return misused
    at_end = found.type == "$END"
    if at_end:
        end = len(text.rstrip())
        found_span = (end, end)
    else:
        found_span = _span(found)
    # an operator / dot / keyword waiting for what follows it
    if prev is not None and (prev.type in ("DOT", "FORALL_ZH", "FORALL_EN")
                             or _EXPRESSION in expected and (at_end or found.type not in _OPERAND)):
        return _after(text, prev, _span(prev) if at_end else found_span, expected)
    found_text = text[found.start_pos:found.end_pos] if not at_end else ""
    if not at_end and found.type in _CLOSERS:
        opened = _open_brackets(before)
        if not opened or opened[-1].type != _CLOSERS[found.type]:
            return make("E107", found_span, source=text, found=found_text)
    for terminals, keyword, form in _NEEDED_KEYWORD:
        if expected & terminals and not expected & ({"RPAR", "RSQB", "COMMA"}):
            return make("E113", found_span, source=text, keyword=keyword, form=form)
    if at_end:
        opened = _open_brackets(before)
        if opened:
            return make("E103" if opened[-1].type == "LPAR" else "E104", _span(opened[-1]), source=text)
        zh, en = describe(expected)
        return make("E102", found_span, source=text, expected_zh=zh, expected_en=en)
    if found.type == "COMP_OP" and _chained(before):
        return make("E112", found_span, source=text)
    if found.type in _OPERAND and _EXPRESSION not in expected:
        return make("E111", found_span, source=text, found=found_text)
    zh, en = describe(expected)
    return make("E101", found_span, source=text, found=found_text, expected_zh=zh, expected_en=en)


_CLOSE_QUOTE = {'"': '"', "“": "”", "「": "」"}


def unexpected_character(text: str, pos: int) -> Diagnostic:
    pos = max(0, min(pos, len(text) - 1))
    char = text[pos]
    if char in _CLOSE_QUOTE:
        end = text.find("\n", pos)
        end = len(text.rstrip()) if end < 0 else end
        return make("E105", (pos, max(end, pos + 1)), source=text, quote=char, close=_CLOSE_QUOTE[char])
    return make("E106", (pos, pos + 1), source=text, found=char)
