"""Numbers stated in the narrative: 文中所有百分比 / 文中所有金额, each at its printed precision with the words and the
line that state it (for findings); a section's flattened text and line anchors, built once per document."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Callable

from engine.functions import text as text_scan
from engine.functions.registry import Function
from engine.language import nodes as n
from engine.language import resolve
from engine.language.compiler.base import Compiler
from engine.language.numbers import Amount, half_unit
from engine.language.printer import to_text
from engine.language.runtime import Ctx, Values
from engine.language.types import CompiledNode, StaticType, kind_zh
from engine.model import Section, Source

# A printed percentage: digits (thousands commas allowed) and %, not the tail of a longer number.
# Written to start with a sign or digit (the lookbehind after it), so the regex engine skips ahead: 2× faster.
_PERCENT_PLAIN = r"(?<![\d.,])(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)%"  # what _PERCENT matches, as written
_PERCENT = re.compile(r"((?:-(?<![\d.,]-)\d|\d(?<![\d.,]\d))(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)%")
SourceAt = Callable[[int], "Source | None"]


def _nowhere(_: int) -> Source | None:
    return None


@dataclass(slots=True, unsafe_hash=True)  # never mutated; not frozen: see numbers.Amount
class Stated(Amount):
    """A number stated in the narrative: the words it closes and the line it was printed on (for findings)."""

    snippet: str = ""
    section: str = ""
    source: Source | None = None


def all_percents(flat: str, section: str = "", source_at: SourceAt = _nowhere) -> tuple[Stated, ...]:
    """Every percentage in a flattened text, each keeping its printed precision (2.6 stays 2.6, not 2.60);
    `source_at` maps an offset in it to its printed line."""
    out = []
    for m in _PERCENT.finditer(flat):
        value = Decimal(m.group(1).replace(",", ""))
        before = text_scan.CLAUSE_END.split(flat[max(0, m.start() - 16):m.start()])[-1]
        out.append(Stated(value, half_unit(value), "number", snippet=before + m.group(0), section=section,
                          source=source_at(m.start())))
    return tuple(out)


def all_amounts(flat: str, unit: str, section: str = "", source_at: SourceAt = _nowhere) -> tuple[Stated, ...]:
    """Every amount printed with the money unit in a flattened text, each keeping its printed precision (thresholds
    left out)."""
    return tuple(Stated(value, half_unit(value), "number", snippet=words, section=section, source=source_at(start))
                 for value, words, start in text_scan.money_amounts(flat, unit))


def _unit(compiler: Compiler, node: n.Call) -> str:
    """文中所有金额's optional unit: a quoted 万元 or 元, checked at load time."""
    if len(node.args) < 2:
        return text_scan.UNITS[0]
    arg = node.args[1]
    if not (isinstance(arg, n.String) and arg.value in text_scan.UNITS):
        name = arg.value if isinstance(arg, n.String) else to_text(arg)
        raise compiler.fail("E239", arg, resolve.suggest(str(name), text_scan.UNITS), name=name,
                            known="、".join(text_scan.UNITS))
    return arg.value


def _stated_call(compiler: Compiler, node: n.Call, fn: Function) -> CompiledNode:
    """文中所有百分比(情况说明.五) / 文中所有金额(情况说明.五): the printed percentages or amounts, section by section."""
    arg = compiler.node(node.args[0])
    if arg.type.kind not in ("section", "narrative"):
        raise compiler.fail("E206", node.args[0], what=node.func, expected="情况说明或其章节",
                            got=kind_zh(arg.type.kind))
    arg_fn, whole = arg.fn, arg.type.kind == "narrative"
    unit = _unit(compiler, node) if fn.name == "text_amounts" else ""

    def run(ctx: Ctx) -> Values:
        value = arg_fn(ctx)
        sections = value if whole else (value,)
        return Values(tuple(p for s in sections for p in _section_stated(ctx, s, unit)))
    return CompiledNode(run, StaticType("list"), compiler.text(node))


def _section_stated(ctx: Ctx, section: Section, unit: str) -> tuple[Stated, ...]:
    """The section's percentages (no unit) or amounts in `unit`, scanned once per document."""
    def scan() -> tuple[Stated, ...]:
        where, at, flat = f"{section.number}、{section.title}", partial(source_in, ctx, section), flat_text(ctx, section)
        return all_amounts(flat, unit, where, at) if unit else all_percents(flat, where, at)
    stated: tuple[Stated, ...] = ctx.memo.once((unit or "%", id(section)), section, scan)
    return stated


def source_in(ctx: Ctx, section: Section, offset: int) -> Source:
    """The printed line of an offset in the section's flattened text; its line anchors are built once per document."""
    return text_scan.source_at(_anchored(ctx, section)[1], offset, section.source)


def _anchored(ctx: Ctx, section: Section) -> tuple[str, list[tuple[int, Source]]]:
    anchored = ctx.memo.anchored  # asked ~500 times per document: its own dict, no key tuple, no closure
    found = anchored.get(id(section))
    if found is None or found[0] is not section:
        found = anchored[id(section)] = (section, text_scan.line_anchors(section))
    anchors: tuple[str, list[tuple[int, Source]]] = found[1]
    return anchors


def anchors_of(ctx: Ctx) -> Callable[[Section], tuple[str, list[tuple[int, Source]]]]:
    """line_anchors for this document's sections, each flattened once per document (the scans that walk every
    section take it instead of flattening the whole 情况说明 again)."""
    return partial(_anchored, ctx)


def flat_text(ctx: Ctx, section: Section) -> str:
    """The section's full text, flattened once per document (with its line anchors)."""
    found = ctx.memo.anchored.get(id(section))  # ~900 asks per document, nearly all answered here
    if found is not None and found[0] is section:
        flat: str = found[1][0]
        return flat
    return _anchored(ctx, section)[0]


def flat_utf8(ctx: Ctx, section: Section) -> bytes:
    """The flattened text in UTF-8, what the template matcher (RE2) searches: encoded once per document."""
    data: bytes = ctx.memo.once(("utf8", id(section)), section, lambda: flat_text(ctx, section).encode())
    return data


FUNCTIONS = (
    Function("text_percents", ("text_percents", "文中所有百分比"), ("section",), "list",
             "章节（或整个情况说明）中印出的全部百分比，按印出的精度",
             "every percentage printed in a section (or the whole 情况说明), at its printed precision",
             hook=_stated_call,
             reads=(), example="文中所有百分比(情况说明.五)"),
    Function("text_amounts", ("text_amounts", "文中所有金额"), ("section", "unit"), "list",
             "章节中以“万元”（或给定的“元”）印出的全部金额，门槛（100万元以上）不算",
             "every amount printed in 万元 (or the given 元) in a section, thresholds left out",
             optional=1, hook=_stated_call,
             reads=(), example="文中所有金额(情况说明.五, \"元\")"),
)
