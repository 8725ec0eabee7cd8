"""Nodes → canonical rule text: ASCII operators, Chinese keywords, minimal parentheses; parse(to_text(x)) == x."""
from __future__ import annotations

import re
from typing import Callable

from engine.language.nodes import (All, Binary, Call, Compare, ForAll, If, Index, Key, Level, Logical, Member, Name, Node,
                          Not, Number, Percent, Prefix, Range, Same, String, Unary)

KEYWORDS = frozenset({"且", "或", "非", "如果", "则", "否则", "每个", "属于",
                      "and", "or", "not", "if", "then", "else", "forall", "in"})
_NAME = re.compile(r"[^\W\d]\w*")
_DIGITS = re.compile(r"[0-9]+")

# binding strength, loosest first (see grammar/rules.lark)
_TOP, _OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _POSTFIX = range(9)
_BINARY_LEVEL = {"+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}
_LOGICAL = {"and": ("且", _AND), "or": ("或", _OR)}


def is_plain_name(text: str) -> bool:
    """Can `text` be written without quotes (a name token that is not a keyword)?"""
    return bool(_NAME.fullmatch(text)) and text not in KEYWORDS


def quote_label(text: str) -> str:
    """「text」, or "text" / “text” when the label itself contains 」."""
    for open_, close in (("「", "」"), ('"', '"'), ("“", "”")):
        if close not in text and "\n" not in text:
            return f"{open_}{text}{close}"
    raise ValueError(f"标签无法书写（同时含有 」 \" ” 或换行）：{text!r}")


def _label(text: str, quoted: bool) -> str:
    return quote_label(text) if quoted or not is_plain_name(text) else text


def _string(text: str, argument: bool) -> str:
    # 「…」 reads back as a string only in argument position; elsewhere it is a quoted name
    for open_, close in (('"', '"'), ("“", "”")) + ((("「", "」"),) if argument else ()):
        if close not in text and "\n" not in text:
            return f"{open_}{text}{close}"
    raise ValueError(f"文字无法书写（同时含有 \" ” 或换行）：{text!r}")


def to_text(node: Node) -> str:
    """The canonical text of a node."""
    return _print(node, _TOP)


def _print(node: Node, context: int) -> str:
    """Print `node` where the surrounding syntax accepts expressions binding at least as tight as `context`."""
    text, level = _PRINTERS[type(node)](node)
    return f"({text})" if level < context else text


def _name(node: Name) -> tuple[str, int]:
    return _label(node.name, node.quoted), _POSTFIX


def _number(node: Number) -> tuple[str, int]:
    return (node.text or format(node.value, "f")), _POSTFIX


def _percent(node: Percent) -> tuple[str, int]:
    return (node.text or f"{format(node.value, 'f')}%"), _POSTFIX


def _str(node: String) -> tuple[str, int]:
    return _string(node.value, argument=False), _POSTFIX


def _member(node: Member) -> tuple[str, int]:
    return f"{_print(node.obj, _POSTFIX)}.{_label(node.name, node.quoted)}", _POSTFIX


def _selector(node: Node) -> str:
    if isinstance(node, Key):
        return node.text if not node.quoted and _DIGITS.fullmatch(node.text) else quote_label(node.text)
    if isinstance(node, Level):
        return node.level
    if isinstance(node, Prefix):
        return f"{node.prefix}*"
    if isinstance(node, Range):
        return f"{node.low}..{node.high}"
    if isinstance(node, All):
        return "*"
    if isinstance(node, Same):
        return node.var if is_plain_name(node.var) else quote_label(node.var)
    raise ValueError(f"不是选择器：{type(node).__name__}")


def _index(node: Index) -> tuple[str, int]:
    return f"{_print(node.obj, _POSTFIX)}[{_selector(node.selector)}]", _POSTFIX


def _argument(node: Node) -> str:
    if isinstance(node, String):
        return _string(node.value, argument=True)
    if isinstance(node, Name) and (node.quoted or not is_plain_name(node.name)):
        return f"({_label(node.name, True)})"  # a bare 「…」 argument would read back as a string
    return _print(node, _TOP)


def _call(node: Call) -> tuple[str, int]:
    if not is_plain_name(node.func):
        raise ValueError(f"函数名无法书写：{node.func!r}")
    return f"{node.func}({', '.join(_argument(a) for a in node.args)})", _POSTFIX


def _unary(node: Unary) -> tuple[str, int]:
    return f"{node.op}{_print(node.operand, _UNARY)}", _UNARY


def _binary(node: Binary) -> tuple[str, int]:
    level = _BINARY_LEVEL[node.op]
    # left-associative: the right operand must bind tighter
    return f"{_print(node.left, level)} {node.op} {_print(node.right, level + 1)}", level


def _compare(node: Compare) -> tuple[str, int]:
    # non-associative: both sides must bind tighter than a comparison
    return f"{_print(node.left, _SUM)} {node.op} {_print(node.right, _SUM)}", _COMPARE


def _logical(node: Logical) -> tuple[str, int]:
    word, level = _LOGICAL[node.op]
    return f"{_print(node.left, level)} {word} {_print(node.right, level + 1)}", level


def _not(node: Not) -> tuple[str, int]:
    return f"非 {_print(node.operand, _NOT)}", _NOT


def _if(node: If) -> tuple[str, int]:
    return (f"如果 {_print(node.cond, _TOP)} 则 {_print(node.then, _TOP)} "
            f"否则 {_print(node.otherwise, _TOP)}"), _TOP


def _forall(node: ForAll) -> tuple[str, int]:
    if not is_plain_name(node.var):
        raise ValueError(f"变量名无法书写：{node.var!r}")
    return f"每个 {node.var} 属于 {_print(node.domain, _TOP)}: {_print(node.body, _TOP)}", _TOP


_PRINTERS: dict[type, Callable[..., tuple[str, int]]] = {
    Name: _name, Number: _number, Percent: _percent, String: _str, Member: _member, Index: _index,
    Call: _call, Unary: _unary, Binary: _binary, Compare: _compare, Logical: _logical, Not: _not,
    If: _if, ForAll: _forall,
}
