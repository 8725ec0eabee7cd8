"""Fast YAML reading that remembers where every key and value stood (libyaml's composer, not a Python parser).

Mappings and lists carry `.lc` with the same calls as ruamel.yaml's round-trip objects: `key(k)`, `value(k)`,
`item(i)` give 0-based (line, column). Only the service's round-trip editing needs ruamel.yaml itself.
"""
from __future__ import annotations

from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.MarkedYAMLError


class _Marks:
    __slots__ = ("keys", "values", "items")

    def __init__(self) -> None:
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []

    def key(self, k: Any) -> tuple[int, int]:
        return self.keys[k]

    def value(self, k: Any) -> tuple[int, int]:
        return self.values[k]

    def item(self, i: int) -> tuple[int, int]:
        return self.items[i]


class PosDict(dict):
    __slots__ = ("lc",)


class PosList(list):
    __slots__ = ("lc",)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def _build(node: yaml.Node, constructor: yaml.constructor.SafeConstructor, dups: list | None = None) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = PosDict()
        out.lc = _Marks()
        for key_node, value_node in node.value:
            key = _build(key_node, constructor, dups)
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


def load(text: str, duplicates: list | None = None) -> Any:
    """Raises yaml.MarkedYAMLError (with problem_mark) for malformed text. A key given twice in one mapping is
    appended to `duplicates` as (key, (line, col), (first line, first col)), 0-based."""
    node = yaml.compose(text, Loader=_Loader)
    return None if node is None else _build(node, yaml.constructor.SafeConstructor(), duplicates)
