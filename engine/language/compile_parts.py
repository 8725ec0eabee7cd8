"""Compiling `obj.name` (rows, columns, sections, form fields) and `每个 r 属于 SET: body` (checked per element)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.language import nodes as n
from engine.language import resolve
from engine.language.compiler import BOOL, NUM, TEXT, C, Compiler, Fn, T, kind_zh, resolve_row, row_by_name
from engine.labels import normalise
from engine.model import Indicator, PerformanceForm, Section
from engine.language.numbers import Amount
from engine.functions.structure import Item
from engine.language.runtime import TRUE, CellRef, Check, Ctx, EvalError, RowItem, TableView, Truth, Values, cell


def member(compiler: Compiler, node: n.Member) -> C:
    obj = compiler.node(node.obj)
    kind, spec, text, name = obj.type.kind, obj.type.spec, compiler.text(node), node.name
    obj_fn = obj.fn
    if kind == "table" and spec is not None:
        side = resolve.side(spec, name) if obj.type.side is None else None
        if side is not None:
            return C(lambda ctx: TableView(obj_fn(ctx).table, side), T("table", spec, side), text)
        return row_by_name(obj, resolve_row(compiler, node, spec, name, obj.type.side), text)
    if kind in ("row", "rows") and spec is not None:
        try:
            key = resolve.column(spec, name, obj.type.side)
        except resolve.ResolveError as err:
            raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
        if kind == "row":
            var = compiler.loop_var(node.obj)
            if var is not None:  # `r.决算数` in a for-each: one call less per element
                return C(lambda ctx: cell(ctx, ctx.vars[var], key), NUM, text)
            return C(lambda ctx: cell(ctx, obj_fn(ctx), key), NUM, text)
        return C(lambda ctx: Values(tuple([cell(ctx, r, key) for r in obj_fn(ctx)])), T("list"), text)
    if kind in ("narrative", "section"):
        return _section(compiler, node, obj, text)
    if kind in ("form", "forms"):
        return _form_field(compiler, node, obj, text)
    if kind == "indicator":
        return _indicator_field(compiler, node, obj, text)
    if kind == "fund":
        wanted = normalise(name)

        def part(ctx: Ctx) -> Amount:
            fund = obj_fn(ctx)[1]
            for p in fund.parts:
                if wanted in normalise(p.label):
                    return _field_amount(p, text)
            raise EvalError("E406", where=text)
        return C(part, NUM, text)
    raise compiler.fail("E208", node, name=name, what=kind_zh(kind))


def _section(compiler: Compiler, node: n.Member, obj: C, text: str) -> C:
    """`情况说明.五` by number; `情况说明.「三公」` by words of its title, which survive regional renumbering."""
    parent_fn, nested = obj.fn, obj.type.kind == "section"
    if node.quoted:
        words = normalise(node.name)

        def matches(s: Section) -> bool:
            return words in normalise(s.title)
    else:
        try:
            number = resolve.section_number(node.name)
        except resolve.ResolveError as err:
            raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
        ordinal = resolve.section_ordinal(number)

        def matches(s: Section) -> bool:
            printed = resolve.bare_number(s.number)
            return printed == number or (ordinal is not None and resolve.section_ordinal(printed) == ordinal)

    key_name = (node.quoted, node.name)

    def find(ctx: Ctx) -> Section:
        parent = parent_fn(ctx)
        key = (id(parent), key_name)  # the same section is asked for by many rules of one document
        found = ctx.memo.sections.get(key, _UNSET)
        if found is _UNSET:
            found = ctx.memo.sections[key] = next((s for s in (parent.subsections if nested else parent)
                                                   if matches(s)), None)
        if found is None:
            raise EvalError("E405", section=node.name)
        return found
    return C(find, T("section"), text)


_UNSET = object()


def _field_amount(ff: Any, where: str) -> Amount:
    if ff is None:
        raise EvalError("E406", where=where)
    if ff.value is None:
        return Amount(Decimal(0), Decimal(0), "blank")
    return Amount.printed(ff.value)


def _form_value(ctx: Ctx, form: PerformanceForm, path: str, kind: str, text: str) -> Any:
    """A form's field; `text` (the field as written in the rule) names it in an error."""
    if path.startswith("category:"):
        wanted = path.split(":", 1)[1]
        ff = next((v for k, v in form.category_scores.items() if normalise(k) == wanted), None)
        return _read_field(ctx, form, ff, text)
    value = getattr(form, path)
    if kind == "num":
        return _read_field(ctx, form, value, text)
    if kind == "fund":
        if value is None:
            raise EvalError("E406", where=f"{text}（{form.project}）")
        return (_read_field(ctx, form, value.total, text), value)
    return value or ""


def _read_field(ctx: Ctx, form: PerformanceForm, ff: Any, text: str) -> Amount:
    if ff is None:
        raise EvalError("E406", where=f"{text}（{form.project}）")
    amount = ctx.memo.amounts.get(id(ff))
    if amount is None:
        amount = ctx.memo.amounts[id(ff)] = _field_amount(ff, text)
    if ctx.refs is not None:  # traced: the finding points at the printed field
        ctx.refs.append(CellRef("自评表", form.project, ff.label, ff.label, ff.value, ff.text, ff.source))
    return amount


