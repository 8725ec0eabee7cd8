"""What compilation produces: a node's static type, its compiled closure, and the problems found on the way."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from engine.catalogue import TableSpec
from engine.language import nodes as n
from engine.language.runtime import Ctx

Fn = Callable[[Ctx], Any]  # a compiled closure: reads the document through the evaluation context


@dataclass(frozen=True)
class StaticType:
    """Static type: kind is num|bool|text|table|row|rows|list|narrative|section|forms|form|fund|items|tables|…;
    a table, row or rows type also carries the table's spec and the side (左/右) it reads."""

    kind: str
    spec: TableSpec | None = None
    side: str | None = None


@dataclass
class CompiledNode:
    """A node compiled once per rule: the closure, its static type, its canonical text and, when cheaper than running
    it, a presence probe (number|derived|blank|na|text|missing, for 有值/为空)."""

    fn: Fn
    type: StaticType
    text: str
    probe: Fn | None = None


@dataclass
class Problem:
    """A load-time problem: a message code, where it is, the message's parameters, and a 是否是…？ suggestion."""

    code: str
    span: n.Span
    params: dict[str, Any] = field(default_factory=dict)
    suggestion: str | None = None


class CompileFailed(Exception):
    """Raised inside compilation after recording a Problem, to stop compiling that branch."""


NUM, BOOL, TEXT = StaticType("num"), StaticType("bool"), StaticType("text")
_KIND_ZH = {"num": "数值", "bool": "真/假判断", "text": "文字", "table": "表", "row": "行", "rows": "行集合",
            "list": "数值列表", "narrative": "情况说明", "section": "情况说明章节", "forms": "自评表集合",
            "form": "自评表", "fund": "资金项", "tables": "公开表集合", "items": "目录项或编号清单",
            "item": "目录项或编号", "indicators": "绩效指标集合", "indicator": "绩效指标"}


def kind_zh(kind: str) -> str:
    return _KIND_ZH.get(kind, kind)
