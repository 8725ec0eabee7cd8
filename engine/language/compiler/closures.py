"""The closures the compiler builds from: a named row, metadata, comparisons, presence probes, traced steps."""
from __future__ import annotations

import operator
from typing import Any, Callable

from engine.language import resolve
from engine.language.numbers import Amount, compare
from engine.language.runtime import (TRUE, Check, Ctx, EvalError, NotCheckable, OVER_BUDGET, RowItem, Step, TableView, Truth, Values,
                                     cell, cited, find_row)
from engine.language.types import NUM, TEXT, CompiledNode, Fn, StaticType


def row_by_name(obj: CompiledNode, name: resolve.RowName, text: str) -> CompiledNode:
    view_fn, spec = obj.fn, obj.type.spec
    assert spec is not None

    # `公开01.本年收入合计` is read by many rules of a document: found once, under a key fixed at compile time (the
    # table's id names one table in a document, and the view's side is the type's); every place naming the row by
    # the same forms shares it (what find_row reads of the name is all in the key)
    key = (spec.id, obj.type.side, name.key, name.forms, name.side)

    def row(ctx: Ctx) -> RowItem:
        item: RowItem | bool | None = ctx.memo.rows.get(key)
        if item is None:
            view = view_fn(ctx)  # a missing table raises here, every time
            found = find_row(ctx, view, name)
            item = ctx.memo.rows[key] = RowItem(view.table, found) if found is not None else False
        if item is False:
            raise EvalError("E402", table=spec.id, row=name.key)
        return item  # type: ignore[return-value]  # a RowItem: None and False are handled above

    def probe(ctx: Ctx) -> str:
        table = ctx.doc.tables.get(spec.id)
        if table is None:
            return "missing"
        found = find_row(ctx, TableView(table, obj.type.side), name)
        return "missing" if found is None else cell_kind(ctx, RowItem(table, found), None)
    return CompiledNode(row, StaticType("row", spec, name.side or obj.type.side), text, probe)


def cell_kind(ctx: Ctx, item: RowItem, column: str | None) -> str:
    return cell(ctx, item, column, strict=False).kind


def var_probe(name: str) -> Fn:
    def probe(ctx: Ctx) -> str:
        value = ctx.vars[name]
        return cell_kind(ctx, value, None) if isinstance(value, RowItem) else "number"
    return probe


def metadata(name: str, text: str) -> CompiledNode:
    if name == "年度":
        def year(ctx: Ctx) -> Amount:
            if ctx.doc.metadata.year is None:
                raise EvalError("E406", where="年度")
            return Amount.exact(ctx.doc.metadata.year)
        return CompiledNode(year, NUM, text, lambda ctx: "derived" if ctx.doc.metadata.year is not None else "missing")
    attr = resolve.METADATA[name]
    return CompiledNode(lambda ctx: str(getattr(ctx.doc.metadata, attr)), TEXT, text)


ARITH: dict[str, Callable[[Amount, Amount], Amount]] = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}


