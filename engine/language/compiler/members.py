"""Compiling `obj.name`: a table's side or row, a row's column, a section, a form's or an indicator's field."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine.labels import normalise
from engine.language import nodes as n
from engine.language import resolve
from engine.language.analysis import PARTS
from engine.language.compiler.base import Compiler, resolve_row
from engine.language.compiler.closures import row_by_name
from engine.language.numbers import Amount
from engine.language.runtime import CellRef, Ctx, EvalError, TableView, Values, cell
from engine.language.types import NUM, TEXT, CompiledNode, Fn, StaticType, kind_zh
from engine.model import Indicator, PerformanceForm, Section


def member(compiler: Compiler, node: n.Member) -> CompiledNode:
    obj = compiler.node(node.obj)
    kind, spec, text, name = obj.type.kind, obj.type.spec, compiler.text(node), node.name
    obj_fn = obj.fn
    if kind == "table" and spec is not None:
        side = resolve.side(spec, name) if obj.type.side is None else None
        if side is not None:
            return CompiledNode(lambda ctx: TableView(obj_fn(ctx).table, side), StaticType("table", spec, side), text)
        return row_by_name(obj, resolve_row(compiler, node, spec, name, obj.type.side), text)
    if kind in ("row", "rows") and spec is not None:
        try:
            key = resolve.column(spec, name, obj.type.side)
        except resolve.ResolveError as err:
            raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
        if kind == "row":
            var = compiler.loop_var(node.obj)
            if var is not None:  # `r.决算数` in a for-each: one call less per element
                read: Fn = lambda ctx: cell(ctx, ctx.vars[var], key)  # noqa: E731
                compiler.cells[read] = (var, key)
                return CompiledNode(read, NUM, text)
            return CompiledNode(lambda ctx: cell(ctx, obj_fn(ctx), key), NUM, text)
        column: Fn = lambda ctx: Values(tuple([cell(ctx, r, key) for r in obj_fn(ctx)]))  # noqa: E731
        compiler.columns[column] = (obj_fn, key)
        return CompiledNode(column, StaticType("list"), text)
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
        return CompiledNode(part, NUM, text)
    raise compiler.fail("E208", node, name=name, what=kind_zh(kind))


def _section(compiler: Compiler, node: n.Member, obj: CompiledNode, text: str) -> CompiledNode:
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
    path = _static_path(compiler, node)
    if path is not None:  # what the rule reads, named as written: 情况说明.「三公」
        compiler.sections.add(PARTS[path[1]] + "".join(f".「{name}」" if quoted else f".{name}" for quoted, name in path[2:]))

    def first(ctx: Ctx, key: Any, parent: Any = None) -> Section:
        """The section asked for, kept per document under `key` (many rules of one document ask for it)."""
        found: Section | None = ctx.memo.sections.get(key, _UNSET)
        if found is _UNSET:
            parent = parent_fn(ctx) if parent is None else parent
            found = ctx.memo.sections[key] = next((s for s in (parent.subsections if nested else parent)
                                                   if matches(s)), None)
        if found is None:
            raise EvalError("E405", section=node.name)
        return found

    if path is not None:  # no loop variable on the way: one key per document, fixed here
        return CompiledNode(lambda ctx: first(ctx, path), StaticType("section"), text)

    def find(ctx: Ctx) -> Section:
        parent = parent_fn(ctx)
        return first(ctx, (id(parent), key_name), parent)
    return CompiledNode(find, StaticType("section"), text)


_UNSET = object()


def _static_path(compiler: Compiler, node: n.Node) -> tuple[Any, ...] | None:
    """`情况说明.「三公」` (directly or through definitions) as a key naming the section in any document; None when
    a loop variable is on the way (the section then depends on the element). Names resolve as names.name does."""
    if isinstance(node, n.Member):
        parent = _static_path(compiler, node.obj)
        return None if parent is None else (*parent, (node.quoted, node.name))
    if isinstance(node, n.Name) and node.name not in compiler.scope:
        if node.name in compiler.definitions:
            return _static_path(compiler, compiler.definitions[node.name])
        if not resolve.is_table(compiler.catalogue, node.name) and node.name in resolve.NARRATIVE:
            return ("narrative", resolve.NARRATIVE[node.name])
    return None


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
    elif ctx.reads is not None:  # a fast run for findings (Ctx.reads)
        ctx.reads.append(CellRef("自评表", form.project, ff.label, ff.label, ff.value, ff.text, ff.source))
    return amount


def _form_field(compiler: Compiler, node: n.Member, obj: CompiledNode, text: str) -> CompiledNode:
    try:
        path, kind = resolve.form_field(node.name)
    except resolve.ResolveError as err:
        raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
    obj_fn = obj.fn
    if kind == "indicators":
        if obj.type.kind != "form":
            raise compiler.fail("E238", node, name=node.name)
        return CompiledNode(_indicators(obj_fn), StaticType("indicators"), text)
    if obj.type.kind == "form":
        static = {"num": NUM, "fund": StaticType("fund"), "text": TEXT}[kind]
        var = compiler.loop_var(node.obj)
        if var is not None and kind == "num" and not path.startswith("category:"):
            def number(ctx: Ctx) -> Amount:  # `f.执行金额` in a for-each: f and its field read in place
                form = ctx.vars[var]
                return _read_field(ctx, form, getattr(form, path), text)
            return CompiledNode(number, static, text)
        if var is not None:  # `f.执行金额` in a for-each: f read in place
            return CompiledNode(lambda ctx: _form_value(ctx, ctx.vars[var], path, kind, text), static, text)
        return CompiledNode(lambda ctx: _form_value(ctx, obj_fn(ctx), path, kind, text), static, text)
    if kind == "text":
        raise compiler.fail("E206", node, what="自评表集合", expected="数值字段", got="文字")

    def values(ctx: Ctx) -> Values:
        out = []
        for form in obj_fn(ctx):
            v = _form_value(ctx, form, path, kind, text)
            out.append(v[0] if kind == "fund" else v)
        return Values(tuple(out))
    return CompiledNode(values, StaticType("list"), text)


def _indicators(form_fn: Fn) -> Fn:
    """`f.指标`: the form's indicators, score-only rows (no name, no target) left out; once per form and document
    (every 自评表 rule walks them)."""
    def indicators(ctx: Ctx) -> tuple[Indicator, ...]:
        form: PerformanceForm = form_fn(ctx)
        key = ("indicators", id(form))
        found = ctx.memo.found.get(key)
        if found is not None and found[0] is form:  # the memo keeps the form: its id is not reused meanwhile
            kept: tuple[Indicator, ...] = found[1]
            return kept
        value = tuple(i for i in form.indicators if i.name or i.target)
        ctx.memo.found[key] = (form, value)
        if form.template == "national":  # its rows' cells are cited by the national headings (_NATIONAL_COLUMNS)
            for i in value:
                ctx.memo.found[("national row", id(i))] = i
        return value
    return indicators


# How a finding names an indicator field: the form's printed column heading.
_INDICATOR_COLUMNS = {"name": "三级指标", "target": "年度指标值", "actual": "全年完成值",
                      "shortfall_reason": "未完成原因", "level1": "一级指标", "level2": "二级指标",
                      "weight_text": "分值", "score_text": "得分"}
_NATIONAL_COLUMNS = {**_INDICATOR_COLUMNS, "actual": "实际完成值", "shortfall_reason": "偏差原因分析及改进措施"}


def _indicator_field(compiler: Compiler, node: n.Member, obj: CompiledNode, text: str) -> CompiledNode:
    """`i.完成值`: printed text of one indicator row; traced runs point at the row's line."""
    compiler.plain = False  # an indicator's words cite themselves (read)
    try:
        attr = resolve.indicator_field(node.name)
    except resolve.ResolveError as err:
        raise compiler.fail(err.code, node, err.suggestion, **err.params) from None
    obj_fn, column, var = obj.fn, _INDICATOR_COLUMNS[attr], compiler.loop_var(node.obj)
    national = _NATIONAL_COLUMNS[attr]

    if var is not None and attr == "name":  # `i.指标名称`: the element names it already, nothing to cite
        return CompiledNode(lambda ctx: getattr(ctx.vars[var], attr), TEXT, text)

    def read(ctx: Ctx) -> str:
        item: Indicator = ctx.vars[var] if var is not None else obj_fn(ctx)
        value: str = getattr(item, attr)
        if ctx.refs is not None and attr != "name":  # the element already names the indicator
            on = national if ctx.memo.found.get(("national row", id(item))) is item else column  # the form's heading
            ctx.refs.append(CellRef("自评表", item.name, on, item.name, None, value, item.source))
        return value
    return CompiledNode(read, TEXT, text)