def _form_field(compiler: Compiler, node: n.Member, obj: C, text: str) -> C:
    try:
        path, kind = resolve.form_field(node.name)
    except resolve.ResolveError as err:
        raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
    obj_fn = obj.fn
    if kind == "indicators":
        if obj.type.kind != "form":
            raise compiler.fail("E238", node, name=node.name)
        # score-only rows (no name, no target) are not indicators
        return C(lambda ctx: tuple(i for i in obj_fn(ctx).indicators if i.name or i.target), T("indicators"), text)
    if obj.type.kind == "form":
        static = {"num": NUM, "fund": T("fund"), "text": TEXT}[kind]
        var = compiler.loop_var(node.obj)
        if var is not None:  # `f.执行金额` in a for-each: f read in place
            return C(lambda ctx: _form_value(ctx, ctx.vars[var], path, kind, text), static, text)
        return C(lambda ctx: _form_value(ctx, obj_fn(ctx), path, kind, text), static, text)
    if kind == "text":
        raise compiler.fail("E206", node, what="自评表集合", expected="数值字段", got="文字")

    def values(ctx: Ctx) -> Values:
        out = []
        for form in obj_fn(ctx):
            v = _form_value(ctx, form, path, kind, text)
            out.append(v[0] if kind == "fund" else v)
        return Values(tuple(out))
    return C(values, T("list"), text)


# How a finding names an indicator field: the form's printed column heading.
_INDICATOR_COLUMNS = {"name": "三级指标", "target": "年度指标值", "actual": "全年完成值",
                      "shortfall_reason": "未完成原因", "level1": "一级指标", "level2": "二级指标"}


def _indicator_field(compiler: Compiler, node: n.Member, obj: C, text: str) -> C:
    """`i.完成值`: printed text of one indicator row; traced runs point at the row's line."""
    try:
        attr = resolve.indicator_field(node.name)
    except resolve.ResolveError as err:
        raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
    obj_fn, column, var = obj.fn, _INDICATOR_COLUMNS[attr], compiler.loop_var(node.obj)

    def read(ctx: Ctx) -> str:
        item: Indicator = ctx.vars[var] if var is not None else obj_fn(ctx)
        value = getattr(item, attr)
        if ctx.refs is not None and attr != "name":  # the element already names the indicator
            ctx.refs.append(CellRef("自评表", item.name, column, item.name, None, value, item.source))
        return value
    return C(read, TEXT, text)


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


_ELEMENT = {"rows": "row", "forms": "form", "list": "num", "narrative": "section", "indicators": "indicator",
            "tables": "table", "items": "item"}


def _domain(compiler: Compiler, node: n.ForAll, body_kind: str) -> tuple[Fn, Fn]:
    """The domain's items and the body compiled with the loop variable bound (a truth, or a number to sum)."""
    domain = compiler.node(node.domain)
    kind = domain.type.kind
    if kind not in _ELEMENT:
        raise compiler.fail("E206", node.domain, what="每个…属于", expected="行集合、自评表、绩效指标、公开表或数值列表",
                            got=kind_zh(kind))
    element = T(_ELEMENT[kind], domain.type.spec, domain.type.side)
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

    def items(ctx: Ctx) -> tuple:
        value = dom_fn(ctx)
        return value.items if isinstance(value, Values) else tuple(value)
    return items, body


def forall_values(compiler: Compiler, node: n.ForAll) -> C:
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
    return C(values, T("list"), compiler.text(node))


def forall(compiler: Compiler, node: n.ForAll) -> C:
    items, body = _domain(compiler, node, "bool")
    var, body_text = node.var, compiler.text(node.body)

    def labelled(checks: list, item: Any, result: Truth, steps: tuple | None, refs: tuple) -> None:
        """An element's checks, named by the element; a plain `false` becomes a fail that shows what it read."""
        label = element_label(item)
        checks.extend(Check(c.status, c.comparison, c.refs, c.steps, f"{label} / {c.element}" if c.element else label,
                            c.code, c.params, c.text) for c in result.checks)  # dataclasses.replace costs 5× this
        if not result.ok and not any(c.status != "rounding" for c in result.checks):
            checks.append(Check("fail", element=label, text=body_text, steps=steps, refs=refs))

    def fast(ctx: Ctx) -> Truth:
        # Records which elements held, for the re-run that locates findings (Memo.held): an inner loop's elements
        # depend on the outer loop variables, so their identities are in the key, and the memo keeps those objects
        # alive so an identity is never reused.
        ok, checks, held = True, [], []
        variables = ctx.vars
        had, previous = var in variables, variables.get(var)
        outer = tuple(variables.values())
        try:
            for i, item in enumerate(items(ctx)):
                variables[var] = item
                try:
                    result = body(ctx)
                except EvalError as err:
                    ok = False
                    checks.append(Check("error", element=element_label(item), code=err.code, params=err.params))
                    continue
                if result is TRUE:  # the common case: nothing to report for this element
                    held.append(i)
                    continue
                ok = ok and result.ok
                labelled(checks, item, result, None, ())
        finally:
            if had:
                variables[var] = previous
            else:
                variables.pop(var, None)
        ctx.memo.held[(id(node), ctx.tolerance, tuple(map(id, outer)))] = (outer, held)
        return TRUE if ok and not checks else Truth(ok, tuple(checks))

    def each(ctx: Ctx) -> Truth:
        """Traced: elements that simply held in the fast run hold again, so the re-run skips them."""
        ok, checks = True, []
        had, previous = var in ctx.vars, ctx.vars.get(var)
        found = ctx.memo.held.get((id(node), ctx.tolerance, tuple(map(id, ctx.vars.values())))) if ctx.skips else None
        held = frozenset(found[1]) if found is not None else ()
        try:
            for i, item in enumerate(items(ctx)):
                if i in held:
                    ctx.skipped = True
                    continue
                ctx.vars[var] = item
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
            if had:
                ctx.vars[var] = previous
            else:
                ctx.vars.pop(var, None)
        return TRUE if ok and not checks else Truth(ok, tuple(checks))
    return C(each if compiler.traced else fast, BOOL, compiler.text(node))