# a op b on the values, as EXACT[op](a − b) decides it, without building the difference
_HOLDS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def num_compare(op: str, left: Fn, right: Fn, text: str, traced: bool, describe: Callable[[], str],
                shapes: tuple[tuple[str, str | None] | None, Amount | None] = (None, None)) -> Fn:
    """`describe`: the comparison's canonical text, printed the first time a fast run reports it (the fast form
    has no texts: compiler.text). `shapes`: the left operand's loop cell (var, column) and the right operand's
    constant when the compiler knows them (Compiler.cells, Compiler.constants): the fast form then reads them in
    place, one call less per operand."""
    holds = _HOLDS[op]
    described: list[str] = []  # describe(), once

    def settle(ctx: Ctx, a: Amount, b: Amount, r0: int) -> Truth:
        """a op b does not hold exactly: within rounding (a note) or not (a fail)."""
        result = compare(op, a, b, ctx.tolerance)
        if result.outcome == "pass":  # a printed figure that is the computed one, rounded (numbers.stated)
            return TRUE
        reads = ctx.reads
        if reads is None:
            return Truth(result.outcome == "rounding", (Check(result.outcome, result, text=text),))
        # the cells the operands read, as the traced form's `slow` cites them (Compiled._run uses them for a rule
        # whose only outcomes are rounding notes)
        if not described:
            described.append(describe())
        return Truth(result.outcome == "rounding",
                     (Check(result.outcome, result, cited(reads[r0:]), text=described[0]),))

    loop_cell, constant = shapes

    def fast(ctx: Ctx) -> Truth:
        reads = ctx.reads
        r0 = len(reads) if reads is not None else 0
        a, b = left(ctx), right(ctx)
        if holds(a.value, b.value):  # most comparisons hold exactly: no Comparison to build
            return TRUE
        return settle(ctx, a, b, r0)

    def fast_constant(ctx: Ctx) -> Truth:  # `… == 0`, `… >= 1`
        reads = ctx.reads
        r0 = len(reads) if reads is not None else 0
        a = left(ctx)
        if holds(a.value, b_value):
            return TRUE
        return settle(ctx, a, b, r0)

    def fast_cell(ctx: Ctx) -> Truth:  # `r.合计 == expr`
        reads = ctx.reads
        r0 = len(reads) if reads is not None else 0
        a, b = cell(ctx, ctx.vars[var], column), right(ctx)
        if holds(a.value, b.value):
            return TRUE
        return settle(ctx, a, b, r0)

    def fast_cell_constant(ctx: Ctx) -> Truth:  # `r.本年收入合计 == 0`, `c >= 0`
        reads = ctx.reads
        r0 = len(reads) if reads is not None else 0
        a = cell(ctx, ctx.vars[var], column)
        if holds(a.value, b_value):
            return TRUE
        return settle(ctx, a, b, r0)

    def slow(ctx: Ctx) -> Truth:
        refs = ctx.refs
        assert refs is not None  # the traced form runs with refs
        steps, r0, skips = ctx.steps, len(refs), ctx.skips
        s0 = len(steps) if steps is not None else 0
        ctx.skips = False  # the comparison reports every cell its operands read: no for-each may skip one
        try:
            result = compare(op, left(ctx), right(ctx), ctx.tolerance)
        finally:
            ctx.skips = skips
        if result.outcome == "pass":
            return TRUE
        check = Check(result.outcome, result, tuple(refs[r0:]),
                      tuple(steps[s0:]) if steps is not None else None, text=text)
        return Truth(result.outcome == "rounding", (check,))
    if traced:
        return slow
    if constant is not None:
        b = constant
        b_value = b.value
    if loop_cell is not None:
        var, column = loop_cell
        return fast_cell if constant is None else fast_cell_constant
    return fast if constant is None else fast_constant


def text_compare(op: str, left: Fn, right: Fn, text: str, describe: Callable[[], str]) -> Fn:
    def fn(ctx: Ctx) -> Truth:
        r0 = len(ctx.refs) if ctx.refs is not None else 0
        s0 = len(ctx.steps) if ctx.steps is not None else 0
        d0 = len(ctx.reads) if ctx.reads is not None else 0
        equal = str(left(ctx)).strip() == str(right(ctx)).strip()
        if equal == (op == "=="):
            return TRUE
        if ctx.reads is not None:  # a run for findings: cited as the traced form does below
            return Truth(False, (Check("fail", refs=cited(ctx.reads[d0:]), text=describe()),))
        if ctx.refs is None:
            return Truth(False, (Check("fail", text=text),))
        # traced: where each side was read and what it gave
        steps = tuple(ctx.steps[s0:]) if ctx.steps is not None else None
        return Truth(False, (Check("fail", refs=tuple(ctx.refs[r0:]), steps=steps, text=text),))
    return fn


def traced(fn: Fn, text: str, kind: str) -> Fn:
    def record(ctx: Ctx) -> Any:
        value = fn(ctx)
        ctx.steps.append(step(text, value, kind))  # type: ignore[union-attr]  # steps are recorded in this form
        return value
    return record


_ZERO_INT: Any = 0  # an empty list's total and tolerance are the int 0, as they always were (shown as 0)


def step(text: str, value: Any, kind: str) -> Step:
    if isinstance(value, Amount):
        return Step(text, value.value, value.tol, "number")
    if isinstance(value, Truth):
        return Step(text, value.ok, None, "bool")
    if isinstance(value, Values):
        total = sum((v.value for v in value.items), start=_ZERO_INT)
        return Step(text, total, sum((v.tol for v in value.items), start=_ZERO_INT), "list")
    shown = str(value)
    if "\n" in shown:  # the cover or the 目录: one line and the count, not the whole page
        shown = f"{shown.splitlines()[0]}…（{shown.count(chr(10)) + 1}行）"
    return Step(text, shown, None, kind)


def probe_of(c: CompiledNode) -> Fn:
    """A closure telling whether the value is a printed number, blank, na, text or missing."""
    if c.probe is not None:
        return c.probe
    f = c.fn

    def probe(ctx: Ctx) -> str:
        try:
            value = f(ctx)
        except EvalError as err:
            if err.code == OVER_BUDGET:
                raise
            return "missing"
        except NotCheckable:
            return "missing"
        if isinstance(value, Amount):
            return value.kind
        if isinstance(value, RowItem):
            return cell_kind(ctx, value, None)
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Amount):
            return value[0].kind  # a form's fund line
        if isinstance(value, str):
            return "text" if value.strip() else "blank"
        return "number"
    return probe
