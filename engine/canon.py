"""Canonical text of a node for traces: the syntax engineer's printer when present, else a plain fallback."""
from __future__ import annotations

from engine import nodes as n

_PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7}


def to_text(node: n.Node) -> str:
    try:
        from engine.printer import to_text as printer_to_text
    except ImportError:
        return _text(node)
    try:
        return printer_to_text(node)
    except Exception:  # a printer gap must not break evaluation; the fallback is only for traces
        return _text(node)


def _name(name: str, quoted: bool) -> str:
    return f"「{name}」" if quoted else name


def _wrap(node: n.Node, level: int) -> str:
    text = _text(node)
    return f"({text})" if _level(node) < level else text


def _level(node: n.Node) -> int:
    if isinstance(node, n.Logical):
        return _PREC[node.op]
    if isinstance(node, n.Not):
        return _PREC["not"]
    if isinstance(node, n.Compare):
        return _PREC["cmp"]
    if isinstance(node, n.Binary):
        return _PREC[node.op]
    if isinstance(node, (n.If, n.ForAll)):
        return 0
    return 9


def _selector(sel: n.Node) -> str:
    if isinstance(sel, n.Key):
        return _name(sel.text, sel.quoted)
    if isinstance(sel, n.Level):
        return sel.level
    if isinstance(sel, n.Prefix):
        return f"{sel.prefix}*"
    if isinstance(sel, n.Range):
        return f"{sel.low}..{sel.high}"
    return "*"


def _text(node: n.Node) -> str:  # noqa: C901 - one branch per node type
    if isinstance(node, (n.Number, n.Percent)):
        return node.text
    if isinstance(node, n.String):
        return '"' + node.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(node, n.Name):
        return _name(node.name, node.quoted)
    if isinstance(node, n.Member):
        return f"{_text(node.obj)}.{_name(node.name, node.quoted)}"
    if isinstance(node, n.Index):
        return f"{_text(node.obj)}[{_selector(node.selector)}]"
    if isinstance(node, n.Call):
        return f"{node.func}({', '.join(_text(a) for a in node.args)})"
    if isinstance(node, n.Unary):
        return f"-{_wrap(node.operand, _PREC['neg'])}"
    if isinstance(node, n.Binary):
        p = _PREC[node.op]
        return f"{_wrap(node.left, p)} {node.op} {_wrap(node.right, p + 1)}"
    if isinstance(node, n.Compare):
        return f"{_wrap(node.left, 5)} {node.op} {_wrap(node.right, 5)}"
    if isinstance(node, n.Logical):
        p = _PREC[node.op]
        return f"{_wrap(node.left, p)} {node.op} {_wrap(node.right, p + 1)}"
    if isinstance(node, n.Not):
        return f"not {_wrap(node.operand, _PREC['not'])}"
    if isinstance(node, n.If):
        return f"if {_text(node.cond)} then {_text(node.then)} else {_text(node.otherwise)}"
    if isinstance(node, n.ForAll):
        return f"每个 {node.var} 属于 {_text(node.domain)}: {_text(node.body)}"
    return type(node).__name__
