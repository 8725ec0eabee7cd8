"""Fast YAML reading that remembers where every key and value stood (libyaml's composer, not a Python parser).

Mappings and lists carry `.lc` with the same calls as ruamel.yaml's round-trip objects: `key(k)`, `value(k)`,
`item(i)` give 0-based (line, column). Only the service's round-trip editing needs ruamel.yaml itself.
"""
from __future__ import annotations

from typing import Any

import yaml

from engine.rules.marks import PosDict, PosList, _Marks

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.MarkedYAMLError


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def _build(node: yaml.Node, constructor: yaml.constructor.SafeConstructor, dups: list | None = None) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = PosDict()
        out.lc = _Marks()
        for key_node, value_node in node.value:
            key = _build(key_node, constructor, dups)
            if isinstance(key, (dict, list)):
                raise _refuse("键不能是映射或列表（unhashable key）", key_node)
            if key in out and dups is not None:  # YAML lets the last one win silently: the loader diagnoses it
                dups.append((key, _mark(key_node), out.lc.keys[key]))
            out[key] = _build(value_node, constructor, dups)
            out.lc.keys[key] = _mark(key_node)
            out.lc.values[key] = _mark(value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        out = PosList(_build(item, constructor, dups) for item in node.value)
        out.lc = _Marks()
        out.lc.items = [_mark(item) for item in node.value]
        return out
    return constructor.construct_object(node)


MAX_NODES = 200_000  # values after aliases are expanded; the default rulebook has ~6,000 (a 648-byte
# "billion laughs" file expands to 10^9: the budget refuses it before anything is built)


def _refuse(problem: str, node: yaml.Node) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark)


def check_aliases(root: yaml.Node) -> None:
    """Refuses a node graph that aliases itself (a loop) or expands to more than MAX_NODES values; no recursion."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            sizes[key] = 1
            continue
        if done:
            open_.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                raise _refuse(f"别名（*）展开后超过 {MAX_NODES} 个值，拒绝读取（alias expansion too large）", node)
            continue
        if key in sizes:
            continue
        if key in open_:
            raise _refuse("别名（*）引用了包含它自己的节点（recursive alias）", node)
        open_.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_:
                raise _refuse("别名（*）引用了包含它自己的节点（recursive alias）", child)
            if id(child) not in sizes:
                stack.append((child, False))


def compose(text: str) -> yaml.Node | None:
    """The checked node graph of `text` (see check_aliases); raises yaml.MarkedYAMLError."""
    node = yaml.compose(text, Loader=_Loader)
    if node is not None:
        check_aliases(node)
    return node


def load(text: str, duplicates: list | None = None) -> Any:
    """Raises yaml.MarkedYAMLError (with problem_mark) for malformed text, alias loops and alias bombs. A key given
    twice in one mapping is appended to `duplicates` as (key, (line, col), (first line, first col)), 0-based."""
    node = compose(text)
    return None if node is None else _build(node, yaml.constructor.SafeConstructor(), duplicates)
