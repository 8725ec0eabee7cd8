"""Compiling `每个 r 属于 SET: body`: checked element by element (fast form) or re-run with each element's reads
(traced); and `求和(每个 r 属于 SET: expr)`, the expression's values."""
from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Callable

from engine.language import nodes as n
from engine.language.compiler.base import Compiler
from engine.language.numbers import Amount
from engine.language.printer import to_text
from engine.language.runtime import (TRUE, CellRef, Check, Ctx, EvalError, Item, RowItem, Step, TableView, Truth,
                                     Values, cited)
from engine.language.types import BOOL, CompiledNode, Fn, StaticType, kind_zh
from engine.model import Indicator, PerformanceForm, Section


def element_label(item: Any) -> str:
    if isinstance(item, RowItem):
        return item.label
    if isinstance(item, PerformanceForm):
        return item.project
    if isinstance(item, Indicator):
        return item.name or item.target
    if isinstance(item, Section):
        return f"{item.number}、{item.title}"
    if isinstance(item, Amount):
        return str(item.value)
    if isinstance(item, TableView):
        return f"{item.table.id}《{item.table.title}》" if item.table.title else item.table.id
    if isinstance(item, Item):
        return item.label
    return str(item)


# Told (loop node, element) before each element a for-each evaluates and (node, None) after its last: lets
# engine/checking/readings.py tell which cells each element read. Unset (None) but while it asks.
ELEMENTS: ContextVar[Callable[[n.ForAll, Any], None] | None] = ContextVar("elements", default=None)

_ELEMENT = {"rows": "row", "forms": "form", "list": "num", "narrative": "section", "indicators": "indicator",
            "tables": "table", "items": "item"}


def _domain(compiler: Compiler, node: n.ForAll, body_kind: str) -> tuple[Fn, Fn]:
    """The domain's items and the body compiled with the loop variable bound (a truth, or a number to sum)."""
    domain = compiler.node(node.domain)
    kind = domain.type.kind
    if kind not in _ELEMENT:
        raise compiler.fail("E206", node.domain, what="每个…属于", expected="行集合、自评表、绩效指标、公开表或数值列表",
                            got=kind_zh(kind))
    element = StaticType(_ELEMENT[kind], domain.type.spec, domain.type.side)
    var, saved = node.var, dict(compiler.scope)
    compiler.scope[var] = element
    try:
        if body_kind == "bool":
            body = compiler.boolean(node.body, "每个…属于").fn
        else:
            body = compiler.num(node.body, "求和(每个…属于…)").fn
    finally:
        compiler.scope = saved
    dom_fn = domain.fn

    if kind in _IN_PLACE:
        return dom_fn, body  # the compiler's own tuples and the document's lists, iterated in place

    def items(ctx: Ctx) -> tuple[Any, ...]:
        value = dom_fn(ctx)
        return value.items if isinstance(value, Values) else tuple(value)
    return items, body


_IN_PLACE = frozenset(("rows", "forms", "indicators", "narrative"))  # domains whose closures give a tuple or list


def forall_values(compiler: Compiler, node: n.ForAll) -> CompiledNode:
    """`求和(每个 r 属于 公开05[类]: expr)`: expr's value for each element, as a list (求和, 最小, 最大 take it)."""
    items, body = _domain(compiler, node, "num")
    var = node.var

    def values(ctx: Ctx) -> Values:
        had, previous = var in ctx.vars, ctx.vars.get(var)
        out = []
        try:
            for item in items(ctx):
                ctx.vars[var] = item
                out.append(body(ctx))
        finally:
            if had:
                ctx.vars[var] = previous
            else:
                ctx.vars.pop(var, None)
        return Values(tuple(out))
    return CompiledNode(values, StaticType("list"), compiler.text(node))


