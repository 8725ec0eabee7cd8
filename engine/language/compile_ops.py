"""The compiler's building blocks: static types, compiled nodes, and the closures for rows, comparisons, traces."""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, Callable

from engine.language import nodes as n
from engine.language import resolve
from engine.catalogue import TableSpec
from engine.language.numbers import Amount, compare
from engine.language.runtime import TRUE, Check, Ctx, EvalError, RowItem, Step, TableView, Truth, Values, cell, find_row

Fn = Callable[[Ctx], Any]

@dataclass(frozen=True)
class T:
    """Static type: kind is num|bool|text|table|row|rows|list|narrative|section|forms|form|fund."""

    kind: str
    spec: TableSpec | None = None
    side: str | None = None


@dataclass
class C:
    fn: Fn
    type: T
    text: str
    probe: Fn | None = None  # presence: number|derived|blank|na|text|missing (for exists/blank)


@dataclass
class Problem:
    code: str
    span: n.Span
    params: dict = field(default_factory=dict)
    suggestion: str | None = None


class CompileFailed(Exception):
    """Raised inside compilation after recording a Problem, to stop compiling that branch."""


NUM, BOOL, TEXT = T("num"), T("bool"), T("text")
_KIND_ZH = {"num": "数值", "bool": "真/假判断", "text": "文字", "table": "表", "row": "行", "rows": "行集合",
            "list": "数值列表", "narrative": "情况说明", "section": "情况说明章节", "forms": "自评表集合",
            "form": "自评表", "fund": "资金项", "tables": "公开表集合", "items": "目录项或编号清单",
            "item": "目录项或编号", "indicators": "绩效指标集合", "indicator": "绩效指标"}


def kind_zh(kind: str) -> str:
    return _KIND_ZH.get(kind, kind)


def row_by_name(obj: C, name: resolve.RowName, text: str) -> C:
    view_fn, spec = obj.fn, obj.type.spec
    assert spec is not None

    # `公开01.本年收入合计` is read by many rules of a document: found once, under a key fixed at compile time (the
    # table's id names one table in a document, and the view's side is the type's)
    key = (spec.id, obj.type.side, id(name))

    def row(ctx: Ctx) -> RowItem:
        item = ctx.memo.rows.get(key)
        if item is None:
            view = view_fn(ctx)  # a missing table raises here, every time
            found = find_row(ctx, view, name)
            item = ctx.memo.rows[key] = RowItem(view.table, found) if found is not None else False
        if item is False:
            raise EvalError("E402", table=spec.id, row=name.key)
        return item

    def probe(ctx: Ctx) -> str:
        table = ctx.doc.tables.get(spec.id)
        found = find_row(ctx, TableView(table, obj.type.side), name) if table else None
        return "missing" if found is None else cell_kind(ctx, RowItem(table, found), None)
    return C(row, T("row", spec, name.side or obj.type.side), text, probe)


def cell_kind(ctx: Ctx, item: RowItem, column: str | None) -> str:
    return cell(ctx, item, column, strict=False).kind


def var_probe(name: str) -> Fn:
    def probe(ctx: Ctx) -> str:
        value = ctx.vars[name]
        return cell_kind(ctx, value, None) if isinstance(value, RowItem) else "number"
    return probe


def metadata(name: str, text: str) -> C:
    if name == "年度":
        def year(ctx: Ctx) -> Amount:
            if ctx.doc.metadata.year is None:
                raise EvalError("E406", where="年度")
            return Amount.exact(ctx.doc.metadata.year)
        return C(year, NUM, text, lambda ctx: "derived" if ctx.doc.metadata.year is not None else "missing")
    attr = resolve.METADATA[name]
    return C(lambda ctx: str(getattr(ctx.doc.metadata, attr)), TEXT, text)


ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}


# a op b on the values, as EXACT[op](a − b) decides it, without building the difference
_HOLDS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def num_compare(op: str, left: Fn, right: Fn, text: str, traced: bool) -> Fn:
    holds = _HOLDS[op]

    def fast(ctx: Ctx) -> Truth:
        a, b = left(ctx), right(ctx)
        if holds(a.value, b.value):  # most comparisons hold exactly: no Comparison to build
            return TRUE
        result = compare(op, a, b, ctx.tolerance)
        if result.outcome == "pass":  # a printed figure that is the computed one, rounded (numbers.stated)
            return TRUE
        return Truth(result.outcome == "rounding", (Check(result.outcome, result, text=text),))

    def slow(ctx: Ctx) -> Truth:
        steps, r0, skips = ctx.steps, len(ctx.refs), ctx.skips
        s0 = len(steps) if steps is not None else 0
        ctx.skips = False  # the comparison reports every cell its operands read: no for-each may skip one
        try:
            result = compare(op, left(ctx), right(ctx), ctx.tolerance)
        finally:
            ctx.skips = skips
        if result.outcome == "pass":
            return TRUE
        check = Check(result.outcome, result, tuple(ctx.refs[r0:]), tuple(steps[s0:]) if steps is not None else None,
                      text=text)
        return Truth(result.outcome == "rounding", (check,))
    return slow if traced else fast


def text_compare(op: str, left: Fn, right: Fn, text: str) -> Fn:
    def fn(ctx: Ctx) -> Truth:
        r0 = len(ctx.refs) if ctx.refs is not None else 0
        s0 = len(ctx.steps) if ctx.steps is not None else 0
        equal = str(left(ctx)).strip() == str(right(ctx)).strip()
        if equal == (op == "=="):
            return TRUE
        if ctx.refs is None:
            return Truth(False, (Check("fail", text=text),))
        # traced: where each side was read and what it gave
        steps = tuple(ctx.steps[s0:]) if ctx.steps is not None else None
        return Truth(False, (Check("fail", refs=tuple(ctx.refs[r0:]), steps=steps, text=text),))
    return fn


def traced(fn: Fn, text: str, kind: str) -> Fn:
    def record(ctx: Ctx) -> Any:
        value = fn(ctx)
        ctx.steps.append(step(text, value, kind))
        return value
    return record


def step(text: str, value: Any, kind: str) -> Step:
    if isinstance(value, Amount):
        return Step(text, value.value, value.tol, "number")
    if isinstance(value, Truth):
        return Step(text, value.ok, None, "bool")
    if isinstance(value, Values):
        total = sum((v.value for v in value.items), start=Amount(0).value)
        return Step(text, total, sum((v.tol for v in value.items), start=Amount(0).tol), "list")
    shown = str(value)
    if "\n" in shown:  # the cover or the 目录: one line and the count, not the whole page
        shown = f"{shown.splitlines()[0]}…（{shown.count(chr(10)) + 1}行）"
    return Step(text, shown, None, kind)
