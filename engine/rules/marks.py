"""Where a rulebook file's keys and values stood: the `.lc` of the mappings and lists yaml_positions builds.

Apart from yaml_positions (which imports YAML) because the rulebook cache keeps them (lint points at the failing
example by them): a cache hit unpickles these classes without importing YAML.
"""
from __future__ import annotations

from typing import Any


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