def forall(compiler: Compiler, node: n.ForAll) -> CompiledNode:
    items, body = _domain(compiler, node, "bool")
    var, body_text = node.var, compiler.text(node.body)
    described: list[str] = []  # the body's text, printed the first time a fast run for findings needs it

    def labelled(checks: list[Check], item: Any, result: Truth, steps: tuple[Step, ...] | None,
                 refs: tuple[CellRef, ...], text: str = body_text) -> None:
        """An element's checks, named by the element; a plain `false` becomes a fail that shows what it read."""
        label = element_label(item)
        checks.extend(Check(c.status, c.comparison, c.refs, c.steps, f"{label} / {c.element}" if c.element else label,
                            c.code, c.params, c.text) for c in result.checks)  # dataclasses.replace costs 5× this
        if not result.ok and not any(c.status != "rounding" for c in result.checks):
            checks.append(Check("fail", element=label, text=text, steps=steps, refs=refs))

    def fast(ctx: Ctx) -> Truth:
        # Records which elements held, for the re-run that locates findings (Memo.held): an inner loop's elements
        # depend on the outer loop variables, so their identities are in the key, and the memo keeps those objects
        # alive so an identity is never reused.
        variables = ctx.vars
        had, previous = var in variables, variables.get(var)
        outer = tuple(variables.values()) if ctx.records else ()
        held: list[int] = []
        told = ELEMENTS.get()  # readings.py listening for each element (engine/checking/elements.py)
        try:
            if ctx.reads is None:  # a verdict: the elements that hold cost a call and a test each
                ok, checks = _plain(ctx, variables, items(ctx), held, told)
            else:
                ok, checks = _reading(ctx, variables, items(ctx), held, told)
        finally:
            if told is not None:
                told(node, None)
            if had:
                variables[var] = previous
            else:
                variables.pop(var, None)
        if ctx.records:
            ctx.memo.held[(id(node), ctx.tolerance, tuple(map(id, outer)))] = (outer, held)
        return TRUE if ok and not checks else Truth(ok, tuple(checks))

    def _plain(ctx: Ctx, variables: dict[str, Any], elements: Any, held: list[int], told: Any
               ) -> tuple[bool, list[Check]]:
        ok, checks = True, []
        keep = held.append
        for i, item in enumerate(elements):
            variables[var] = item
            if told is not None:
                told(node, item)
            try:
                result = body(ctx)
            except EvalError as err:
                ok = False
                checks.append(Check("error", element=element_label(item), code=err.code, params=err.params))
                continue
            if result is TRUE:  # the common case: nothing to report for this element
                keep(i)
                continue
            ok = ok and result.ok
            labelled(checks, item, result, None, ())
        return ok, checks

    def _reading(ctx: Ctx, variables: dict[str, Any], elements: Any, held: list[int], told: Any
                 ) -> tuple[bool, list[Check]]:
        """A run for findings (Ctx.reads): an element that reports cites what it read, as the traced form's
        `each` does."""
        ok, checks = True, []
        reads = ctx.reads
        assert reads is not None
        for i, item in enumerate(elements):
            variables[var] = item
            if told is not None:
                told(node, item)
            r0 = len(reads)
            try:
                result = body(ctx)
            except EvalError as err:
                ok = False
                checks.append(Check("error", element=element_label(item), code=err.code, params=err.params))
                continue
            if result is TRUE:
                held.append(i)
                continue
            ok = ok and result.ok
            if not described:
                described.append(to_text(node.body))
            labelled(checks, item, result, None, cited(reads[r0:]), described[0])
        return ok, checks

    def each(ctx: Ctx) -> Truth:
        """Traced: elements that simply held in the fast run hold again, so the re-run skips them."""
        ok, checks = True, []
        had, previous = var in ctx.vars, ctx.vars.get(var)
        found = ctx.memo.held.get((id(node), ctx.tolerance, tuple(map(id, ctx.vars.values())))) if ctx.skips else None
        held = frozenset(found[1]) if found is not None else ()
        told = ELEMENTS.get()
        try:
            for i, item in enumerate(items(ctx)):
                if i in held:
                    ctx.skipped = True
                    continue
                ctx.vars[var] = item
                if told is not None:
                    told(node, item)
                s0 = len(ctx.steps) if ctx.steps is not None else 0
                r0 = len(ctx.refs) if ctx.refs is not None else 0
                try:
                    result = body(ctx)
                except EvalError as err:
                    ok = False
                    steps = tuple(ctx.steps[s0:]) if ctx.steps is not None else None
                    checks.append(Check("error", element=element_label(item), code=err.code, params=err.params,
                                        steps=steps))
                    continue
                if result is TRUE:
                    continue
                ok = ok and result.ok
                labelled(checks, item, result, tuple(ctx.steps[s0:]) if ctx.steps is not None else None,
                         tuple(ctx.refs[r0:]) if ctx.refs is not None else ())  # what this element read
        finally:
            if told is not None:
                told(node, None)
            if had:
                ctx.vars[var] = previous
            else:
                ctx.vars.pop(var, None)
        return TRUE if ok and not checks else Truth(ok, tuple(checks))
    return CompiledNode(each if compiler.traced else fast, BOOL, compiler.text(node))
